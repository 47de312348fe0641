/**
 * A zstd encoder for layer tars made mostly of the engine's 512-byte pattern (placeholder
 * binaries at their real sizes). Deflate cannot code that pattern below ~9 bits per 258 bytes
 * (a distance of 512 takes 7 extra bits, RFC 1951 §3.2.5), so a 250 MB layer gzips to ~1.1 MB;
 * zstd repeats it with one sequence per 128 KiB block (~10 bytes), ~10 000 to 1.
 *
 * The frame (RFC 8878): Raw blocks for everything that is not pattern — and for the first
 * pattern block of a run, which the matches then copy from — and, for the rest of a run,
 * Compressed blocks holding no literals and one sequence (offset 512, match length = the block)
 * coded with the predefined FSE tables. No checksum; deterministic.
 */
import { readChunks, type ByteSource } from '../engine/io/byte-source.ts';
import { isPatternBlock, PATTERN_BLOCK_BYTES } from '../engine/io/pattern-source.ts';

const MAX_BLOCK = 128 * 1024;
/** Window_Descriptor for a 128 KiB window: exponent 17 − 10, mantissa 0. */
const WINDOW_DESCRIPTOR = (17 - 10) << 3;

/** Predefined distributions (RFC 8878 §3.1.1.3.2.2) and their accuracy logs. */
const LL_DIST = [4, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 2, 1, 1, 1, 1, 1, -1, -1, -1, -1];
const ML_DIST = [1, 4, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1, -1, -1];
const OF_DIST = [1, 1, 1, 1, 1, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1];

/** The symbol of each state of an FSE decoding table (RFC 8878 §4.1.1 "FSE Table Description"). */
function fseSymbols(distribution: number[], accuracyLog: number): number[] {
  const size = 1 << accuracyLog;
  const symbols = new Array<number>(size).fill(-1);
  let high = size - 1;
  distribution.forEach((p, s) => {
    if (p === -1) symbols[high--] = s;
  });
  const step = (size >> 1) + (size >> 3) + 3;
  let position = 0;
  distribution.forEach((p, s) => {
    for (let i = 0; i < p; i++) {
      symbols[position] = s;
      do position = (position + step) & (size - 1);
      while (position > high);
    }
  });
  return symbols;
}

const stateOf = (symbols: number[], symbol: number) => {
  const state = symbols.indexOf(symbol);
  if (state < 0) throw new Error(`no FSE state for symbol ${symbol}`);
  return state;
};
const LL_STATE_FOR_0 = stateOf(fseSymbols(LL_DIST, 6), 0);
const OF_SYMBOLS = fseSymbols(OF_DIST, 5);
const ML_SYMBOLS = fseSymbols(ML_DIST, 6);

/** Match_Length codes ≥ 32: [baseline, extra bits] (RFC 8878 §3.1.1.3.2.1.1). */
const ML_CODES: [number, number][] = [[35, 1], [37, 1], [39, 1], [41, 1], [43, 2], [47, 2], [51, 3], [59, 3], [67, 4], [83, 4], [99, 5], [131, 7], [259, 8], [515, 9], [1027, 10], [2051, 11], [4099, 12], [8195, 13], [16387, 14], [32771, 15], [65539, 16]];

function matchLengthCode(length: number): { code: number; extra: number; bits: number } {
  if (length < 35) return { code: length - 3, extra: 0, bits: 0 };
  for (let i = ML_CODES.length - 1; i >= 0; i--) {
    const [base, bits] = ML_CODES[i]!;
    if (length >= base) return { code: 32 + i, extra: length - base, bits };
  }
  throw new Error('unreachable');
}

/** A Compressed block regenerating `length` bytes as one match 512 bytes back. */
function repeatBlock(length: number, last: boolean): Uint8Array {
  const ml = matchLengthCode(length);
  const offsetValue = PATTERN_BLOCK_BYTES + 3;
  const ofCode = 31 - Math.clz32(offsetValue);
  // Written in the order the decoder reads last to first: LL extra (none), ML extra, OF extra, ML state, OF state, LL state, end mark.
  let bits = 0n;
  let count = 0n;
  const put = (value: number, n: number) => {
    bits |= BigInt(value) << count;
    count += BigInt(n);
  };
  put(ml.extra, ml.bits);
  put(offsetValue - (1 << ofCode), ofCode);
  put(stateOf(ML_SYMBOLS, ml.code), 6);
  put(stateOf(OF_SYMBOLS, ofCode), 5);
  put(LL_STATE_FOR_0, 6);
  put(1, 1);
  const stream = new Uint8Array(Number((count + 7n) / 8n));
  for (let i = 0; i < stream.length; i++) stream[i] = Number((bits >> BigInt(8 * i)) & 0xffn);
  // Literals section: Raw, size 0. Sequences section: 1 sequence, predefined modes.
  const body = [0x00, 0x01, 0x00, ...stream];
  return Uint8Array.from([...blockHeader(2, body.length, last), ...body]);
}

function blockHeader(type: 0 | 1 | 2, size: number, last: boolean): number[] {
  const value = (last ? 1 : 0) | (type << 1) | (size << 3);
  return [value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff];
}

function rawBlocks(bytes: Uint8Array, out: Uint8Array[]): void {
  for (let at = 0; at < bytes.length; at += MAX_BLOCK) {
    const part = bytes.subarray(at, Math.min(bytes.length, at + MAX_BLOCK));
    out.push(Uint8Array.from(blockHeader(0, part.length, false)), part.slice());
  }
}

/** The zstd frame of a tar (whose size is a multiple of 512, as every tar's is). */
export async function zstdPatternedTar(tar: ByteSource): Promise<Uint8Array> {
  const out: Uint8Array[] = [Uint8Array.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, WINDOW_DESCRIPTOR])];
  let literal: number[] = [];
  let repeat = 0;
  const flushLiteral = () => {
    if (literal.length) rawBlocks(Uint8Array.from(literal), out);
    literal = [];
  };
  const flushRepeat = () => {
    for (let left = repeat; left > 0; left -= MAX_BLOCK) out.push(repeatBlock(Math.min(left, MAX_BLOCK), false));
    repeat = 0;
  };
  let previousWasPattern = false;
  for await (const chunk of readChunks(tar, 1 << 20)) {
    for (let at = 0; at < chunk.length; at += PATTERN_BLOCK_BYTES) {
      const pattern = isPatternBlock(chunk, at);
      if (pattern && previousWasPattern) {
        flushLiteral();
        repeat += PATTERN_BLOCK_BYTES;
      } else {
        flushRepeat();
        for (let i = at; i < at + PATTERN_BLOCK_BYTES; i++) literal.push(chunk[i]!);
      }
      previousWasPattern = pattern;
    }
  }
  flushLiteral();
  flushRepeat();
  out.push(Uint8Array.from(blockHeader(0, 0, true)));
  const total = out.reduce((n, b) => n + b.length, 0);
  const frame = new Uint8Array(total);
  let pos = 0;
  for (const b of out) {
    frame.set(b, pos);
    pos += b.length;
  }
  return frame;
}
