import { LayerlabError } from '../errors.ts';
import type { PlatformBlob } from '../platform.ts';

/**
 * Random-access, read-only bytes: an uploaded `File`, an in-memory buffer, a file on disk (Node
 * adapter in src/node), or a window into another source. Everything that lists archives reads
 * through this, by offset, so nothing ever has to hold a whole archive in memory.
 */
export interface ByteSource {
  /** Total length in bytes. */
  readonly size: number;
  /**
   * Read `length` bytes at `offset`. Returns fewer only when the range runs past `size`
   * (then exactly `size - offset`, or none). The returned array may be a view that the caller
   * must not modify.
   */
  read(offset: number, length: number): Promise<Uint8Array>;
  /**
   * Optional: read up to `target.length` bytes at `offset` into `target` (fewer only past
   * `size`) and return how many. Lets hot loops (tar indexing) reuse one buffer instead of
   * allocating one per read.
   */
  readInto?(offset: number, target: Uint8Array): Promise<number>;
  /**
   * Optional: the bytes of `[start, end)` as chunks of at most `chunkSize`, each valid only
   * until the next is asked for (the contract of `readChunksReusing`, which prefers this). Lets
   * a source that streams (an upload in the page, read on another thread) hand over the chunks
   * it filled instead of copying them into the caller's buffer.
   */
  chunksReusing?(start: number, end: number, chunkSize: number): AsyncIterable<Uint8Array>;
  /**
   * Optional: `read` without waiting, for sources whose bytes are in memory or computed (bytes,
   * patterned files, concatenations of those). Lets synchronous writers (`writeTar`) take them.
   */
  readSync?(offset: number, length: number): Uint8Array;
}

function checkRange(size: number, offset: number, length: number): number {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
    throw new LayerlabError('EINVAL', `invalid read range: offset ${offset}, length ${length}`);
  }
  return Math.max(0, Math.min(length, size - offset));
}

/** Bytes already in memory. Reads return views, not copies. */
export class MemorySource implements ByteSource {
  readonly size: number;
  constructor(readonly bytes: Uint8Array) {
    this.size = bytes.length;
  }
  async read(offset: number, length: number): Promise<Uint8Array> {
    return this.readSync(offset, length);
  }
  readSync(offset: number, length: number): Uint8Array {
    const n = checkRange(this.size, offset, length);
    return this.bytes.subarray(offset, offset + n);
  }
}

/** Bytes or a source of them, as a source. */
export function asSource(content: Uint8Array | ByteSource): ByteSource {
  return content instanceof Uint8Array ? new MemorySource(content) : content;
}

/** The bytes behind a source when it already holds them in memory (no copy), else undefined. */
export function bytesInMemory(source: ByteSource): Uint8Array | undefined {
  return source instanceof MemorySource ? source.bytes : undefined;
}

/** All of a source's bytes now, when it can give them without waiting (see `readSync`), else undefined. */
export function bytesNow(source: ByteSource): Uint8Array | undefined {
  return bytesInMemory(source) ?? source.readSync?.(0, source.size);
}

/** A browser `Blob`/`File` (or Node's `Blob`): each read slices and reads only that range. */
export class BlobSource implements ByteSource {
  readonly size: number;
  constructor(private current: PlatformBlob) {
    this.size = current.size;
  }

  /** The Blob itself: a store that keeps Blobs (IndexedDB) can keep it without reading it. */
  get blob(): PlatformBlob {
    return this.current;
  }

  /**
   * Read from `stored` from now on: the same bytes, kept elsewhere (IndexedDB's copy of this
   * Blob), so the browser can let the first copy go.
   */
  adopt(stored: PlatformBlob): void {
    if (stored.size !== this.size) throw new LayerlabError('CORRUPT_SNAPSHOT', `the stored copy is ${stored.size} bytes, not ${this.size}`);
    this.current = stored;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const n = checkRange(this.size, offset, length);
    if (n === 0) return new Uint8Array(0);
    return new Uint8Array(await this.current.slice(offset, offset + n).arrayBuffer());
  }
}

/** A window `[offset, offset + length)` of another source, e.g. one member of a tar archive. */
export class SliceSource implements ByteSource {
  readonly size: number;
  constructor(
    readonly parent: ByteSource,
    readonly offset: number,
    length: number,
  ) {
    if (offset < 0 || length < 0 || offset + length > parent.size) {
      throw new LayerlabError('EINVAL', `slice [${offset}, ${offset + length}) is outside a source of ${parent.size} bytes`);
    }
    this.size = length;
  }
  read(offset: number, length: number): Promise<Uint8Array> {
    const n = checkRange(this.size, offset, length);
    return this.parent.read(this.offset + offset, n);
  }
  get readSync(): ((offset: number, length: number) => Uint8Array) | undefined {
    const parent = this.parent;
    if (!parent.readSync) return undefined;
    return (offset, length) => parent.readSync!(this.offset + offset, checkRange(this.size, offset, length));
  }
  get chunksReusing(): ((start: number, end: number, chunkSize: number) => AsyncIterable<Uint8Array>) | undefined {
    const parent = this.parent;
    if (!parent.chunksReusing) return undefined;
    return (start, end, chunkSize) => {
      const from = this.offset + Math.min(Math.max(0, start), this.size);
      return parent.chunksReusing!(from, Math.max(from, this.offset + Math.min(end, this.size)), chunkSize);
    };
  }
  async readInto(offset: number, target: Uint8Array): Promise<number> {
    const n = checkRange(this.size, offset, target.length);
    if (this.parent.readInto) return this.parent.readInto(this.offset + offset, target.subarray(0, n));
    const bytes = await this.parent.read(this.offset + offset, n);
    target.set(bytes);
    return bytes.length;
  }
}

export function sliceSource(parent: ByteSource, offset: number, length: number): ByteSource {
  // Flatten nested slices so reads go straight to the underlying source.
  if (parent instanceof SliceSource) return new SliceSource(parent.parent, parent.offset + offset, length);
  return new SliceSource(parent, offset, length);
}

/** Stream a range of a source as chunks of at most `chunkSize` bytes. */
export async function* readChunks(
  source: ByteSource,
  chunkSize = 1 << 20,
  start = 0,
  end = source.size,
): AsyncGenerator<Uint8Array> {
  for (let pos = start; pos < end; ) {
    const chunk = await source.read(pos, Math.min(chunkSize, end - pos));
    if (chunk.length === 0) return;
    pos += chunk.length;
    yield chunk;
  }
}

/**
 * A stream's bytes in new arrays of exactly `size` bytes (the last one shorter, none if the
 * stream is empty), however the stream is chunked: for consumers that keep what they are given
 * (a Blob part, fflate's input) or whose output depends on where their input is cut.
 */
export async function* fixedSizeChunks(chunks: AsyncIterable<Uint8Array>, size: number): AsyncGenerator<Uint8Array<ArrayBuffer>> {
  let block = new Uint8Array(size);
  let filled = 0;
  for await (const chunk of chunks) {
    for (let taken = 0; taken < chunk.length; ) {
      const n = Math.min(chunk.length - taken, size - filled);
      block.set(chunk.subarray(taken, taken + n), filled);
      filled += n;
      taken += n;
      if (filled === size) {
        yield block;
        block = new Uint8Array(size);
        filled = 0;
      }
    }
  }
  if (filled > 0) yield block.subarray(0, filled);
}

/**
 * `readChunks` for a consumer that is done with each chunk before asking for the next (hashing):
 * when the source can `readInto` (a file on disk in Node), every chunk is a view of one reused
 * buffer instead of a new array per chunk for the garbage collector to find. A source that
 * streams its own chunks (`chunksReusing`) gives them.
 */
export async function* readChunksReusing(
  source: ByteSource,
  chunkSize = 1 << 20,
  start = 0,
  end = source.size,
): AsyncGenerator<Uint8Array> {
  if (source.chunksReusing) {
    yield* source.chunksReusing(start, Math.min(end, source.size), chunkSize);
    return;
  }
  if (!source.readInto) {
    yield* readChunks(source, chunkSize, start, end);
    return;
  }
  const buffer = new Uint8Array(Math.min(chunkSize, Math.max(0, end - start)));
  for (let pos = start; pos < end; ) {
    const n = await source.readInto(pos, buffer.subarray(0, Math.min(chunkSize, end - pos)));
    if (n === 0) return;
    pos += n;
    yield buffer.subarray(0, n);
  }
}

/**
 * Read a whole (small) source into memory: for manifests and configs. `maxBytes` guards against
 * a hostile archive naming a huge member as its "manifest".
 */
export async function readAll(source: ByteSource, maxBytes: number, what = 'data'): Promise<Uint8Array> {
  if (source.size > maxBytes) {
    throw new LayerlabError('TOO_LARGE', `${what} is ${source.size} bytes, more than the ${maxBytes} allowed`);
  }
  const bytes = await source.read(0, source.size);
  if (bytes.length !== source.size) {
    throw new LayerlabError('TRUNCATED', `${what}: expected ${source.size} bytes, read ${bytes.length}`);
  }
  return bytes;
}

/** Collect a stream of chunks into one array, failing past `maxBytes`. */
export async function collect(chunks: AsyncIterable<Uint8Array>, maxBytes: number, what = 'data'): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of chunks) {
    total += chunk.length;
    if (total > maxBytes) throw new LayerlabError('TOO_LARGE', `${what} is more than the ${maxBytes} bytes allowed`);
    parts.push(chunk);
  }
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

/**
 * Look at the first `length` bytes of a stream without consuming them: returns those bytes
 * (fewer if the stream is shorter) and the whole stream, unchanged, to read on from the start.
 */
export async function peekStream(
  chunks: AsyncIterable<Uint8Array>,
  length: number,
): Promise<{ head: Uint8Array; stream: AsyncIterable<Uint8Array>; release: () => Promise<void> }> {
  const input = chunks[Symbol.asyncIterator]();
  const seen: Uint8Array[] = [];
  let size = 0;
  let ended = false;
  while (size < length) {
    const next = await input.next();
    if (next.done) {
      ended = true;
      break;
    }
    seen.push(next.value);
    size += next.value.length;
  }
  const head = new Uint8Array(Math.min(length, size));
  let pos = 0;
  for (const chunk of seen) {
    if (pos === head.length) break;
    const part = chunk.subarray(0, head.length - pos);
    head.set(part, pos);
    pos += part.length;
  }
  async function* replay(): AsyncGenerator<Uint8Array> {
    yield* seen;
    if (!ended) yield* { [Symbol.asyncIterator]: () => input };
  }
  return { head, stream: replay(), release: async () => void (await input.return?.()) };
}
