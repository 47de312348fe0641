import { describe, expect, it } from 'vitest';
import { sha256WasmModuleBytes } from '../../src/engine/hash/compress-wasm.ts';

describe('the emitted SHA-256 wasm module', () => {
  it('is a valid, deterministic WebAssembly binary exporting memory and compress', () => {
    const bytes = sha256WasmModuleBytes();
    expect(WebAssembly.validate(bytes)).toBe(true);
    expect(sha256WasmModuleBytes()).toEqual(bytes);
    const module = new WebAssembly.Module(bytes);
    expect(WebAssembly.Module.exports(module)).toEqual([
      { name: 'memory', kind: 'memory' },
      { name: 'compress', kind: 'function' },
    ]);
    expect(WebAssembly.Module.imports(module)).toEqual([]);
  });

  it('computes one compression of the padded "abc" block (FIPS 180-2 B.1)', () => {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(sha256WasmModuleBytes()));
    const { memory, compress } = instance.exports as { memory: WebAssembly.Memory; compress: (n: number) => void };
    const state = new Int32Array(memory.buffer, 0, 8);
    state.set([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
    const block = new Uint8Array(memory.buffer, 64, 64);
    block.set([0x61, 0x62, 0x63, 0x80]);
    block[63] = 24;
    compress(1);
    const hex = Array.from(state, (w) => (w >>> 0).toString(16).padStart(8, '0')).join('');
    expect(hex).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
