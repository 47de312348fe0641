import { BlobSource, type ByteSource } from '../engine/io/byte-source.ts';

/**
 * Spool a stream (a gzip- or zstd-compressed archive being decompressed) into a `Blob` so it can
 * be read at random offsets. Each chunk becomes its own small Blob at once: the bytes are copied
 * before the decompressor can reuse its buffer, and the browser's blob store, not the worker's
 * heap, owns them (Chromium pages large blob data to disk).
 */
export async function spoolToBlob(chunks: AsyncIterable<Uint8Array>): Promise<ByteSource> {
  const parts: Blob[] = [];
  for await (const chunk of chunks) {
    if (chunk.length > 0) parts.push(new Blob([chunk as Uint8Array<ArrayBuffer>]));
  }
  return new BlobSource(new Blob(parts));
}
