/**
 * A tiny WebAssembly assembler shared by the self-emitted SHA-256 kernels (compress-wasm.ts,
 * compress-wasm-x4.ts): LEB128 numbers, sections, and a function-body builder with the few
 * instructions they use. Binary format: https://webassembly.github.io/spec/core/binary/index.html
 */

/** Opcodes (spec §5.4). */
export const OP = {
  block: 0x02, loop: 0x03, br: 0x0c, brIf: 0x0d, end: 0x0b,
  localGet: 0x20, localSet: 0x21, localTee: 0x22,
  i32Load: 0x28, i32Store: 0x36, i32Const: 0x41,
  i32Eqz: 0x45, i32GeU: 0x4f, i32Add: 0x6a, i32Sub: 0x6b, i32And: 0x71, i32Or: 0x72, i32Xor: 0x73,
  i32Shl: 0x74, i32ShrU: 0x76, i32Rotl: 0x77, i32Rotr: 0x78,
  simdPrefix: 0xfd,
} as const;

/** SIMD opcodes (spec §5.4.8), each emitted after the 0xfd prefix as an unsigned LEB128. */
export const SIMD = {
  v128Load: 0x00, v128Store: 0x0b, v128Const: 0x0c, i8x16Shuffle: 0x0d,
  v128And: 0x4e, v128Or: 0x50, v128Xor: 0x51, v128Bitselect: 0x52,
  i32x4Shl: 0xab, i32x4ShrU: 0xad, i32x4Add: 0xae,
} as const;

export const VOID_BLOCK = 0x40;
export const I32 = 0x7f;
export const V128 = 0x7b;

export function unsignedLeb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

export function signedLeb(value: number): number[] {
  const out: number[] = [];
  value |= 0;
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    const done = (value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

export function name(text: string): number[] {
  return [...unsignedLeb(text.length), ...Array.from(text, (c) => c.charCodeAt(0))];
}

export function section(id: number, body: number[]): number[] {
  return [id, ...unsignedLeb(body.length), ...body];
}

/** A function body under construction; every method appends one instruction and returns `this`. */
export class FunctionBody {
  readonly code: number[] = [];
  get(local: number): this { return this.emit(OP.localGet, ...unsignedLeb(local)); }
  set(local: number): this { return this.emit(OP.localSet, ...unsignedLeb(local)); }
  tee(local: number): this { return this.emit(OP.localTee, ...unsignedLeb(local)); }
  const(value: number): this { return this.emit(OP.i32Const, ...signedLeb(value)); }
  /** i32.load with alignment 2^2 and a constant offset added to the address on the stack. */
  load(offset: number): this { return this.emit(OP.i32Load, 2, ...unsignedLeb(offset)); }
  store(offset: number): this { return this.emit(OP.i32Store, 2, ...unsignedLeb(offset)); }
  /** Push rotr(local, n). */
  rotr(local: number, n: number): this { return this.get(local).const(n).emit(OP.i32Rotr); }
  simd(op: number, ...immediates: number[]): this { return this.emit(OP.simdPrefix, ...unsignedLeb(op), ...immediates); }
  /** v128.load / v128.store with alignment 2^4 and a constant offset. */
  loadV128(offset: number): this { return this.simd(SIMD.v128Load, 4, ...unsignedLeb(offset)); }
  storeV128(offset: number): this { return this.simd(SIMD.v128Store, 4, ...unsignedLeb(offset)); }
  /** v128.const with `value` in all four i32 lanes. */
  splatConst(value: number): this {
    const bytes = [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff];
    return this.simd(SIMD.v128Const, ...bytes, ...bytes, ...bytes, ...bytes);
  }
  emit(...bytes: number[]): this {
    for (const b of bytes) this.code.push(b);
    return this;
  }
}

/** A module with one exported function of `params` i32 parameters, no result, and an exported memory. */
export function moduleBytes(opts: {
  params: number;
  locals: [count: number, type: number][];
  body: FunctionBody;
  memoryPages: number;
  exportName: string;
}): Uint8Array<ArrayBuffer> {
  const locals = [opts.locals.length, ...opts.locals.flatMap(([count, type]) => [...unsignedLeb(count), type])];
  const funcBody = [...locals, ...opts.body.code];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
    ...section(1, [1, 0x60, opts.params, ...Array<number>(opts.params).fill(I32), 0]), // types: (i32 × params) -> ()
    ...section(3, [1, 0]), // functions: one, of type 0
    ...section(5, [1, 0x00, ...unsignedLeb(opts.memoryPages)]), // memory: min pages, no max
    ...section(7, [2, ...name('memory'), 0x02, 0, ...name(opts.exportName), 0x00, 0]),
    ...section(10, [1, ...unsignedLeb(funcBody.length), ...funcBody]),
  ]);
}
