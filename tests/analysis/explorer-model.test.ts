/**
 * The explorer's model (src/engine/explore) against real fixtures, with Python's tarfile as the
 * oracle for file lists, sizes and what each layer adds, modifies and removes
 * (tests/analysis/explore-oracle.py), and on generated layers for content, history and diffs.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { walk, type ExploreNode } from '../../src/engine/explore/explore-tree.ts';
import { ImageExplorer, MAX_VIEW_BYTES } from '../../src/engine/explore/image-explorer.ts';
import { openArchive } from '../../src/engine/image/archive.ts';
import { MemorySource } from '../../src/engine/io/byte-source.ts';
import { fixturePath } from '../fixtures.ts';
import { memoryLayer, pyLayers, pyTar } from '../overlay/make-tar.ts';

const ORACLE = fileURLToPath(new URL('./explore-oracle.py', import.meta.url));

interface Oracle {
  merged: Record<string, [string, number]>;
  layers: { added: string[]; modified: string[]; removed: string[] }[];
  gone: string[];
}

function oracle(...args: string[]): Oracle {
  try {
    return JSON.parse(execFileSync('python3', [ORACLE, ...args], { encoding: 'utf8' })) as Oracle;
  } catch (err) {
    throw new Error(`the oracle needs python3 (apt-get install -y python3): ${String(err)}`);
  }
}

async function explorerOf(fixture: string): Promise<ImageExplorer> {
  const archive = await openArchive(new MemorySource(new Uint8Array(readFileSync(fixturePath(`images/${fixture}.tar`)))));
  return ImageExplorer.open(archive.images[0]!.layers);
}

const key = (node: ExploreNode) => node.path().slice(1);

function nodes(root: ExploreNode, keep: (node: ExploreNode) => boolean): ExploreNode[] {
  return [...walk(root)].filter((node) => node.parent !== undefined && keep(node));
}

describe('the explorer model against python tarfile', () => {
  for (const fixture of ['mutate-whiteout_image', 'mutate-whiteout_dir', 'mutate-overwritten_file', 'tarball-test_link', 'tarball-hello-world-v25']) {
    it(`${fixture}: merged files, directory sizes and every layer's changes`, async () => {
      expectOracle(await explorerOf(fixture), oracle(fixturePath(`images/${fixture}.tar`)));
    });
  }

  it('generated layers: opaque directories, whiteouts, implied parents, re-adding what was removed', async () => {
    const tars = [
      pyTar([
        { name: 'etc', type: 'dir' },
        { name: 'etc/a', text: 'aaaaa' },
        { name: 'etc/b', text: 'bbb' },
        { name: 'var/log/x', text: 'x'.repeat(10) },
        { name: 'var/log/y', text: 'y'.repeat(20) },
        { name: 'opt/old', text: 'oooo' },
        { name: 'srv/s1', text: 's'.repeat(6) },
        { name: 'srv/sub/s2', text: 's'.repeat(8) },
        { name: 'usr/bin/tool', text: 'tool' },
        { name: 'link', type: 'symlink', linkname: 'usr/bin/tool' },
        { name: 'hard', type: 'hardlink', linkname: 'etc/a' },
      ]),
      pyTar([
        { name: 'etc/a', text: 'a'.repeat(7) },
        { name: 'etc/new', text: 'nn' },
        { name: 'var/log/.wh..wh..opq' },
        { name: 'var/log/z', text: 'z' },
        { name: 'opt/.wh.old' },
        { name: '.wh.srv' },
        { name: '.wh.never-existed' },
        { name: 'usr/lib/implied/f', text: 'f' },
      ]),
      pyTar([
        { name: 'srv/again', text: 'again' },
        { name: 'opt/old', text: 'back' },
        { name: 'etc/.wh.new' },
        { name: 'usr/.wh..wh..opq' },
        { name: 'usr/bin/tool', text: 'new tool' },
      ]),
      pyTar([
        { name: 'etc/.wh.b' },
        { name: 'etc/b', type: 'dir' },
        { name: 'etc/b/inner', text: 'i' },
        { name: 'var/.wh.log' },
      ]),
    ];
    const dir = mkdtempSync(join(tmpdir(), 'explore-oracle-'));
    try {
      const paths = tars.map((tar, i) => {
        const path = join(dir, `layer${i}.tar`);
        writeFileSync(path, tar);
        return path;
      });
      expectOracle(await ImageExplorer.open(tars.map(memoryLayer)), oracle('--layers', ...paths));
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('mutate-whiteout_image: the removed foo.txt shows, with the layer that removed it, and its history', async () => {
    const explorer = await explorerOf('mutate-whiteout_image');
    const foo = explorer.node('merged', '/foo.txt');
    expect({ change: foo.change, removedBy: foo.removedBy, size: foo.size }).toEqual({ change: 'removed', removedBy: 1, size: 4 });
    expect(await explorer.content(foo)).toEqual({ kind: 'removed', removedBy: 1, type: 'file', size: 4, whiteout: './.wh.foo.txt' });
    expect(explorer.history('/foo.txt').map((e) => `${e.layer} ${e.change}`)).toEqual(['0 added', '1 removed']);
    expect(explorer.view(1, false).slice(0, 10).map((row) => `${row.node.change} ${row.node.path()}`)).toEqual(['removed /foo.txt']);
  });

  it('mutate-whiteout_dir: the deleted directory a and its file show removed in layer 2', async () => {
    const explorer = await explorerOf('mutate-whiteout_dir');
    const view = explorer.view(2, false);
    expect(view.toggle(0)).toBe(true);
    expect(view.slice(0, 10).map((row) => `${row.depth} ${row.node.change} ${row.node.path()} ${row.node.size}`)).toEqual(['0 removed /a 0', '1 removed /a/foo 0']);
    expect(explorer.history('/a/foo').map((e) => `${e.layer} ${e.change}`)).toEqual(['0 added', '2 removed']);
  });

  it('mutate-overwritten_file: the efficiency panel names both layers of foo.txt', async () => {
    const explorer = await explorerOf('mutate-overwritten_file');
    const report = await explorer.efficiency();
    expect(report.inefficientFiles).toEqual([{ path: '/foo.txt', count: 2, wastedBytes: 4 }]);
    expect(report.copies[0]!.map((c) => `${c.layer} ${c.change}`)).toEqual(['0 added', '1 modified']);
    expect(await explorer.content(explorer.node('merged', '/foo.txt'))).toEqual({ kind: 'symlink', target: 'bar.txt' });
  });
});

function expectOracle(explorer: ImageExplorer, expected: Oracle): void {
  const live = nodes(explorer.merged, (node) => node.change !== 'removed' && !hasRemovedAncestor(node));
  expect(Object.fromEntries(live.map((node) => [key(node), [node.type, node.size]]))).toEqual(expected.merged);
  for (const dir of live.filter((node) => node.isDir)) {
    const prefix = key(dir) + '/';
    const bytes = Object.entries(expected.merged)
      .filter(([k, [type]]) => k.startsWith(prefix) && type === 'file')
      .reduce((sum, [, [, size]]) => sum + size, 0);
    expect(dir.totalSize, `size of ${prefix}`).toBe(bytes);
  }
  // What later layers deleted stays in the merged tree, marked removed.
  const removed = nodes(explorer.merged, (node) => node.change === 'removed' || hasRemovedAncestor(node)).map(key);
  expect(removed.sort()).toEqual(expected.gone);
  explorer.layerTrees.forEach((root, layer) => {
    const of = (change: string) => nodes(root, (node) => node.change === change).map(key).sort();
    expect({ added: of('added'), modified: of('modified'), removed: of('removed') }, `layer ${layer}`).toEqual(expected.layers[layer]);
  });
}

function hasRemovedAncestor(node: ExploreNode): boolean {
  for (let n = node.parent; n !== undefined; n = n.parent) if (n.change === 'removed') return true;
  return false;
}

describe('the explorer model on generated layers', () => {
  const layers = () =>
    pyLayers(
      [
        { name: 'etc', type: 'dir' },
        { name: 'etc/motd', text: 'hello\nworld\n' },
        { name: 'etc/big', text: 'x'.repeat(MAX_VIEW_BYTES + 10) },
        { name: 'bin/tool', text: '\u0000\u0001binary' },
        { name: 'bin/link', type: 'symlink', linkname: 'tool' },
        { name: 'srv/keep', text: 'k' },
      ],
      [
        { name: 'etc/motd', text: 'hello\nthere\nworld\n' },
        { name: 'etc', type: 'dir', mode: 0o700 },
        { name: 'etc/hard', type: 'hardlink', linkname: 'etc/motd' },
        { name: 'srv/.wh.keep' },
      ],
    );

  it('marks what the second layer changed, in the merged view and its own', async () => {
    const explorer = await ImageExplorer.open(layers());
    const merged = (path: string) => explorer.node('merged', path).change;
    expect([merged('/etc'), merged('/etc/motd'), merged('/etc/hard'), merged('/etc/big'), merged('/srv/keep'), merged('/bin')]).toEqual([
      'modified',
      'modified',
      'added',
      'unchanged',
      'removed',
      'unchanged',
    ]);
    const changedOnly = explorer.view('merged', true);
    expect(changedOnly.slice(0, 99).map((row) => row.node.path())).toEqual(['/etc', '/srv']);
    changedOnly.toggle(0);
    expect(changedOnly.slice(0, 99).map((row) => row.node.path())).toEqual(['/etc', '/etc/hard', '/etc/motd', '/srv']);
    expect(changedOnly.toggle(0)).toBe(false);
    expect(changedOnly.rowCount).toBe(2);
  });

  it('shows text, binary as hex, links as what they are, and caps big files', async () => {
    const explorer = await ImageExplorer.open(layers());
    expect(await explorer.content(explorer.node('merged', '/etc/motd'))).toEqual({ kind: 'text', text: 'hello\nthere\nworld\n', size: 18, truncated: false });
    expect(await explorer.content(explorer.node('merged', '/bin/tool'))).toEqual({
      kind: 'binary',
      hex: '00000000: 0001 6269 6e61 7279                      ..binary',
      size: 8,
      truncated: false,
    });
    expect(await explorer.content(explorer.node('merged', '/bin/link'))).toEqual({ kind: 'symlink', target: 'tool' });
    expect(await explorer.content(explorer.node('merged', '/etc/hard'))).toMatchObject({ kind: 'hardlink', target: 'etc/motd', text: 'hello\nthere\nworld\n' });
    const big = await explorer.content(explorer.node('merged', '/etc/big'));
    expect(big).toMatchObject({ kind: 'text', size: MAX_VIEW_BYTES + 10, truncated: true });
    expect(big.kind === 'text' && big.text.length).toBe(MAX_VIEW_BYTES);
  });

  it('gives a file history and a diff between its versions', async () => {
    const explorer = await ImageExplorer.open(layers());
    expect(explorer.history('/etc/motd').map((e) => `${e.layer} ${e.change} ${e.size}`)).toEqual(['0 added 12', '1 modified 18']);
    expect(await explorer.diff('/etc/motd', 0, 1)).toEqual({
      kind: 'text',
      identical: false,
      truncated: false,
      hunks: [{ oldStart: 1, oldLines: 2, newStart: 1, newLines: 3, lines: [' hello', '+there', ' world'] }],
    });
    await expect(explorer.diff('/etc/motd', 0, 2)).rejects.toThrow('/etc/motd: layers 0 and 2 do not both write it');
  });

  it('searches names in a tree', async () => {
    const explorer = await ImageExplorer.open(layers());
    expect(explorer.search('merged', 'MO').nodes.map((n) => n.path())).toEqual(['/etc/motd']);
    expect(explorer.search(1, 'keep').nodes.map((n) => `${n.change} ${n.path()}`)).toEqual(['removed /srv/keep']);
  });
});
