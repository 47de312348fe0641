import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LANE_BYTES, sha256x4WasmModuleBytes } from '../../src/engine/hash/compress-wasm-x4.ts';
import { Sha256 } from '../../src/engine/hash/sha256.ts';
import type { Sha256Hasher } from '../../src/engine/hash/sha256.ts';
import { Sha256x4 } from '../../src/engine/hash/sha256-x4.ts';
import type { Sha256x4Implementation } from '../../src/engine/hash/sha256-x4.ts';
import { xorshift32 } from '../support/xorshift.ts';

const text = (s: string) => new TextEncoder().encode(s);
const nodeHex = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

const FIPS_EXAMPLES: [string, string][] = [
  ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
  ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
  ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
  [
    'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu',
    'cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1',
  ],
];

/**
 * Feed `messages` to hashers of `group` side by side, in random-sized pieces (up to `maxChunk`,
 * empty ones included) taken from the streams in random order, so lanes run ahead of each other
 * and finish at different times; each hasher is digested as soon as its message is done.
 */
function hashTogether(group: Sha256x4, messages: Uint8Array[], next: () => number, maxChunk: number): string[] {
  const hashers: Sha256Hasher[] = messages.map(() => group.hasher());
  const positions = messages.map(() => 0);
  const digests: string[] = Array<string>(messages.length).fill('');
  let open = messages.length;
  while (open > 0) {
    const i = next() % messages.length;
    if (digests[i]) continue;
    const n = next() % (maxChunk + 1);
    hashers[i]!.update(messages[i]!.subarray(positions[i], positions[i]! + n));
    positions[i] = Math.min(positions[i]! + n, messages[i]!.length);
    if (positions[i] === messages[i]!.length) {
      digests[i] = hashers[i]!.hex();
      open--;
    }
  }
  return digests;
}

describe('the emitted 4-lane SHA-256 wasm module', () => {
  it('is valid, deterministic WebAssembly exporting memory and compress4, importing nothing', () => {
    const bytes = sha256x4WasmModuleBytes();
    expect(WebAssembly.validate(bytes)).toBe(true);
    expect(sha256x4WasmModuleBytes()).toEqual(bytes);
    const module = new WebAssembly.Module(bytes);
    expect(WebAssembly.Module.exports(module)).toEqual([
      { name: 'memory', kind: 'memory' },
      { name: 'compress4', kind: 'function' },
    ]);
    expect(WebAssembly.Module.imports(module)).toEqual([]);
  });
});

describe.each<Sha256x4Implementation>(['auto', 'single'])('Sha256x4 (%s)', (implementation) => {
  it('uses the SIMD kernel exactly when asked to and the platform has it', () => {
    // Node 20 has wasm SIMD; 'single' is the fallback every platform gets without it.
    expect(new Sha256x4(implementation).simd).toBe(implementation === 'auto');
  });

  it('hashes the four FIPS examples at once, one per lane', () => {
    const group = new Sha256x4(implementation);
    const hashers = FIPS_EXAMPLES.map(() => group.hasher());
    FIPS_EXAMPLES.forEach(([message], i) => hashers[i]!.update(text(message)));
    expect(hashers.map((h) => h.hex())).toEqual(FIPS_EXAMPLES.map(([, digest]) => digest));
  });

  it('matches node:crypto on every length 0..1000, four streams of different lengths at a time', () => {
    const group = new Sha256x4(implementation);
    const next = xorshift32(11);
    const all = randomBytes(1000 + 6);
    for (let length = 0; length <= 1000; length += 4) {
      // Lanes of lengths length..length+3 (so every length 0..1003), from different offsets.
      const messages = [0, 1, 2, 3].map((k) => all.subarray(k, k + length + k));
      expect(hashTogether(group, messages, next, 130), `lengths ${length}..${length + 3}`).toEqual(messages.map(nodeHex));
    }
  });

  it('matches node:crypto on multi-MB streams that run ahead of each other and end at different times', () => {
    const group = new Sha256x4(implementation);
    const next = xorshift32(5);
    const sizes = [3 * LANE_BYTES + 17, 5_000_000, 2_345_679, 64];
    const messages = sizes.map((size) => randomBytes(size));
    // Chunks bigger than a lane's buffer too, so a lane must make room mid-update.
    expect(hashTogether(group, messages, next, LANE_BYTES + 100_000)).toEqual(messages.map(nodeHex));
    // Then mostly small chunks: many 4-lane passes of a few blocks.
    expect(hashTogether(group, messages.slice(0, 3), next, 5000)).toEqual(messages.slice(0, 3).map(nodeHex));
  });

  it('hashes one stream fed alone (no lane to pair with), and a lane reused after its digest', () => {
    const group = new Sha256x4(implementation);
    const data = randomBytes(2 * LANE_BYTES + 1234);
    expect(group.hasher().update(data).hex()).toBe(nodeHex(data));
    const first = group.hasher().update(data.subarray(0, 1000));
    const second = group.hasher().update(data);
    expect(first.hex()).toBe(nodeHex(data.subarray(0, 1000)));
    const third = group.hasher().update(data.subarray(5)); // takes the lane `first` gave back
    expect(second.hex()).toBe(nodeHex(data));
    expect(third.hex()).toBe(nodeHex(data.subarray(5)));
  });

  it('gives a fifth concurrent stream a hasher of its own', () => {
    const group = new Sha256x4(implementation);
    const messages = [1, 2, 3, 4, 5].map((k) => randomBytes(100_000 * k + k));
    const hashers = messages.map(() => group.hasher());
    expect(hashers[4]).toBeInstanceOf(Sha256);
    for (let pos = 0; pos < 500_005; pos += 65_536) messages.forEach((m, i) => hashers[i]!.update(m.subarray(pos, pos + 65_536)));
    expect(hashers.map((h) => h.hex())).toEqual(messages.map(nodeHex));
  });

  it('finalises like Sha256: digest() again gives the same bytes, update() after it is refused', () => {
    const hasher = new Sha256x4(implementation).hasher().update(text('abc'));
    const first = hasher.digest();
    first[0] = 0; // callers get copies
    expect(hasher.hex()).toBe(FIPS_EXAMPLES[1]![1]);
    expect(() => hasher.update(text('more'))).toThrow(/after digest/);
  });
});

describe('Sha256x4 without wasm SIMD', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('falls back to one-stream hashers when WebAssembly.validate rejects the SIMD module', async () => {
    vi.stubGlobal('WebAssembly', { ...WebAssembly, Module: WebAssembly.Module, Instance: WebAssembly.Instance, validate: () => false });
    vi.resetModules();
    const { Sha256x4: Fresh } = await import('../../src/engine/hash/sha256-x4.ts');
    const group = new Fresh();
    expect(group.simd).toBe(false);
    const data = randomBytes(200_000);
    expect(group.hasher().update(data).hex()).toBe(nodeHex(data));
  });
});
