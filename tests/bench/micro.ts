/**
 * Micro-benchmarks of the engine's two hot loops against Node's native code, on the same bytes
 * in the same run: SHA-256 (vs node:crypto, which uses SHA-NI where the CPU has it) and gunzip
 * (vs node:zlib). Called by run.ts; functions only, no side effects on import.
 */
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { decompress } from '../../src/engine/compression/decompress.ts';
import type { DecompressOptions } from '../../src/engine/compression/decompress.ts';
import { wasmCompressBlocks } from '../../src/engine/hash/compress-wasm.ts';
import { Sha256, toHex } from '../../src/engine/hash/sha256.ts';
import type { Sha256Implementation } from '../../src/engine/hash/sha256.ts';
import { Sha256x4 } from '../../src/engine/hash/sha256-x4.ts';
import { xorshift32 } from '../support/xorshift.ts';

const MiB = 1024 * 1024;

/**
 * Deterministic bytes shaped like a layer tar: 512-byte headers, runs of text (paths, scripts,
 * config) and runs of binary, so gzip ratios are realistic (not all zeros, not all noise).
 */
export function layerLikeData(size: number, seed = 0x1a2b3c4d): Uint8Array {
  const next = xorshift32(seed);
  const words = ['usr', 'lib', 'bin', 'share', 'python3.12', 'site-packages', 'node_modules', 'index.js', 'LICENSE', 'x86_64-linux-gnu', 'import', 'return', 'const', 'function', 'if', '0644', 'root', '{', '}', '=', ';'].map(
    (w) => new TextEncoder().encode(w),
  );
  const out = new Uint8Array(size);
  let pos = 0;
  while (pos < size) {
    // A tar-like header block: a path, octal fields, zeros.
    const header = Math.min(512, size - pos);
    for (let i = 0; i < Math.min(header, 100) && pos + i < size; i++) out[pos + i] = 0x61 + (next() % 26);
    pos += header;
    const run = Math.min(size - pos, 512 + (next() % 16384));
    if (next() % 10 < 6) {
      for (let end = pos + run; pos < end; ) {
        const word = words[next() % words.length]!;
        const n = Math.min(word.length, end - pos);
        out.set(word.subarray(0, n), pos);
        pos += n;
        if (pos < end) out[pos++] = next() % 4 === 0 ? 0x0a : 0x20;
      }
    } else {
      // Binary: a skewed byte distribution, like machine code (compresses ~2:1, not 1:1).
      for (let end = pos + run; pos < end; pos++) {
        const r = next();
        out[pos] = r & 0x100 ? r & 0x0f : (r >>> 8) & 0xff;
      }
    }
  }
  return out;
}

function mbps(bytes: number, ms: number): number {
  return bytes / 1e6 / (ms / 1000);
}

/** Best throughput of `reps` runs (the least disturbed by other processes). */
async function bestMBps(bytes: number, reps: number, run: () => unknown): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const start = performance.now();
    await run();
    best = Math.min(best, performance.now() - start);
  }
  return mbps(bytes, best);
}

export interface Sha256Measurement {
  /** One stream, the pure TypeScript kernel. */
  oursMBps: number;
  /** One stream, the self-emitted scalar WebAssembly kernel (absent without WebAssembly). */
  wasmMBps?: number;
  /** Aggregate over `streams` streams fed in step through one `Sha256x4` (absent without wasm SIMD). */
  x4MBps?: number;
  /** node:crypto, one stream. */
  nativeMBps: number;
  /** node:crypto on the x4 workload: the same `streams` streams, in the same interleaved chunks. */
  nativeStreamsMBps: number;
  streams: number;
  /** Which of ours `ratio` uses: the fastest, against node:crypto (for x4, the better of its two numbers). */
  best: 'ts' | 'wasm' | 'x4';
  ratio: number;
}

/**
 * SHA-256 throughput of each of our hashers and of node:crypto (which uses SHA-NI where the CPU
 * has it) on the same bytes, reps interleaved so a noisy neighbour hits all alike; best run of
 * each. The multi-buffer number is an aggregate: four 16 MiB streams hashed side by side, fed
 * 1 MiB at a time in turn (as verify reads layers); node:crypto is timed on that same workload.
 */
export async function measureSha256(sizeBytes = 64 * MiB, reps = 5): Promise<Sha256Measurement> {
  const data = layerLikeData(sizeBytes);
  const hash = (impl: Sha256Implementation) => () => new Sha256(impl).update(data).hex();
  const streams = 4;
  const streamBytes = sizeBytes / streams;
  const inStep = (hashers: { update(chunk: Uint8Array): unknown; digest(): Uint8Array }[]) => {
    for (let pos = 0; pos < streamBytes; pos += MiB)
      hashers.forEach((h, k) => h.update(data.subarray(k * streamBytes + pos, k * streamBytes + Math.min(pos + MiB, streamBytes))));
    return hashers.map((h) => h.digest());
  };
  const group = new Sha256x4();
  const hashX4 = () => inStep(Array.from({ length: streams }, () => group.hasher()));
  const hashNativeStreams = () => inStep(Array.from({ length: streams }, () => createHash('sha256')));
  // Same answer first, then timing.
  const expected = createHash('sha256').update(data).digest('hex');
  if (hash('ts')() !== expected) throw new Error('sha256 (ts) disagrees with node:crypto');
  const hasWasm = wasmCompressBlocks() !== null;
  if (hasWasm && hash('wasm')() !== expected) throw new Error('sha256 (wasm) disagrees with node:crypto');
  const hasX4 = group.simd;
  if (hasX4 && hashX4().map(toHex).join() !== hashNativeStreams().map(toHex).join())
    throw new Error('sha256 (x4) disagrees with node:crypto');
  // Warm up: let V8 optimise the TS kernel and tier the wasm ones up before anything is timed.
  const warm = data.subarray(0, MiB);
  for (let i = 0; i < 20; i++) {
    new Sha256('ts').update(warm).digest();
    if (hasWasm) new Sha256('wasm').update(warm).digest();
    if (hasX4) {
      const hashers = Array.from({ length: streams }, () => group.hasher());
      for (const h of hashers) h.update(warm.subarray(0, MiB / 4));
      for (const h of hashers) h.digest();
    }
  }
  let ours = 0, wasm = 0, x4 = 0, native = 0, nativeStreams = 0;
  for (let i = 0; i < reps; i++) {
    ours = Math.max(ours, await bestMBps(data.length, 1, hash('ts')));
    if (hasWasm) wasm = Math.max(wasm, await bestMBps(data.length, 1, hash('wasm')));
    if (hasX4) x4 = Math.max(x4, await bestMBps(data.length, 1, hashX4));
    native = Math.max(native, await bestMBps(data.length, 1, () => createHash('sha256').update(data).digest()));
    nativeStreams = Math.max(nativeStreams, await bestMBps(data.length, 1, hashNativeStreams));
  }
  const candidates: [Sha256Measurement['best'], number][] = [['ts', ours / native]];
  if (hasWasm) candidates.push(['wasm', wasm / native]);
  // Against node:crypto's better number of the two workloads, so noise on one cannot flatter x4.
  if (hasX4) candidates.push(['x4', x4 / Math.max(native, nativeStreams)]);
  const [best, ratio] = candidates.reduce((a, b) => (b[1] > a[1] ? b : a));
  return {
    oursMBps: ours,
    ...(hasWasm ? { wasmMBps: wasm } : {}),
    ...(hasX4 ? { x4MBps: x4 } : {}),
    nativeMBps: native,
    nativeStreamsMBps: nativeStreams,
    streams,
    best,
    ratio,
  };
}

async function* chunksOf(data: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let pos = 0; pos < data.length; pos += size) yield data.subarray(pos, pos + size);
}

async function gunzipWith(gz: Uint8Array, expectedLength: number, implementation: DecompressOptions['implementation']): Promise<void> {
  let total = 0;
  for await (const chunk of decompress(chunksOf(gz, MiB), 'gzip', { implementation })) total += chunk.length;
  if (total !== expectedLength) throw new Error(`gunzip (${implementation}) produced ${total} bytes, expected ${expectedLength}`);
}

/**
 * gunzip throughput, in MB/s of decompressed output. `oursMBps` is `decompress()` with its
 * default choice (node:zlib's streams once the CLI's platform hook is installed), `fflateMBps` the pure-JS path browsers
 * use, `nativeMBps` node:zlib's gunzipSync on the same bytes; `ratio` is ours ÷ native.
 */
export async function measureGunzip(sizeBytes = 128 * MiB, reps = 3): Promise<{ oursMBps: number; fflateMBps: number; nativeMBps: number; ratio: number }> {
  const data = layerLikeData(sizeBytes, 7);
  const gz = new Uint8Array(gzipSync(data, { level: 6 }));
  let ours = 0, fflate = 0, native = 0;
  for (let i = 0; i < reps; i++) {
    ours = Math.max(ours, await bestMBps(data.length, 1, () => gunzipWith(gz, data.length, 'auto')));
    fflate = Math.max(fflate, await bestMBps(data.length, 1, () => gunzipWith(gz, data.length, 'fflate')));
    native = Math.max(native, await bestMBps(data.length, 1, () => gunzipSync(gz)));
  }
  return { oursMBps: ours, fflateMBps: fflate, nativeMBps: native, ratio: ours / native };
}
