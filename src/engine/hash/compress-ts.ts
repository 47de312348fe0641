import { K } from './sha256-constants.ts';

/**
 * The SHA-256 compression function over whole 64-byte blocks, FIPS 180-4 §6.2.2, in plain
 * TypeScript: the fallback where WebAssembly is unavailable (see compress-wasm.ts).
 *
 * Written for V8: the eight working variables live in locals, rounds are unrolled eight at a
 * time with the variables' roles rotated instead of shuffled, words are read big-endian straight
 * from the caller's bytes, and the message schedule is one preallocated array, so nothing is
 * allocated per block.
 */

/** Processes `blockCount` 64-byte blocks of `data` starting at `offset`, updating `state` in place. */
export type CompressBlocks = (state: Int32Array, data: Uint8Array, offset: number, blockCount: number) => void;

const schedule = new Int32Array(64);

export const compressBlocksTs: CompressBlocks = (state, data, offset, blockCount) => {
  const w = schedule;
  const k = K;
  const p = data;
  let h0 = state[0]! | 0, h1 = state[1]! | 0, h2 = state[2]! | 0, h3 = state[3]! | 0;
  let h4 = state[4]! | 0, h5 = state[5]! | 0, h6 = state[6]! | 0, h7 = state[7]! | 0;
  for (let pos = offset, end = offset + blockCount * 64; pos < end; pos += 64) {
    for (let i = 0, j = pos; i < 16; i++, j += 4) {
      w[i] = (p[j]! << 24) | (p[j + 1]! << 16) | (p[j + 2]! << 8) | p[j + 3]!;
    }
    for (let i = 16; i < 64; i++) {
      const x = w[i - 15]!, y = w[i - 2]!;
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[i] = (s0 + w[i - 7]! + s1 + w[i - 16]!) | 0;
    }
    let a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7, t = 0;
    // Each line pair is one round: T1 = h + Σ1(e) + Ch(e,f,g) + K[i] + W[i]; d += T1;
    // h = T1 + Σ0(a) + Maj(a,b,c). Ch is written g ^ (e & (f ^ g)), Maj b ^ ((a ^ b) & (b ^ c)).
    for (let i = 0; i < 64; i += 8) {
      t = (h + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) + (g ^ (e & (f ^ g))) + k[i]! + w[i]!) | 0;
      d = (d + t) | 0; h = (t + ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) + (b ^ ((a ^ b) & (b ^ c))))) | 0;
      t = (g + (((d >>> 6) | (d << 26)) ^ ((d >>> 11) | (d << 21)) ^ ((d >>> 25) | (d << 7))) + (f ^ (d & (e ^ f))) + k[i + 1]! + w[i + 1]!) | 0;
      c = (c + t) | 0; g = (t + ((((h >>> 2) | (h << 30)) ^ ((h >>> 13) | (h << 19)) ^ ((h >>> 22) | (h << 10))) + (a ^ ((h ^ a) & (a ^ b))))) | 0;
      t = (f + (((c >>> 6) | (c << 26)) ^ ((c >>> 11) | (c << 21)) ^ ((c >>> 25) | (c << 7))) + (e ^ (c & (d ^ e))) + k[i + 2]! + w[i + 2]!) | 0;
      b = (b + t) | 0; f = (t + ((((g >>> 2) | (g << 30)) ^ ((g >>> 13) | (g << 19)) ^ ((g >>> 22) | (g << 10))) + (h ^ ((g ^ h) & (h ^ a))))) | 0;
      t = (e + (((b >>> 6) | (b << 26)) ^ ((b >>> 11) | (b << 21)) ^ ((b >>> 25) | (b << 7))) + (d ^ (b & (c ^ d))) + k[i + 3]! + w[i + 3]!) | 0;
      a = (a + t) | 0; e = (t + ((((f >>> 2) | (f << 30)) ^ ((f >>> 13) | (f << 19)) ^ ((f >>> 22) | (f << 10))) + (g ^ ((f ^ g) & (g ^ h))))) | 0;
      t = (d + (((a >>> 6) | (a << 26)) ^ ((a >>> 11) | (a << 21)) ^ ((a >>> 25) | (a << 7))) + (c ^ (a & (b ^ c))) + k[i + 4]! + w[i + 4]!) | 0;
      h = (h + t) | 0; d = (t + ((((e >>> 2) | (e << 30)) ^ ((e >>> 13) | (e << 19)) ^ ((e >>> 22) | (e << 10))) + (f ^ ((e ^ f) & (f ^ g))))) | 0;
      t = (c + (((h >>> 6) | (h << 26)) ^ ((h >>> 11) | (h << 21)) ^ ((h >>> 25) | (h << 7))) + (b ^ (h & (a ^ b))) + k[i + 5]! + w[i + 5]!) | 0;
      g = (g + t) | 0; c = (t + ((((d >>> 2) | (d << 30)) ^ ((d >>> 13) | (d << 19)) ^ ((d >>> 22) | (d << 10))) + (e ^ ((d ^ e) & (e ^ f))))) | 0;
      t = (b + (((g >>> 6) | (g << 26)) ^ ((g >>> 11) | (g << 21)) ^ ((g >>> 25) | (g << 7))) + (a ^ (g & (h ^ a))) + k[i + 6]! + w[i + 6]!) | 0;
      f = (f + t) | 0; b = (t + ((((c >>> 2) | (c << 30)) ^ ((c >>> 13) | (c << 19)) ^ ((c >>> 22) | (c << 10))) + (d ^ ((c ^ d) & (d ^ e))))) | 0;
      t = (a + (((f >>> 6) | (f << 26)) ^ ((f >>> 11) | (f << 21)) ^ ((f >>> 25) | (f << 7))) + (h ^ (f & (g ^ h))) + k[i + 7]! + w[i + 7]!) | 0;
      e = (e + t) | 0; a = (t + ((((b >>> 2) | (b << 30)) ^ ((b >>> 13) | (b << 19)) ^ ((b >>> 22) | (b << 10))) + (c ^ ((b ^ c) & (c ^ d))))) | 0;
    }
    h0 = (h0 + a) | 0; h1 = (h1 + b) | 0; h2 = (h2 + c) | 0; h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0; h5 = (h5 + f) | 0; h6 = (h6 + g) | 0; h7 = (h7 + h) | 0;
  }
  state[0] = h0; state[1] = h1; state[2] = h2; state[3] = h3;
  state[4] = h4; state[5] = h5; state[6] = h6; state[7] = h7;
};
