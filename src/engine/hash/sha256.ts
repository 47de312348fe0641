import type { CompressBlocks } from './compress-types.ts';
import { compressBlocksTs } from './compress-ts.ts';
import { wasmCompressBlocks } from './compress-wasm.ts';
import { BLOCK_BYTES, INITIAL_STATE } from './sha256-constants.ts';

/** Which compression function a hasher runs: `'auto'` is WebAssembly when available, else TypeScript. */
export type Sha256Implementation = 'auto' | 'wasm' | 'ts';

/** The one-stream block kernel a hasher of this implementation runs. */
export function compressFor(implementation: Sha256Implementation): CompressBlocks {
  if (implementation === 'ts') return compressBlocksTs;
  const wasm = wasmCompressBlocks();
  if (wasm) return wasm;
  if (implementation === 'wasm') throw new Error('WebAssembly is not available on this platform');
  return compressBlocksTs;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += HEX[b]!;
  return out;
}

/** A streaming SHA-256 hash: `Sha256`, or one lane of a `Sha256x4`. */
export interface Sha256Hasher {
  update(data: Uint8Array): this;
  /** The 32-byte digest. Finalises the hasher: later calls return the same digest. */
  digest(): Uint8Array;
  hex(): string;
}

/**
 * What follows a message of `length` bytes, FIPS 180-4 §5.1.1: 0x80, zeros up to 8 bytes short of
 * a block boundary, then the length in bits as a 64-bit big-endian integer.
 */
export function sha256Padding(length: number): Uint8Array {
  const zeros = (BLOCK_BYTES - ((length + 9) % BLOCK_BYTES)) % BLOCK_BYTES;
  const out = new Uint8Array(1 + zeros + 8);
  out[0] = 0x80;
  const bits = length * 8;
  const high = Math.floor(bits / 0x1_0000_0000);
  const low = bits >>> 0;
  const end = out.length;
  out[end - 8] = high >>> 24; out[end - 7] = high >>> 16; out[end - 6] = high >>> 8; out[end - 5] = high;
  out[end - 4] = low >>> 24; out[end - 3] = low >>> 16; out[end - 2] = low >>> 8; out[end - 1] = low;
  return out;
}

/** The digest bytes of a final 8-word state: the words, big-endian. */
export function digestOfState(state: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 8; i++) {
    const word = state[i]!;
    out[i * 4] = word >>> 24; out[i * 4 + 1] = word >>> 16; out[i * 4 + 2] = word >>> 8; out[i * 4 + 3] = word;
  }
  return out;
}

/**
 * Streaming SHA-256 (FIPS 180-4). `update` hashes whole blocks straight from the caller's
 * buffer and keeps only a partial trailing block, so hashing never copies the input (beyond the
 * wasm kernel's own 64 KiB window).
 */
export class Sha256 implements Sha256Hasher {
  private readonly state = new Int32Array(INITIAL_STATE);
  private readonly pending = new Uint8Array(BLOCK_BYTES);
  private pendingLength = 0;
  /** Total bytes hashed; a double is exact up to 2^53, far beyond any archive we read. */
  private length = 0;
  private finished: Uint8Array | undefined;
  private readonly compress: CompressBlocks;

  constructor(implementation: Sha256Implementation = 'auto') {
    this.compress = compressFor(implementation);
  }

  update(data: Uint8Array): this {
    if (this.finished) throw new Error('Sha256: update() after digest()');
    this.length += data.length;
    let pos = 0;
    if (this.pendingLength > 0) {
      const take = Math.min(BLOCK_BYTES - this.pendingLength, data.length);
      this.pending.set(data.subarray(0, take), this.pendingLength);
      this.pendingLength += take;
      pos = take;
      if (this.pendingLength < BLOCK_BYTES) return this;
      this.compress(this.state, this.pending, 0, 1);
      this.pendingLength = 0;
    }
    const blocks = Math.floor((data.length - pos) / BLOCK_BYTES);
    if (blocks > 0) {
      this.compress(this.state, data, pos, blocks);
      pos += blocks * BLOCK_BYTES;
    }
    if (pos < data.length) {
      this.pending.set(data.subarray(pos), 0);
      this.pendingLength = data.length - pos;
    }
    return this;
  }

  digest(): Uint8Array {
    if (this.finished) return this.finished.slice();
    const tail = new Uint8Array(this.pendingLength < 56 ? 64 : 128);
    tail.set(this.pending.subarray(0, this.pendingLength));
    tail.set(sha256Padding(this.length), this.pendingLength);
    this.compress(this.state, tail, 0, tail.length / BLOCK_BYTES);
    const out = digestOfState(this.state);
    this.finished = out;
    return out.slice();
  }

  hex(): string {
    return toHex(this.digest());
  }
}
