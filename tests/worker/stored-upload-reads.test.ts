/** A stored upload reads by slices: sequential reads (read ahead) and random ones give the Blob's bytes. */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readChunks, readChunksReusing, sliceSource } from '../../src/engine/io/byte-source.ts';
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

  it('reads into one reused buffer (hashing a layer), through a window, with the same bytes and progress', async () => {
    // Each slice's buffer is released (detached) once copied, as in browsers; Node 20 lacks
    // ArrayBuffer.prototype.transfer, so it is given one that detaches the same way.
    const proto = ArrayBuffer.prototype as ArrayBuffer & { transfer?: (length: number) => ArrayBuffer };
    const native = proto.transfer;
    let released = 0;
    proto.transfer = function (this: ArrayBuffer, length: number) {
      released++;
      const moved = structuredClone(this, { transfer: [this] });
      return moved.slice(0, length);
    };
    try {
      await readsIntoOneBuffer();
    } finally {
      if (native) proto.transfer = native;
      else delete (proto as { transfer?: unknown }).transfer;
    }
    expect(released).toBeGreaterThan(3);
  });
});

/** Stream a window of an upload through readChunksReusing; read into a small target. */
async function readsIntoOneBuffer(): Promise<void> {
  const bytes = randomBytes(3 * 1024 * 1024 + 77);
  const source = new StoredUploadSource(new Blob([bytes]), 'k');
  let counted = 0;
  source.onRead = (n) => (counted += n);
  const layer = sliceSource(source, 1000, bytes.length - 2000);
  const seen: Buffer[] = [];
  const buffers = new Set<ArrayBufferLike>();
  for await (const chunk of readChunksReusing(layer, 1 << 20)) {
    buffers.add(chunk.buffer);
    seen.push(Buffer.from(chunk));
  }
  expect(Buffer.concat(seen).equals(bytes.subarray(1000, bytes.length - 1000))).toBe(true);
  expect(buffers.size).toBe(1);
  expect(counted).toBe(bytes.length - 2000);
  // The slice read into the target is released, never the target.
  const target = new Uint8Array(10);
  expect(await source.readInto(5, target)).toBe(10);
  expect(Buffer.from(target).equals(bytes.subarray(5, 15))).toBe(true);
}
