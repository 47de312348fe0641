/**
 * The 512-byte tar header block: field layout, numeric fields, checksum and name decoding.
 * Shared by the reader (both the random-access and the streaming indexer) and the writer.
 *
 * Layouts: POSIX ustar https://pubs.opengroup.org/onlinepubs/9699919799/utilities/pax.html#tag_20_92_13_06
 * and GNU https://www.gnu.org/software/tar/manual/html_node/Standard.html
 */
import { TarFormatError } from '../errors.ts';
import { decodeUtf8, decodeUtf8Strict, encodeUtf8 } from '../platform.ts';
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
  /** GNU (old) header: access and change times (GNU tar fills them with --incremental). */
  gnuAtime: [345, 12],
  gnuCtime: [357, 12],
  /** GNU (old) sparse header: four (offset, numbytes) pairs, the "more follows" flag, the real size. */
  gnuSparse: [386, 96],
  gnuIsExtended: [482, 1],
  gnuRealSize: [483, 12],
} as const satisfies Record<string, readonly [number, number]>;

export type FieldName = keyof typeof Field;

/**
 * One header block read in place, inside a larger buffer (a read-ahead window or a stream
 * chunk): the indexer points one `HeaderView` at each header in turn instead of creating a
 * view per header, which is most of the cost of indexing 100k small files.
 */
export class HeaderView {
  bytes: Uint8Array = new Uint8Array(BLOCK_SIZE);
  /** The same buffer as 32-bit words, when it is 4-byte aligned (for the checksum). */
  words: Uint32Array | undefined;
  /** Index of the header's first byte in `bytes`. */
  at = 0;
  /** Offset of the header in the archive, for error messages. */
  offset = 0;

  point(bytes: Uint8Array, words: Uint32Array | undefined, at: number, offset: number): this {
    this.bytes = bytes;
    this.words = words;
    this.at = at;
    this.offset = offset;
    return this;
  }

  /** Copy the block out of the shared buffer, before that buffer is reused for other reads. */
  detach(): this {
    return this.point(this.bytes.slice(this.at, this.at + BLOCK_SIZE), undefined, 0, this.offset);
  }

  byte(i: number): number {
    return this.bytes[this.at + i]!;
  }

  number(field: readonly [number, number], what: string): number {
    return readNumber(this.bytes, this.at + field[0], field[1], this.offset + field[0], what);
  }

  text(field: readonly [number, number]): string {
    const from = this.at + field[0];
    return decodeName(this.bytes, from, fieldEnd(this.bytes, from, field[1]));
  }

  isZero(): boolean {
    const { bytes, at } = this;
    for (let i = at; i < at + BLOCK_SIZE; i++) if (bytes[i] !== 0) return false;
    return true;
  }

  /** Which dialect the magic and version say it is (Go's `getFormat`). */
  format(): TarFormat {
    const { bytes: b, at } = this;
    // "ustar\0" "00": POSIX (star when its "tar\0" trailer is present); "ustar " " \0": GNU.
    if (b[at + 257] === 0x75 && b[at + 258] === 0x73 && b[at + 259] === 0x74 && b[at + 260] === 0x61 && b[at + 261] === 0x72) {
      if (b[at + 262] === 0 && b[at + 263] === 0x30 && b[at + 264] === 0x30) {
        return b[at + 508] === 0x74 && b[at + 509] === 0x61 && b[at + 510] === 0x72 && b[at + 511] === 0 ? 'star' : 'ustar';
      }
      if (b[at + 262] === 0x20 && b[at + 263] === 0x20 && b[at + 264] === 0) return 'gnu';
    }
    return 'v7';
  }

  /**
   * Verify the header checksum. Historic tars summed signed chars, so both the unsigned and
   * the signed sum are accepted, as GNU tar and Go do.
   */
  checksumMatches(): boolean {
    const stored = this.number(Field.checksum, 'checksum');
    const unsigned = computeChecksum(this.bytes, this.at, this.words);
    if (stored === unsigned) return true;
    // Each byte >= 0x80 counts 256 less when summed as a signed char.
    let high = 0;
    for (let i = 0; i < BLOCK_SIZE; i++) if (i < 148 || i >= 156) high += this.bytes[this.at + i]! >> 7;
    return stored === unsigned - 256 * high;
  }
}

/** `bytes` as 32-bit words when its start is 4-byte aligned (else `undefined`). */
export function wordsOf(bytes: Uint8Array): Uint32Array | undefined {
  return bytes.byteOffset % 4 === 0 ? new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >>> 2) : undefined;
}

/** The unsigned checksum of the header at `at` (its checksum field counted as eight spaces). */
export function computeChecksum(bytes: Uint8Array, at = 0, words?: Uint32Array): number {
  let sum = 8 * 0x20;
  if (words && at % 4 === 0) {
    // Hot path of every index: add four bytes at a time, two 16-bit lanes per 32-bit word
    // (128 words of at most 2 × 255 per lane cannot overflow a lane). Four words per turn:
    // a third less time per header than one (V8 does not unroll this loop itself).
    let lanes = 0;
    for (let i = at >>> 2, end = i + BLOCK_SIZE / 4; i < end; i += 4) {
      const w0 = words[i]!;
      const w1 = words[i + 1]!;
      const w2 = words[i + 2]!;
      const w3 = words[i + 3]!;
      lanes +=
        (w0 & 0x00ff00ff) + ((w0 >>> 8) & 0x00ff00ff) +
        (w1 & 0x00ff00ff) + ((w1 >>> 8) & 0x00ff00ff) +
        (w2 & 0x00ff00ff) + ((w2 >>> 8) & 0x00ff00ff) +
        (w3 & 0x00ff00ff) + ((w3 >>> 8) & 0x00ff00ff);
    }
    sum += (lanes & 0xffff) + Math.floor(lanes / 0x10000);
    for (let i = at + 148; i < at + 156; i++) sum -= bytes[i]!;
    return sum;
  }
  for (let i = at; i < at + 148; i++) sum += bytes[i]!;
  for (let i = at + 156; i < at + BLOCK_SIZE; i++) sum += bytes[i]!;
  return sum;
}

/**
 * A numeric field at `bytes[start, start + length)`: octal digits padded with spaces or NULs,
 * or GNU's base-256 (high bit of the first byte set, two's complement). Anything else, or a
 * value that is not a safe integer, is a TarFormatError (at `errorOffset`), not a wrong number.
 */
export function readNumber(bytes: Uint8Array, start: number, length: number, errorOffset: number, what: string): number {
  if (bytes[start]! & 0x80) return readBase256(bytes, start, length, errorOffset, what);
  let i = start;
  const end = start + length;
  while (i < end && (bytes[i] === 0x20 || bytes[i] === 0)) i++;
  let value = 0;
  for (; i < end; i++) {
    const c = bytes[i]!;
    if (c < 0x30 || c > 0x37) break;
    value = value * 8 + (c - 0x30);
  }
  // Only spaces and NULs may follow the digits.
  for (; i < end; i++) {
    const c = bytes[i]!;
    if (c !== 0x20 && c !== 0) throw new TarFormatError(errorOffset, `${what} field is not an octal number`);
  }
  if (!Number.isSafeInteger(value)) throw new TarFormatError(errorOffset, `${what} field overflows`);
  return value;
}

function readBase256(bytes: Uint8Array, start: number, length: number, errorOffset: number, what: string): number {
  const negative = (bytes[start]! & 0x40) !== 0;
  let value = 0;
  for (let i = 0; i < length; i++) {
    let b = i === 0 ? bytes[start]! & 0x7f : bytes[start + i]!;
    if (negative) b = (i === 0 ? 0x7f : 0xff) ^ b;
    value = value * 256 + b;
    if (value > Number.MAX_SAFE_INTEGER) throw new TarFormatError(errorOffset, `${what} field overflows`);
  }
  // Two's complement: -(inverted + 1).
  return negative ? -(value + 1) : value;
}

/** Where the field's text ends: its first NUL, or its full length. */
export function fieldEnd(bytes: Uint8Array, start: number, length: number): number {
  const end = start + length;
  for (let i = start; i < end; i++) if (bytes[i] === 0) return i;
  return end;
}

/**
 * Decode a name. Tar names are bytes; layerlab decodes them as UTF-8, and each byte that is not
 * part of valid UTF-8 becomes the lone surrogate U+DC80..U+DCFF (Python's "surrogateescape",
 * which `tarfile` uses too). Nothing is lost and nothing throws: `encodeName` gives the bytes
 * back, and the verbose listing prints such bytes as GNU tar does (`\351`).
 */
export function decodeName(bytes: Uint8Array, start = 0, end = bytes.length): string {
  for (let i = start; i < end; i++) {
    if (bytes[i]! >= 0x80) return decodeUtf8Strict(bytes.subarray(start, end)) ?? decodeSurrogateEscape(bytes, start, end);
  }
  return asciiText(bytes, start, end);
}

function asciiText(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= 8) {
    let out = '';
    for (let i = start; i < end; i++) out += String.fromCharCode(bytes[i]!);
    return out;
  }
  return decodeUtf8(bytes.subarray(start, end));
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
