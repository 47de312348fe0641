import { Gunzip, Gzip } from 'fflate';
import { CompressionError } from '../errors.ts';
import { platform } from '../platform.ts';
import type { PlatformDecompressionStream } from '../platform.ts';
import { crc32 } from './crc32.ts';
import { asCompressionError, OutputBudget } from './output-budget.ts';
import { fixedSizeChunks } from '../io/byte-source.ts';

/**
 * Streaming gunzip, two ways: the platform's `DecompressionStream('gzip')` (zlib in Node,
 * the browser's own inflater) and fflate's pure-JS `Gunzip`. Both decode every member of a
 * multi-member file (`cat a.gz b.gz`, RFC 1952 §2.2) and stop as soon as the output budget is
 * spent, without reading further input.
 */

/** Gathers small chunks into writes of at least `minBytes`; large chunks pass through uncopied. */
class Coalescer {
  private buffer: Uint8Array | undefined;
  private length = 0;
  constructor(private readonly minBytes: number) {}

  add(chunk: Uint8Array): Uint8Array[] {
    if (this.length === 0 && chunk.length >= this.minBytes) return [chunk];
    const out: Uint8Array[] = [];
    if (this.length + chunk.length > this.minBytes) {
      const pending = this.flush();
      if (pending) out.push(pending);
      if (chunk.length >= this.minBytes) return [...out, chunk];
    }
    this.buffer ??= new Uint8Array(this.minBytes);
    this.buffer.set(chunk, this.length);
    this.length += chunk.length;
    if (this.length === this.minBytes) out.push(this.flush()!);
    return out;
  }

  flush(): Uint8Array | undefined {
    if (this.length === 0) return undefined;
    const out = this.buffer!.slice(0, this.length);
    this.length = 0;
    return out;
  }
}

/** fflate is fed at most this much input per step: deflate expands ≤ 1032:1, so one step yields ≤ ~16 MiB. */
const FFLATE_STEP_BYTES = 16 * 1024;
/** Input kept to read a member's 8-byte trailer once fflate has parsed the next member's header. */
const RECENT_INPUT_BYTES = 128 * 1024;

/** The last stretch of a byte stream, addressable by absolute position. */
class RecentInput {
  private readonly pieces: { start: number; bytes: Uint8Array }[] = [];
  end = 0;

  append(bytes: Uint8Array): void {
    this.pieces.push({ start: this.end, bytes });
    this.end += bytes.length;
    while (this.pieces.length > 1 && this.pieces[1]!.start <= this.end - RECENT_INPUT_BYTES) this.pieces.shift();
  }

  /** Bytes [from, from + length), or undefined if they have been dropped or not arrived. */
  slice(from: number, length: number): Uint8Array | undefined {
    if (from < (this.pieces[0]?.start ?? 0) || from < 0 || from + length > this.end) return undefined;
    const out = new Uint8Array(length);
    for (const { start, bytes } of this.pieces) {
      const lo = Math.max(from, start);
      const hi = Math.min(from + length, start + bytes.length);
      if (lo < hi) out.set(bytes.subarray(lo - start, hi - start), lo - from);
    }
    return out;
  }
}

/**
 * fflate's Gunzip inflates but does not check the member trailer (CRC-32 and ISIZE, RFC 1952
 * §2.3.1), so we do: otherwise a truncated trailer or a flipped bit in stored data would pass.
 */
export async function* gunzipWithFflate(chunks: AsyncIterable<Uint8Array>, budget: OutputBudget): AsyncGenerator<Uint8Array> {
  const ready: Uint8Array[] = [];
  const recent = new RecentInput();
  let memberCrc = 0;
  let memberSize = 0;
  const checkTrailer = (trailerStart: number) => {
    const trailer = recent.slice(trailerStart, 8);
    if (!trailer) throw new CompressionError(`gzip: corrupt data (no member trailer before byte ${trailerStart + 8})`);
    const crc = (trailer[0]! | (trailer[1]! << 8) | (trailer[2]! << 16) | (trailer[3]! << 24)) >>> 0;
    const size = (trailer[4]! | (trailer[5]! << 8) | (trailer[6]! << 16) | (trailer[7]! << 24)) >>> 0;
    if (crc !== memberCrc || size !== memberSize) {
      throw new CompressionError(`gzip: corrupt or truncated data (member trailer at byte ${trailerStart} does not match its contents)`);
    }
    memberCrc = 0;
    memberSize = 0;
  };
  // Throwing from a callback (budget spent, bad trailer) unwinds out of push(): the decoder stops mid-step.
  const gunzip = new Gunzip((data) => {
    if (data.length === 0) return;
    budget.take(data.length);
    memberCrc = crc32(data, memberCrc);
    memberSize = (memberSize + data.length) >>> 0;
    ready.push(data);
  });
  // Called when a further member's header has been read: the previous member's trailer ends where it starts.
  gunzip.onmember = (offset) => checkTrailer(offset - 8);
  const push = (data: Uint8Array, final: boolean) => {
    try {
      gunzip.push(data, final);
    } catch (error) {
      throw asCompressionError('gzip', error);
    }
  };
  // Each push costs fflate a 32 KiB window copy, so tiny chunks are batched first.
  const coalesce = new Coalescer(FFLATE_STEP_BYTES);
  async function* steps(): AsyncGenerator<Uint8Array> {
    for await (const chunk of chunks) yield* coalesce.add(chunk);
    const rest = coalesce.flush();
    if (rest) yield rest;
  }
  for await (const piece of steps()) {
    for (let pos = 0; pos < piece.length; pos += FFLATE_STEP_BYTES) {
      const step = piece.subarray(pos, pos + FFLATE_STEP_BYTES);
      recent.append(step);
      push(step, false);
      while (ready.length > 0) yield ready.shift()!;
    }
  }
  if (recent.end === 0) throw new CompressionError('gzip: empty input');
  push(new Uint8Array(0), true);
  checkTrailer(recent.end - 8);
  while (ready.length > 0) yield ready.shift()!;
}

/** Each write to a DecompressionStream costs a round trip (a zlib thread-pool job in Node): batch tiny chunks. */
const NATIVE_MIN_WRITE_BYTES = 64 * 1024;

export async function* gunzipWithNative(chunks: AsyncIterable<Uint8Array>, budget: OutputBudget): AsyncGenerator<Uint8Array> {
  const Decompression = platform.DecompressionStream;
  if (!Decompression) throw new CompressionError('gzip: this platform has no DecompressionStream');
  const stream: PlatformDecompressionStream = new Decompression('gzip');
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  const input = chunks[Symbol.asyncIterator]();
  let inputFailure: { error: unknown } | undefined;
  let sawInput = false;
  const coalesce = new Coalescer(NATIVE_MIN_WRITE_BYTES);

  // Writing and reading run concurrently: each write resolves once the stream has taken the
  // chunk, which it does only as fast as we read its output (the streams' backpressure), so
  // neither the input nor the output is ever buffered whole.
  const pump = (async () => {
    try {
      for (;;) {
        let next: IteratorResult<Uint8Array>;
        try {
          next = await input.next();
        } catch (error) {
          inputFailure = { error };
          await writer.abort(error).catch(() => {});
          return;
        }
        if (next.done) break;
        if (next.value.length === 0) continue;
        sawInput = true;
        for (const piece of coalesce.add(next.value)) await writer.write(piece);
      }
      const rest = coalesce.flush();
      if (rest) await writer.write(rest);
      await writer.close();
    } catch {
      // The stream failed or was cancelled: the reader reports why. Release the input.
      await input.return?.().catch(() => {});
    }
  })();

  let finished = false;
  try {
    for (;;) {
      let result;
      try {
        result = await reader.read();
      } catch (error) {
        if (inputFailure) throw inputFailure.error;
        if (!sawInput) throw new CompressionError('gzip: empty input');
        throw asCompressionError('gzip', error);
      }
      if (result.done) break;
      budget.take(result.value.length);
      yield result.value;
    }
    if (inputFailure) throw inputFailure.error;
    finished = true;
  } finally {
    if (!finished) await reader.cancel().catch(() => {});
    await pump;
  }
}

/** gzip of "a" twice, as two members. */
const TWO_MEMBERS = new Uint8Array([
  0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0x13, 0x4b, 0x04, 0, 0x43, 0xbe, 0xb7, 0xe8, 1, 0, 0, 0,
  0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0x13, 0x4b, 0x04, 0, 0x43, 0xbe, 0xb7, 0xe8, 1, 0, 0, 0,
]);

let nativeMultiMember: Promise<boolean> | undefined;

/**
 * Whether the platform's DecompressionStream decodes multi-member gzip. Node's (zlib) does;
 * the Compression Streams spec allows one member only and Chromium fails the second as "junk"
 * (https://github.com/whatwg/compression/issues/42), so where this is false gzip goes to fflate.
 */
export function nativeGunzipDecodesAllMembers(): Promise<boolean> {
  nativeMultiMember ??= (async () => {
    if (!platform.DecompressionStream) return false;
    try {
      const budget = new OutputBudget(16);
      let text = '';
      for await (const chunk of gunzipWithNative(single(TWO_MEMBERS), budget)) {
        text += String.fromCharCode(...chunk);
      }
      return text === 'aa';
    } catch {
      return false;
    }
  })();
  return nativeMultiMember;
}

async function* single(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/** `gzipChunks` feeds fflate blocks of exactly this size (its output depends on where its input is cut). */
const GZIP_BLOCK_BYTES = 1 << 20;

/**
 * A stream gzipped as it goes (fflate's `Gzip`, level 6, mtime 0 as `gzip -n` writes it): a
 * layer `docker push` compresses is never held whole, compressed or not. The input is cut into
 * blocks of one size before it is compressed, so the same bytes give the same gzip (the same
 * digest after a reload), however the stream happens to be chunked.
 */
export async function* gzipChunks(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const ready: Uint8Array[] = [];
  const gzip = new Gzip({ level: 6, mtime: 0 }, (data) => ready.push(data));
  for await (const block of fixedSizeChunks(chunks, GZIP_BLOCK_BYTES)) {
    gzip.push(block); // a new array each time: fflate may keep it
    yield* ready.splice(0);
  }
  // Ended by an empty final push: whether a block was the last is only known after it.
  gzip.push(new Uint8Array(0), true);
  yield* ready.splice(0);
}
