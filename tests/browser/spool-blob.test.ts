/** Spooling a decompressed stream into a Blob for random access (the worker's `spool`). */
import { describe, expect, it } from 'vitest';
import { spoolToBlob } from '../../src/worker/spool-blob.ts';

/** Yields `sizes.length` chunks from ONE reused buffer, as a decompressor may. */
async function* reusedBuffer(sizes: readonly number[]): AsyncGenerator<Uint8Array> {
  const buffer = new Uint8Array(Math.max(...sizes, 1));
  let next = 0;
  for (const size of sizes) {
    for (let i = 0; i < size; i++) buffer[i] = next++ & 0xff;
    yield buffer.subarray(0, size);
  }
}

function expected(total: number): Uint8Array {
  return Uint8Array.from({ length: total }, (_, i) => i & 0xff);
}

describe('spoolToBlob', () => {
  it('keeps every byte, in order, across part boundaries and a reused source buffer', async () => {
    const sizes = [1, 7, 0, 16, 3, 40, 9, 8, 8, 1];
    const total = sizes.reduce((a, b) => a + b, 0);
    for (const partBytes of [1, 5, 8, 16, 1000]) {
      const source = await spoolToBlob(reusedBuffer(sizes), partBytes);
      expect(source.size).toBe(total);
      expect(await source.read(0, total)).toEqual(expected(total));
      expect(await source.read(30, 10)).toEqual(expected(total).subarray(30, 40));
    }
  });

  it('spools an empty stream to an empty source', async () => {
    const source = await spoolToBlob(reusedBuffer([]));
    expect(source.size).toBe(0);
    expect(await source.read(0, 10)).toEqual(new Uint8Array(0));
  });

  it('passes on a failure of the stream', async () => {
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array(10);
      throw new Error('gzip: corrupt or truncated data');
    }
    await expect(spoolToBlob(failing())).rejects.toThrow('gzip: corrupt or truncated data');
  });
});
