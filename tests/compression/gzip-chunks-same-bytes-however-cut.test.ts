/**
 * `docker push` gzips a layer as it streams (gzipChunks): GNU gzip decodes what it writes back to
 * the input, and the same input gives the same bytes however it is chunked, so a layer pushed
 * again after a reload has the digest it had.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { gzipChunks } from '../../src/engine/compression/gzip.ts';

async function gzipCut(data: Uint8Array, size: number): Promise<Buffer> {
  async function* cut(): AsyncGenerator<Uint8Array> {
    // One reused buffer, as a layer's reader gives its chunks.
    const buffer = new Uint8Array(size);
    for (let i = 0; i < data.length; i += size) {
      const n = Math.min(size, data.length - i);
      buffer.set(data.subarray(i, i + n));
      yield buffer.subarray(0, n);
    }
  }
  const parts: Uint8Array[] = [];
  for await (const chunk of gzipChunks(cut())) parts.push(chunk.slice());
  return Buffer.concat(parts);
}

describe('gzipChunks', () => {
  it('writes gzip that GNU gzip decodes to the input, the same bytes however the input is cut', async () => {
    // Half random (stored blocks), half text (compressed), past several of its 1 MiB blocks.
    const text = Buffer.from(Array.from({ length: 60_000 }, (_, i) => `line ${i} of a layer\n`).join(''));
    const data = new Uint8Array(Buffer.concat([randomBytes(1_500_000), text]));
    const whole = await gzipCut(data, data.length);
    for (const size of [7, 4096, 65_536, 1_000_003]) {
      expect((await gzipCut(data, size)).equals(whole), `cut into ${size}-byte chunks`).toBe(true);
    }
    const gunzip = spawnSync('gzip', ['-dc'], { input: whole, maxBuffer: 64 << 20 });
    if (gunzip.error) throw new Error(`GNU gzip is needed as the oracle: apt-get install -y gzip (${gunzip.error.message})`);
    expect(gunzip.status).toBe(0);
    expect(Buffer.from(gunzip.stdout).equals(Buffer.from(data))).toBe(true);
    // gzip -n's header: no name, mtime 0.
    expect([...whole.subarray(0, 8)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]);
  });

  it('gzips an empty stream to an empty member GNU gzip reads', async () => {
    const empty = await gzipCut(new Uint8Array(0), 10);
    const gunzip = spawnSync('gzip', ['-dc'], { input: empty });
    expect(gunzip.status).toBe(0);
    expect(gunzip.stdout.length).toBe(0);
  });
});
