/**
 * Go's archive/tar test files (/work/shared/fixtures/tar): every readable one matches Python's
 * tarfile entry by entry, holds the expected contents, and lists like GNU tar; the malformed
 * ones are rejected with a TarFormatError that names an offset.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TarFormatError } from '../../src/engine/errors.ts';
import { MemorySource } from '../../src/engine/io/byte-source.ts';
import { readEntry } from '../../src/engine/tar/entry-data.ts';
import { computeChecksum } from '../../src/engine/tar/header.ts';
import { indexTarStream, readTarIndex } from '../../src/engine/tar/read-tar-index.ts';
import { createVerboseLister } from '../../src/engine/tar/verbose-listing.ts';
import { writeTar } from '../../src/engine/tar/write-tar.ts';
import { fixturePath } from '../fixtures.ts';
import { comparable, comparablePython, gnuVerboseListing, indexFile, pythonMembers, tempDir } from './oracles.ts';

const readable = [
  'file-and-dir.tar',
  'gnu-not-utf8.tar',
  'gnu-utf8.tar',
  'gnu.tar',
  'hdr-only.tar',
  'nil-uid.tar',
  'pax.tar',
  'ustar.tar',
  'v7.tar',
  'writer.tar',
];
const malformed = ['neg-size.tar', 'issue10968.tar', 'pax-bad-hdr-file.tar'];

const small = readFileSync(fixturePath('tar/small.txt'));
const small2 = readFileSync(fixturePath('tar/small2.txt'));

describe.each(readable)('%s', (file) => {
  const path = fixturePath(`tar/${file}`);

  it('has the entries Python tarfile reports', async () => {
    const { index } = await indexFile(path);
    const expected = pythonMembers(path);
    expect([...index].map(comparable)).toEqual(expected.map(comparablePython));
    expect([...index].map((e) => e.headerOffset)).toEqual(expected.map((m) => m.offset));
  });

  it('indexes the same as a stream', async () => {
    const { bytes, index } = await indexFile(path);
    async function* blocks() {
      for (let pos = 0; pos < bytes.length; pos += 512) yield bytes.subarray(pos, pos + 512);
    }
    expect([...(await indexTarStream(blocks()))]).toEqual([...index]);
  });

  it('lists like `TZ=UTC tar -tvf` where GNU tar can list it', async () => {
    const gnu = gnuVerboseListing(path);
    if (gnu === undefined) return; // hdr-only.tar: GNU tar skips the data of header-only entries and fails
    const { index } = await indexFile(path);
    const line = createVerboseLister();
    expect([...index].map((e) => line(e) + '\n').join('')).toBe(gnu);
  });
});

it('reads the contents of small.txt and small2.txt from every archive that holds them', async () => {
  let found = 0;
  for (const file of readable) {
    const { bytes, index } = await indexFile(fixturePath(`tar/${file}`));
    for (const entry of index) {
      const base = entry.name.split('/').pop();
      if (base !== 'small.txt' && base !== 'small2.txt') continue;
      const expected = base === 'small.txt' ? small : small2;
      expect(Buffer.from(await readEntry(new MemorySource(bytes), entry)), `${file}:${entry.name}`).toEqual(expected);
      found++;
    }
  }
  expect(found).toBeGreaterThanOrEqual(7);
});

it('knows the dialect and extensions of each fixture', async () => {
  const first = async (file: string) => (await indexFile(fixturePath(`tar/${file}`))).index.entry(0);
  expect((await first('v7.tar')).format).toBe('v7');
  expect((await first('gnu.tar')).format).toBe('gnu');
  expect((await first('ustar.tar')).format).toBe('ustar');
  const pax = await first('pax.tar');
  expect(pax.format).toBe('pax');
  expect(pax.mtime).toBeCloseTo(1350244992.02396, 5); // fractional pax mtime
  expect((await first('gnu-not-utf8.tar')).name).toBe('hi\udc80\udc81\udc82\udc83bye'); // bytes kept, escaped
});

describe.each(malformed)('%s (malformed)', (file) => {
  it('is rejected with a TarFormatError naming an offset, by both indexers', async () => {
    const bytes = new Uint8Array(readFileSync(fixturePath(`tar/${file}`)));
    const random = await readTarIndex(new MemorySource(bytes)).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(random).toBeInstanceOf(TarFormatError);
    expect((random as TarFormatError).message).toMatch(/^invalid tar at byte \d+: .+/);
    expect(Number.isInteger((random as TarFormatError).offset)).toBe(true);
    async function* once() {
      yield bytes;
    }
    await expect(indexTarStream(once())).rejects.toBeInstanceOf(TarFormatError);
  });
});

it('reads an old-style regular-file typeflag (NUL) with a trailing slash as a directory, like tarfile', async () => {
  const bytes = writeTar([{ name: 'olddir/', mode: 0o755 }, { name: 'oldfile', data: new Uint8Array(3) }], { blockingFactor: 1 });
  for (const at of [0, 512]) {
    bytes[at + 156] = 0; // typeflag '\0', as v7 tars wrote
    bytes.set(new TextEncoder().encode(computeChecksum(bytes.subarray(at, at + 512)).toString(8).padStart(6, '0') + '\0 '), at + 148);
  }
  const index = await readTarIndex(new MemorySource(bytes));
  expect([...index].map((e) => [e.name, e.type])).toEqual([
    ['olddir/', 'directory'],
    ['oldfile', 'file'],
  ]);
  const dir = tempDir();
  try {
    writeFileSync(join(dir.path, 'v7-dir.tar'), bytes);
    expect([...index].map(comparable)).toEqual(pythonMembers(join(dir.path, 'v7-dir.tar')).map(comparablePython));
  } finally {
    dir.remove();
  }
});
