import { describe, expect, it } from 'vitest';
import { analyzeEfficiency } from '../../src/engine/analysis/efficiency.ts';
import { layerChanges } from '../../src/engine/analysis/layer-diff.ts';
import { OverlayFs } from '../../src/engine/overlay/overlay-fs.ts';
import { writeTar } from '../../src/engine/tar/write-tar.ts';
import { memoryLayer } from './make-tar.ts';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
}

describe('hostile layers', () => {
  it('a path nested 2000 directories deep works; one past PATH_MAX is ignored and reported, quickly', async () => {
    const deep = Array.from({ length: 2000 }, () => 'd').join('/');
    const tooDeep = Array.from({ length: 300_000 }, () => 'e').join('/');
    const layers = [
      memoryLayer(
        writeTar([
          { name: `${deep}/file`, data: new TextEncoder().encode('bottom') },
          { name: `${tooDeep}/file`, data: new TextEncoder().encode('ignored') },
        ]),
      ),
      memoryLayer(writeTar([{ name: '.wh.d' }])),
    ];
    const start = performance.now();
    const lower = await OverlayFs.open(layers.slice(0, 1));
    expect(lower.entryCount).toBe(2002);
    expect(lower.problems).toEqual(['layer 0: ignored an entry whose name is longer than 4096 characters']);
    expect([...lower.walk('/')].length).toBe(2001);
    expect(codeOf(() => lower.stat(`/${tooDeep}`))).toBe('ENAMETOOLONG');
    expect(codeOf(() => lower.stat(`/${deep}/${tooDeep}`))).toBe('ENAMETOOLONG');
    expect(new TextDecoder().decode(await lower.readFile(`/${deep}/file`))).toBe('bottom');
    const merged = await OverlayFs.open(layers);
    expect(merged.entryCount).toBe(1);
    const removed = await layerChanges(layers, 1);
    expect(removed).toEqual([{ kind: 'removed', path: '/d', type: 'directory', size: 6 }]);
    const report = await analyzeEfficiency(layers);
    expect(report.sizeBytes).toBe(6 + 7);
    expect(performance.now() - start).toBeLessThan(20_000);
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
