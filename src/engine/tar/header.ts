/**
 * The 512-byte tar header block: field layout, numeric fields, checksum and name decoding.
 * Shared by the reader (both the random-access and the streaming indexer) and the writer.
 *
 * Layouts: POSIX ustar https://pubs.opengroup.org/onlinepubs/9699919799/utilities/pax.html#tag_20_92_13_06
 * and GNU https://www.gnu.org/software/tar/manual/html_node/Standard.html
 */
import { TarFormatError } from '../errors.ts';
import { decodeUtf8Strict, encodeUtf8 } from '../platform.ts';
import type { TarFormat } from './types.ts';

export const BLOCK_SIZE = 512;

/** [offset, length] of each header field. */
export const Field = {
  name: [0, 100],
  mode: [100, 8],
  uid: [108, 8],
  gid: [116, 8],
  size: [124, 12],
  mtime: [136, 12],
  checksum: [148, 8],
  typeflag: [156, 1],
  linkname: [157, 100],
  magic: [257, 6],
  version: [263, 2],
  uname: [265, 32],
  gname: [297, 32],
  devmajor: [329, 8],
  devminor: [337, 8],
  /** ustar: 155 bytes; star: 131 bytes followed by atime and ctime. */
  prefix: [345, 155],
  starPrefix: [345, 131],
  /** GNU (old) sparse header: four (offset, numbytes) pairs, the "more follows" flag, the real size. */
  gnuSparse: [386, 96],
  gnuIsExtended: [482, 1],
  gnuRealSize: [483, 12],
} as const satisfies Record<string, readonly [number, number]>;

export type FieldName = keyof typeof Field;

/** Which dialect a header's magic and version say it is (Go's `getFormat`). */
export function headerFormat(block: Uint8Array): TarFormat {
  // "ustar\0" "00": POSIX (star when its "tar\0" trailer is present); "ustar " " \0": GNU.
  if (block[257] === 0x75 && block[258] === 0x73 && block[259] === 0x74 && block[260] === 0x61 && block[261] === 0x72) {
    if (block[262] === 0 && block[263] === 0x30 && block[264] === 0x30) {
      return block[508] === 0x74 && block[509] === 0x61 && block[510] === 0x72 && block[511] === 0 ? 'star' : 'ustar';
    }
    if (block[262] === 0x20 && block[263] === 0x20 && block[264] === 0) return 'gnu';
  }
  return 'v7';
}

export function isZeroBlock(block: Uint8Array): boolean {
  for (let i = 0; i < BLOCK_SIZE; i++) if (block[i] !== 0) return false;
  return true;
}

/**
 * Verify the header checksum. Historic tars summed signed chars, so both the unsigned and the
 * signed sum are accepted, as GNU tar and Go do.
 */
export function checksumMatches(block: Uint8Array, blockOffset: number): boolean {
  const stored = readNumber(block, Field.checksum, blockOffset, 'checksum');
  const unsigned = computeChecksum(block);
  if (stored === unsigned) return true;
  // Each byte >= 0x80 counts 256 less when summed as a signed char.
  let high = 0;
  for (let i = 0; i < BLOCK_SIZE; i++) if (i < 148 || i >= 156) high += block[i]! >> 7;
  return stored === unsigned - 256 * high;
}

/** The unsigned checksum of a header (its checksum field counted as eight spaces). */
export function computeChecksum(block: Uint8Array): number {
  let sum = 8 * 0x20;
  for (let i = 0; i < 148; i++) sum += block[i]!;
  for (let i = 156; i < BLOCK_SIZE; i++) sum += block[i]!;
  return sum;
}

/**
 * A numeric field: octal digits padded with spaces or NULs, or GNU's base-256 (high bit of the
 * first byte set, two's complement). Anything else, or a value that is not a safe integer, is a
 * TarFormatError rather than a silently wrong number.
 */
export function readNumber(block: Uint8Array, [start, length]: readonly [number, number], blockOffset: number, what: string): number {
  const first = block[start]!;
  if (first & 0x80) return readBase256(block, start, length, blockOffset, what);
  let i = start;
  const end = start + length;
  while (i < end && (block[i] === 0x20 || block[i] === 0)) i++;
  let value = 0;
  for (; i < end; i++) {
    const c = block[i]!;
    if (c < 0x30 || c > 0x37) break;
    value = value * 8 + (c - 0x30);
  }
  // Only spaces and NULs may follow the digits.
  for (; i < end; i++) {
    const c = block[i]!;
    if (c !== 0x20 && c !== 0) throw new TarFormatError(blockOffset + start, `${what} field is not an octal number`);
  }
  if (!Number.isSafeInteger(value)) {
    throw new TarFormatError(blockOffset + start, `${what} field overflows`);
  }
  return value;
}

function readBase256(block: Uint8Array, start: number, length: number, blockOffset: number, what: string): number {
  const negative = (block[start]! & 0x40) !== 0;
  let value = 0;
  for (let i = 0; i < length; i++) {
    let b = i === 0 ? block[start]! & 0x7f : block[start + i]!;
    if (negative) b = (i === 0 ? 0x7f : 0xff) ^ b;
    value = value * 256 + b;
    if (value > Number.MAX_SAFE_INTEGER) throw new TarFormatError(blockOffset + start, `${what} field overflows`);
  }
  // Two's complement: -(inverted + 1).
  return negative ? -(value + 1) : value;
}

/** Where the field's text ends: its first NUL, or its full length. */
export function fieldEnd(block: Uint8Array, start: number, length: number): number {
  const end = start + length;
  for (let i = start; i < end; i++) if (block[i] === 0) return i;
  return end;
}

/**
 * Decode a name. Tar names are bytes; layerlab decodes them as UTF-8, and each byte that is not
 * part of valid UTF-8 becomes the lone surrogate U+DC80..U+DCFF (Python's "surrogateescape",
 * which `tarfile` uses too). Nothing is lost and nothing throws: `encodeName` gives the bytes
 * back, and the verbose listing prints such bytes as GNU tar does (`\351`).
 */
export function decodeName(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let ascii = true;
  for (let i = start; i < end; i++) {
    if (bytes[i]! >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return asciiText(bytes, start, end);
  return decodeUtf8Strict(bytes.subarray(start, end)) ?? decodeSurrogateEscape(bytes, start, end);
}

function asciiText(bytes: Uint8Array, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i += 1024) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, Math.min(end, i + 1024)) as unknown as number[]);
  }
  return out;
}

/** Length of the valid UTF-8 sequence at `i`, or 0 (RFC 3629 table 3-7: no overlongs, no surrogates). */
function utf8SequenceLength(bytes: Uint8Array, i: number, end: number): number {
  const b = bytes[i]!;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < end && bytes[i + k]! >= lo && bytes[i + k]! <= hi;
  if (b < 0x80) return 1;
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    const lo = b === 0xe0 ? 0xa0 : 0x80;
    const hi = b === 0xed ? 0x9f : 0xbf;
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    const lo = b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xf4 ? 0x8f : 0xbf;
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

function decodeSurrogateEscape(bytes: Uint8Array, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; ) {
    const n = utf8SequenceLength(bytes, i, end);
    if (n === 0) {
      out += String.fromCharCode(0xdc00 + bytes[i]!);
      i++;
    } else {
      out += decodeUtf8Strict(bytes.subarray(i, i + n))!;
      i += n;
    }
  }
  return out;
}

/** The bytes of a name: UTF-8, with escaped bytes (U+DC80..U+DCFF) turned back into themselves. */
export function encodeName(text: string): Uint8Array {
  if (!/[\udc80-\udcff]/.test(text)) return encodeUtf8(text);
  const parts: number[] = [];
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (ch.length === 1 && code >= 0xdc80 && code <= 0xdcff) parts.push(code - 0xdc00);
    else for (const b of encodeUtf8(ch)) parts.push(b);
  }
  return Uint8Array.from(parts);
}

/** A NUL-terminated text field. */
export function readText(block: Uint8Array, [start, length]: readonly [number, number]): string {
  return decodeName(block, start, fieldEnd(block, start, length));
}
