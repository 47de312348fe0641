/**
 * Open an image archive and build its merged tree, measuring time and heap. Run as a child
 * process (`node --expose-gc --import tsx open-image.ts ARCHIVE`) so the heap starts clean; it
 * prints one JSON `OpenMeasurement`.
 */
import { openArchive } from '../../src/engine/image/archive.ts';
import type { ByteSource } from '../../src/engine/io/byte-source.ts';
import { OverlayFs } from '../../src/engine/overlay/overlay-fs.ts';
import { FileSource } from '../../src/node/file-source.ts';
import { spoolToTempFile } from '../../src/node/spool.ts';
import { installNodePlatform } from '../../src/node/node-gunzip.ts';

export interface OpenMeasurement {
  /** The first open in a fresh process: the JIT has not warmed up yet (a student's first file). */
  coldOpenSeconds: number;
  /** The best of five further opens, each from scratch (new source, new archive, new tree). */
  openSeconds: number;
  mergedEntries: number;
  /** Highest `heapUsed` sampled while opening (absolute, baseline included). */
  peakHeapMB: number;
  peakRssMB: number;
  /** Heap held by the open archive and merged tree after a full GC, above the baseline. */
  retainedHeapMB: number;
  bytesPerFile: number;
}

const gc = (globalThis as { gc?: () => void }).gc;
const MB = 1024 * 1024;

async function openMerged(source: ByteSource): Promise<{ fs: OverlayFs; keep: unknown }> {
  const archive = await openArchive(source, { spool: spoolToTempFile });
  const image = archive.images[0]!;
  const fs = await OverlayFs.open(image.layers);
  return { fs, keep: archive };
}

/**
 * A source that lets the event loop turn every few reads, so the heap sampler below gets to
 * run. Used only for the memory pass, never for the timed one.
 */
function yielding(source: ByteSource): ByteSource {
  let reads = 0;
  return {
    size: source.size,
    async read(offset, length) {
      if (++reads % 16 === 0) await new Promise((r) => setImmediate(r));
      return source.read(offset, length);
    },
  };
}

/** The timed pass: nothing of it stays reachable afterwards. */
async function timedOpen(path: string): Promise<{ openSeconds: number; mergedEntries: number }> {
  const start = performance.now();
  const { fs } = await openMerged(FileSource.open(path));
  return { openSeconds: (performance.now() - start) / 1000, mergedEntries: fs.entryCount };
}

export async function measure(path: string): Promise<OpenMeasurement> {
  const { openSeconds: coldOpenSeconds, mergedEntries } = await timedOpen(path);
  let openSeconds = Infinity;
  for (let i = 0; i < 5; i++) openSeconds = Math.min(openSeconds, (await timedOpen(path)).openSeconds);

  // Memory pass, from a clean heap.
  gc?.();
  gc?.();
  const baseline = process.memoryUsage().heapUsed;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 1);
  const opened = await openMerged(yielding(FileSource.open(path)));
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  gc?.();
  gc?.();
  const retained = process.memoryUsage().heapUsed - baseline;
  const result: OpenMeasurement = {
    coldOpenSeconds,
    openSeconds,
    mergedEntries,
    peakHeapMB: peak / MB,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    retainedHeapMB: retained / MB,
    bytesPerFile: retained / opened.fs.entryCount,
  };
  void opened.keep;
  return result;
}


if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  installNodePlatform();
  measure(process.argv[2]!).then(
    (m) => process.stdout.write(JSON.stringify(m) + '\n'),
    (err: unknown) => {
      process.stderr.write(`open-image: ${(err as Error).message}\n`);
      process.exit(1);
    },
  );
}
