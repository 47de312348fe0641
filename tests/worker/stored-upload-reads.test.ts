/** A stored upload reads by slices: sequential reads (read ahead) and random ones give the Blob's bytes. */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readChunks } from '../../src/engine/io/byte-source.ts';
import { StoredUploadSource } from '../../src/worker/stored-upload.ts';

describe('StoredUploadSource', () => {
  it('gives the same bytes streamed in interleaved streams, at random offsets, and after adopting the stored copy', async () => {
    const bytes = randomBytes(5 * 1024 * 1024 + 123);
    const source = new StoredUploadSource(new Blob([bytes]), 'k');
    let counted = 0;
    source.onRead = (n) => (counted += n);
    // Two streams in step, as verify reads two layers side by side.
    const halves = [readChunks(source, 1 << 20, 0, 2_000_000), readChunks(source, 1 << 20, 2_000_000, source.size)];
    const parts: Buffer[][] = [[], []];
    const iterators = halves.map((h) => h[Symbol.asyncIterator]());
    for (let live = 2; live > 0; ) {
      live = 0;
      for (const [i, it] of iterators.entries()) {
        const next = await it.next();
        if (!next.done) (parts[i]!.push(Buffer.from(next.value)), live++);
      }
    }
    expect(Buffer.concat([...parts[0]!, ...parts[1]!]).equals(bytes)).toBe(true);
    expect(counted).toBe(bytes.length);
    source.adopt(new Blob([bytes]));
    for (const [offset, length] of [[0, 10], [1_048_576, 1_048_576], [bytes.length - 5, 100], [3_000_001, 700_000]] as const) {
      expect(Buffer.from(await source.read(offset, length)).equals(bytes.subarray(offset, offset + length))).toBe(true);
    }
    expect(() => source.adopt(new Blob([bytes.subarray(1)]))).toThrow('the stored upload is');
  });
});
