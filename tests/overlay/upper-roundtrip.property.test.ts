/**
 * Property: whatever a container does to the upper layer, the layers plus the exported upper
 * layer re-open to the very same merged tree (what `docker commit` relies on).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FsError } from '../../src/engine/errors.ts';
import { OverlayFs } from '../../src/engine/overlay/overlay-fs.ts';
import { memoryLayer, pyTar } from './make-tar.ts';
import { snapshot } from './tree-snapshot.ts';

const PATHS = ['/a', '/a/x', '/a/y', '/b', '/b/z', '/b/sub', '/b/sub/w', '/c', '/a/sub2', '/a/sub2/q'];

type Op = { op: 'write' | 'mkdir' | 'rm' | 'rename' | 'symlink' | 'chmod' | 'link' | 'truncate'; path: string; other: string; n: number };

const opArb: fc.Arbitrary<Op> = fc.record({
  op: fc.constantFrom('write', 'mkdir', 'rm', 'rename', 'symlink', 'chmod', 'link', 'truncate'),
  path: fc.constantFrom(...PATHS),
  other: fc.constantFrom(...PATHS),
  n: fc.nat(7),
});

async function apply(fs: OverlayFs, { op, path, other, n }: Op): Promise<void> {
  switch (op) {
    case 'write':
      return fs.writeFile(path, new TextEncoder().encode(`v${n}`));
    case 'mkdir':
      return fs.mkdir(path, { recursive: n % 2 === 0 });
    case 'rm':
      return fs.rm(path, { recursive: n % 3 !== 0 });
    case 'rename':
      return fs.rename(path, other);
    case 'symlink':
      return fs.symlink(other, path);
    case 'chmod':
      return fs.chmod(path, 0o600 + n);
    case 'link':
      return fs.link(path, other);
    case 'truncate':
      return fs.truncate(path, n);
  }
}

const LOWER_TARS = [
  pyTar([{ name: 'a', type: 'dir' }, { name: 'a/x', text: 'lower x' }, { name: 'b/sub/w', text: 'deep' }, { name: 'b/z', text: 'z' }]),
  pyTar([{ name: 'a/y', text: 'y' }, { name: 'b/sub/.wh.w' }, { name: 'c', type: 'symlink', linkname: 'a' }]),
];
const lower = () => LOWER_TARS.map(memoryLayer);

describe('upper layer export round trip', () => {
  it('layers + exportUpperLayer() re-open to the same tree', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { maxLength: 20 }), async (ops) => {
        const fs = await OverlayFs.open(lower(), { now: () => 1000 });
        for (const op of ops) {
          try {
            await apply(fs, op);
          } catch (err) {
            if (!(err instanceof FsError)) throw err;
          }
        }
        const reopened = await OverlayFs.open([...lower(), memoryLayer(fs.exportUpperLayer())]);
        expect(await snapshot(reopened)).toEqual(await snapshot(fs));
      }),
      { numRuns: 1000 },
    );
  });

  it('upperChanges() accounts for every difference, as docker diff does', async () => {
    const byPath = (lines: string[]) => new Map(lines.map((l) => [l.slice(0, l.indexOf(' ')), l]));
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { maxLength: 20 }), async (ops) => {
        const fs = await OverlayFs.open(lower(), { now: () => 1000 });
        const before = byPath(await snapshot(fs));
        for (const op of ops) await apply(fs, op).catch((err: unknown) => {
          if (!(err instanceof FsError)) throw err;
        });
        const after = byPath(await snapshot(fs));
        const changes = new Map(fs.upperChanges().map((c) => [c.path, c.kind]));
        const deletedAbove = (path: string) => [...changes].some(([p, k]) => (k === 'D' || k === 'C') && path.startsWith(p + '/'));
        for (const [path, line] of after) {
          if (!before.has(path)) expect(changes.get(path), path).toBe('A');
          else if (before.get(path) !== line) expect(changes.get(path), path).toBe('C');
        }
        for (const path of before.keys()) {
          if (!after.has(path)) expect(changes.get(path) === 'D' || deletedAbove(path), path).toBe(true);
        }
        for (const [path, kind] of changes) {
          if (kind === 'A') expect(before.has(path) && after.has(path), path).toBe(false);
          if (kind === 'D') expect(after.has(path), path).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });
});
