/** The merged view and efficiency of the real whiteout / overwrite fixtures, opened by openArchive. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeEfficiency } from '../../src/engine/analysis/efficiency.ts';
import { layerChanges } from '../../src/engine/analysis/layer-diff.ts';
import { openArchive } from '../../src/engine/image/archive.ts';
import { MemorySource } from '../../src/engine/io/byte-source.ts';
import { OverlayFs } from '../../src/engine/overlay/overlay-fs.ts';
import { fixturePath } from '../fixtures.ts';
import { text } from './make-tar.ts';

async function image(name: string) {
  const archive = await openArchive(new MemorySource(new Uint8Array(readFileSync(fixturePath(`images/${name}.tar`)))));
  return archive.images[0]!;
}

describe('image fixtures through openArchive', () => {
  it('mutate-whiteout_image: the whiteout hides foo.txt', async () => {
    const img = await image('mutate-whiteout_image');
    const fs = await OverlayFs.open(img.layers);
    expect(fs.readdir('/')).toEqual(['bar.txt']);
    expect(await layerChanges(img.layers, 1)).toEqual([{ kind: 'removed', path: '/foo.txt', type: 'file', size: 4 }]);
    expect((await analyzeEfficiency(img.layers)).efficiency).toBe(0.5);
  });

  it('mutate-overwritten_file: foo.txt is now a symlink to bar.txt', async () => {
    const img = await image('mutate-overwritten_file');
    const fs = await OverlayFs.open(img.layers);
    expect(fs.readdir('/')).toEqual(['bar.txt', 'foo.txt']);
    expect(fs.lstat('/foo.txt')).toMatchObject({ type: 'symlink', linkname: 'bar.txt', layer: 1 });
    expect(text(await fs.readFile('/foo.txt'))).toBe(text(await fs.readFile('/bar.txt')));
    expect((await analyzeEfficiency(img.layers)).inefficientFiles).toEqual([{ path: '/foo.txt', count: 2, wastedBytes: 4 }]);
  });

  it('mutate-whiteout_dir: directory a is deleted, then re-created with new contents', async () => {
    const img = await image('mutate-whiteout_dir');
    const fs = await OverlayFs.open(img.layers);
    expect([...fs.walk('/')].map((s) => s.path)).toEqual(['/a', '/a/baz', '/b', '/b/bar']);
    expect(fs.sourceOf('/a/baz')).toBe(3);
    expect((await layerChanges(img.layers, 2)).map((c) => `${c.kind} ${c.path}`)).toEqual(['removed /a']);
  });
});
