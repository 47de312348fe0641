import { LayerlabError } from '../errors.ts';

/**
 * A forward-only reader over a stream of chunks: `read(offset, length)` returns bytes at
 * increasing offsets, skipping what lies between. Compressed layers are not random-access, so a
 * layer keeps one cursor over its decompressed tar: reading files in archive order (a walk, an
 * analysis) costs one decompression pass in total instead of one per file.
 */
export class StreamCursor {
  private readonly iterator: AsyncIterator<Uint8Array>;
  /** Offset in the stream of `pending[0]`. */
  private position = 0;
  private pending: Uint8Array = new Uint8Array(0);

  constructor(chunks: AsyncIterable<Uint8Array>) {
    this.iterator = chunks[Symbol.asyncIterator]();
  }

  /** The offset the next read may start at; earlier bytes are gone. */
  get offset(): number {
    return this.position;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    if (offset < this.position) throw new LayerlabError('EINVAL', `stream cursor is past offset ${offset}`);
    const out = new Uint8Array(length);
    let filled = 0;
    while (filled < length) {
      if (this.pending.length === 0 && !(await this.pull())) {
        throw new LayerlabError('TRUNCATED', `stream ended at byte ${this.position}, before byte ${offset + length}`);
      }
      const start = offset + filled;
      if (this.position + this.pending.length <= start) {
        this.position += this.pending.length;
        this.pending = new Uint8Array(0);
        continue;
      }
      const from = start - this.position;
      const n = Math.min(length - filled, this.pending.length - from);
      out.set(this.pending.subarray(from, from + n), filled);
      filled += n;
      this.pending = this.pending.subarray(from + n);
      this.position = start + n;
    }
    return out;
  }

  /** Stop the underlying stream (e.g. a decompressor) early. */
  async close(): Promise<void> {
    await this.iterator.return?.();
  }

  private async pull(): Promise<boolean> {
    const next = await this.iterator.next();
    if (next.done) return false;
    this.pending = next.value;
    return true;
  }
}
