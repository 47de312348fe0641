import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ByteSource } from '../engine/io/byte-source.ts';
import { FileSource } from './file-source.ts';

/**
 * Spool a stream (e.g. a `docker save | gzip` archive being decompressed) to a temporary file
 * so it can be read at random offsets without holding it in memory. The file is unlinked at
 * once (the open descriptor keeps it alive) so nothing is left behind, even on a crash.
 */
export async function spoolToTempFile(chunks: AsyncIterable<Uint8Array>): Promise<ByteSource> {
  const dir = mkdtempSync(join(tmpdir(), 'layerlab-'));
  const path = join(dir, 'spool');
  const fd = openSync(path, 'w');
  try {
    for await (const chunk of chunks) {
      for (let off = 0; off < chunk.length; ) off += writeSync(fd, chunk, off, chunk.length - off);
    }
  } finally {
    closeSync(fd);
  }
  const source = FileSource.open(path);
  rmSync(dir, { recursive: true, force: true });
  return source;
}
