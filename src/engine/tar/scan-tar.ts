/**
 * The one tar header parser behind both indexers: walks the headers of a tar stream, applies
 * pax (`x`) and GNU (`L`/`K`) extension headers to the entry that follows, and records each
 * entry in a `ColumnarTarIndex`. It never reads file data, except the small metadata blocks it
 * must (pax records, long names, sparse maps), which are capped before being read.
 *
 * Edge cases follow Go's archive/tar reader, which Docker reads layers with, and GNU tar where
 * the two agree; pax global (`g`) headers, where they do not, are a `ScanOptions` choice.
 * https://github.com/golang/go/blob/master/src/archive/tar/reader.go
 */
import { LayerlabError, TarFormatError } from '../errors.ts';
import { ColumnarTarIndex } from './columnar-index.ts';
import { BLOCK_SIZE, Field, HeaderView, decodeName, fieldEnd } from './header.ts';
import { type PaxRecords, paxInteger, paxTime, parsePaxRecords } from './pax.ts';
import { checkSparseMap, parseSparse10Map, parseSparseMapText, readGnuSparsePairs } from './sparse.ts';
import type { SparseRegion, TarEntryType, TarFormat } from './types.ts';

/** pax records, GNU long names and sparse maps larger than this are refused, not read. */
export const MAX_METADATA_BYTES = 1 << 20;
export const DEFAULT_MAX_ENTRIES = 10_000_000;

export interface ScanOptions {
  /** Refuse archives with more entries than this (default 10 million). */
  maxEntries?: number;
  /**
   * What pax global (`g`) headers do to the entries after them. 'ignore' (the default) is Go's
   * archive/tar, which Docker reads layers with: `Next` hands a `g` header to the caller as an
   * entry of its own and merges its records into nothing else, and Docker's extractor skips that
   * entry ("PAX Global Extended Headers found and ignored"). 'apply' is GNU tar (and Python's
   * tarfile): the records hold for every later member, under its own `x` records, until the
   * next `g` header replaces them.
   */
  globalPaxRecords?: 'ignore' | 'apply';
  /**
   * Whether a GNU header's bytes 345.. (GNU's atime and ctime) are read as a ustar prefix.
   * 'go' (the default) is Go's reader, Docker's: only where it takes back the prefix Go ≤ 1.7's
   * writer put there (see `ustarName`). 'never' is GNU tar, which lists just the name. 'always'
   * is BusyBox 1.35's tar, which puts whatever is there, up to a NUL, before the name (an atime
   * included: `15305474332/sub/file`).
   */
  gnuHeaderPrefix?: 'go' | 'never' | 'always';
}

/**
 * Bytes of a tar stream, read at offsets that never go backwards. Headers are parsed in place
 * in `window`, so that a header costs no allocation. `load` may reuse the window's memory:
 * whatever must outlive the next `load` is copied (`HeaderView.detach`, decoded strings).
 */
export interface TarBytes {
  /** The bytes buffered now. */
  readonly window: Uint8Array;
  /** `window` as 32-bit words when it is 4-byte aligned. */
  readonly windowWords: Uint32Array | undefined;
  /** Index in `window` of `[offset, offset + length)`, or -1 when that is not buffered. */
  locate(offset: number, length: number): number;
  /** Buffer `[offset, offset + length)`; returns how many of those bytes exist (fewer at EOF). */
  load(offset: number, length: number): Promise<number>;
  /** Total length when known: from the start for a random-access source, at EOF for a stream. */
  readonly length: number | undefined;
}

const TYPEFLAG_TYPES: Record<number, TarEntryType> = {
  0x30: 'file', // '0'
  0x00: 'file', // '\0' (old regular file)
  0x37: 'file', // '7' contiguous file
  0x53: 'file', // 'S' GNU sparse file
  0x31: 'hardlink',
  0x32: 'symlink',
  0x33: 'chardev',
  0x34: 'blockdev',
  0x35: 'directory',
  0x44: 'directory', // 'D' GNU dump directory
  0x36: 'fifo',
};

/** Entry type by typeflag byte; GNU tar and Go read unknown types as regular files. */
const ENTRY_TYPES: readonly TarEntryType[] = Array.from({ length: 256 }, (_, flag) => TYPEFLAG_TYPES[flag] ?? 'file');

const PAX_LOCAL = 0x78; // 'x'
const PAX_SOLARIS = 0x58; // 'X'
const PAX_GLOBAL = 0x67; // 'g'
const GNU_LONG_NAME = 0x4c; // 'L'
const GNU_LONG_LINK = 0x4b; // 'K'
const GNU_VOLUME = 0x56; // 'V'
const GNU_SPARSE = 0x53; // 'S'

/** Extension headers seen since the last entry: they apply to the next one. */
interface Pending {
  start: number;
  pax?: PaxRecords;
  longName?: string;
  longLink?: string;
}

const padded = (n: number) => Math.ceil(n / BLOCK_SIZE) * BLOCK_SIZE;

/** Entry types that never have data, whatever their size field says (Go's `isHeaderOnlyType`). */
const headerOnly = (type: TarEntryType) => type !== 'file';

/** A copy-free view of `[offset, offset + length)`, shorter at EOF. */
async function bytesAt(input: TarBytes, offset: number, length: number): Promise<Uint8Array> {
  let at = input.locate(offset, length);
  if (at < 0) {
    length = await input.load(offset, length);
    at = input.locate(offset, length);
  }
  return input.window.subarray(at, at + length);
}

/** Point `header` at the block at `offset` if it is already buffered (no await: the hot path). */
function findHeader(input: TarBytes, header: HeaderView, offset: number): boolean {
  const at = input.locate(offset, BLOCK_SIZE);
  if (at < 0) return false;
  header.point(input.window, input.windowWords, at, offset);
  return true;
}

/** Point `header` at the block at `offset`; false when fewer than 512 bytes remain. */
async function loadHeader(input: TarBytes, header: HeaderView, offset: number): Promise<boolean> {
  if (findHeader(input, header, offset)) return true;
  if ((await input.load(offset, BLOCK_SIZE)) < BLOCK_SIZE) return false;
  return findHeader(input, header, offset);
}

async function readMetadata(input: TarBytes, headerOffset: number, size: number, what: string): Promise<Uint8Array> {
  if (size > MAX_METADATA_BYTES) throw new TarFormatError(headerOffset, `${what} of ${size} bytes is larger than the ${MAX_METADATA_BYTES} allowed`);
  const dataOffset = headerOffset + BLOCK_SIZE;
  if (input.length !== undefined && dataOffset + size > input.length) {
    throw new TarFormatError(headerOffset, `${what} runs past the end of the archive`);
  }
  const data = await bytesAt(input, dataOffset, size);
  if (data.length < size) throw new TarFormatError(headerOffset, `${what} runs past the end of the archive`);
  return data;
}

export async function scanTar(input: TarBytes, options: ScanOptions = {}): Promise<ColumnarTarIndex> {
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const applyGlobals = options.globalPaxRecords === 'apply';
  const gnuHeaderPrefix = options.gnuHeaderPrefix ?? 'go';
  const index = new ColumnarTarIndex();
  const owners = { uname: new RepeatedText(Field.uname), gname: new RepeatedText(Field.gname) };
  let globals: PaxRecords | undefined;
  let pending: Pending | undefined;
  let offset = 0;
  /** Where the last entry's data ends (unpadded): the input must reach at least this far. */
  let dataEnd = 0;

  const header = new HeaderView();

  for (;;) {
    if (!findHeader(input, header, offset) && !(await loadHeader(input, header, offset))) {
      if (input.length !== undefined && input.length < dataEnd) {
        throw new TarFormatError(input.length, 'archive ends inside the data of an entry');
      }
      if (input.length !== undefined && input.length > offset) throw new TarFormatError(offset, 'archive ends inside a header block');
      if (pending) throw new TarFormatError(pending.start, 'archive ends after an extended header, before its entry');
      // GNU tar accepts an archive without end-of-archive blocks; so does layerlab.
      return index.finish(offset);
    }
    if (header.isZero()) {
      if (pending) throw new TarFormatError(offset, 'extended header is followed by the end of the archive');
      // Two zero blocks end the archive; GNU tar also stops at a lone one (with a warning).
      const second = (await loadHeader(input, header, offset + BLOCK_SIZE)) && header.isZero();
      return index.finish(second ? offset + 2 * BLOCK_SIZE : offset + BLOCK_SIZE);
    }
    if (!header.checksumMatches()) throw new TarFormatError(offset, 'header checksum mismatch (not a tar archive, or corrupt)');

    const typeflag = header.byte(156);
    const headerSize = header.number(Field.size, 'size');
    if (headerSize < 0) throw new TarFormatError(offset + Field.size[0], 'negative size');

    // Extension headers: remember what they say and move on to the entry they describe.
    if (typeflag === PAX_LOCAL || typeflag === PAX_SOLARIS || typeflag === PAX_GLOBAL) {
      const data = await readMetadata(input, offset, headerSize, 'pax header');
      // Parsed even when ignored, so that a malformed one fails as it does in Go.
      const records = parsePaxRecords(data, offset + BLOCK_SIZE);
      if (typeflag === PAX_GLOBAL) {
        // A later g header replaces the earlier one's records (GNU tar's xheader_decode_global
        // empties its list first; Python's tarfile differs: it merges them).
        if (applyGlobals) globals = records;
      } else {
        // Several `x` headers in a row: the last one replaces the others (Go's `paxHdrs, err =
        // parsePAX(tr)`; GNU tar's xheader_read keeps only the last block too).
        pending ??= { start: offset };
        pending.pax = records;
      }
      offset += BLOCK_SIZE + padded(headerSize);
      continue;
    }
    if (typeflag === GNU_LONG_NAME || typeflag === GNU_LONG_LINK) {
      const data = await readMetadata(input, offset, headerSize, 'GNU long name');
      const text = decodeName(data, 0, fieldEnd(data, 0, data.length));
      pending ??= { start: offset };
      if (typeflag === GNU_LONG_NAME) pending.longName = text;
      else pending.longLink = text;
      offset += BLOCK_SIZE + padded(headerSize);
      continue;
    }
    if (typeflag === GNU_VOLUME) {
      offset += BLOCK_SIZE + padded(headerSize);
      continue;
    }

    if (index.length >= maxEntries) throw new LayerlabError('TOO_MANY_ENTRIES', `tar archive has more than ${maxEntries} entries`);
    const dialect = header.format();
    const format: TarFormat = pending?.pax || globals ? 'pax' : dialect;
    const pax = globals && pending?.pax ? new Map([...globals, ...pending.pax]) : (pending?.pax ?? globals);
    const paxAt = pending?.start ?? offset;

    let type = ENTRY_TYPES[typeflag]!;
    let name = pax?.get('path') || pending?.longName || ustarName(header, dialect, gnuHeaderPrefix);
    if (typeflag === 0 && name.endsWith('/')) type = 'directory'; // v7 directories
    let size = (pax && paxInteger(pax, 'size', paxAt)) ?? headerSize;
    let stored = headerOnly(type) ? 0 : size;
    let dataOffset = offset + BLOCK_SIZE;
    let sparse: SparseRegion[] | undefined;

    if (typeflag === GNU_SPARSE || pax?.has('GNU.sparse.major') || pax?.has('GNU.sparse.map')) {
      // Reading the sparse map may move the read-ahead window: keep this header's own copy.
      header.detach();
    }
    if (typeflag === GNU_SPARSE && dialect === 'gnu') {
      sparse = [];
      readGnuSparsePairs(header.bytes, header.at + Field.gnuSparse[0], 4, offset - header.at, sparse);
      for (let extended = header.byte(Field.gnuIsExtended[0]) !== 0; extended; ) {
        const ext = await bytesAt(input, dataOffset, BLOCK_SIZE);
        if (ext.length < BLOCK_SIZE) throw new TarFormatError(dataOffset, 'archive ends inside a sparse header');
        readGnuSparsePairs(ext, 0, 21, dataOffset, sparse);
        extended = ext[504] !== 0;
        dataOffset += BLOCK_SIZE;
      }
      size = header.number(Field.gnuRealSize, 'sparse real size');
    } else if (pax && type === 'file' && (pax.has('GNU.sparse.map') || pax.has('GNU.sparse.major'))) {
      name = pax.get('GNU.sparse.name') || name;
      if (pax.get('GNU.sparse.major') === '1') {
        const map = await readSparse10Map(input, dataOffset, stored, paxAt);
        sparse = map.regions;
        dataOffset += map.mapLength;
        stored -= map.mapLength;
      } else {
        sparse = parseSparseMapText(pax.get('GNU.sparse.map') ?? '', paxAt);
      }
      size = paxInteger(pax, 'GNU.sparse.realsize', paxAt) ?? paxInteger(pax, 'GNU.sparse.size', paxAt) ?? stored;
    }
    if (sparse) {
      checkSparseMap(sparse, size, stored, offset);
    } else if (headerOnly(type)) {
      size = 0;
    }
    if (input.length !== undefined && dataOffset + stored > input.length) {
      throw new TarFormatError(offset, `entry data (${stored} bytes) runs past the end of the archive`);
    }

    const hasOwners = dialect !== 'v7';
    const isDevice = type === 'chardev' || type === 'blockdev';
    index.add({
      name,
      type,
      size,
      mode: header.number(Field.mode, 'mode') & 0o7777,
      uid: (pax && paxInteger(pax, 'uid', paxAt)) ?? readId(header, Field.uid, 'uid'),
      gid: (pax && paxInteger(pax, 'gid', paxAt)) ?? readId(header, Field.gid, 'gid'),
      uname: pax?.get('uname') || (hasOwners ? owners.uname.read(header) : ''),
      gname: pax?.get('gname') || (hasOwners ? owners.gname.read(header) : ''),
      mtime: (pax && paxTime(pax, 'mtime', paxAt)) ?? header.number(Field.mtime, 'mtime'),
      linkname: type === 'hardlink' || type === 'symlink' ? pax?.get('linkpath') || pending?.longLink || header.text(Field.linkname) : '',
      devmajor: isDevice && hasOwners ? header.number(Field.devmajor, 'devmajor') : 0,
      devminor: isDevice && hasOwners ? header.number(Field.devminor, 'devminor') : 0,
      xattrs: pax && xattrsOf(pax),
      headerOffset: pending?.start ?? offset,
      dataOffset,
      format,
      sparse,
    });
    pending = undefined;
    dataEnd = dataOffset + stored;
    offset = dataOffset + padded(stored);
  }
}

/**
 * A short header field that is usually the same as in the previous header (user and group
 * names): compare the bytes and reuse the string instead of decoding it again.
 */
class RepeatedText {
  private bytes = new Uint8Array(0);
  private text = '';
  constructor(private readonly field: readonly [number, number]) {}

  read(header: HeaderView): string {
    const [start, length] = this.field;
    const { bytes } = header;
    const from = header.at + start;
    const end = fieldEnd(bytes, from, length);
    const n = end - from;
    let same = n === this.bytes.length;
    for (let i = 0; same && i < n; i++) same = bytes[from + i] === this.bytes[i];
    if (!same) {
      this.bytes = bytes.slice(from, end);
      this.text = decodeName(bytes, from, end);
    }
    return this.text;
  }
}

/**
 * ustar and star split long names into a prefix and a name; v7 headers have no prefix, nor do
 * GNU ones, whose bytes there hold atime and ctime — except in headers written by Go ≤ 1.7,
 * whose writer put a ustar prefix into a GNU header. Go's reader takes the prefix back when
 * atime or ctime does not parse as a number and the prefix is ASCII (reader.go, `readHeader`,
 * golang.org/issue/12594 and /21005); so does layerlab by default. GNU tar never reads a prefix
 * in a GNU header, BusyBox always does (`gnuHeaderPrefix`).
 */
function ustarName(header: HeaderView, dialect: TarFormat, gnuHeaderPrefix: 'go' | 'never' | 'always'): string {
  const name = header.text(Field.name);
  let prefix: string;
  if (dialect === 'ustar' || dialect === 'star') {
    prefix = header.text(dialect === 'star' ? Field.starPrefix : Field.prefix);
  } else if (dialect === 'gnu' && gnuHeaderPrefix === 'always') {
    prefix = header.text(Field.prefix);
  } else if (dialect === 'gnu' && gnuHeaderPrefix === 'go' && (header.byte(Field.gnuAtime[0]) !== 0 || header.byte(Field.gnuCtime[0]) !== 0)) {
    // Go parses a time field only when its first byte is not NUL.
    const timesParse = [Field.gnuAtime, Field.gnuCtime].every((field) => header.byte(field[0]) === 0 || goParsesNumber(header, field));
    if (timesParse) return name;
    prefix = header.text(Field.prefix);
    if (!/^[\0-\x7f]*$/.test(prefix)) return name;
  } else {
    return name;
  }
  return prefix ? `${prefix}/${name}` : name;
}

/**
 * Whether Go's `parser.parseNumeric` reads the field without error: base-256 that fits in an
 * int64, or octal once spaces and NULs are trimmed from both ends, up to the first NUL left,
 * that fits in a uint64 (strconv.ParseUint(s, 8, 64)). Only reached for the rare GNU header
 * with atime/ctime set, so clarity wins over speed here.
 */
function goParsesNumber(header: HeaderView, field: readonly [number, number]): boolean {
  const bytes = header.bytes.subarray(header.at + field[0], header.at + field[0] + field[1]);
  if (bytes[0]! & 0x80) {
    const invert = bytes[0]! & 0x40 ? 0xff : 0;
    let value = 0n;
    for (let i = 0; i < bytes.length; i++) {
      let b = bytes[i]! ^ invert;
      if (i === 0) b &= 0x7f;
      if (value >> 56n > 0n) return false;
      value = (value << 8n) | BigInt(b);
    }
    return value >> 63n === 0n;
  }
  const isPad = (b: number) => b === 0x20 || b === 0;
  let from = 0;
  let to = bytes.length;
  while (from < to && isPad(bytes[from]!)) from++;
  while (to > from && isPad(bytes[to - 1]!)) to--;
  if (from === to) return true;
  const digits = decodeName(bytes, from, fieldEnd(bytes, from, to - from));
  // 2^64 - 1 is 0o1777777777777777777777: 22 digits, the first at most 1.
  const significant = digits.replace(/^0+/, '');
  return /^[0-7]*$/.test(digits) && (significant.length < 22 || (significant.length === 22 && significant[0] === '1'));
}

function readId(header: HeaderView, field: readonly [number, number], what: string): number {
  const id = header.number(field, what);
  if (id < 0) throw new TarFormatError(header.offset + field[0], `negative ${what}`);
  return id;
}

function xattrsOf(pax: PaxRecords): Record<string, string> | undefined {
  let xattrs: Record<string, string> | undefined;
  for (const [key, value] of pax) {
    if (key.startsWith('SCHILY.xattr.')) (xattrs ??= {})[key.slice(13)] = value;
  }
  return xattrs;
}

/** Read the pax 1.0 sparse map, doubling the read until the map is complete (at most 1 MiB). */
async function readSparse10Map(input: TarBytes, dataOffset: number, stored: number, at: number) {
  const limit = Math.min(stored, MAX_METADATA_BYTES);
  for (let length = BLOCK_SIZE; ; length *= 2) {
    const want = Math.min(length, limit);
    if (want < BLOCK_SIZE) throw new TarFormatError(at, 'sparse map is larger than the data');
    const data = await bytesAt(input, dataOffset, want);
    if (data.length < want) throw new TarFormatError(dataOffset, 'archive ends inside a sparse map');
    const map = parseSparse10Map(data, dataOffset);
    if (map) return map;
    if (want === limit) throw new TarFormatError(at, 'sparse map is larger than the data (or 1 MiB)');
  }
}
