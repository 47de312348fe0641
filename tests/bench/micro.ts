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
import { Sha256 } from '../../src/engine/hash/sha256.ts';
import type { Sha256Implementation } from '../../src/engine/hash/sha256.ts';
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

/**
 * SHA-256 throughput. `oursMBps` is the pure TypeScript kernel, `wasmMBps` the self-emitted
 * WebAssembly kernel (absent if the platform has none), `nativeMBps` node:crypto; `ratio` is
 * what `new Sha256()` uses by default (wasm where available) ÷ node:crypto.
 */
export async function measureSha256(sizeBytes = 64 * MiB, reps = 5): Promise<{ oursMBps: number; wasmMBps?: number; nativeMBps: number; ratio: number }> {
  const data = layerLikeData(sizeBytes);
  const hash = (impl: Sha256Implementation) => () => new Sha256(impl).update(data).hex();
  // Same answer first, then timing; interleave reps so a noisy neighbour hits all alike.
  const expected = createHash('sha256').update(data).digest('hex');
  if (hash('ts')() !== expected) throw new Error('sha256 (ts) disagrees with node:crypto');
  const hasWasm = wasmCompressBlocks() !== null;
  if (hasWasm && hash('wasm')() !== expected) throw new Error('sha256 (wasm) disagrees with node:crypto');
  // Warm up: let V8 optimise the TS kernel and tier the wasm one up before anything is timed.
  const warm = data.subarray(0, MiB);
  for (let i = 0; i < 20; i++) {
    new Sha256('ts').update(warm).digest();
    if (hasWasm) new Sha256('wasm').update(warm).digest();
  }
  let ours = 0, wasm = 0, native = 0;
  for (let i = 0; i < reps; i++) {
    ours = Math.max(ours, await bestMBps(data.length, 1, hash('ts')));
    if (hasWasm) wasm = Math.max(wasm, await bestMBps(data.length, 1, hash('wasm')));
    native = Math.max(native, await bestMBps(data.length, 1, () => createHash('sha256').update(data).digest()));
  }
  const used = hasWasm ? Math.max(wasm, 0) : ours;
  return { oursMBps: ours, ...(hasWasm ? { wasmMBps: wasm } : {}), nativeMBps: native, ratio: used / native };
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
