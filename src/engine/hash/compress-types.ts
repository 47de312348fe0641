/**
 * A SHA-256 block kernel: processes `blockCount` 64-byte blocks of `data` starting at `offset`,
 * updating the 8-word `state` in place (FIPS 180-4 §6.2.2). Implemented in TypeScript
 * (compress-ts.ts) and WebAssembly (compress-wasm.ts).
 */
export type CompressBlocks = (state: Int32Array, data: Uint8Array, offset: number, blockCount: number) => void;
