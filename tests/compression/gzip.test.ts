import { afterAll, describe, expect, it } from 'vitest';
import { decompress } from '../../src/engine/compression/decompress.ts';
import type { DecompressOptions } from '../../src/engine/compression/decompress.ts';
import { nativeGunzipDecodesAllMembers } from '../../src/engine/compression/gzip.ts';
import { CompressionError, LayerlabError } from '../../src/engine/errors.ts';
import { chunksOf, concat, decompressAll, layerLikeBytes, Tools } from './helpers.ts';

const tools = new Tools();
afterAll(() => tools.cleanup());

const data = layerLikeBytes(3_000_000, 11);
const implementations: NonNullable<DecompressOptions['implementation']>[] = ['native', 'fflate', 'auto'];

/** Decode, expecting failure; returns the error so callers can check its type and text. */
async function failure(encoded: Uint8Array, implementation: DecompressOptions['implementation'], chunkSize = 65536): Promise<unknown> {
  try {
    await decompressAll(encoded, 'gzip', { implementation }, chunkSize);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe.each(implementations)('gunzip (%s)', (implementation) => {
  it.each([1, 6, 9])('decodes what `gzip -%i` wrote, in any chunking', async (level) => {
    const encoded = tools.gzip(data, level);
    for (const chunkSize of [1000, 65536, encoded.length]) {
      const out = await decompressAll(encoded, 'gzip', { implementation }, chunkSize);
      expect(out.length).toBe(data.length);
      expect(Buffer.from(out).equals(data)).toBe(true);
    }
  });

  it('decodes an empty file and tiny chunks', async () => {
    expect((await decompressAll(tools.gzip(new Uint8Array(0)), 'gzip', { implementation }, 1)).length).toBe(0);
    const small = layerLikeBytes(5000, 2);
    expect(Buffer.from(await decompressAll(tools.gzip(small), 'gzip', { implementation }, 1)).equals(small)).toBe(true);
  });

  it('decodes every member of `cat a.gz b.gz c.gz` (with an empty member), as gzip -d does', async () => {
    const a = layerLikeBytes(700_000, 1);
    const b = new Uint8Array(0);
    const c = layerLikeBytes(300_001, 3);
    const multi = concat(tools.gzip(a, 1), tools.gzip(b), tools.gzip(c, 9));
    const expected = tools.decode('gzip', multi);
    expect(expected.length).toBe(a.length + c.length);
    for (const chunkSize of [7, 65536]) {
      const out = await decompressAll(multi, 'gzip', { implementation }, chunkSize);
      expect(Buffer.from(out).equals(expected)).toBe(true);
    }
  });

  it('fails every truncation with a one-line CompressionError', async () => {
    const encoded = tools.gzip(layerLikeBytes(200_000, 4));
    const cuts = [0, 1, 2, 5, 9, 10, 11, 100, 5000, encoded.length - 9, encoded.length - 8, encoded.length - 4, encoded.length - 1];
    for (const cut of cuts) {
      const error = await failure(encoded.subarray(0, cut), implementation);
      expect(error, `cut at ${cut}`).toBeInstanceOf(CompressionError);
      expect((error as Error).message).toMatch(/^gzip: [^\n]+$/);
    }
  });

  it('fails on random garbage behind a gzip magic, and on a flipped bit, with CompressionError only', async () => {
    let seed = 9;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    for (let i = 0; i < 20; i++) {
      const garbage = Uint8Array.from({ length: 100 + i * 50 }, rand);
      garbage.set([0x1f, 0x8b, 8, 0], 0);
      expect(await failure(garbage, implementation)).toBeInstanceOf(CompressionError);
    }
    // A flipped bit in the deflate data either breaks the deflate stream or the CRC-32.
    const encoded = tools.gzip(data, 6);
    for (const at of [20, 1000, Math.floor(encoded.length / 2), encoded.length - 12, encoded.length - 6]) {
      const corrupt = encoded.slice();
      corrupt[at]! ^= 0x10;
      expect(await failure(corrupt, implementation), `bit flipped at ${at}`).toBeInstanceOf(CompressionError);
    }
  });

  it('passes errors of the input stream through unchanged', async () => {
    const encoded = tools.gzip(data);
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield encoded.subarray(0, 70_000);
      throw new LayerlabError('EIO', 'disk went away');
    }
    const run = async () => {
      for await (const _ of decompress(failing(), 'gzip', { implementation })) void _;
    };
    await expect(run()).rejects.toThrow('disk went away');
  });

  it('releases the input when the consumer stops early', async () => {
    const encoded = tools.gzip(data);
    let returned = false;
    async function* input(): AsyncGenerator<Uint8Array> {
      try {
        for (let pos = 0; pos < encoded.length; pos += 4096) yield encoded.subarray(pos, pos + 4096);
      } finally {
        returned = true;
      }
    }
    for await (const chunk of decompress(input(), 'gzip', { implementation })) {
      expect(chunk.length).toBeGreaterThan(0);
      break;
    }
    expect(returned).toBe(true);
  });
});

describe('choosing the gzip implementation', () => {
  it("finds that Node's DecompressionStream decodes multi-member gzip, so 'auto' uses it", async () => {
    expect(await nativeGunzipDecodesAllMembers()).toBe(true);
  });
});
