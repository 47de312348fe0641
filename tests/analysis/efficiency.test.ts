import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeEfficiency } from '../../src/engine/analysis/efficiency.ts';
import type { LayerContents } from '../../src/engine/image/types.ts';
import { memoryLayer, pyLayers } from '../overlay/make-tar.ts';
import { fixturePath } from '../fixtures.ts';

const scratch = mkdtempSync(join(tmpdir(), 'layerlab-efficiency-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The layers of a docker-save fixture, unpacked with GNU tar (independently of the image reader). */
function fixtureLayers(name: string): LayerContents[] {
  const dir = join(scratch, name);
  execFileSync('mkdir', ['-p', dir]);
  execFileSync('tar', ['-xf', fixturePath(`images/${name}.tar`), '-C', dir]);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { Layers: string[] }[];
  return manifest[0]!.Layers.map((layer) => {
    const bytes = readFileSync(join(dir, layer));
    return memoryLayer(new Uint8Array(layer.endsWith('.gz') ? gunzipSync(bytes) : bytes));
  });
}

describe('analyzeEfficiency (dive rules) on real image fixtures', () => {
  it('mutate-overwritten_file: foo.txt (4 bytes) overwritten by a symlink', async () => {
    // L0: ./ and ./foo.txt (4); L1: ./ , ./bar.txt (4), ./foo.txt -> bar.txt; L2: empty.
    expect(await analyzeEfficiency(fixtureLayers('mutate-overwritten_file'))).toEqual({
      sizeBytes: 8,
      userSizeBytes: 4,
      wastedBytes: 4,
      userWastedPercent: 1,
      // min sizes 0 (foo) + 4 (bar) over cumulative 4 + 4
      efficiency: 0.5,
      inefficientFiles: [{ path: '/foo.txt', count: 2, wastedBytes: 4 }],
    });
  });

  it('mutate-whiteout_image: foo.txt deleted by a whiteout (a deleted file counts 0 bytes)', async () => {
    const report = await analyzeEfficiency(fixtureLayers('mutate-whiteout_image'));
    expect(report).toMatchObject({ sizeBytes: 8, userSizeBytes: 0, wastedBytes: 4, efficiency: 0.5 });
    expect(report.inefficientFiles).toEqual([{ path: '/foo.txt', count: 2, wastedBytes: 4 }]);
    // 4 / 0 in Go's float64 arithmetic, as in dive.
    expect(report.userWastedPercent).toBe(Infinity);
  });

  it('mutate-whiteout_dir: a deleted and re-created directory of empty files', async () => {
    const report = await analyzeEfficiency(fixtureLayers('mutate-whiteout_dir'));
    expect(report).toMatchObject({ sizeBytes: 0, userSizeBytes: 0, wastedBytes: 0, efficiency: 1, inefficientFiles: [] });
    expect(report.userWastedPercent).toBeNaN();
  });
});

describe('analyzeEfficiency reproduces dive rule by rule', () => {
  it('counts leaves only, sizes directory whiteouts by their subtree, and follows dive’s stacking', async () => {
    const layers = pyLayers(
      [
        { name: 'app', type: 'dir' },
        { name: 'app/big', text: 'x'.repeat(100) },
        { name: 'app/small', text: 'y'.repeat(10) },
        { name: 'lib/x', text: 'z'.repeat(50) }, // no `lib/` entry: dive's implicit node is not a dir
        { name: 'data', type: 'dir' },
        { name: 'data/a', text: 'a'.repeat(7) },
        { name: 'data/b', text: 'b'.repeat(5) },
      ],
      [{ name: 'app/big', text: 'w'.repeat(30) }, { name: '.wh.lib' }, { name: '.wh.data' }],
      [{ name: 'app/.wh.small' }, { name: 'empty', type: 'dir' }],
      [{ name: 'empty', type: 'dir' }],
    );
    const report = await analyzeEfficiency(layers);
    // Worked by hand from dive/filetree/efficiency.go:
    //   /app/big   100 + 30  min 30  (2 nodes)
    //   /app/small  10 + 0   min 0   (2 nodes: the whiteout of a file counts 0)
    //   /empty       0 + 0   min 0   (2 nodes: an empty dir is a leaf)
    //   /lib/x 50, /data/a 7, /data/b 5 (1 node each)
    //   /lib 0 (whiteout of an implicit, non-dir node), /data 12 (whiteout of a dir: 7 + 5)
    expect(report.sizeBytes).toBe(172 + 30);
    expect(report.userSizeBytes).toBe(30);
    expect(report.wastedBytes).toBe(140);
    expect(report.userWastedPercent).toBeCloseTo(140 / 30, 12);
    expect(report.efficiency).toBeCloseTo((30 + 0 + 0 + 50 + 7 + 5 + 0 + 12) / (130 + 10 + 50 + 7 + 5 + 12), 12);
    expect(report.inefficientFiles).toEqual([
      { path: '/app/big', count: 2, wastedBytes: 130 },
      { path: '/app/small', count: 2, wastedBytes: 10 },
      { path: '/empty', count: 2, wastedBytes: 0 },
    ]);
  });

  it('stops counting a layer at a whiteout of a path that never existed, as dive does', async () => {
    const report = await analyzeEfficiency(pyLayers([{ name: 'a', text: 'abc' }], [{ name: '.wh.ghost' }, { name: 'zzz', text: 'z'.repeat(9) }]));
    // `/ghost` enters the map with minDiscoveredSize -1 and the walk of layer 1 ends: `zzz` is never seen.
    expect(report).toMatchObject({ sizeBytes: 12, userSizeBytes: 9, wastedBytes: 0, inefficientFiles: [] });
    expect(report.efficiency).toBeCloseTo((3 - 1) / 3, 12);
  });

  it('scores an image with nothing in it as 1', async () => {
    const report = await analyzeEfficiency(pyLayers([]));
    expect(report).toMatchObject({ sizeBytes: 0, efficiency: 1, wastedBytes: 0, inefficientFiles: [] });
  });
});
