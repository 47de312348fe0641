/**
 * The one tar header parser behind both indexers: walks the headers of a tar stream, applies
 * pax (`x`/`g`) and GNU (`L`/`K`) extension headers to the entry that follows, and records
 * each entry in a `ColumnarTarIndex`. It never reads file data, except the small metadata
 * blocks it must (pax records, long names, sparse maps), which are capped before being read.
 *
 * Edge cases follow Go's archive/tar reader and GNU tar:
 * https://github.com/golang/go/blob/master/src/archive/tar/reader.go
 */
import { LayerlabError, TarFormatError } from '../errors.ts';
import { ColumnarTarIndex } from './columnar-index.ts';
import { BLOCK_SIZE, Field, checksumMatches, decodeName, fieldEnd, headerFormat, isZeroBlock, readNumber, readText } from './header.ts';
import { type PaxRecords, paxInteger, paxTime, parsePaxRecords } from './pax.ts';
import { MAX_SPARSE_REGIONS, checkSparseMap, parseSparse10Map, parseSparseMapText, readGnuSparsePairs } from './sparse.ts';
import type { SparseRegion, TarEntryType, TarFormat } from './types.ts';

/** pax records, GNU long names and sparse maps larger than this are refused, not read. */
export const MAX_METADATA_BYTES = 1 << 20;
export const DEFAULT_MAX_ENTRIES = 10_000_000;

export interface ScanOptions {
  /** Refuse archives with more entries than this (default 10 million). */
  maxEntries?: number;
}

/** Bytes of a tar stream, read at offsets that never go backwards. */
export interface TarBytes {
  /** `[offset, offset + length)` if it is already buffered, without waiting. */
  peek(offset: number, length: number): Uint8Array | undefined;
  /** `[offset, offset + length)`; fewer bytes only at the end of the input. */
  read(offset: number, length: number): Promise<Uint8Array>;
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

async function bytesAt(input: TarBytes, offset: number, length: number): Promise<Uint8Array> {
  return input.peek(offset, length) ?? (await input.read(offset, length));
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
  const index = new ColumnarTarIndex();
  let globals: PaxRecords | undefined;
  let pending: Pending | undefined;
  let offset = 0;
  /** Where the last entry's data ends (unpadded): the input must reach at least this far. */
  let dataEnd = 0;

  for (;;) {
    const block = input.peek(offset, BLOCK_SIZE) ?? (await input.read(offset, BLOCK_SIZE));
    if (block.length < BLOCK_SIZE) {
      if (input.length !== undefined && input.length < dataEnd) {
        throw new TarFormatError(input.length, 'archive ends inside the data of an entry');
      }
      if (block.length > 0) throw new TarFormatError(offset, 'archive ends inside a header block');
      if (pending) throw new TarFormatError(pending.start, 'archive ends after an extended header, before its entry');
      // GNU tar accepts an archive without end-of-archive blocks; so does layerlab.
      return index.finish(offset);
    }
    if (isZeroBlock(block)) {
      if (pending) throw new TarFormatError(offset, 'extended header is followed by the end of the archive');
      // Two zero blocks end the archive; GNU tar also stops at a lone one (with a warning).
      const next = await bytesAt(input, offset + BLOCK_SIZE, BLOCK_SIZE);
      return index.finish(next.length === BLOCK_SIZE && isZeroBlock(next) ? offset + 2 * BLOCK_SIZE : offset + BLOCK_SIZE);
    }
    if (!checksumMatches(block, offset)) throw new TarFormatError(offset, 'header checksum mismatch (not a tar archive, or corrupt)');

    const typeflag = block[156]!;
    const headerSize = readNumber(block, Field.size, offset, 'size');
    if (headerSize < 0) throw new TarFormatError(offset + Field.size[0], 'negative size');

    // Extension headers: remember what they say and move on to the entry they describe.
    if (typeflag === PAX_LOCAL || typeflag === PAX_SOLARIS || typeflag === PAX_GLOBAL) {
      const data = await readMetadata(input, offset, headerSize, 'pax header');
      if (typeflag === PAX_GLOBAL) {
        globals = parsePaxRecords(data, offset + BLOCK_SIZE, new Map(globals));
      } else {
        pending ??= { start: offset };
        pending.pax = parsePaxRecords(data, offset + BLOCK_SIZE, pending.pax);
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
    const format: TarFormat = pending?.pax || globals ? 'pax' : headerFormat(block);
    const dialect = headerFormat(block);
    const pax = globals && pending?.pax ? new Map([...globals, ...pending.pax]) : (pending?.pax ?? globals);
    const paxAt = pending?.start ?? offset;

    let type = TYPEFLAG_TYPES[typeflag] ?? 'file'; // GNU tar and Go read unknown types as files
    let name = pax?.get('path') || pending?.longName || ustarName(block, dialect);
    if (typeflag === 0 && name.endsWith('/')) type = 'directory'; // v7 directories
    const linkname = pax?.get('linkpath') || pending?.longLink || readText(block, Field.linkname);
    let size = (pax && paxInteger(pax, 'size', paxAt)) ?? headerSize;
    let stored = headerOnly(type) ? 0 : size;
    let dataOffset = offset + BLOCK_SIZE;
    let sparse: SparseRegion[] | undefined;

    if (typeflag === GNU_SPARSE && dialect === 'gnu') {
      sparse = [];
      readGnuSparsePairs(block, Field.gnuSparse[0], 4, offset, sparse);
      for (let extended = block[Field.gnuIsExtended[0]] !== 0; extended; ) {
        const ext = await bytesAt(input, dataOffset, BLOCK_SIZE);
        if (ext.length < BLOCK_SIZE) throw new TarFormatError(dataOffset, 'archive ends inside a sparse header');
        readGnuSparsePairs(ext, 0, 21, dataOffset, sparse);
        extended = ext[504] !== 0;
        dataOffset += BLOCK_SIZE;
      }
      size = readNumber(block, Field.gnuRealSize, offset, 'sparse real size');
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
      mode: readNumber(block, Field.mode, offset, 'mode') & 0o7777,
      uid: (pax && paxInteger(pax, 'uid', paxAt)) ?? readId(block, Field.uid, offset, 'uid'),
      gid: (pax && paxInteger(pax, 'gid', paxAt)) ?? readId(block, Field.gid, offset, 'gid'),
      uname: pax?.get('uname') || (hasOwners ? readText(block, Field.uname) : ''),
      gname: pax?.get('gname') || (hasOwners ? readText(block, Field.gname) : ''),
      mtime: (pax && paxTime(pax, 'mtime', paxAt)) ?? readNumber(block, Field.mtime, offset, 'mtime'),
      linkname: type === 'hardlink' || type === 'symlink' ? linkname : '',
      devmajor: isDevice && hasOwners ? readNumber(block, Field.devmajor, offset, 'devmajor') : 0,
      devminor: isDevice && hasOwners ? readNumber(block, Field.devminor, offset, 'devminor') : 0,
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

/** ustar and star split long names into a prefix and a name; GNU and v7 headers have no prefix. */
function ustarName(block: Uint8Array, dialect: TarFormat): string {
  const name = readText(block, Field.name);
  if (dialect !== 'ustar' && dialect !== 'star') return name;
  const prefix = readText(block, dialect === 'star' ? Field.starPrefix : Field.prefix);
  return prefix ? `${prefix}/${name}` : name;
}

function readId(block: Uint8Array, field: readonly [number, number], offset: number, what: string): number {
  const id = readNumber(block, field, offset, what);
  if (id < 0) throw new TarFormatError(offset + field[0], `negative ${what}`);
  return id;
}

function xattrsOf(pax: PaxRecords): Record<string, string> | undefined {
  let xattrs: Record<string, string> | undefined;
  for (const [key, value] of pax) {
    if (key.startsWith('SCHILY.xattr.')) (xattrs ??= {})[key.slice(13)] = value;
  }
  return xattrs;
}

/** Read the pax 1.0 sparse map block by block until it is complete (at most 1 MiB). */
async function readSparse10Map(input: TarBytes, dataOffset: number, stored: number, at: number) {
  for (let length = BLOCK_SIZE; ; length += BLOCK_SIZE) {
    if (length > Math.min(stored, MAX_METADATA_BYTES)) throw new TarFormatError(at, 'sparse map is larger than the data');
    const data = await bytesAt(input, dataOffset, length);
    if (data.length < length) throw new TarFormatError(dataOffset, 'archive ends inside a sparse map');
    const map = parseSparse10Map(data, dataOffset);
    if (map) return map;
    if (length / 32 > MAX_SPARSE_REGIONS) throw new TarFormatError(at, 'too many sparse regions');
  }
}
