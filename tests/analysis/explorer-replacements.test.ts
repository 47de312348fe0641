/**
 * The explorer model (src/engine/explore) where a layer puts one kind of thing where another
 * was: a directory replaced by a file or a symlink (its content must show removed, by that layer),
 * a file replaced by a directory, a directory whited out or emptied by an opaque marker.
 *
 * The oracle is independent of the engine: the layers are written by Python's tarfile, applied to
 * a real directory with GNU tar after the OCI image-spec's whiteout rules
 * (tests/analysis/extract-layers.py), and the expected trees are worked out here from the
 * filesystem after each layer.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { walk, type ExploreNode } from '../../src/engine/explore/explore-tree.ts';
import { ImageExplorer } from '../../src/engine/explore/image-explorer.ts';
import { memoryLayer, pyTar, type PyEntry } from '../overlay/make-tar.ts';

const EXTRACT = fileURLToPath(new URL('./extract-layers.py', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'explorer-replacements-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** path -> [type, size, mode, uid, gid] */
type Files = Record<string, [string, number, number, number, number]>;
interface Applied {
  files: Files;
  listed: string[];
  whitedOut: string[];
}

/** Each layer applied with GNU tar, as the oracle script reports it. */
function applyWithGnuTar(name: string, tars: Uint8Array[]): Applied[] {
  const dir = join(scratch, name);
  const paths = tars.map((tar, i) => {
    const path = join(scratch, `${name}-layer${i}.tar`);
    writeFileSync(path, tar);
    return path;
  });
  let out: string;
  try {
    out = execFileSync('python3', [EXTRACT, join(dir, 'root'), ...paths], { encoding: 'utf8' });
  } catch (err) {
    throw new Error(`the oracle needs python3 and GNU tar (apt-get install -y python3 tar): ${String(err)}`);
  }
  return JSON.parse(out) as Applied[];
}

const keyOf = (node: ExploreNode) => node.path().slice(1);
const sorted = (keys: Iterable<string>) => [...keys].sort();

function removedOrBeneathRemoved(node: ExploreNode): boolean {
  for (let n: ExploreNode | undefined = node; n?.parent !== undefined; n = n.parent) if (n.change === 'removed') return true;
  return false;
}

/** The model's trees against what the filesystem went through, layer by layer. */
function expectAsApplied(explorer: ImageExplorer, applied: Applied[]): void {
  const final = applied.at(-1)!.files;
  const all = [...walk(explorer.merged)].filter((node) => node.parent !== undefined);
  const live = all.filter((node) => !removedOrBeneathRemoved(node));
  // The merged tree's live part is the filesystem.
  expect(Object.fromEntries(live.map((node) => [keyOf(node), [node.type, node.size]]))).toEqual(
    Object.fromEntries(Object.entries(final).map(([path, [type, size]]) => [path, [type, size]])),
  );
  // What existed after some layer and is gone at the end stays in the tree, removed.
  const everSeen = new Set(applied.flatMap((a) => Object.keys(a.files)));
  expect(sorted(all.filter(removedOrBeneathRemoved).map(keyOf))).toEqual(sorted([...everSeen].filter((path) => !(path in final))));
  // Compared with the first layer (dive's "compare all"): added is what the first layer did not have.
  expect(sorted(live.filter((node) => node.change === 'added').map(keyOf))).toEqual(sorted(Object.keys(final).filter((path) => !(path in applied[0]!.files))));

  applied.forEach(({ files: after, listed, whitedOut }, layer) => {
    const before: Files = layer === 0 ? {} : applied[layer - 1]!.files;
    const replaced = new Set(whitedOut);
    const sameDirectory = (path: string) => {
      const [type, , mode, uid, gid] = before[path]!;
      const now = after[path]!;
      return type === 'directory' && now[0] === 'directory' && mode === now[2] && uid === now[3] && gid === now[4];
    };
    const expected = {
      added: sorted(Object.keys(after).filter((path) => !(path in before))),
      modified: sorted(Object.keys(after).filter((path) => path in before && (replaced.has(path) || (listed.includes(path) && !sameDirectory(path))))),
      removed: sorted(Object.keys(before).filter((path) => !(path in after))),
    };
    const nodes = [...walk(explorer.layerTrees[layer]!)].filter((node) => node.parent !== undefined);
    const of = (change: string) => sorted(nodes.filter((node) => node.change === change).map(keyOf));
    expect({ added: of('added'), modified: of('modified'), removed: of('removed') }, `layer ${layer}`).toEqual(expected);
  });
}

const dir = (name: string): PyEntry => ({ name, type: 'dir' });
const file = (name: string, text: string): PyEntry => ({ name, text });

describe('the explorer where a layer replaces one kind of thing by another, against GNU tar', () => {
  const tars = () => [
    pyTar([
      dir('a'), file('a/x', 'xx'), dir('a/sub'), file('a/sub/y', 'yyy'),
      file('f', 'ffff'),
      dir('s'), file('s/k', 'k'),
      dir('o'), file('o/old1', '1'), dir('o/deep'), file('o/deep/old2', '22'),
      dir('w'), file('w/gone', 'g'), dir('w/d'), file('w/d/inner', 'in'),
      dir('r'), file('r/one', '1'),
      dir('keep'), file('keep/z', 'z'),
    ]),
    pyTar([
      file('a', 'now a file'), // a directory replaced by a file
      dir('f'), file('f/in', 'in'), // a file replaced by a directory
      { name: 's', type: 'symlink', linkname: 'keep' }, // a directory replaced by a symlink
      { name: 'o/.wh..wh..opq' }, file('o/new', 'new'), dir('o/deep'), file('o/deep/kept', 'kept'),
      { name: 'w/.wh.d' }, { name: 'w/.wh.gone' },
      file('keep/z', 'zz'),
    ]),
    pyTar([
      dir('a'), file('a/again', 'again'), // the file becomes a directory again; a/x stays gone
      file('r', 'r is a file'),
      { name: 'f', type: 'symlink', linkname: 'keep' },
    ]),
    pyTar([
      dir('r'), file('r/two', '2'),
      { name: '.wh.keep' },
      { name: 'o/.wh..wh..opq' },
    ]),
  ];

  it('shows every path the layers removed, in the merged tree and in each layer, as the filesystem lost it', async () => {
    const layers = tars();
    expectAsApplied(await ImageExplorer.open(layers.map(memoryLayer)), applyWithGnuTar('replacements', layers));
  });

  it('a directory replaced by a file: its content shows removed beneath the file, and its history names the layer', async () => {
    const explorer = await ImageExplorer.open(tars().map(memoryLayer));
    const own = explorer.view(1, false);
    const a = own.rowOf(explorer.node(1, '/a'));
    expect(own.toggle(a)).toBe(true);
    expect(own.slice(a, a + 3).map((row) => `${row.depth} ${row.node.change} ${row.node.type} ${row.node.path()}`)).toEqual([
      '0 modified file /a',
      '1 removed directory /a/sub',
      '1 removed file /a/x',
    ]);
    expect(explorer.history('/a/x').map((e) => `${e.layer} ${e.change}`)).toEqual(['0 added', '1 removed']);
    expect(explorer.history('/a/sub/y').map((e) => `${e.layer} ${e.change}`)).toEqual(['0 added', '1 removed']);
    expect(explorer.history('/s/k').map((e) => `${e.layer} ${e.change}`)).toEqual(['0 added', '1 removed']);
    expect(explorer.history('/f/in').map((e) => `${e.layer} ${e.change}`)).toEqual(['1 added', '2 removed']);
    const merged = explorer.node('merged', '/a/x');
    expect({ change: merged.change, removedBy: merged.removedBy }).toEqual({ change: 'removed', removedBy: 1 });
    expect(await explorer.content(merged)).toEqual({ kind: 'removed', removedBy: 1, type: 'file', size: 2, replacedBy: { path: '/a', type: 'file' } });
    // Its bytes are still in layer 0, and can be read (downloaded) from there.
    const stored = explorer.fileEntry(merged)!;
    expect(stored.layer).toBe(0);
    expect(new TextDecoder().decode((await explorer.readEntry(stored.layer, stored.entry, 100)).bytes)).toBe('xx');
    expect(await explorer.content(explorer.node('merged', '/s/k'))).toMatchObject({ removedBy: 1, replacedBy: { path: '/s', type: 'symlink' } });
    // A whiteout's removal names the whiteout, an opaque directory's its marker.
    expect(await explorer.content(explorer.node('merged', '/w/gone'))).toEqual({ kind: 'removed', removedBy: 1, type: 'file', size: 1, whiteout: 'w/.wh.gone' });
    expect(await explorer.content(explorer.node('merged', '/w/d/inner'))).toMatchObject({ removedBy: 1, whiteout: 'w/.wh.d' });
    expect(await explorer.content(explorer.node('merged', '/o/old1'))).toMatchObject({ removedBy: 1, whiteout: 'o/.wh..wh..opq' });
    // The symlink that replaced /f is still a symlink, its removed content beneath it.
    expect(await explorer.content(explorer.node('merged', '/f'))).toEqual({ kind: 'symlink', target: 'keep' });
    expect(explorer.node('merged', '/f/in').removedBy).toBe(2);
  });

  it('applies a layer’s whiteouts to the layers below wherever the tar lists them (after what the layer writes, too)', async () => {
    const layers = [
      pyTar([dir('o'), dir('o/deep'), file('o/deep/old', 'old'), file('o/gone', 'g'), dir('x'), file('x/old', 'xo'), dir('y'), file('y/old', 'yo')]),
      pyTar([
        dir('o/deep'), file('o/deep/kept', 'kept'), { name: 'o/.wh..wh..opq' }, // the opaque marker after the directory's new content
        dir('x'), file('x/new', 'n'), { name: '.wh.x' }, // the whiteout after the path's new content
        file('y/new', 'n'), { name: '.wh.y' }, // … under an implied parent
      ]),
    ];
    expectAsApplied(await ImageExplorer.open(layers.map(memoryLayer)), applyWithGnuTar('late-whiteouts', layers));
  });

  it('the merged tree counts a file that replaced a directory by its own size', async () => {
    const explorer = await ImageExplorer.open(tars().slice(0, 2).map(memoryLayer));
    const a = explorer.node('merged', '/a');
    expect({ type: a.type, size: a.size, totalSize: a.totalSize, changedBeneath: a.changedBeneath }).toEqual({ type: 'file', size: 10, totalSize: 10, changedBeneath: true });
    expect(explorer.merged.totalSize).toBe(Object.values(applyWithGnuTar('sizes', tars().slice(0, 2)).at(-1)!.files).reduce((sum, [type, size]) => sum + (type === 'file' ? size : 0), 0));
  });
});
