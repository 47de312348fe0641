import { describe, expect, it } from 'vitest';
import { decompressDetected } from '../../src/engine/compression/decompress.ts';
import { detectCompression } from '../../src/engine/compression/detect.ts';
import { CompressionError } from '../../src/engine/errors.ts';
import { chunksOf, layerLikeBytes, Tools } from './helpers.ts';
import { afterAll } from 'vitest';

const tools = new Tools();
afterAll(() => tools.cleanup());

describe('detectCompression', () => {
  const data = layerLikeBytes(10_000);

  it('recognises gzip and zstd by their magic bytes, as the real tools write them', () => {
    expect(detectCompression(tools.gzip(data).subarray(0, 6))).toBe('gzip');
    expect(detectCompression(tools.zstd(data).subarray(0, 6))).toBe('zstd');
    // A zstd stream may open with a skippable frame (magic 0x184D2A50..5F).
    expect(detectCompression(new Uint8Array([0x5e, 0x2a, 0x4d, 0x18, 0, 0]))).toBe('zstd');
  });

  it('treats anything else (a tar header, nothing at all) as uncompressed', () => {
    expect(detectCompression(new TextEncoder().encode('etc/passwd\0\0\0'))).toBe('none');
    expect(detectCompression(new Uint8Array(0))).toBe('none');
    expect(detectCompression(new Uint8Array([0x1f]))).toBe('none');
  });

  it('names bzip2 and xz only to refuse them with a clear CompressionError', () => {
    const bzip2 = tools.run('bzip2', [], data).subarray(0, 6);
    const xz = tools.run('xz', [], data).subarray(0, 6);
    expect(() => detectCompression(bzip2)).toThrow(CompressionError);
    expect(() => detectCompression(bzip2)).toThrow('bzip2-compressed data is not supported (only gzip and zstd are)');
    expect(() => detectCompression(xz)).toThrow('xz-compressed data is not supported (only gzip and zstd are)');
  });
});

describe('decompressDetected', () => {
  it('sniffs the format from the first bytes even when they arrive one at a time', async () => {
    const data = layerLikeBytes(200_000, 5);
    for (const encoded of [tools.gzip(data), tools.zstd(data), data]) {
      for (const chunkSize of [1, 3, 65536]) {
        const parts: Uint8Array[] = [];
        for await (const chunk of decompressDetected(chunksOf(encoded, chunkSize))) parts.push(chunk);
        expect(Buffer.concat(parts).equals(data)).toBe(true);
      }
    }
  });

  it('refuses an xz stream before decoding anything', async () => {
    const xz = tools.run('xz', [], layerLikeBytes(1000));
    const run = async () => {
      for await (const _ of decompressDetected(chunksOf(xz, 4))) void _;
    };
    await expect(run()).rejects.toThrow(/xz-compressed data is not supported/);
  });
});
