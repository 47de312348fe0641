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

describe('StoredUploadSource.readInto', () => {
  it('streams consecutive reads through reused buffers and gives the same bytes as the Blob, interleaved and at random offsets', async () => {
    const bytes = randomBytes(9 * 1024 * 1024 + 77);
    const calls = { arrayBuffer: 0, stream: 0 };
    // A Blob that counts how it is read: the streamed reads must not each slice a new buffer.
    class CountingBlob extends Blob {
      override slice(start?: number, end?: number): Blob {
        return new CountingBlob([super.slice(start, end)]);
      }
      override arrayBuffer(): Promise<ArrayBuffer> {
        calls.arrayBuffer++;
        return super.arrayBuffer();
      }
      override stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
        calls.stream++;
        return super.stream();
      }
    }
    const source = new StoredUploadSource(new CountingBlob([bytes]), 'k');
    let counted = 0;
    source.onRead = (n) => (counted += n);
    const ranges = [[0, 4_000_000], [4_000_000, bytes.length]] as const;
    const parts: Buffer[][] = [[], []];
    const positions = ranges.map(([start]) => start as number);
    for (let live = true; live; ) {
      live = false;
      for (const [i, [, end]] of ranges.entries()) {
        if (positions[i]! >= end) continue;
        const target = new Uint8Array(Math.min(1 << 20, end - positions[i]!));
        const n = await source.readInto(positions[i]!, target);
        expect(n).toBe(target.length);
        parts[i]!.push(Buffer.from(target));
        positions[i]! += n;
        live = true;
      }
    }
    expect(Buffer.concat([...parts[0]!, ...parts[1]!]).equals(bytes)).toBe(true);
    expect(counted).toBe(bytes.length);
    // A 1 MiB read opens a stream at once; every read after it continues the stream.
    expect(calls.stream).toBe(2);
    expect(calls.arrayBuffer).toBe(0);
    for (const [offset, length] of [[5, 300_000], [8_000_000, 2_000_000], [bytes.length - 3, 100]] as const) {
      const target = new Uint8Array(length);
      const n = await source.readInto(offset, target);
      expect(n).toBe(Math.min(length, bytes.length - offset));
      expect(Buffer.from(target.subarray(0, n)).equals(bytes.subarray(offset, offset + n))).toBe(true);
    }
  });
});

describe('StoredUploadSource.readInto when a stream stalls', () => {
  it('gives up a stream read that never answers and reads the rest by slice (Chromium 156 left such reads pending)', async () => {
    const bytes = randomBytes(6 * 1024 * 1024 + 5);
    // A Blob whose streams give nothing, ever: every read must still come back, with the right bytes.
    class StallingBlob extends Blob {
      override slice(start?: number, end?: number): Blob {
        return new StallingBlob([super.slice(start, end)]);
      }
      override stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
        return new ReadableStream({ type: 'bytes', pull: () => new Promise<void>(() => undefined) });
      }
    }
    const source = new StoredUploadSource(new StallingBlob([bytes]), 'k');
    const parts: Buffer[] = [];
    for (let pos = 0; pos < bytes.length; ) {
      const target = new Uint8Array(Math.min(1 << 20, bytes.length - pos));
      const n = await source.readInto(pos, target);
      expect(n).toBe(target.length);
      parts.push(Buffer.from(target));
      pos += n;
    }
    expect(Buffer.concat(parts).equals(bytes)).toBe(true);
    // Three stalls, then slices only: a browser whose streams never answer is slow once, not at every read.
    expect(source.stalls).toBe(3);
  }, 60_000);
});
