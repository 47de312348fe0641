/**
 * Property: whatever entries the writer is given (long and Unicode names, names that are not
 * UTF-8, every type, modes, sizes, times, xattrs), layerlab reads the same entries back, from a
 * source and from a stream; and for a sample, GNU tar and Python's tarfile read them the same way.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, expect, it } from 'vitest';
import { MemorySource } from '../../src/engine/io/byte-source.ts';
import { readEntry } from '../../src/engine/tar/entry-data.ts';
import { decodeName } from '../../src/engine/tar/header.ts';
import { indexTarStream, readTarIndex } from '../../src/engine/tar/read-tar-index.ts';
import type { TarEntryType } from '../../src/engine/tar/types.ts';
import { createVerboseLister } from '../../src/engine/tar/verbose-listing.ts';
import { type TarWriteEntry, writeTar } from '../../src/engine/tar/write-tar.ts';
import { comparable, comparablePython, gnuVerboseListing, pythonMembers, tempDir } from './oracles.ts';

/**
 * Non-ASCII text from long-assigned characters: glibc's `iswprint` (which decides what GNU tar
 * escapes) does not know characters newer than its Unicode tables, and that is not ours to copy.
 */
const unicodeChar = fc.constantFrom(...'éüßøñçÅπλΩжДяא中文日本語한☺★♥€£¥°±µ'.split(''), ...[...'😀🚀𝄞'].map((c) => c));
const unicodeText = (maxLength: number, minLength = 0) => fc.string({ unit: fc.oneof(unicodeChar, fc.constantFrom('a', 'b', '-', '.', ' ')), minLength, maxLength });

const segment = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[a-zA-Z0-9._-]{1,20}$/) },
  { weight: 2, arbitrary: unicodeText(12, 1) },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z]{90,130}$/) },
  // Bytes that are not UTF-8, as the reader decodes them (lone surrogates U+DC80..U+DCFF).
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 8 }).map((b) => decodeName(b.map((x) => (x === 0 || x === 0x2f ? 0x80 : x)))) },
);
const name = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/'));
const type = fc.constantFrom<TarEntryType>('file', 'file', 'file', 'directory', 'symlink', 'hardlink', 'chardev', 'blockdev', 'fifo');
const mtime = fc.oneof(
  fc.integer({ min: 0, max: 0o77777777777 }),
  fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
  fc.tuple(fc.integer({ min: 0, max: 2 ** 33 }), fc.integer({ min: 1, max: 999 })).map(([s, ms]) => s + ms / 1000),
);
const owner = fc.oneof(fc.constant(''), fc.stringMatching(/^[a-z_][a-z0-9_-]{0,31}$/), unicodeText(40));
const entry: fc.Arbitrary<TarWriteEntry> = fc
  .record({
    name,
    type,
    data: fc.uint8Array({ maxLength: 3000 }),
    mode: fc.integer({ min: 0, max: 0o7777 }),
    // GNU tar refuses ids above 2^32 - 1.
    uid: fc.oneof(fc.integer({ min: 0, max: 70000 }), fc.integer({ min: 0, max: 2 ** 32 - 1 })),
    gid: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    uname: owner,
    gname: owner,
    mtime,
    linkname: name,
    devmajor: fc.integer({ min: 0, max: 4095 }),
    devminor: fc.integer({ min: 0, max: 255 }),
    xattrs: fc.option(fc.dictionary(fc.stringMatching(/^user\.[a-z]{1,10}$/), fc.string({ maxLength: 30 }).filter((s) => !s.includes('\0'))), { nil: undefined }),
  })
  .map((e) => ({
    ...e,
    data: e.type === 'file' ? e.data : undefined,
    linkname: e.type === 'symlink' || e.type === 'hardlink' ? e.linkname : undefined,
    devmajor: e.type === 'chardev' || e.type === 'blockdev' ? e.devmajor : undefined,
    devminor: e.type === 'chardev' || e.type === 'blockdev' ? e.devminor : undefined,
  }));

function expectSame(written: TarWriteEntry, read: ReturnType<typeof comparable>) {
  const type = written.type ?? 'file';
  expect(read).toEqual({
    name: type === 'directory' ? written.name.replace(/\/+$/, '') : written.name,
    type,
    size: type === 'file' ? (written.data as Uint8Array).length : 0,
    mode: written.mode,
    uid: written.uid,
    gid: written.gid,
    uname: written.uname,
    gname: written.gname,
    mtime: written.mtime,
    linkname: written.linkname ?? '',
    devmajor: written.devmajor ?? 0,
    devminor: written.devminor ?? 0,
    xattrs: written.xattrs && Object.keys(written.xattrs).length ? written.xattrs : {},
  });
}

it('writer → reader gives back every field and the contents', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(entry, { maxLength: 12 }), fc.integer({ min: 1, max: 20 }), async (entries, blockingFactor) => {
      const bytes = writeTar(entries, { blockingFactor });
      expect(bytes.length % (512 * blockingFactor)).toBe(0);
      const source = new MemorySource(bytes);
      const index = await readTarIndex(source);
      expect(index.length).toBe(entries.length);
      for (let i = 0; i < entries.length; i++) {
        const read = index.entry(i);
        expectSame(entries[i]!, comparable(read));
        if (read.type === 'file') expect(await readEntry(source, read)).toEqual(entries[i]!.data);
      }
      async function* halves() {
        yield bytes.subarray(0, bytes.length >> 1);
        yield bytes.subarray(bytes.length >> 1);
      }
      expect([...(await indexTarStream(halves()))]).toEqual([...index]);
    }),
    { numRuns: 300, seed: 20261123, endOnFailure: true },
  );
});

const work = tempDir();
afterAll(() => work.remove());

it('writer → GNU tar and Python tarfile read the same entries (a sample)', async () => {
  let run = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(entry, { minLength: 1, maxLength: 8 }), async (entries) => {
      const path = join(work.path, `sample-${run++}.tar`);
      const bytes = writeTar(entries);
      writeFileSync(path, bytes);
      const index = await readTarIndex(new MemorySource(bytes));
      const line = createVerboseLister();
      expect(gnuVerboseListing(path)).toBe([...index].map((e) => line(e) + '\n').join(''));
      expect(pythonMembers(path).map(comparablePython)).toEqual([...index].map(comparable));
    }),
    { numRuns: 12, seed: 7, endOnFailure: true },
  );
});
