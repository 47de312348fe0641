import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('merged tree memory', () => {
  it('holds 100k files over 10 layers (indices + tree) in under 300 bytes per file', () => {
    // A child process with --expose-gc, so the heap is measured from a clean start.
    const script = fileURLToPath(new URL('./measure-merged-tree.ts', import.meta.url));
    const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const m = JSON.parse(r.stdout) as { layerEntries: number; mergedEntries: number; bytesPerFile: number; treeBytesPerFile: number };
    expect(m.layerEntries).toBe(100_000);
    expect(m.mergedEntries).toBeGreaterThan(90_000);
    expect(m.bytesPerFile).toBeLessThan(300);
    expect(m.treeBytesPerFile).toBeLessThan(150);
  });
});
