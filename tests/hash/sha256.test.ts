import { createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Sha256 } from '../../src/engine/hash/sha256.ts';
import type { Sha256Implementation } from '../../src/engine/hash/sha256.ts';
import { xorshift32 } from '../support/xorshift.ts';

const text = (s: string) => new TextEncoder().encode(s);
const nodeHex = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

const prng = xorshift32;

/** Split `data` into random-sized pieces (including empty ones) to exercise the block buffering. */
function randomChunks(data: Uint8Array, next: () => number, maxChunk: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let pos = 0; pos < data.length; ) {
    const n = next() % (maxChunk + 1);
    out.push(data.subarray(pos, pos + n));
    pos += n;
  }
  return out;
}

const implementations: Sha256Implementation[] = ['ts', 'wasm', 'auto'];

describe.each(implementations)('Sha256 (%s)', (impl) => {
  // FIPS 180-2 Appendix B examples and the NIST "SHA256ShortMsg/LongMsg" style edge cases.
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    [
      'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    ],
    [
      'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu',
      'cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1',
    ],
  ])('hashes the FIPS example %j', (message, expected) => {
    expect(new Sha256(impl).update(text(message)).hex()).toBe(expected);
  });

  it("hashes one million 'a's (FIPS 180-2 B.3), fed in uneven pieces", () => {
    const data = new Uint8Array(1_000_000).fill(0x61);
    const hasher = new Sha256(impl);
    for (const chunk of randomChunks(data, prng(3), 10_000)) hasher.update(chunk);
    expect(hasher.hex()).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });

  it('matches node:crypto for every length 0..1000, whole and in random chunks', () => {
    const next = prng(42);
    const all = randomBytes(1000);
    for (let length = 0; length <= 1000; length++) {
      const data = all.subarray(0, length);
      const expected = nodeHex(data);
      expect(new Sha256(impl).update(data).hex(), `length ${length}`).toBe(expected);
      const hasher = new Sha256(impl);
      for (const chunk of randomChunks(data, next, 130)) hasher.update(chunk);
      expect(hasher.hex(), `chunked, length ${length}`).toBe(expected);
    }
  });

  it('matches node:crypto across the 64 KiB window of the wasm kernel and on unaligned views', () => {
    const next = prng(7);
    const data = randomBytes(3 * 65536 + 1234);
    for (const offset of [0, 1, 3, 63]) {
      const view = data.subarray(offset);
      expect(new Sha256(impl).update(view).hex()).toBe(nodeHex(view));
      const hasher = new Sha256(impl);
      for (const chunk of randomChunks(view, next, 100_000)) hasher.update(chunk);
      expect(hasher.hex()).toBe(nodeHex(view));
    }
  });

  it('digest() finalises: repeated calls agree, update() afterwards is refused', () => {
    const hasher = new Sha256(impl).update(text('abc'));
    const first = hasher.digest();
    first[0] = 0; // callers get copies
    expect(hasher.hex()).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(() => hasher.update(text('more'))).toThrow(/after digest/);
  });
});

describe('Sha256 against sha256sum', () => {
  const dir = mkdtempSync(join(tmpdir(), 'layerlab-sha-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([0, 55, 56, 63, 64, 65, 119, 120, 4096, 1_048_577])('agrees on a %i-byte file', (size) => {
    const data = randomBytes(size);
    const file = join(dir, `f${size}`);
    writeFileSync(file, data);
    const expected = execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0];
    expect(new Sha256('ts').update(data).hex()).toBe(expected);
    expect(new Sha256('wasm').update(data).hex()).toBe(expected);
  });
});

describe('Sha256 implementations agree with each other', () => {
  it('gives identical digests for the TS and wasm kernels on 300 random inputs', () => {
    const next = prng(99);
    for (let i = 0; i < 300; i++) {
      const data = randomBytes(next() % 5000);
      expect(new Sha256('wasm').update(data).hex()).toBe(new Sha256('ts').update(data).hex());
    }
  });
});
