import { afterAll, describe, expect, it } from 'vitest';
import { MAX_ZSTD_WINDOW_BYTES } from '../../src/engine/compression/zstd.ts';
import { CompressionError, DecompressionLimitError } from '../../src/engine/errors.ts';
import { concat, decompressAll, layerLikeBytes, Tools } from './helpers.ts';

const tools = new Tools();
afterAll(() => tools.cleanup());

const data = layerLikeBytes(3_000_000, 21);

async function failure(encoded: Uint8Array, maxOutputBytes?: number, chunkSize = 65536): Promise<unknown> {
  try {
    await decompressAll(encoded, 'zstd', maxOutputBytes === undefined ? {} : { maxOutputBytes }, chunkSize);
  } catch (error) {
    return error;
  }
  return undefined;
}

/** A skippable frame (RFC 8878 §3.1.2) carrying `size` bytes of user data. */
function skippableFrame(size: number): Uint8Array {
  const frame = new Uint8Array(8 + size).fill(0xee);
  frame.set([0x53, 0x2a, 0x4d, 0x18, size & 0xff, (size >> 8) & 0xff, (size >> 16) & 0xff, size >>> 24]);
  return frame;
}

describe('unzstd', () => {
  it.each([['-1'], ['-3'], ['-19'], ['--long=27'], ['--no-check'], ['-3', '--content-size'], ['--fast=5']])(
    'decodes what `zstd %s` wrote, in any chunking',
    async (...args) => {
      const encoded = tools.zstd(data, ...args);
      for (const chunkSize of [1000, 65536, encoded.length]) {
        const out = await decompressAll(encoded, 'zstd', {}, chunkSize);
        expect(Buffer.from(out).equals(data)).toBe(true);
      }
    },
  );

  it('decodes a stream fed one byte at a time', async () => {
    const small = layerLikeBytes(100_000, 8);
    expect(Buffer.from(await decompressAll(tools.zstd(small), 'zstd', {}, 1)).equals(small)).toBe(true);
  });

  it('decodes every frame of `cat a.zst b.zst c.zst`, with skippable frames between, as zstd -d does', async () => {
    const a = layerLikeBytes(500_000, 1);
    const c = layerLikeBytes(200_000, 2);
    const multi = concat(skippableFrame(10), tools.zstd(a, '-1'), tools.zstd(new Uint8Array(0)), skippableFrame(0), tools.zstd(c, '-9'));
    const expected = tools.decode('zstd', multi);
    expect(expected.length).toBe(a.length + c.length);
    for (const chunkSize of [3, 65536]) {
      expect(Buffer.from(await decompressAll(multi, 'zstd', {}, chunkSize)).equals(expected)).toBe(true);
    }
  });

  it('fails every truncation with a one-line CompressionError', async () => {
    const encoded = tools.zstd(layerLikeBytes(300_000, 4));
    for (const cut of [0, 1, 3, 4, 5, 6, 9, 100, 50_000, encoded.length - 4, encoded.length - 1]) {
      const error = await failure(encoded.subarray(0, cut));
      expect(error, `cut at ${cut}`).toBeInstanceOf(CompressionError);
      expect((error as Error).message).toMatch(/^zstd: [^\n]+$/);
    }
  });

  it('fails on garbage, on garbage after a valid frame and on a reserved block type', async () => {
    let seed = 5;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    const valid = tools.zstd(layerLikeBytes(1000, 3));
    for (let i = 0; i < 20; i++) {
      const garbage = Uint8Array.from({ length: 50 + i * 40 }, rand);
      expect(await failure(garbage)).toBeInstanceOf(CompressionError);
      garbage.set([0x28, 0xb5, 0x2f, 0xfd], 0); // right magic, random header and blocks
      // A random header may declare an absurd content size: that is refused as over the cap.
      const error = await failure(garbage);
      expect(error instanceof CompressionError || error instanceof DecompressionLimitError, String(error)).toBe(true);
      expect(await failure(concat(valid, garbage.subarray(4)))).toBeInstanceOf(CompressionError);
    }
    const reserved = new Uint8Array([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x38, 0x07, 0x00, 0x00]); // Block_Type 3
    expect(await failure(reserved)).toMatchObject({ message: expect.stringMatching(/corrupt block header/) });
  });

  it('never lets corrupted compressed data escape as anything but CompressionError', async () => {
    const encoded = tools.zstd(data, '-3');
    for (let i = 1; i < 40; i++) {
      const corrupt = encoded.slice();
      const at = Math.floor((encoded.length * i) / 40);
      corrupt[at]! ^= 0x5a;
      const error = await failure(corrupt);
      // fzstd does not verify the XXH64 content checksum, so a flip inside literals can decode "successfully".
      if (error !== undefined) expect(error, `flip at ${at}`).toBeInstanceOf(CompressionError);
    }
  });

  it('refuses a frame whose window is larger than we allow, before allocating it', async () => {
    // Window_Descriptor 0xA8: windowLog 31, a 2 GiB window, then one empty last raw block.
    const huge = new Uint8Array([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0xa8, 0x01, 0x00, 0x00]);
    const error = await failure(huge);
    expect(error).toBeInstanceOf(CompressionError);
    expect((error as Error).message).toBe(
      `zstd: frame at byte 0 needs a 2147483648-byte window, more than the ${MAX_ZSTD_WINDOW_BYTES} supported`,
    );
  });

  it('fails at once when a frame declares more content than the output cap', async () => {
    const encoded = tools.zstd(data, '-3', '--content-size');
    const error = await failure(encoded, 1_000_000);
    expect(error).toBeInstanceOf(DecompressionLimitError);
  });

  it('refuses dictionary-compressed frames clearly', async () => {
    const withDict = new Uint8Array([0x28, 0xb5, 0x2f, 0xfd, 0x01, 0x38, 0x07, 0x01, 0x00, 0x00]);
    expect(await failure(withDict)).toMatchObject({ message: 'zstd: frame at byte 0 needs dictionary 7, which is not supported' });
  });
});
