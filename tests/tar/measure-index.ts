/**
 * Speed and memory of the tar indexer, against GNU `tar -tf` on the same files:
 *
 *   node --expose-gc --import tsx tests/tar/measure-index.ts [DIR]
 *
 * Writes 10 layer tars of 10k files (sizes 0..~20 KB, about 1 GiB in all) to DIR (default a
 * temp dir, reused when present), then reports entries/s, seconds vs tar -tf, and heap bytes
 * per indexed entry (excluding the name strings, which are measured separately).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeTarHeader } from '../../src/engine/tar/write-tar.ts';
import { readTarIndex } from '../../src/engine/tar/read-tar-index.ts';
import type { TarIndex } from '../../src/engine/tar/types.ts';
import { FileSource } from '../../src/node/file-source.ts';

const LAYERS = 10;
const FILES = 10_000;
const dir = process.argv[2] ?? join(tmpdir(), 'layerlab-tar-measure');

function writeLayers(): string[] {
  mkdirSync(dir, { recursive: true });
  const pool = new Uint8Array(64 * 1024).map((_, i) => (i * 31) & 0xff);
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  return Array.from({ length: LAYERS }, (_, layer) => {
    const path = join(dir, `layer${layer}.tar`);
    if (existsSync(path)) return path;
    const fd = openSync(path, 'w');
    for (let i = 0; i < FILES; i++) {
      const size = next() % 20480;
      writeSync(fd, encodeTarHeader({ name: `usr/share/layer${layer}/dir${i % 100}/file-${i}.dat`, size, mode: 0o644, uid: 0, gid: 0, uname: 'root', gname: 'root', mtime: 1700000000 }));
      for (let done = 0; done < size; ) done += writeSync(fd, pool, 0, Math.min(pool.length, size - done));
      const pad = (512 - (size % 512)) % 512;
      if (pad) writeSync(fd, new Uint8Array(pad));
    }
    writeSync(fd, new Uint8Array(1024));
    closeSync(fd);
    return path;
  });
}

const gc = (globalThis as { gc?: () => void }).gc;
const settle = () => new Promise((resolve) => setTimeout(resolve, 200));
/** JS heap plus ArrayBuffer memory (typed-array columns live outside the JS heap), after GC. */
const heap = async () => {
  gc?.();
  await settle(); // array buffers are freed by a background sweeper
  gc?.();
  await settle();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
};

async function indexAll(paths: string[]): Promise<TarIndex[]> {
  const out: TarIndex[] = [];
  for (const path of paths) {
    const source = FileSource.open(path);
    out.push(await readTarIndex(source));
    source.close();
  }
  return out;
}

const paths = writeLayers();
spawnSync('cat', paths, { stdio: ['ignore', 'ignore', 'inherit'] }); // warm the page cache

// Interleave the runs so that both sides see the same machine load; keep the best of each.
let best = Infinity;
let tarBest = Infinity;
for (let run = 0; run < 7; run++) {
  let start = performance.now();
  await indexAll(paths);
  best = Math.min(best, performance.now() - start);
  start = performance.now();
  for (const path of paths) spawnSync('tar', ['-tf', path], { stdio: 'ignore' });
  tarBest = Math.min(tarBest, performance.now() - start);
}

const indexes: TarIndex[] = [];
const before = await heap();
indexes.push(...(await indexAll(paths)));
const after = await heap();
const entries = indexes.reduce((n, i) => n + i.length, 0);
// The names alone, as the index holds them (one string each), to subtract from the total.
const names: string[] = [];
const beforeNames = await heap();
for (const index of indexes) for (let i = 0; i < index.length; i++) names.push(`${index.entry(i).name}`.split('').join(''));
const nameBytes = (await heap()) - beforeNames - names.length * 4; // minus the array slots holding them

console.log(
  JSON.stringify({
    entries,
    indexSeconds: +(best / 1000).toFixed(3),
    tarListSeconds: +(tarBest / 1000).toFixed(3),
    entriesPerSecond: Math.round(entries / (best / 1000)),
    heapBytesPerEntry: Math.round((after - before) / entries),
    heapBytesPerEntryWithoutNames: Math.round((after - before - nameBytes) / entries),
    gcExposed: gc !== undefined,
    // Keeps `indexes` alive up to here, so the measurements above saw them.
    indexedEntries: indexes.map((i) => i.length).reduce((a, b) => a + b, 0),
  }),
);
