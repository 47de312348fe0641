/**
 * A compressed "archive" that does not decompress to a tar is refused from its first block,
 * before a single byte is spooled: a gzip of 2 GB of zeros must not fill a temp file first.
 */
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ImageFormatError } from '../../src/engine/errors.ts';
import { openArchive } from '../../src/engine/image/archive.ts';
import { MemorySource, type ByteSource } from '../../src/engine/io/byte-source.ts';

async function open(bytes: Uint8Array): Promise<{ error: unknown; spooledBytes: number }> {
  let spooledBytes = 0;
  const spool = async (chunks: AsyncIterable<Uint8Array>): Promise<ByteSource> => {
    const parts: Uint8Array[] = [];
    for await (const c of chunks) {
      spooledBytes += c.length;
      parts.push(c);
    }
    return new MemorySource(Buffer.concat(parts));
  };
  const error = await openArchive(new MemorySource(bytes), { spool }).then(() => undefined, (e: unknown) => e);
  return { error, spooledBytes };
}

describe('the head of a compressed archive', () => {
  it('a gzip of 100 MB of zeros fails at once, with nothing spooled', async () => {
    const bomb = new Uint8Array(execFileSync('bash', ['-c', 'head -c 100000000 /dev/zero | gzip -1'], { maxBuffer: 1 << 30 }));
    const { error, spooledBytes } = await open(bomb);
    expect(error).toBeInstanceOf(ImageFormatError);
    expect((error as Error).message).toBe('not an image archive: the gzip data starts with an empty tar block (an empty archive, or not a tar)');
    expect(spooledBytes).toBe(0);
  });

  it('compressed text is not a tar header', async () => {
    const { error } = await open(new Uint8Array(gzipSync(Buffer.from('hello\n'.repeat(200)))));
    expect((error as Error).message).toBe('not an image archive: the gzip data does not start with a tar header');
  });

  it('compressed data shorter than a tar block', async () => {
    const { error } = await open(new Uint8Array(execFileSync('zstd', ['-c'], { input: 'tiny' })));
    expect((error as Error).message).toBe('not an image archive: the zstd data is too short to be a tar archive');
  });
});
