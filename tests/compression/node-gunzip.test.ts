/**
 * The Node platform gunzip (node:zlib streams) behind `decompress`: same bytes as `gzip -d`,
 * multi-member input, the output cap, corrupt input as one CompressionError line — with the
 * hook registered exactly as the CLI registers it.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decompress, registerPlatformGunzip } from '../../src/engine/compression/decompress.ts';
import { CompressionError, DecompressionLimitError, LayerlabError } from '../../src/engine/errors.ts';
import { installNodePlatform } from '../../src/node/node-gunzip.ts';

async function* chunked(data: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let p = 0; p < data.length; p += size) yield data.subarray(p, p + size);
}

async function gunzipAll(gz: Uint8Array, maxOutputBytes?: number): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of decompress(chunked(gz, 7000), 'gzip', maxOutputBytes ? { maxOutputBytes } : {})) parts.push(c);
  return Buffer.concat(parts);
}

describe('gunzip through the Node platform hook', () => {
  beforeAll(() => installNodePlatform());
  afterAll(() => registerPlatformGunzip(undefined));

  it('gives the bytes `gzip -d` gives, for single- and multi-member input', async () => {
    const a = randomBytes(300_000);
    const b = Buffer.from('second member\n'.repeat(5000));
    const multi = Buffer.concat([execFileSync('gzip', ['-c'], { input: a }), execFileSync('gzip', ['-9c'], { input: b })]);
    const expected = execFileSync('gzip', ['-dc'], { input: multi });
    expect((await gunzipAll(multi)).equals(expected)).toBe(true);
  });

  it('stops a bomb at the cap with DecompressionLimitError', async () => {
    const bomb = gzipSync(Buffer.alloc(64 << 20));
    await expect(gunzipAll(bomb, 1 << 20)).rejects.toBeInstanceOf(DecompressionLimitError);
  });

  it.each([
    ['truncated', (gz: Buffer) => gz.subarray(0, gz.length - 20)],
    ['corrupted', (gz: Buffer) => Buffer.concat([gz.subarray(0, 30), Buffer.alloc(40, 0xff), gz.subarray(70)])],
    ['empty', () => Buffer.alloc(0)],
  ])('%s input fails with one CompressionError line', async (_name, damage) => {
    const gz = damage(gzipSync(randomBytes(100_000)));
    const err = await gunzipAll(gz).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LayerlabError);
    expect(err).toBeInstanceOf(CompressionError);
    expect((err as Error).message).not.toContain('\n');
  });
});
