/**
 * `LAYERLAB_DOCKER_VERSION=20.10 layerlab shell`: the setting in the CLI's own environment picks
 * the Docker release from the first line, as a lesson's front matter does in the page. The oracle
 * is GNU tar listing what `docker save` wrote, beside the workshop's listing of a real Docker 20 save.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BIN } from './run-cli.ts';

const HEX64 = /[0-9a-f]{64}/g;

function shell(script: string, release: string | undefined) {
  const env = { ...process.env };
  delete env.LAYERLAB_DOCKER_VERSION;
  if (release !== undefined) env.LAYERLAB_DOCKER_VERSION = release;
  const r = spawnSync(BIN, ['shell'], { input: script, env, timeout: 120_000, maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

/** The names GNU tar lists in an archive, IDs replaced by `<id>`, sorted. */
function gnuNames(archive: Uint8Array): string[] {
  const listing = execFileSync('tar', ['-tf', '-'], { input: archive, encoding: 'utf8' });
  return listing.trimEnd().split('\n').map((name) => name.replace(HEX64, '<id>')).sort();
}

const SAVE = 'docker pull -q busybox >/dev/null\ndocker save busybox\n';

describe('layerlab shell takes LAYERLAB_DOCKER_VERSION from its environment', () => {
  it("20.10 writes the legacy save layout from the first line, as the workshop's Docker 20 save", () => {
    const workshop = readFileSync(new URL('../../../shared/workshop/000_995b9cbb18e678ea.txt', import.meta.url), 'utf8');
    const theirs = workshop
      .split('\n')
      .filter((line) => /^\t[-d]rw/.test(line))
      .map((line) => line.trim().split(/\s+/).pop()!.replace(HEX64, '<id>'))
      .sort();
    expect(theirs).toContain('<id>/layer.tar');
    const r = shell(SAVE, '20.10');
    expect(r.stderr).toBe('');
    expect(gnuNames(r.stdout)).toEqual(theirs);
  }, 150_000);

  it('without it, Docker 27: the OCI layout, and the shell has no such variable', () => {
    const r = shell(`${SAVE}echo "[\${LAYERLAB_DOCKER_VERSION-unset}]" >&2`, undefined);
    expect(r.stderr).toBe('[unset]\n');
    expect(gnuNames(r.stdout)).toContain('oci-layout');
  }, 150_000);

  it('a release the playground does not imitate is refused by docker, in its words; the shell sees the value', () => {
    const r = shell('echo "$LAYERLAB_DOCKER_VERSION"\ndocker images', '19.03');
    expect(r.stdout.toString('utf8')).toBe('19.03\n');
    expect(r.stderr).toBe('docker: LAYERLAB_DOCKER_VERSION=19.03: the playground imitates Docker 27, 20.10, 18.09\n');
    expect(r.status).not.toBe(0);
  }, 150_000);
});
