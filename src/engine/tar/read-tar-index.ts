/**
 * Listing a tar archive: `readTarIndex` for random-access sources (hops from header to header
 * by offset, never touching file data) and `indexTarStream` for decompressed streams (reads
 * everything once, keeps nothing but headers). Both share `scanTar`.
 */
import type { ByteSource } from '../io/byte-source.ts';
import { type ScanOptions, type TarBytes, scanTar } from './scan-tar.ts';
import type { TarIndex } from './types.ts';

export type { ScanOptions as TarIndexOptions } from './scan-tar.ts';

/**
 * Reads ahead: one `source.read` fetches a window, and headers that fall inside it (many small
 * files in a row) cost no further read. A header beyond the window starts a new window there.
 * The window is kept small when headers are far apart, so big files are skipped, not read.
 */
class ReadAheadWindow implements TarBytes {
  private window: Uint8Array = new Uint8Array(0);
  private windowStart = 0;
  readonly length: number;

  constructor(
    private readonly source: ByteSource,
    private readonly windowSize: number,
  ) {
    this.length = source.size;
  }

  peek(offset: number, length: number): Uint8Array | undefined {
    const at = offset - this.windowStart;
    if (at < 0 || at + length > this.window.length) return undefined;
    return this.window.subarray(at, at + length);
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    this.window = await this.source.read(offset, Math.max(length, this.windowSize));
    this.windowStart = offset;
    return this.window.subarray(0, length);
  }
}

/** Default read-ahead: big enough for a run of small files, small enough to skip big ones. */
export const READ_AHEAD_BYTES = 32 * 1024;

export async function readTarIndex(source: ByteSource, options?: ScanOptions & { readAheadBytes?: number }): Promise<TarIndex> {
  return scanTar(new ReadAheadWindow(source, options?.readAheadBytes ?? READ_AHEAD_BYTES), options);
}

/**
 * A stream seen through offsets: bytes are dropped as soon as the reader moves past them, so
 * skipping a 1 GiB file holds at most one chunk. A range that spans chunks is joined into one.
 */
class StreamBytes implements TarBytes {
  private buffer: Uint8Array = new Uint8Array(0);
  /** Stream offset of `buffer[0]`. */
  private bufferStart = 0;
  length: number | undefined;

  constructor(private readonly chunks: AsyncIterator<Uint8Array>) {}

  peek(offset: number, length: number): Uint8Array | undefined {
    const at = offset - this.bufferStart;
    if (at < 0 || at + length > this.buffer.length) return undefined;
    return this.buffer.subarray(at, at + length);
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    while (this.bufferStart + this.buffer.length <= offset) {
      this.bufferStart += this.buffer.length;
      this.buffer = (await this.pull()) ?? new Uint8Array(0);
      if (this.buffer.length === 0) return this.buffer;
    }
    this.buffer = this.buffer.subarray(offset - this.bufferStart);
    this.bufferStart = offset;
    while (this.buffer.length < length) {
      const next = await this.pull();
      if (!next) break;
      const joined = new Uint8Array(this.buffer.length + next.length);
      joined.set(this.buffer);
      joined.set(next, this.buffer.length);
      this.buffer = joined;
    }
    return this.buffer.subarray(0, length);
  }

  private async pull(): Promise<Uint8Array | undefined> {
    if (this.length !== undefined) return undefined;
    for (;;) {
      const next = await this.chunks.next();
      if (next.done) {
        this.length = this.bufferStart + this.buffer.length;
        return undefined;
      }
      if (next.value.length > 0) return next.value;
    }
  }
}

/**
 * Index a tar read as a stream (e.g. out of `decompress`). Stops after the end-of-archive
 * blocks without draining the rest of `chunks`, so a caller can go on reading (hashing) it.
 */
export async function indexTarStream(chunks: AsyncIterable<Uint8Array>, options?: ScanOptions): Promise<TarIndex> {
  const iterator = chunks[Symbol.asyncIterator]();
  try {
    return await scanTar(new StreamBytes(iterator), options);
  } catch (err) {
    await Promise.resolve(iterator.return?.()).catch(() => undefined);
    throw err;
  }
}
