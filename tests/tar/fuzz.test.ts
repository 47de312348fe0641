/**
 * Fuzzing the reader: thousands of mutations of real archives (bit flips, truncations, size
 * fields rewritten with the checksum fixed up so they are believed, pax lengths broken). Only
 * LayerlabError subclasses may come out — no RangeError, TypeError or hang — and whatever does
 * index must also be readable and listable.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { LayerlabError } from '../../src/engine/errors.ts';
import { MemorySource } from '../../src/engine/io/byte-source.ts';
import { readEntry } from '../../src/engine/tar/entry-data.ts';
import { computeChecksum } from '../../src/engine/tar/header.ts';
import { indexTarStream, readTarIndex } from '../../src/engine/tar/read-tar-index.ts';
import { createVerboseLister } from '../../src/engine/tar/verbose-listing.ts';
import { writeTar } from '../../src/engine/tar/write-tar.ts';
import { fixturePath } from '../fixtures.ts';
import { tempDir } from './oracles.ts';
import { buildSparseFile } from './source-tree.ts';

/** A small, seeded PRNG (mulberry32): the same cases on every run. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function corpus(): Uint8Array[] {
  const dir = fixturePath('tar');
  const archives: Uint8Array[] = readdirSync(dir)
    .filter((f) => f.endsWith('.tar'))
    .map((f) => new Uint8Array(readFileSync(join(dir, f))));
  archives.push(
    writeTar(
      [
        { name: 'a'.repeat(150) + '/b', data: new Uint8Array(700).fill(1), mtime: 1.5, uid: 2 ** 22, xattrs: { 'user.x': 'y' } },
        { name: 'l', type: 'symlink', linkname: 't'.repeat(200) },
        { name: 'c', type: 'chardev', devmajor: 1, devminor: 3 },
      ],
      { blockingFactor: 1 },
    ),
  );
  const work = tempDir();
  try {
    buildSparseFile(join(work.path, 'sparse.bin'));
    writeFileSync(join(work.path, 'long-' + 'n'.repeat(120)), 'x');
    for (const args of [['--format', 'gnu', '--sparse'], ['--format', 'posix', '--sparse'], ['--format', 'posix', '--sparse', '--sparse-version', '0.1']]) {
      const out = join(work.path, 'out.tar');
      execFileSync('tar', [...args, '-b', '1', '-cf', out, '-C', work.path, 'sparse.bin', 'long-' + 'n'.repeat(120)]);
      archives.push(new Uint8Array(readFileSync(out)));
    }
  } finally {
    work.remove();
  }
  return archives;
}

/** Header offsets found by walking blocks whose checksum field looks like one. */
function headerOffsets(bytes: Uint8Array): number[] {
  const out: number[] = [];
  for (let at = 0; at + 512 <= bytes.length; at += 512) {
    if (bytes[at + 155] === 0x20 || bytes[at + 154] === 0) out.push(at);
  }
  return out.length ? out : [0];
}

function fixChecksum(bytes: Uint8Array, at: number): void {
  const sum = computeChecksum(bytes.subarray(at, at + 512));
  bytes.set(new TextEncoder().encode(sum.toString(8).padStart(6, '0') + '\0 '), at + 148);
}

function mutate(original: Uint8Array, rand: () => number): Uint8Array {
  const pick = (n: number) => Math.floor(rand() * n);
  const kind = pick(5);
  if (kind === 0) return original.slice(0, pick(original.length + 1)); // truncation
  const bytes = original.slice();
  const headers = headerOffsets(bytes);
  const at = headers[pick(headers.length)]!;
  if (kind === 1) {
    for (let i = 0, n = 1 + pick(8); i < n; i++) {
      const at = pick(bytes.length);
      bytes[at] = bytes[at]! ^ (1 << pick(8));
    }
  } else if (kind === 2) {
    // A size field rewritten: huge, negative base-256, garbage, or just off — with a valid checksum.
    const choices = [
      () => new TextEncoder().encode('77777777777\0'),
      () => Uint8Array.from([0xff, ...Array(11).fill(0xff)]),
      () => Uint8Array.from([0x80, ...Array.from({ length: 11 }, () => pick(256))]),
      () => new TextEncoder().encode(pick(100000).toString(8).padStart(11, '0') + '\0'),
      () => Uint8Array.from(Array.from({ length: 12 }, () => pick(256))),
    ];
    bytes.set(choices[pick(choices.length)]!(), at + 124);
    if (at + 512 <= bytes.length) fixChecksum(bytes, at);
  } else if (kind === 3) {
    // Any header field scribbled over, checksum fixed so the parser believes it.
    const start = at + pick(512);
    for (let i = 0, n = 1 + pick(12); i < n && start + i < bytes.length; i++) bytes[start + i] = pick(256);
    if (at + 512 <= bytes.length && (start < at + 148 || start >= at + 156)) fixChecksum(bytes, at);
  } else {
    // Extension data (pax records, long names, sparse maps) damaged where it starts.
    const data = at + 512;
    for (let i = 0, n = 1 + pick(6); i < n && data + i < bytes.length; i++) bytes[data + pick(40)] = [0x20, 0x3d, 0x0a, 0x30, 0x39, 0][pick(6)]!;
  }
  return bytes;
}

async function exercise(bytes: Uint8Array): Promise<void> {
  const source = new MemorySource(bytes);
  const index = await readTarIndex(source);
  const line = createVerboseLister();
  for (const entry of index) {
    line(entry);
    if (entry.type === 'file' && entry.size < 1 << 22) await readEntry(source, entry);
  }
  async function* chunks() {
    for (let pos = 0; pos < bytes.length; pos += 700) yield bytes.subarray(pos, pos + 700);
  }
  const streamed = await indexTarStream(chunks());
  expect(streamed.length).toBe(index.length);
}

it('only LayerlabErrors come out of 4000 mutated archives, quickly', async () => {
  const rand = random(0x1a7e);
  const archives = corpus();
  const started = performance.now();
  const outcomes = { ok: 0, rejected: 0 };
  for (let i = 0; i < 4000; i++) {
    const bytes = mutate(archives[i % archives.length]!, rand);
    try {
      await exercise(bytes);
      outcomes.ok++;
    } catch (err) {
      if (!(err instanceof LayerlabError)) {
        throw new Error(`case ${i}: ${String(err)}\n${Buffer.from(bytes).toString('base64')}`, { cause: err });
      }
      expect(err.message).not.toMatch(/\n/);
      outcomes.rejected++;
    }
  }
  // Both outcomes happen: the mutations are neither all harmless nor all fatal.
  expect(outcomes.ok).toBeGreaterThan(200);
  expect(outcomes.rejected).toBeGreaterThan(200);
  expect(performance.now() - started).toBeLessThan(50_000);
});
