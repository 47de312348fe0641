/**
 * The CLI prints sizes as Docker's tables do (docker/go-units `HumanSizeWithPrecision(size, 3)`,
 * Go's `%.3g` then a decimal unit): 999 999 bytes is `1e+03kB`, as `docker images` shows it, not
 * `1000kB`. The oracle is python3's `%.3g`, which writes exponents as Go does (sign, two digits).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OciLayoutBuilder } from '../image/build-archive.ts';
import { runCli } from './run-cli.ts';

const work = mkdtempSync(join(tmpdir(), 'layerlab-cli-sizes-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SIZES = [0, 861, 999, 1000, 999_499, 999_999, 1_048_576, 7_052_000, 12_345_678];

/** go-units' decimal scaling, printed with python3's %.3g. */
function dockerSize(bytes: number): string {
  const script = 'import sys\nfor a in sys.argv[1:]:\n  v=float(a); u=0\n  while v>=1000 and u<8: v/=1000; u+=1\n  print("%.3g%s" % (v, ["B","kB","MB","GB","TB","PB","EB","ZB","YB"][u]))';
  return execFileSync('python3', ['-c', script, String(bytes)], { encoding: 'utf8' }).trim();
}

describe('layerlab diff prints file sizes as Docker does', () => {
  it.each(SIZES)('%d bytes', async (bytes) => {
    const builder = new OciLayoutBuilder();
    const manifest = builder.addImage({ layers: [{ files: { data: 'x'.repeat(bytes) } }] });
    const archive = join(work, `sizes-${bytes}.tar`);
    writeFileSync(archive, builder.build([manifest]));
    const r = await runCli('diff', archive, '--layer', '0');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`A ${dockerSize(bytes)}  /data\n1 added, 0 modified, 0 removed\n`);
  });

  it('999999 bytes reads 1e+03kB', () => {
    expect(dockerSize(999_999)).toBe('1e+03kB');
  });
});
