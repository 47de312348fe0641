import { constants, createDeflateRaw } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { decompress } from '../../src/engine/compression/decompress.ts';
import type { DecompressOptions } from '../../src/engine/compression/decompress.ts';
import type { Compression } from '../../src/engine/compression/detect.ts';
import { DecompressionLimitError } from '../../src/engine/errors.ts';
import { concat, Tools } from './helpers.ts';

const tools = new Tools();
afterAll(() => tools.cleanup());

const MiB = 1024 * 1024;

/**
 * A byte-aligned run of deflate blocks that decodes to 1 MiB of zeros on its own: compress zeros,
 * then full-flush (which aligns to a byte and resets the dictionary) and keep only what the
 * second megabyte produced. Repeating it builds a single-member bomb of any size cheaply.
 */
async function zeroMegabytePiece(): Promise<Uint8Array> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (b: Buffer) => out.push(b));
  const flush = () => new Promise<void>((resolve) => deflate.flush(constants.Z_FULL_FLUSH, () => resolve()));
  deflate.write(Buffer.alloc(MiB));
  await flush();
  const before = Buffer.concat(out).length;
  deflate.write(Buffer.alloc(MiB));
  await flush();
  deflate.end();
  return new Uint8Array(Buffer.concat(out).subarray(before));
}

/** A gzip header (RFC 1952 §2.3), then `pieces` copies of the piece: `pieces` MiB of zeros. */
async function gzipBomb(pieces: number): Promise<Uint8Array> {
  const piece = await zeroMegabytePiece();
  const body = new Uint8Array(piece.length * pieces);
  for (let i = 0; i < pieces; i++) body.set(piece, i * piece.length);
  const header = new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 3]);
  return concat(header, body); // never finished: decoding must stop long before the end
}

/** A zstd frame of `blocks` RLE blocks of 128 KiB each (RFC 8878 §3.1.1.2): 4 input bytes per 128 KiB. */
function zstdRleBomb(blocks: number): Uint8Array {
  const header = [0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x38]; // no content size, 128 KiB window
  const out = new Uint8Array(header.length + blocks * 4);
  out.set(header);
  for (let i = 0; i < blocks; i++) {
    const blockHeader = (i === blocks - 1 ? 1 : 0) | (1 << 1) | ((128 * 1024) << 3);
    out.set([blockHeader & 0xff, (blockHeader >> 8) & 0xff, blockHeader >>> 16, 0], header.length + i * 4);
  }
  return out;
}

/** Feed `data` in 64 KiB chunks, counting what the decoder actually pulled. */
function countingInput(data: Uint8Array): { chunks: AsyncGenerator<Uint8Array>; pulled: () => number } {
  let pulled = 0;
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for (let pos = 0; pos < data.length; pos += 65536) {
      const chunk = data.subarray(pos, pos + 65536);
      pulled += chunk.length;
      yield chunk;
    }
  }
  return { chunks: chunks(), pulled: () => pulled };
}

async function expectStoppedAtCap(data: Uint8Array, format: Compression, options: DecompressOptions & { maxOutputBytes: number }) {
  const input = countingInput(data);
  const started = performance.now();
  let produced = 0;
  let peakChunk = 0;
  const run = async () => {
    for await (const chunk of decompress(input.chunks, format, options)) {
      produced += chunk.length;
      peakChunk = Math.max(peakChunk, chunk.length);
    }
  };
  await expect(run()).rejects.toBeInstanceOf(DecompressionLimitError);
  const seconds = (performance.now() - started) / 1000;
  return { produced, pulled: input.pulled(), seconds, peakChunk };
}

describe('decompression bombs', () => {
  it('the crafted bombs are what they claim: real gzip and zstd decode a small one to zeros', async () => {
    const gz = await gzipBomb(3);
    // Finish the small one properly so gzip -d accepts it: final empty stored block, CRC32, ISIZE.
    const { crc32 } = await import('../../src/engine/compression/crc32.ts');
    const zeros = new Uint8Array(3 * MiB);
    const trailer = new Uint8Array(8);
    new DataView(trailer.buffer).setUint32(0, crc32(zeros), true);
    new DataView(trailer.buffer).setUint32(4, zeros.length, true);
    const finished = concat(gz, new Uint8Array([0x03, 0x00]), trailer);
    expect(Buffer.from(tools.decode('gzip', finished)).equals(zeros)).toBe(true);
    expect(tools.decode('zstd', zstdRleBomb(3)).length).toBe(3 * 128 * 1024);
  });

  describe.each(['native', 'fflate'] as const)('gzip (%s)', (implementation) => {
    it('stops a 10 MB gzip that expands to 10 GiB at the cap, fast, having read little input', async () => {
      const bomb = await gzipBomb(10 * 1024); // 10 GiB of zeros
      expect(bomb.length).toBeGreaterThan(9_000_000);
      expect(bomb.length).toBeLessThan(11_000_000);
      const cap = 256 * MiB;
      const result = await expectStoppedAtCap(bomb, 'gzip', { maxOutputBytes: cap, implementation });
      expect(result.produced).toBeLessThanOrEqual(cap);
      expect(result.pulled).toBeLessThan(2 * MiB); // ~256 KiB needed, plus read-ahead
      expect(result.peakChunk).toBeLessThanOrEqual(32 * MiB);
      expect(result.seconds).toBeLessThan(15);
    });
  });

  it('stops a zstd RLE bomb (10 GiB from 320 KiB) at the cap, block by block', async () => {
    const bomb = zstdRleBomb(80 * 1024); // 80k blocks × 128 KiB = 10 GiB
    const cap = 256 * MiB;
    const result = await expectStoppedAtCap(bomb, 'zstd', { maxOutputBytes: cap });
    expect(result.produced).toBeLessThanOrEqual(cap);
    expect(result.pulled).toBeLessThanOrEqual(64 * 1024); // one input chunk: 256 MiB is 2048 blocks of 4 bytes
    expect(result.peakChunk).toBeLessThanOrEqual(128 * 1024);
    expect(result.seconds).toBeLessThan(15);
  });

  it('applies the cap to uncompressed streams too', async () => {
    await expect(expectStoppedAtCap(new Uint8Array(MiB), 'none', { maxOutputBytes: 1000 })).resolves.toMatchObject({ produced: 0 });
  });
});
