import { LayerlabError } from '../engine/errors.ts';
import { BlobSource, fixedSizeChunks, type ByteSource } from '../engine/io/byte-source.ts';

/** Bytes gathered before they become one Blob part: few, large parts keep the blob store fast. */
export const SPOOL_PART_BYTES = 8 * 1024 * 1024;

/**
 * The browser would not keep more: Chromium refuses a Blob made in memory past its blob
 * store's limit, and the refused part only fails when read ("NotReadableError"). Measured in
 * headless Chromium 156 on a 24 GiB machine, with or without a profile on disk: 2 GiB in all in
 * the worker (a 2 GiB gzip bomb's last part was refused), about 0.5 GB on a page's main thread. A file the student picked is read from their disk and is not limited so.
 */
export class BlobStoreFullError extends LayerlabError {
  constructor(readonly keptBytes: number) {
    super('ENOSPC', `the browser would not keep more than ${Math.round(keptBytes / 1e6)} MB in memory`);
  }
}

/**
 * Spool a stream (a gzip- or zstd-compressed archive being decompressed) into a `Blob` so it can
 * be read at random offsets. Chunks are copied at once (the decompressor may reuse its buffers)
 * into parts; each full part is handed to the browser's blob store, which keeps blobs out of the
 * worker's heap (up to its limit: BlobStoreFullError). So the worker holds at most one part,
 * however large the archive.
 */
export async function spoolToBlob(chunks: AsyncIterable<Uint8Array>, partBytes = SPOOL_PART_BYTES): Promise<ByteSource> {
  return new BlobSource(await spoolBlob(chunks, partBytes));
}

/** `spoolToBlob`, giving the Blob itself (a download hands it to the page). */
export async function spoolBlob(chunks: AsyncIterable<Uint8Array>, partBytes = SPOOL_PART_BYTES): Promise<Blob> {
  const parts: Blob[] = [];
  // Each part a new array: the Blob constructor copies it, and the array goes.
  for await (const part of fixedSizeChunks(chunks, partBytes)) parts.push(await keptPart(part, parts.length * partBytes));
  return new Blob(parts);
}

/** `bytes` as a Blob, once the browser has shown it keeps it (a byte of it reads back): see BlobStoreFullError. */
async function keptPart(bytes: Uint8Array<ArrayBuffer>, keptBefore: number): Promise<Blob> {
  const blob = new Blob([bytes]);
  try {
    await blob.slice(blob.size - 1).arrayBuffer();
  } catch {
    throw new BlobStoreFullError(keptBefore);
  }
  return blob;
}
