import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src/engine/image/archive.ts';
import type { ByteSource } from '../../src/engine/io/byte-source.ts';
import { FileSource } from '../../src/node/file-source.ts';
import { memberSha256 } from './build-archive.ts';

/** A source that counts the bytes read through it. */
function counting(source: ByteSource): ByteSource & { bytesRead: number } {
  const counter = {
    size: source.size,
    bytesRead: 0,
    async read(offset: number, length: number) {
      const bytes = await source.read(offset, length);
      counter.bytesRead += bytes.length;
      return bytes;
    },
  };
  return counter;
}

describe('opening an archive reads headers and small JSON only', () => {
  let dir: string;
  let archive: string;
  const BIG = 48 * 1024 * 1024;

  beforeAll(() => {
    // A docker-save archive made with GNU tar: one layer holding a 48 MiB file between two small ones.
    dir = mkdtempSync(join(tmpdir(), 'layerlab-lazy-'));
    const rootfs = join(dir, 'rootfs');
    mkdirSync(rootfs);
    writeFileSync(join(rootfs, 'a.txt'), 'first\n');
    writeFileSync(join(rootfs, 'big.bin'), new Uint8Array(BIG).fill(7));
    writeFileSync(join(rootfs, 'z.txt'), 'last\n');
    const save = join(dir, 'save');
    mkdirSync(join(save, 'l'), { recursive: true });
    execFileSync('tar', ['--sort=name', '--owner=0', '--group=0', '-C', rootfs, '-cf', join(save, 'l', 'layer.tar'), '.']);
    const diffId = execFileSync('sha256sum', [join(save, 'l', 'layer.tar')]).toString().split(' ')[0];
    writeFileSync(join(save, 'config.json'), JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [`sha256:${diffId}`] } }));
    writeFileSync(join(save, 'manifest.json'), JSON.stringify([{ Config: 'config.json', RepoTags: ['big:1'], Layers: ['l/layer.tar'] }]));
    archive = join(dir, 'archive.tar');
    execFileSync('tar', ['-C', save, '-cf', archive, 'manifest.json', 'config.json', 'l/layer.tar']);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists the layer and reads one small file without touching the big one', async () => {
    const source = counting(FileSource.open(archive));
    const opened = await openArchive(source);
    const layer = opened.images[0]!.layers[0]!;
    expect(layer.diffId).toBe(memberSha256(archive, 'l/layer.tar'));
    const index = await layer.index();
    const names = [...index].map((e) => e.name);
    expect(names).toEqual(['./', './a.txt', './big.bin', './z.txt']);
    const last = names.indexOf('./z.txt');
    expect(new TextDecoder().decode(await layer.read(last))).toBe('last\n');
    expect(source.size).toBeGreaterThan(BIG);
    // headers, read-ahead windows, the JSON members and one small file: far below the archive size
    expect(source.bytesRead).toBeLessThan(1024 * 1024); // the big file is 48 MiB
  });
});
