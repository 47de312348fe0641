import type { CompressBlocks } from './compress-types.ts';
import { compressBlocksTs } from './compress-ts.ts';
import { wasmCompressBlocks } from './compress-wasm.ts';
import { BLOCK_BYTES, INITIAL_STATE } from './sha256-constants.ts';

/** Which compression function a hasher runs: `'auto'` is WebAssembly when available, else TypeScript. */
export type Sha256Implementation = 'auto' | 'wasm' | 'ts';

function compressFor(implementation: Sha256Implementation): CompressBlocks {
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

/**
 * Streaming SHA-256 (FIPS 180-4). `update` hashes whole blocks straight from the caller's
 * buffer and keeps only a partial trailing block, so hashing never copies the input (beyond the
 * wasm kernel's own 64 KiB window).
 */
export class Sha256 {
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

  /** The 32-byte digest. Finalises the hasher: later calls return the same digest. */
  digest(): Uint8Array {
    if (this.finished) return this.finished.slice();
    // Padding, FIPS 180-4 §5.1.1: 0x80, zeros, then the bit length as a 64-bit big-endian integer.
    const tail = new Uint8Array(this.pendingLength < 56 ? 64 : 128);
    tail.set(this.pending.subarray(0, this.pendingLength));
    tail[this.pendingLength] = 0x80;
    const bits = this.length * 8;
    const high = Math.floor(bits / 0x1_0000_0000);
    const low = bits >>> 0;
    const end = tail.length;
    tail[end - 8] = high >>> 24; tail[end - 7] = high >>> 16; tail[end - 6] = high >>> 8; tail[end - 5] = high;
    tail[end - 4] = low >>> 24; tail[end - 3] = low >>> 16; tail[end - 2] = low >>> 8; tail[end - 1] = low;
    this.compress(this.state, tail, 0, tail.length / BLOCK_BYTES);
    const out = new Uint8Array(32);
    for (let i = 0; i < 8; i++) {
      const word = this.state[i]!;
      out[i * 4] = word >>> 24; out[i * 4 + 1] = word >>> 16; out[i * 4 + 2] = word >>> 8; out[i * 4 + 3] = word;
    }
    this.finished = out;
    return out.slice();
  }

  hex(): string {
    return toHex(this.digest());
  }
}
