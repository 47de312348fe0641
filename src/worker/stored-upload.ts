/**
 * Uploads the page keeps: an archive chosen or dropped on the page is stored once, as a `Blob`
 * in the workspace's IndexedDB store (Chromium keeps large blobs on disk, outside the heap), and
 * read by slices from then on. The file in the home directory and every layer `docker load`
 * took from it are windows of that one Blob (snapshots record them by key, see
 * src/engine/docker/snapshot.ts and src/shell/snapshot.ts), so nothing copies its bytes.
 */
import type { StoredUploads } from '../engine/docker/snapshot.ts';
import { LayerlabError } from '../engine/errors.ts';
import type { ByteSource } from '../engine/io/byte-source.ts';
import { blobReadsOnAnotherThread, type RemoteBlobReads } from './blob-reads.ts';

/** Reads at least this large are taken for a stream, and the next range is read ahead. */
const READ_AHEAD_MIN_BYTES = 256 * 1024;
/** At most this many ranges read ahead, and this many byte streams open, at once (verify hashes four layers side by side). */
const READ_AHEAD_STREAMS = 8;
/** A read this large opens a stream at once (hashing, `sha256sum`); smaller ones (tar headers) only when a second follows it. */
const STREAM_AT_ONCE_BYTES = 1 << 20;
/** Each byte stream reads into one buffer this large, reused (the pieces a read gives are smaller: 64 KiB in Chromium). */
const STREAM_BUFFER_BYTES = 1 << 20;
/**
 * Chunks a stream read on the reader worker may have filled ahead (blob-reads.ts). Measured on
 * 1 GiB in four streams in Chromium: four 1 MiB chunks each hash at the kernel's own speed
 * (1.42 s, against 1.41 s for hashing bytes already in memory); three 4 MiB ones took 2.7 s.
 */
const REMOTE_CHUNKS_AHEAD = 4;

/**
 * A `Blob.stream()` read from `position` on with a BYOB reader, through one buffer it owns: a
 * read hands the buffer to the stream and gets it back filled, so a stream of any length
 * allocates nothing per read.
 */
interface ByteStream {
  reader: ReadableStreamBYOBReader;
  /** The upload offset of the next byte the stream gives (after what `buffer` holds). */
  position: number;
  buffer: ArrayBuffer;
  /** Bytes read but not yet given: `buffer[start, end)`, the bytes at `position - (end - start)`. */
  start: number;
  end: number;
}

/** Store keys of uploads: `upload:<uuid>`. */
export const UPLOAD_KEY_PREFIX = 'upload:';

/**
 * An upload's bytes: a Blob (the picked `File` until the stored copy is written, then the
 * stored Blob) read one slice per read, and the key it is kept under.
 */
export class StoredUploadSource implements ByteSource {
  readonly size: number;
  /** Ranges being read ahead (`offset+length` → bytes), one per stream being read. */
  private readonly readAhead = new Map<string, Promise<Uint8Array>>();
  /** `readInto`'s open byte streams, by the offset of the next byte each gives (oldest first). */
  private readonly streams = new Map<number, ByteStream>();
  /** Where recent `readInto`s that were not streamed ended: a read from there is a stream's second read. */
  private readonly recentEnds: number[] = [];
  /** Stream reads given up after STREAM_STALL_MS (and read by slice instead). */
  stalls = 0;
  /** Hears of every read (the upload's progress: hashing reads the layers in order). */
  onRead: ((bytes: number) => void) | undefined;
  /**
   * Whether the stored copy is written: snapshots name the upload only then. `lost`: it could
   * not be written (the browser's storage is full); it is read from the picked file meanwhile.
   */
  kept: 'pending' | 'kept' | 'lost' = 'pending';

  /**
   * `reads`: where long reads are streamed on another thread (the page's reader worker; none
   * in Node, where they are streamed in this one).
   */
  constructor(
    private current: Blob,
    readonly key: string,
    private readonly reads: () => RemoteBlobReads | undefined = blobReadsOnAnotherThread,
  ) {
    this.size = current.size;
  }

  /** The bytes, as a Blob: slicing it (for a download) copies nothing. */
  get blob(): Blob {
    return this.current;
  }

  /** Read from the stored copy from now on (the picked file may change on the student's disk). */
  adopt(stored: Blob): void {
    if (stored.size !== this.size) throw new LayerlabError('CORRUPT_SNAPSHOT', `the stored upload is ${stored.size} bytes, not ${this.size}`);
    this.current = stored;
    this.kept = 'kept';
    // Streams still open on the picked file end here: the next read opens one on the stored copy.
    for (const stream of this.streams.values()) void stream.reader.cancel().catch(() => undefined);
    this.streams.clear();
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
      throw new LayerlabError('EINVAL', `invalid read range: offset ${offset}, length ${length}`);
    }
    const n = Math.max(0, Math.min(length, this.size - offset));
    if (n === 0) return new Uint8Array(0);
    const key = `${offset}+${n}`;
    const ahead = this.readAhead.get(key);
    this.readAhead.delete(key);
    const bytes = await (ahead ?? this.slice(offset, n));
    // A large read is most likely a stream (hashing a layer, `cat`, `docker save`): fetch the next
    // range while the caller works on this one, so the browser's file reads overlap the hashing.
    const next = offset + n;
    if (n >= READ_AHEAD_MIN_BYTES && next < this.size) {
      // The oldest range read ahead goes first (a stream that stopped never asks for it).
      if (this.readAhead.size >= READ_AHEAD_STREAMS) this.readAhead.delete(this.readAhead.keys().next().value!);
      const nextLength = Math.min(n, this.size - next);
      const pending = this.slice(next, nextLength);
      pending.catch(() => undefined); // read again (and failed loudly) if asked for
      this.readAhead.set(`${next}+${nextLength}`, pending);
    }
    this.onRead?.(bytes.length);
    return bytes;
  }

  /**
   * Hashing and `sha256sum` read through here (`readChunksReusing`): the second of two
   * consecutive large reads opens a byte stream from where it starts, and later reads continue
   * it. Each `read()` of a slice allocates its own ArrayBuffer, and a 4 GiB upload read that way
   * piled up hundreds of MB of them between garbage collections; a stream reuses one buffer and
   * lets the browser read ahead.
   */
  async readInto(offset: number, target: Uint8Array): Promise<number> {
    const n = Math.max(0, Math.min(target.length, this.size - Math.max(0, offset)));
    let stream = this.streams.get(offset);
    const streaming = this.stalls < STALLS_BEFORE_SLICES_ONLY;
    if (!stream && streaming && (n >= STREAM_AT_ONCE_BYTES || (n >= READ_AHEAD_MIN_BYTES && this.recentEnds.includes(offset)))) stream = this.openStream(offset);
    if (!stream || n === 0) {
      const bytes = await this.read(offset, n);
      target.set(bytes);
      this.rememberEnd(offset + bytes.length);
      return bytes.length;
    }
    this.streams.delete(offset);
    let filled = 0;
    try {
      while (filled < n) {
        if (stream.start === stream.end) {
          const next = await readOrStall(stream.reader, new Uint8Array(stream.buffer));
          if (next === 'stalled') {
            // Chromium 156 can leave a read of one of several open Blob streams pending for ever
            // (measured: one upload in three hung with 4 MiB chunks, after ~500 MB): the rest
            // comes by slice, and the next read opens a new stream.
            void stream.reader.cancel().catch(() => undefined);
            this.stalls++;
            const rest = await this.slice(offset + filled, n - filled);
            target.set(rest, filled);
            filled += rest.length;
            this.rememberEnd(offset + filled);
            this.onRead?.(filled);
            return filled;
          }
          const { done, value } = next;
          if (done || !value) throw new LayerlabError('TRUNCATED', `the upload ended at byte ${offset + filled}, before its ${this.size} bytes`);
          stream.buffer = value.buffer as ArrayBuffer;
          stream.start = value.byteOffset;
          stream.end = value.byteOffset + value.length;
          stream.position += value.length;
        }
        const take = Math.min(n - filled, stream.end - stream.start);
        target.set(new Uint8Array(stream.buffer, stream.start, take), filled);
        stream.start += take;
        filled += take;
      }
    } catch (err) {
      void stream.reader.cancel().catch(() => undefined);
      throw err;
    }
    this.keepStream(stream);
    this.onRead?.(filled);
    return filled;
  }

  /**
   * Hashing's reads (`readChunksReusing`): a long range is read on the reader worker, chunk by
   * chunk, and each chunk is given as it came, without a copy. Where there is no reader worker,
   * or it failed or stalled, the rest is read here (`readInto`).
   */
  async *chunksReusing(start: number, end: number, chunkSize: number): AsyncGenerator<Uint8Array> {
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || !Number.isSafeInteger(chunkSize) || start < 0 || chunkSize <= 0) {
      throw new LayerlabError('EINVAL', `invalid read range: ${start} to ${end} by ${chunkSize}`);
    }
    end = Math.min(end, this.size);
    let position = start;
    const reads = end - start >= STREAM_AT_ONCE_BYTES && this.stalls < STALLS_BEFORE_SLICES_ONLY ? this.reads() : undefined;
    for (let stalled = false; reads && !reads.broken && !stalled && position < end; ) {
      const blob = this.current;
      const stream = reads.stream(blob, position, end, chunkSize, REMOTE_CHUNKS_AHEAD);
      try {
        // Once the stored copy is adopted, the rest is read from it (a new stream).
        while (position < end && this.current === blob) {
          const chunk = await orStall(stream.next());
          if (chunk === 'stalled') {
            this.stalls++;
            stalled = true;
            break;
          }
          if (chunk === null) throw new LayerlabError('TRUNCATED', `the upload ended at byte ${position}, before its ${this.size} bytes`);
          position += chunk.length;
          this.onRead?.(chunk.length);
          yield chunk;
        }
      } catch (err) {
        if (err instanceof LayerlabError && err.code === 'TRUNCATED') throw err;
        // The reader failed (or the file can no longer be read): this thread reads the rest and says why if it cannot either.
        break;
      } finally {
        stream.close();
      }
    }
    const buffer = new Uint8Array(Math.max(0, Math.min(chunkSize, end - position)));
    while (position < end) {
      const n = await this.readInto(position, buffer.subarray(0, Math.min(chunkSize, end - position)));
      if (n === 0) return;
      position += n;
      yield buffer.subarray(0, n);
    }
  }

  private rememberEnd(end: number): void {
    this.recentEnds.push(end);
    if (this.recentEnds.length > READ_AHEAD_STREAMS) this.recentEnds.shift();
  }

  /** A stream of the rest of the upload: it reads ahead only what its pipe holds, however far it runs. */
  private openStream(offset: number): ByteStream {
    const reader = (this.current.slice(offset).stream() as ReadableStream<Uint8Array>).getReader({ mode: 'byob' });
    return { reader, position: offset, buffer: new ArrayBuffer(STREAM_BUFFER_BYTES), start: 0, end: 0 };
  }

  private keepStream(stream: ByteStream): void {
    const next = stream.position - (stream.end - stream.start);
    if (next >= this.size) {
      stream.reader.releaseLock();
      return;
    }
    this.streams.set(next, stream);
    // A stream nobody continues (a reader that stopped) is closed once newer ones need the room.
    while (this.streams.size > READ_AHEAD_STREAMS) {
      const [position, oldest] = this.streams.entries().next().value!;
      this.streams.delete(position);
      void oldest.reader.cancel().catch(() => undefined);
    }
  }

  private async slice(offset: number, length: number): Promise<Uint8Array> {
    return new Uint8Array(await this.current.slice(offset, offset + length).arrayBuffer());
  }
}

/** A stream read that gives nothing for this long is given up (see `readInto`); a read of a local file takes milliseconds. */
const STREAM_STALL_MS = 1500;
/** After this many stalls a source reads by slices only (a browser whose streams never answer costs 4.5 s, not 1.5 s a MiB). */
const STALLS_BEFORE_SLICES_ONLY = 3;

function readOrStall(reader: ReadableStreamBYOBReader, view: Uint8Array): Promise<ReadableStreamReadResult<Uint8Array> | 'stalled'> {
  return orStall(reader.read(view as Uint8Array<ArrayBuffer>));
}

/** `read`, or `'stalled'` if it gives nothing for STREAM_STALL_MS. */
function orStall<T>(read: Promise<T>): Promise<T | 'stalled'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stalled = new Promise<'stalled'>((resolve) => (timer = setTimeout(() => resolve('stalled'), STREAM_STALL_MS)));
  return Promise.race([read, stalled]).finally(() => clearTimeout(timer));
}

/** The stored upload a source is, if any (and only once its copy is written). */
export function storedUploadKey(source: ByteSource): string | undefined {
  return source instanceof StoredUploadSource && source.kept === 'kept' ? source.key : undefined;
}

/** The upload a store key names (`StoredUploads.open`): the Blob IndexedDB gives back, read by slices. */
export async function openStoredUpload(get: (key: string) => Promise<unknown>, key: string): Promise<StoredUploadSource> {
  const blob = await get(UPLOAD_KEY_PREFIX + key);
  if (!(blob instanceof Blob)) throw new LayerlabError('CORRUPT_SNAPSHOT', "it is not in this browser's storage any more");
  const source = new StoredUploadSource(blob, key);
  source.kept = 'kept';
  return source;
}

export function storedUploads(get: (key: string) => Promise<unknown>): Omit<StoredUploads, 'open'> & { open(key: string): Promise<StoredUploadSource> } {
  // One source per key, so a file and the layers from one upload share it.
  const opened = new Map<string, Promise<StoredUploadSource>>();
  return {
    keyOf: storedUploadKey,
    open: (key) => {
      let source = opened.get(key);
      if (!source) {
        source = openStoredUpload(get, key);
        opened.set(key, source);
      }
      return source;
    },
  };
}
