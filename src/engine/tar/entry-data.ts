/** The contents of one entry of an uncompressed tar, read by offset. */
import { LayerlabError, TarFormatError } from '../errors.ts';
import { type ByteSource, readAll, sliceSource } from '../io/byte-source.ts';
import { SparseSource } from './sparse.ts';
import type { TarEntry } from './types.ts';

export const DEFAULT_MAX_ENTRY_BYTES = 256 * 1024 * 1024;

/** What a consumer reads as the entry's file contents (holes of sparse files read as zeros). */
export function entrySource(source: ByteSource, entry: TarEntry): ByteSource {
  if (entry.type !== 'file') return sliceSource(source, 0, 0);
  const stored = entry.sparse ? entry.sparse.reduce((n, r) => n + r.length, 0) : entry.size;
  if (entry.dataOffset + stored > source.size) {
    throw new TarFormatError(entry.headerOffset, `data of ${JSON.stringify(entry.name)} runs past the end of the archive`);
  }
  const data = sliceSource(source, entry.dataOffset, stored);
  return entry.sparse ? new SparseSource(data, entry.sparse, entry.size) : data;
}

/** The whole contents of an entry, refusing entries larger than `maxBytes`. */
export async function readEntry(source: ByteSource, entry: TarEntry, maxBytes = DEFAULT_MAX_ENTRY_BYTES): Promise<Uint8Array> {
  if (entry.size > maxBytes) {
    throw new LayerlabError('TOO_LARGE', `${JSON.stringify(entry.name)} is ${entry.size} bytes, more than the ${maxBytes} allowed`);
  }
  return readAll(entrySource(source, entry), maxBytes, JSON.stringify(entry.name));
}
