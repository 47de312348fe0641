import { execFileSync } from 'node:child_process';
import { lstatSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FsError } from '../../src/engine/errors.ts';
import { OverlayFs } from '../../src/engine/overlay/overlay-fs.ts';
import { memoryLayer, pyTar, type PyEntry } from './make-tar.ts';

// Relative links only, so the same tree unpacked on the host resolves the same way.
const ENTRIES: PyEntry[] = [
  { name: 'a', type: 'dir' },
  { name: 'a/f', text: 'file' },
  { name: 'a/b', type: 'dir' },
  { name: 'a/b/g', text: 'deep' },
  { name: 'to-a', type: 'symlink', linkname: 'a' },
  { name: 'a/up', type: 'symlink', linkname: '../a/b' },
  { name: 'dangling', type: 'symlink', linkname: 'nowhere' },
  { name: 'loop1', type: 'symlink', linkname: 'loop2' },
  { name: 'loop2', type: 'symlink', linkname: 'loop1' },
  { name: 'to-f', type: 'symlink', linkname: 'a/f' },
];

const PATHS = [
  '/', '/a', '/a/f', '/a/b/g', '/to-a', '/to-a/f', '/to-a/b/g', '/a/up', '/a/up/g', '/to-a/up/../f', '/a/./b/../f',
  '//a//f', '/dangling', '/dangling/x', '/loop1', '/loop1/x', '/to-f', '/to-f/x', '/a/f/x', '/a/nope', '/nope/x',
];

function hostResult(root: string, path: string, follow: boolean): string {
  try {
    const s = (follow ? statSync : lstatSync)(join(root, path));
    return s.isDirectory() ? 'directory' : s.isSymbolicLink() ? 'symlink' : 'file';
  } catch (err) {
    return (err as { code: string }).code;
  }
}

function ourResult(fs: OverlayFs, path: string, follow: boolean): { thrown: string; probed: string; exists?: boolean } {
  let thrown: string;
  try {
    thrown = (follow ? fs.stat(path) : fs.lstat(path)).type;
  } catch (err) {
    thrown = err instanceof FsError ? err.code : String(err);
  }
  const probed = (follow ? fs.statIfExists(path) : fs.lstatIfExists(path))?.type ?? 'undefined';
  return follow ? { thrown, probed, exists: fs.exists(path) } : { thrown, probed };
}

describe('looking paths up, with and without errors, as Linux does', () => {
  it('stat, lstat, statIfExists, lstatIfExists and exists agree with the host kernel on the same tree', async () => {
    const tar = pyTar(ENTRIES);
    const root = mkdtempSync(join(tmpdir(), 'layerlab-lookup-'));
    writeFileSync(join(root, 'layer.tar'), tar);
    execFileSync('tar', ['-xf', 'layer.tar'], { cwd: root });
    const fs = await OverlayFs.open([memoryLayer(tar)]);
    for (const path of PATHS) {
      for (const follow of [true, false]) {
        const host = hostResult(root, path, follow);
        const found = !host.startsWith('E');
        const expected = follow ? { thrown: host, probed: found ? host : 'undefined', exists: found } : { thrown: host, probed: found ? host : 'undefined' };
        expect({ path, follow, ...ourResult(fs, path, follow) }).toEqual({ path, follow, ...expected });
      }
    }
  });

  it('a stat found without errors is the stat that stat gives', async () => {
    const fs = await OverlayFs.open([memoryLayer(pyTar(ENTRIES))]);
    await fs.writeFile('/a/new', new TextEncoder().encode('upper'));
    for (const path of ['/a/f', '/to-f', '/a/up', '/a/new', '/']) {
      expect(fs.statIfExists(path)).toEqual(fs.stat(path));
      expect(fs.lstatIfExists(path)).toEqual(fs.lstat(path));
    }
  });
});
