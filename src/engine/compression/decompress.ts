import { CompressionError } from '../errors.ts';
import { platform } from '../platform.ts';
import { detectCompression } from './detect.ts';
import type { Compression } from './detect.ts';
import { gunzipWithFflate, gunzipWithNative, nativeGunzipDecodesAllMembers } from './gzip.ts';
import { asCompressionError, OutputBudget } from './output-budget.ts';
import { unzstd } from './zstd.ts';
import { peekStream } from '../io/byte-source.ts';

/** Default cap on decompressed output: well above any real layer, well below "fills the disk". */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 16 * 1024 ** 3;

export interface DecompressOptions {
  /** Fail with `DecompressionLimitError` once the output passes this many bytes. */
  maxOutputBytes?: number;
  /**
   * gzip decoder: `'native'` is the platform's `DecompressionStream`, `'fflate'` the pure-JS one;
   * `'auto'` (the default) is native where it exists and decodes multi-member gzip, else fflate.
   * zstd always uses fzstd.
   */
  implementation?: 'auto' | 'native' | 'fflate';
}

/**
 * A platform's own streaming gunzip, e.g. Node's zlib (src/node/node-gunzip.ts). It must decode
 * multi-member input and stop when its consumer stops iterating. Node's `DecompressionStream`
 * is zlib too, but pays a web-streams round trip per 16 KiB of output (measured here: 60 MB/s,
 * against 900 MB/s for zlib's own streams), so the CLI registers the direct route.
 */
export type PlatformGunzip = (chunks: AsyncIterable<Uint8Array>) => AsyncIterable<Uint8Array>;

let platformGunzip: PlatformGunzip | undefined;

/** Make `'auto'` gzip decoding use `gunzip` (called once by a platform adapter at start-up). */
export function registerPlatformGunzip(gunzip: PlatformGunzip | undefined): void {
  platformGunzip = gunzip;
}

/**
 * Decompress a stream chunk by chunk. Corrupt or truncated input fails with `CompressionError`,
 * output past the cap with `DecompressionLimitError` — promptly, without reading the rest of
 * the input. Stopping iteration early releases the input.
 */
export async function* decompress(
  chunks: AsyncIterable<Uint8Array>,
  format: Compression,
  options: DecompressOptions = {},
): AsyncGenerator<Uint8Array> {
  const limit = options.maxOutputBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES;
  const budget = new OutputBudget(limit);
  switch (format) {
    case 'none':
      for await (const chunk of chunks) {
        budget.take(chunk.length);
        yield chunk;
      }
      return;
    case 'gzip':
      if ((options.implementation ?? 'auto') === 'auto' && platformGunzip) {
        yield* gunzipWithPlatform(platformGunzip, chunks, budget);
        return;
      }
      yield* (await useNativeGunzip(options.implementation ?? 'auto'))
        ? gunzipWithNative(chunks, budget)
        : gunzipWithFflate(chunks, budget);
      return;
    case 'zstd':
      yield* unzstd(chunks, budget);
      return;
    default:
      throw new CompressionError(`unknown compression ${String(format)}`);
  }
}

async function* gunzipWithPlatform(gunzip: PlatformGunzip, chunks: AsyncIterable<Uint8Array>, budget: OutputBudget): AsyncGenerator<Uint8Array> {
  let produced = false;
  try {
    for await (const chunk of gunzip(chunks)) {
      budget.take(chunk.length); // past the cap this throws, and leaving the loop stops the decoder
      produced = true;
      yield chunk;
    }
  } catch (error) {
    throw asCompressionError('gzip', error);
  }
  if (!produced) {
    // zlib accepts empty input silently; the other decoders do not.
    throw new CompressionError('gzip: empty input');
  }
}

async function useNativeGunzip(implementation: 'auto' | 'native' | 'fflate'): Promise<boolean> {
  if (implementation === 'fflate') return false;
  if (implementation === 'native') return true;
  return platform.DecompressionStream !== undefined && (await nativeGunzipDecodesAllMembers());
}

/** Bytes read from the start of a stream to recognise its compression. */
const SNIFF_BYTES = 6;

/**
 * Decompress a stream whose compression is not known in advance (a layer blob whose media type
 * lies, or a file the user dropped): sniff the magic bytes, then decode.
 */
export async function* decompressDetected(
  chunks: AsyncIterable<Uint8Array>,
  options: DecompressOptions = {},
): AsyncGenerator<Uint8Array> {
  const { head, stream, release } = await peekStream(chunks, SNIFF_BYTES);
  let format: Compression;
  try {
    format = detectCompression(head);
  } catch (error) {
    await release();
    throw error;
  }
  yield* decompress(stream, format, options);
}
