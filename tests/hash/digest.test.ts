import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { hashingTee, sha256Digest, sha256Hex, sha256OfChunks } from '../../src/engine/hash/digest.ts';
import { Sha256 } from '../../src/engine/hash/sha256.ts';

const nodeHex = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

async function* chunked(data: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let pos = 0; pos < data.length; pos += size) yield data.subarray(pos, pos + size);
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('sha256Hex / sha256Digest', () => {
  it('hash in-memory bytes through WebCrypto', async () => {
    const data = randomBytes(100_000);
    const spy = vi.spyOn(globalThis.crypto.subtle, 'digest');
    expect(await sha256Hex(data)).toBe(nodeHex(data));
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
    expect(await sha256Digest(data)).toBe(`sha256:${nodeHex(data)}`);
  });

  it('fall back to the TypeScript hasher where there is no WebCrypto', async () => {
    vi.stubGlobal('crypto', undefined);
    const data = randomBytes(5000);
    expect(globalThis.crypto).toBeUndefined();
    expect(await sha256Digest(data)).toBe(`sha256:${nodeHex(data)}`);
  });
});

describe('streaming digests', () => {
  it('sha256OfChunks hashes a stream as it goes', async () => {
    const data = randomBytes(1_000_003);
    expect(await sha256OfChunks(chunked(data, 65_537))).toBe(`sha256:${nodeHex(data)}`);
    expect(await sha256OfChunks(chunked(new Uint8Array(0), 1))).toBe(`sha256:${nodeHex(new Uint8Array(0))}`);
  });

  it('hashingTee passes chunks through unchanged while hashing them', async () => {
    const data = randomBytes(300_000);
    const hasher = new Sha256();
    const seen: Uint8Array[] = [];
    for await (const chunk of hashingTee(chunked(data, 7777), hasher)) seen.push(chunk);
    expect(Buffer.concat(seen).equals(data)).toBe(true);
    expect(hasher.hex()).toBe(nodeHex(data));
  });
});
