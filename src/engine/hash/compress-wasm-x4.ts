import { platform } from '../platform.ts';
import { K } from './sha256-constants.ts';
import { FunctionBody, moduleBytes, OP, SIMD, V128, VOID_BLOCK } from './wasm-emit.ts';

/**
 * Multi-buffer SHA-256: four independent messages compressed at once, one per i32x4 lane of
 * WebAssembly SIMD (Intel's "multi-buffer" technique). One lane is no faster than the scalar
 * kernel in compress-wasm.ts (wasm SIMD has no rotate, so each rotation is three instructions),
 * but four lanes cost about as much as 1.5 scalar blocks, so the aggregate throughput over four
 * streams is ~2.5× a single stream's. Emitted byte by byte here, like compress-wasm.ts.
 *
 * Per block the kernel runs two passes, so that neither needs more than x64's 16 vector
 * registers: first the message schedule (16 rolling words in locals), storing W[i] + K[i] for
 * all 64 rounds to memory; then the 64 rounds over a..h, reading those sums back.
 *
 * Memory layout: the state at byte 0 as 8 vectors (word j of lane k at byte 16j + 4k), the
 * schedule scratch at 128, then one input region of `LANE_BYTES` per lane from `DATA_ADDR`.
 * `compress(p0, p1, p2, p3, blockCount)` hashes `blockCount` blocks for every lane, lane k's
 * from byte address pk; all four lanes always run (the caller saves and restores the state of
 * a lane that has no input).
 */

export const LANES = 4;
const STATE_ADDR = 0;
const SCHEDULE_ADDR = 128;
export const DATA_ADDR = 2048;
/** Input bytes each lane can hold in the module's memory. */
export const LANE_BYTES = 2 * 1024 * 1024;
const MEMORY_PAGES = Math.ceil((DATA_ADDR + LANES * LANE_BYTES) / 65536);

// Local indices: the five parameters, then the declared v128 locals.
const PTR = [0, 1, 2, 3];
const BLOCK_COUNT = 4;
const WORK = [5, 6, 7, 8, 9, 10, 11, 12]; // a..h
const W = Array.from({ length: 16 }, (_, i) => 13 + i); // the rolling 16-word schedule
const T1 = 29;
const ROW = [30, 31, 32, 33]; // scratch for transposing input
const V128_LOCALS = 29;

/** i8x16.shuffle lane indices. */
const BYTE_SWAP_WORDS = [3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12];
const words = (...ws: number[]) => ws.flatMap((w) => [w * 4, w * 4 + 1, w * 4 + 2, w * 4 + 3]);
const INTERLEAVE_LOW = words(0, 4, 1, 5);
const INTERLEAVE_HIGH = words(2, 6, 3, 7);
const LOW_HALVES = words(0, 1, 4, 5);
const HIGH_HALVES = words(2, 3, 6, 7);

function shuffle(f: FunctionBody, a: number, b: number, lanes: number[]): FunctionBody {
  return f.get(a).get(b).simd(SIMD.i8x16Shuffle, ...lanes);
}

/** Push rotr(x, n) ^ rotr(x, m) ^ (x >>> s or rotr(x, s)): the four σ/Σ functions. */
function sigma(f: FunctionBody, x: number, n: number, m: number, s: number, rotateLast: boolean): void {
  const rotr = (k: number) => f.get(x).const(k).simd(SIMD.i32x4ShrU).get(x).const(32 - k).simd(SIMD.i32x4Shl).simd(SIMD.v128Or);
  rotr(n);
  rotr(m).simd(SIMD.v128Xor);
  if (rotateLast) rotr(s);
  else f.get(x).const(s).simd(SIMD.i32x4ShrU);
  f.simd(SIMD.v128Xor);
}

function emitCompress4(f: FunctionBody): void {
  f.emit(OP.block, VOID_BLOCK, OP.loop, VOID_BLOCK);
  f.get(BLOCK_COUNT).emit(OP.i32Eqz, OP.brIf, 1);

  // Pass 1: the message schedule. Words 0..15: load 16 bytes of each lane, byte-swap to
  // big-endian words, and transpose the 4×4 so that W[i] holds word i of every lane.
  for (let q = 0; q < 4; q++) {
    for (let k = 0; k < LANES; k++) f.get(PTR[k]!).loadV128(q * 16).get(ROW[k]!).simd(SIMD.i8x16Shuffle, ...BYTE_SWAP_WORDS).set(ROW[k]!);
    // Rows [a0 a1 a2 a3], [b0 …], [c0 …], [d0 …] → [a0 b0 a1 b1], [a2 b2 a3 b3], [c0 d0 c1 d1], [c2 d2 c3 d3]
    // → [a0 b0 c0 d0], [a1 b1 c1 d1], [a2 b2 c2 d2], [a3 b3 c3 d3].
    const [t0, t1, t2, t3] = [W[4 * q]!, W[4 * q + 1]!, W[4 * q + 2]!, W[4 * q + 3]!];
    shuffle(f, ROW[0]!, ROW[1]!, INTERLEAVE_LOW).set(t0);
    shuffle(f, ROW[0]!, ROW[1]!, INTERLEAVE_HIGH).set(t1);
    shuffle(f, ROW[2]!, ROW[3]!, INTERLEAVE_LOW).set(t2);
    shuffle(f, ROW[2]!, ROW[3]!, INTERLEAVE_HIGH).set(t3);
    shuffle(f, t0, t2, LOW_HALVES).set(ROW[0]!);
    shuffle(f, t0, t2, HIGH_HALVES).set(ROW[1]!);
    shuffle(f, t1, t3, LOW_HALVES).set(ROW[2]!);
    shuffle(f, t1, t3, HIGH_HALVES).set(ROW[3]!);
    for (let k = 0; k < 4; k++) f.get(ROW[k]!).set(W[4 * q + k]!);
  }
  for (let i = 0; i < 64; i++) {
    const w = W[i % 16]!;
    if (i >= 16) {
      // W[i] = σ1(W[i-2]) + W[i-7] + σ0(W[i-15]) + W[i-16]
      f.get(w);
      sigma(f, W[(i - 15) % 16]!, 7, 18, 3, false);
      f.simd(SIMD.i32x4Add).get(W[(i - 7) % 16]!).simd(SIMD.i32x4Add);
      sigma(f, W[(i - 2) % 16]!, 17, 19, 10, false);
      f.simd(SIMD.i32x4Add).set(w);
    }
    f.const(0).get(w).splatConst(K[i]!).simd(SIMD.i32x4Add).storeV128(SCHEDULE_ADDR + i * 16);
  }

  // Pass 2: the 64 rounds.
  for (let j = 0; j < 8; j++) f.const(0).loadV128(STATE_ADDR + j * 16).set(WORK[j]!);
  for (let i = 0; i < 64; i++) {
    const role = (j: number) => WORK[(j - (i % 8) + 8) % 8]!;
    const [a, b, c, d, e, ff, g, h] = [0, 1, 2, 3, 4, 5, 6, 7].map(role) as [number, number, number, number, number, number, number, number];
    // T1 = h + (K[i] + W[i]) + Ch(e, f, g) + Σ1(e), with Ch = bitselect(f, g, e).
    f.get(h).const(0).loadV128(SCHEDULE_ADDR + i * 16).simd(SIMD.i32x4Add);
    f.get(ff).get(g).get(e).simd(SIMD.v128Bitselect).simd(SIMD.i32x4Add);
    sigma(f, e, 6, 11, 25, true);
    f.simd(SIMD.i32x4Add).set(T1);
    // d += T1; h = T1 + Σ0(a) + Maj(a, b, c), with Maj = bitselect(b, a, a ^ c).
    f.get(d).get(T1).simd(SIMD.i32x4Add).set(d);
    f.get(T1);
    sigma(f, a, 2, 13, 22, true);
    f.simd(SIMD.i32x4Add);
    f.get(b).get(a).get(a).get(c).simd(SIMD.v128Xor).simd(SIMD.v128Bitselect).simd(SIMD.i32x4Add).set(h);
  }
  for (let j = 0; j < 8; j++) f.const(0).const(0).loadV128(STATE_ADDR + j * 16).get(WORK[j]!).simd(SIMD.i32x4Add).storeV128(STATE_ADDR + j * 16);

  for (const p of PTR) f.get(p).const(64).emit(OP.i32Add).set(p);
  f.get(BLOCK_COUNT).const(1).emit(OP.i32Sub).set(BLOCK_COUNT);
  f.emit(OP.br, 0, OP.end, OP.end);
  f.emit(OP.end);
}

/** The module's bytes: `(func (export "compress4") (param i32 i32 i32 i32 i32))` and its exported memory. */
export function sha256x4WasmModuleBytes(): Uint8Array<ArrayBuffer> {
  const body = new FunctionBody();
  emitCompress4(body);
  return moduleBytes({ params: 5, locals: [[V128_LOCALS, V128]], body, memoryPages: MEMORY_PAGES, exportName: 'compress4' });
}

/** One instance of the 4-lane kernel, with views over its memory. */
export interface Sha256x4Kernel {
  /** The whole module memory; lane k's input region starts at `DATA_ADDR + k * LANE_BYTES`. */
  readonly memory: Uint8Array;
  /** The interleaved state: word j of lane k is `state[4 * j + k]`. */
  readonly state: Int32Array;
  compress4(p0: number, p1: number, p2: number, p3: number, blockCount: number): void;
}

type WasmWithValidate = NonNullable<typeof platform.WebAssembly> & { validate?(bytes: Uint8Array): boolean };

let compiled: object | null | undefined;

/**
 * A fresh 4-lane kernel (each has its own memory), or `null` when this platform has no
 * WebAssembly SIMD (feature-detected with `WebAssembly.validate`) or refuses a synchronous
 * compile; callers then fall back to the one-stream kernels.
 */
export function createSha256x4Kernel(): Sha256x4Kernel | null {
  const wasm = platform.WebAssembly as WasmWithValidate | undefined;
  if (compiled === undefined) {
    compiled = null;
    try {
      const bytes = sha256x4WasmModuleBytes();
      if (wasm && (wasm.validate === undefined || wasm.validate(bytes))) compiled = new wasm.Module(bytes);
    } catch {
      compiled = null;
    }
  }
  if (!wasm || compiled === null) return null;
  try {
    const exports = new wasm.Instance(compiled).exports as unknown as {
      memory: { buffer: ArrayBuffer };
      compress4(p0: number, p1: number, p2: number, p3: number, blockCount: number): void;
    };
    // The memory never grows, so these views stay valid.
    return { memory: new Uint8Array(exports.memory.buffer), state: new Int32Array(exports.memory.buffer, STATE_ADDR, 8 * LANES), compress4: exports.compress4 };
  } catch {
    return null;
  }
}
