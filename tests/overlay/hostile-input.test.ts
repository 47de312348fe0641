import { describe, expect, it } from 'vitest';
import { analyzeEfficiency } from '../../src/engine/analysis/efficiency.ts';
import { layerChanges } from '../../src/engine/analysis/layer-diff.ts';
import { OverlayFs } from '../../src/engine/overlay/overlay-fs.ts';
import { writeTar } from '../../src/engine/tar/write-tar.ts';
import { memoryLayer } from './make-tar.ts';

describe('hostile layers', () => {
  it('a path nested 100k directories deep overflows nothing', async () => {
    const deep = Array.from({ length: 100_000 }, () => 'd').join('/');
    const layers = [
      memoryLayer(writeTar([{ name: `${deep}/file`, data: new TextEncoder().encode('bottom') }])),
      memoryLayer(writeTar([{ name: '.wh.d' }])),
    ];
    const lower = await OverlayFs.open(layers.slice(0, 1));
    expect(lower.entryCount).toBe(100_002);
    expect([...lower.walk('/')].length).toBe(100_001);
    expect(new TextDecoder().decode(await lower.readFile(`/${deep}/file`))).toBe('bottom');
    const merged = await OverlayFs.open(layers);
    expect(merged.entryCount).toBe(1);
    const removed = await layerChanges(layers, 1);
    expect(removed).toEqual([{ kind: 'removed', path: '/d', type: 'directory', size: 6 }]);
    const report = await analyzeEfficiency(layers);
    expect(report.sizeBytes).toBe(6);
  });

  it('a symlink chain through absolute and relative hops never leaves the root', async () => {
    const fs = await OverlayFs.open([
      memoryLayer(
        writeTar([
          { name: 'up', type: 'symlink', linkname: '../../../..' },
          { name: 'etc/', type: 'directory' },
          { name: 'etc/shadow', data: new TextEncoder().encode('image shadow') },
          { name: 'esc', type: 'symlink', linkname: '/up/up/etc/shadow' },
        ]),
      ),
    ]);
    expect(fs.realpath('/up')).toBe('/');
    expect(new TextDecoder().decode(await fs.readFile('/esc'))).toBe('image shadow');
  });
});
