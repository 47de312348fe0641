/**
 * Archives written by GNU tar in each of its formats, read back by layerlab and compared entry
 * by entry with Python's tarfile (fields, offsets, contents) and line by line with `tar -tv`.
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySource } from '../../src/engine/io/byte-source.ts';
import { readEntry } from '../../src/engine/tar/entry-data.ts';
import { indexTarStream } from '../../src/engine/tar/read-tar-index.ts';
import { createVerboseLister } from '../../src/engine/tar/verbose-listing.ts';
import { comparable, comparablePython, gnuTar, gnuVerboseListing, indexFile, pythonMembers, tempDir } from './oracles.ts';
import { buildSparseFile, buildTree } from './source-tree.ts';

const work = tempDir();
const tree = join(work.path, 'tree');
const archives: Record<string, string> = {};

beforeAll(() => {
  mkdirSync(tree);
  buildTree(tree);
  buildSparseFile(join(work.path, 'sparse.bin'));
  const members = readdirSync(tree).sort();
  for (const format of ['gnu', 'oldgnu', 'posix', 'ustar', 'v7']) {
    const out = join(work.path, `${format}.tar`);
    // ustar and v7 cannot hold some members: GNU tar skips those with a message and exit status 2.
    const r = spawnSync('tar', ['--format', format, '-cf', out, '-C', tree, ...members], { encoding: 'utf8' });
    if (r.status !== 0 && !(format === 'ustar' || format === 'v7')) throw new Error(r.stderr);
    archives[format] = out;
  }
  for (const [label, args] of [
    ['sparse-oldgnu', ['--format', 'gnu', '--sparse']],
    ['sparse-pax-0.0', ['--format', 'posix', '--sparse', '--sparse-version', '0.0']],
    ['sparse-pax-0.1', ['--format', 'posix', '--sparse', '--sparse-version', '0.1']],
    ['sparse-pax-1.0', ['--format', 'posix', '--sparse', '--sparse-version', '1.0']],
  ] as const) {
    archives[label] = join(work.path, `${label}.tar`);
    gnuTar([...args, '-cf', archives[label]!, '-C', work.path, 'sparse.bin', '-C', tree, 'dir']);
  }
});

afterAll(() => work.remove());

const labels = ['gnu', 'oldgnu', 'posix', 'ustar', 'v7', 'sparse-oldgnu', 'sparse-pax-0.0', 'sparse-pax-0.1', 'sparse-pax-1.0'];

describe.each(labels)('GNU tar --format %s', (label) => {
  it('lists every member as Python tarfile does, with the same offsets and contents', async () => {
    const { bytes, index } = await indexFile(archives[label]!);
    const expected = pythonMembers(archives[label]!);
    expect(index.length).toBe(expected.length);
    expect(index.length).toBeGreaterThan(label.startsWith('sparse') ? 3 : 10);
    const source = new MemorySource(bytes);
    for (let i = 0; i < index.length; i++) {
      const entry = index.entry(i);
      const member = expected[i]!;
      expect(comparable(entry), entry.name).toEqual(comparablePython(member));
      expect(entry.headerOffset).toBe(member.offset);
      if (entry.type === 'file') {
        expect(entry.dataOffset).toBe(member.offsetData);
        const contents = await readEntry(source, entry);
        expect(contents.length).toBe(entry.size);
        expect(createHash('sha256').update(contents).digest('hex'), entry.name).toBe(member.sha256);
      }
    }
  });

  it('gives the same index when read as a stream, in small uneven chunks', async () => {
    const { bytes, index } = await indexFile(archives[label]!);
    async function* chunks() {
      for (let pos = 0, n = 1; pos < bytes.length; pos += n, n = (n * 7 + 3) % 1500 + 1) yield bytes.subarray(pos, pos + n);
    }
    const streamed = await indexTarStream(chunks());
    expect([...streamed]).toEqual([...index]);
    expect(streamed.byteLength).toBe(index.byteLength);
  });

  it('formats `tar -tv` lines byte for byte like GNU tar', async () => {
    const { index } = await indexFile(archives[label]!);
    const gnu = gnuVerboseListing(archives[label]!);
    expect(gnu).toBeDefined();
    const line = createVerboseLister();
    expect([...index].map((e) => line(e) + '\n').join('')).toBe(gnu);
  });
});

it('reads sparse files with their real size and holes as zeros', async () => {
  for (const label of labels.filter((l) => l.startsWith('sparse'))) {
    const { bytes, index } = await indexFile(archives[label]!);
    const entry = [...index].find((e) => e.name === 'sparse.bin')!;
    expect(entry.size, label).toBe(1 << 20);
    expect(entry.sparse?.length, label).toBeGreaterThan(0);
    const data = await readEntry(new MemorySource(bytes), entry);
    expect(Buffer.from(data.subarray(0, 5)).toString()).toBe('start');
    expect(data[299_999]).toBe(0);
    expect(data[300_000]).toBe(0x41);
    expect(Buffer.from(data.subarray(-3)).toString()).toBe('end');
  }
});

it('covers the entry kinds it claims to (the tree really has them)', async () => {
  const { index } = await indexFile(archives.posix!);
  const types = new Set([...index].map((e) => e.type));
  for (const t of ['file', 'directory', 'hardlink', 'symlink', 'fifo']) expect(types).toContain(t);
  if (process.getuid?.() === 0) expect(types).toContain('chardev');
  expect([...index].some((e) => e.name.length > 255)).toBe(true);
  expect([...index].some((e) => e.linkname.length > 100)).toBe(true);
});
