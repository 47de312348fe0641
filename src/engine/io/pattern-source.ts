/**
 * Big files that cost nothing: a short head, then one 512-byte block repeated to the file's
 * size. The catalog's placeholder binaries are such files, so a 5.8 MB redis-server is 5.8 MB
 * in every listing, archive and checksum, while memory holds only its head. The block repeats
 * by file offset (byte k is `PATTERN_BLOCK[k % 512]`), and tar puts file data on 512-byte
 * boundaries, so in any tar stream the pattern shows up as whole blocks equal to
 * `PATTERN_BLOCK`: that is how a stream is recognised (pattern-runs.ts) without knowing the
 * files in it. A deflate stream repeats it for about two bits per 258-byte match.
 */
import { LayerlabError } from '../errors.ts';
import type { ByteSource } from './byte-source.ts';

export const PATTERN_BLOCK_BYTES = 512;

/** Deterministic bytes that look like a binary's (xorshift32 from a fixed seed), not like text or zeros. */
export const PATTERN_BLOCK: Uint8Array = (() => {
  const block = new Uint8Array(PATTERN_BLOCK_BYTES);
  let x = 0x9e3779b9;
  for (let i = 0; i < block.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    block[i] = x & 0xff;
  }
  return block;
})();

/** Whether `bytes[at, at + 512)` is the pattern block. */
export function isPatternBlock(bytes: Uint8Array, at: number): boolean {
  if (bytes[at] !== PATTERN_BLOCK[0]) return false;
  for (let i = 1; i < PATTERN_BLOCK_BYTES; i++) if (bytes[at + i] !== PATTERN_BLOCK[i]) return false;
  return true;
}

/** Fill `target` with the pattern bytes of file offsets `[offset, offset + target.length)`. */
export function fillPattern(target: Uint8Array, offset: number): void {
  let pos = 0;
  let phase = offset % PATTERN_BLOCK_BYTES;
  while (pos < target.length) {
    const n = Math.min(PATTERN_BLOCK_BYTES - phase, target.length - pos);
    target.set(PATTERN_BLOCK.subarray(phase, phase + n), pos);
    pos += n;
    phase = 0;
  }
}

/** `size` bytes: `head`, then the pattern. The bytes exist only while a read asks for them. */
export class PatternSource implements ByteSource {
  constructor(
    readonly head: Uint8Array,
    readonly size: number,
  ) {
    if (!Number.isSafeInteger(size) || size < head.length) {
      throw new LayerlabError('EINVAL', `a patterned file of ${size} bytes cannot start with a head of ${head.length}`);
    }
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const out = new Uint8Array(Math.max(0, Math.min(length, this.size - offset)));
    this.fill(offset, out);
    return out;
  }

  async readInto(offset: number, target: Uint8Array): Promise<number> {
    const n = Math.max(0, Math.min(target.length, this.size - offset));
    this.fill(offset, target.subarray(0, n));
    return n;
  }

  /** The bytes of `[offset, offset + length)`, made now (when a caller needs them all in memory). */
  readSync(offset: number, length: number): Uint8Array {
    const out = new Uint8Array(Math.max(0, Math.min(length, this.size - offset)));
    this.fill(offset, out);
    return out;
  }

  private fill(offset: number, target: Uint8Array): void {
    if (!Number.isSafeInteger(offset) || offset < 0) throw new LayerlabError('EINVAL', `invalid read offset ${offset}`);
    const fromHead = Math.max(0, Math.min(target.length, this.head.length - offset));
    if (fromHead > 0) target.set(this.head.subarray(offset, offset + fromHead));
    if (fromHead < target.length) fillPattern(target.subarray(fromHead), offset + fromHead);
  }
}

/** `size` zero bytes (tar padding, a file made longer by truncate). */
export class ZeroSource implements ByteSource {
  constructor(readonly size: number) {}
  async read(offset: number, length: number): Promise<Uint8Array> {
    return this.readSync(offset, length);
  }
  readSync(offset: number, length: number): Uint8Array {
    return new Uint8Array(Math.max(0, Math.min(length, this.size - offset)));
  }
}
