/**
 * Memory and time of the merged tree for 100k files over 10 layers (the benchmark's shape).
 * Run: `node --expose-gc --import tsx tests/overlay/measure-merged-tree.ts`; prints one JSON line.
 */
import { MemorySource } from '../../src/engine/io/byte-source.ts';
import { buildMergedTree } from '../../src/engine/overlay/merged-tree.ts';
import { OverlayFs } from '../../src/engine/overlay/overlay-fs.ts';
import { RefSpace } from '../../src/engine/overlay/refs.ts';
import { tarLayerContents } from '../../src/engine/overlay/tar-layer.ts';
import { readTarIndex } from '../../src/engine/tar/read-tar-index.ts';
import { encodeTarHeader, type TarWriteEntry } from '../../src/engine/tar/write-tar.ts';

const LAYERS = 10;
const FILES_PER_LAYER = 10_000;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

/** Headers-only layer tars (sizes 0 keep the test's own memory small; the index does not hold data). */
function layerTar(n: number): Uint8Array {
  const entries: TarWriteEntry[] = [
    { name: 'usr/', type: 'directory' },
    { name: 'usr/share/', type: 'directory' },
    { name: `usr/share/pkg${n}/`, type: 'directory' },
  ];
  for (let d = 0; d < 100; d++) entries.push({ name: `usr/share/pkg${n}/d${d}/`, type: 'directory' });
  if (n > 0) {
    for (let i = 0; i < 300; i++) entries.push({ name: `usr/share/pkg${n - 1}/d${i % 100}/f${i}.dat` });
    for (let i = 300; i < 500; i++) entries.push({ name: `usr/share/pkg${n - 1}/d${i % 100}/.wh.f${i}.dat` });
    entries.push({ name: `usr/share/pkg${n - 1}/d99/.wh..wh..opq` });
  }
  for (let i = 0; entries.length < FILES_PER_LAYER; i++) entries.push({ name: `usr/share/pkg${n}/d${i % 100}/f${i}.dat`, mode: 0o644 });
  const blocks = entries.map((e) => encodeTarHeader(e));
  const out = new Uint8Array(blocks.reduce((s, b) => s + b.length, 0) + 1024);
  let pos = 0;
  for (const b of blocks) {
    out.set(b, pos);
    pos += b.length;
  }
  return out;
}

async function main(): Promise<void> {
  const tars = Array.from({ length: LAYERS }, (_, n) => layerTar(n));
  const entries = (await Promise.all(tars.map((t) => readTarIndex(new MemorySource(t))))).reduce((s, i) => s + i.length, 0);

  // Time: indexing, then merging alone (best of 5).
  let mergeSeconds = Infinity;
  const indices = await Promise.all(tars.map((t) => readTarIndex(new MemorySource(t))));
  for (let run = 0; run < 5; run++) {
    const start = performance.now();
    buildMergedTree(new RefSpace(indices.map((i) => i.length)), indices);
    mergeSeconds = Math.min(mergeSeconds, (performance.now() - start) / 1000);
  }

  // Memory: everything OverlayFs.open keeps (indices + merged tree), above a clean baseline.
  gc!();
  gc!();
  const baseline = process.memoryUsage().heapUsed;
  const start = performance.now();
  const fs = await OverlayFs.open(tars.map((t) => tarLayerContents(new MemorySource(t))));
  const openSeconds = (performance.now() - start) / 1000;
  gc!();
  gc!();
  const total = process.memoryUsage().heapUsed - baseline;

  // The tree alone: build a second one over the same indices.
  const treeBaseline = process.memoryUsage().heapUsed;
  const tree = buildMergedTree(new RefSpace(indices.map((i) => i.length)), indices);
  gc!();
  gc!();
  const treeOnly = process.memoryUsage().heapUsed - treeBaseline;

  process.stdout.write(
    JSON.stringify({
      layerEntries: entries,
      mergedEntries: fs.entryCount,
      openSeconds: Number(openSeconds.toFixed(3)),
      mergeSeconds: Number(mergeSeconds.toFixed(3)),
      mergeNsPerEntry: Math.round((mergeSeconds * 1e9) / entries),
      bytesPerFile: Math.round(total / fs.entryCount),
      treeBytesPerFile: Math.round(treeOnly / tree.size),
    }) + '\n',
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
