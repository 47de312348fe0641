/**
 * Writing tar archives: POSIX ustar headers, with a pax `x` header in front of an entry only
 * when a field does not fit ustar (long or non-ASCII names, sizes from 8 GiB, big ids,
 * fractional or out-of-range times, xattrs). Output is deterministic: the same entries give the
 * same bytes (mtime 0 unless given, no atime/ctime, owners exactly as given).
 * https://pubs.opengroup.org/onlinepubs/9699919799/utilities/pax.html#tag_20_92_13_06
 */
import { LayerlabError } from '../errors.ts';
import { bytesInMemory, bytesNow, MemorySource, readChunks, type ByteSource } from '../io/byte-source.ts';
import { ConcatSource } from '../io/concat-source.ts';
import { ZeroSource } from '../io/pattern-source.ts';
import { BLOCK_SIZE, Field, computeChecksum, encodeName, wordsOf } from './header.ts';
import { encodePaxRecord } from './pax.ts';
import type { TarEntryType } from './types.ts';

export interface TarWriteEntry {
  name: string;
  type?: TarEntryType;
  /** The content: bytes, or a source read only when the archive is (a patterned file is never expanded). */
  data?: Uint8Array | ByteSource;
  /** The content length when the caller streams the data itself (with `encodeTarHeader`). */
  size?: number;
  mode?: number;
  uid?: number;
  gid?: number;
  uname?: string;
  gname?: string;
  /** Seconds since the epoch; fractional or negative values are written as pax `mtime`. */
  mtime?: number;
  linkname?: string;
  devmajor?: number;
  devminor?: number;
  xattrs?: Record<string, string>;
}

export interface TarWriteOptions {
  /** mtime of entries that do not give one (default 0: reproducible archives). */
  mtime?: number;
  /**
   * Pad the archive to a multiple of this many 512-byte blocks, as `tar -b` does: 20 (GNU tar's
   * default 10240-byte record) or 1 for no padding beyond the two end-of-archive blocks.
   */
  blockingFactor?: number;
}

const TYPEFLAGS: Record<TarEntryType, number> = {
  file: 0x30,
  hardlink: 0x31,
  symlink: 0x32,
  chardev: 0x33,
  blockdev: 0x34,
  directory: 0x35,
  fifo: 0x36,
};

const MAX_OCTAL_7 = 0o7777777;
const MAX_OCTAL_11 = 0o77777777777;

const isAscii = (s: string) => /^[\x01-\x7f]*$/.test(s);

function fail(name: string, reason: string): never {
  throw new LayerlabError('EINVAL', `cannot write tar entry ${JSON.stringify(name)}: ${reason}`);
}

/** The entry's name as stored: directories end with '/'. */
function storedName(entry: TarWriteEntry): string {
  return entry.type === 'directory' && !entry.name.endsWith('/') ? `${entry.name}/` : entry.name;
}

/** Split a long ASCII path into ustar prefix (≤155) and name (≤100) at a '/', if possible. */
function splitUstarPath(path: string): [prefix: string, name: string] | undefined {
  if (path.length <= 100) return ['', path];
  for (let i = Math.min(path.length - 1, 155); i > 0; i--) {
    if (path[i] === '/' && path.length - i - 1 <= 100 && path.length - i - 1 > 0) return [path.slice(0, i), path.slice(i + 1)];
  }
  return undefined;
}

function putText(block: Uint8Array, [start, length]: readonly [number, number], text: string): void {
  const bytes = encodeName(text);
  block.set(bytes.subarray(0, length), start);
}

/** Octal, zero-padded, NUL-terminated (GNU and Go write numbers this way). */
function putOctal(block: Uint8Array, [start, length]: readonly [number, number], value: number): void {
  putText(block, [start, length], value.toString(8).padStart(length - 1, '0'));
}

/** GNU base-256 for device numbers too big for octal (pax has no key for them). */
function putNumber(block: Uint8Array, field: readonly [number, number], value: number): void {
  if (value <= MAX_OCTAL_7) return putOctal(block, field, value);
  const [start, length] = field;
  block[start] = 0x80;
  for (let i = length - 1, v = value; i > 0; i--, v = Math.floor(v / 256)) block[start + i] = v % 256;
}

/** The shortest decimal that reads back as the same number, never in exponent notation. */
function paxTimeText(t: number): string {
  const text = String(t);
  return text.includes('e') ? t.toFixed(20).replace(/\.?0+$/, '') : text;
}

function checkNumber(name: string, what: string, value: number, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isSafeInteger(value) || value < 0 || value > max) fail(name, `${what} ${value} is out of range`);
}

/** The pax records an entry needs, in a fixed order; empty when plain ustar suffices. */
function paxRecordsFor(entry: TarWriteEntry, name: string, size: number, mtime: number): [string, string][] {
  const records: [string, string][] = [];
  if (!isAscii(name) || !splitUstarPath(name)) records.push(['path', name]);
  const linkname = entry.linkname ?? '';
  if (!isAscii(linkname) || linkname.length > 100) records.push(['linkpath', linkname]);
  if (size > MAX_OCTAL_11) records.push(['size', String(size)]);
  for (const key of ['uid', 'gid'] as const) {
    const id = entry[key] ?? 0;
    if (id > MAX_OCTAL_7) records.push([key, String(id)]);
  }
  for (const key of ['uname', 'gname'] as const) {
    const owner = entry[key] ?? '';
    if (!isAscii(owner) || owner.length > 32) records.push([key, owner]);
  }
  if (!Number.isInteger(mtime) || mtime < 0 || mtime > MAX_OCTAL_11) records.push(['mtime', paxTimeText(mtime)]);
  for (const key of Object.keys(entry.xattrs ?? {}).sort()) records.push([`SCHILY.xattr.${key}`, entry.xattrs![key]!]);
  return records;
}

function ustarBlock(fields: {
  name: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  typeflag: number;
  linkname: string;
  uname: string;
  gname: string;
  devmajor: number;
  devminor: number;
}): Uint8Array {
  const block = new Uint8Array(BLOCK_SIZE);
  const split = isAscii(fields.name) ? splitUstarPath(fields.name) : undefined;
  putText(block, Field.name, split ? split[1] : fields.name);
  if (split) putText(block, Field.prefix, split[0]);
  putOctal(block, Field.mode, fields.mode);
  putOctal(block, Field.uid, fields.uid <= MAX_OCTAL_7 ? fields.uid : 0);
  putOctal(block, Field.gid, fields.gid <= MAX_OCTAL_7 ? fields.gid : 0);
  putOctal(block, Field.size, fields.size <= MAX_OCTAL_11 ? fields.size : 0);
  putOctal(block, Field.mtime, fields.mtime >= 0 && fields.mtime <= MAX_OCTAL_11 ? Math.floor(fields.mtime) : 0);
  block[156] = fields.typeflag;
  putText(block, Field.linkname, fields.linkname);
  putText(block, Field.magic, 'ustar\0');
  putText(block, Field.version, '00');
  putText(block, Field.uname, isAscii(fields.uname) ? fields.uname : '');
  putText(block, Field.gname, isAscii(fields.gname) ? fields.gname : '');
  putNumber(block, Field.devmajor, fields.devmajor);
  putNumber(block, Field.devminor, fields.devminor);
  // The checksum: six octal digits, NUL, space.
  putText(block, Field.checksum, `${computeChecksum(block, 0, wordsOf(block)).toString(8).padStart(6, '0')}\0 `);
  return block;
}

/**
 * The header block(s) of one entry: a pax `x` header and its records when needed, then the
 * ustar header. The caller writes the `size` bytes of data and pads them to 512.
 */
export function encodeTarHeader(entry: TarWriteEntry, options: TarWriteOptions = {}): Uint8Array {
  const type = entry.type ?? 'file';
  const name = storedName(entry);
  if (name === '' || name.includes('\0')) fail(name, 'a name must be non-empty and without NUL');
  if ((entry.linkname ?? '').includes('\0')) fail(name, 'a link name may not contain NUL');
  const dataSize = entry.data === undefined ? undefined : dataLength(entry.data);
  const size = type === 'file' ? (dataSize ?? entry.size ?? 0) : 0;
  if (dataSize !== undefined && entry.size !== undefined && entry.size !== dataSize) fail(name, 'size and data.length differ');
  const mtime = entry.mtime ?? options.mtime ?? 0;
  if (!Number.isFinite(mtime)) fail(name, `mtime ${mtime} is not a number`);
  const mode = entry.mode ?? (type === 'directory' ? 0o755 : 0o644);
  checkNumber(name, 'mode', mode, 0o7777);
  checkNumber(name, 'size', size);
  for (const key of ['uid', 'gid', 'devmajor', 'devminor'] as const) checkNumber(name, key, entry[key] ?? 0);

  const header = ustarBlock({
    name,
    mode,
    uid: entry.uid ?? 0,
    gid: entry.gid ?? 0,
    size,
    mtime,
    typeflag: TYPEFLAGS[type],
    linkname: entry.linkname ?? '',
    uname: entry.uname ?? '',
    gname: entry.gname ?? '',
    devmajor: entry.devmajor ?? 0,
    devminor: entry.devminor ?? 0,
  });
  const records = paxRecordsFor(entry, name, size, mtime);
  if (records.length === 0) return header;

  const parts = records.map(([key, value]) => encodePaxRecord(key, value));
  const paxSize = parts.reduce((n, p) => n + p.length, 0);
  const paxBlocks = Math.ceil(paxSize / BLOCK_SIZE);
  const out = new Uint8Array((2 + paxBlocks) * BLOCK_SIZE);
  out.set(
    ustarBlock({
      // Named like GNU tar's pax headers: DIR/PaxHeaders/FILE, cut to fit.
      name: paxHeaderName(name),
      mode: 0o644,
      uid: 0,
      gid: 0,
      size: paxSize,
      mtime: 0,
      typeflag: 0x78,
      linkname: '',
      uname: '',
      gname: '',
      devmajor: 0,
      devminor: 0,
    }),
  );
  let pos = BLOCK_SIZE;
  for (const part of parts) {
    out.set(part, pos);
    pos += part.length;
  }
  out.set(header, (1 + paxBlocks) * BLOCK_SIZE);
  return out;
}

function paxHeaderName(name: string): string {
  const trimmed = name.replace(/\/+$/, '');
  const slash = trimmed.lastIndexOf('/');
  const dir = slash >= 0 ? trimmed.slice(0, slash) : '.';
  const base = trimmed.slice(slash + 1);
  const ascii = (s: string) => s.replace(/[^\x20-\x7e]/g, '_');
  return `${ascii(dir)}/PaxHeaders/${ascii(base)}`.slice(0, 100);
}

/** The length of an entry's data, given as bytes or as a source. */
export const dataLength = (data: Uint8Array | ByteSource): number => (data instanceof Uint8Array ? data.length : data.size);

const padding = (size: number) => (BLOCK_SIZE - (size % BLOCK_SIZE)) % BLOCK_SIZE;

/** The end-of-archive blocks, and zeros up to the record size. */
function trailer(written: number, blockingFactor: number): Uint8Array {
  const record = BLOCK_SIZE * blockingFactor;
  const end = written + 2 * BLOCK_SIZE;
  return new Uint8Array(2 * BLOCK_SIZE + ((record - (end % record)) % record));
}

function checkBlockingFactor(options: TarWriteOptions): number {
  const factor = options.blockingFactor ?? 20;
  if (!Number.isSafeInteger(factor) || factor < 1) throw new LayerlabError('EINVAL', `blocking factor ${factor} must be a positive integer`);
  return factor;
}

/** Stream an archive: header, data and padding per entry, then the end-of-archive blocks. */
export async function* tarChunks(
  entries: Iterable<TarWriteEntry> | AsyncIterable<TarWriteEntry>,
  options: TarWriteOptions = {},
): AsyncGenerator<Uint8Array> {
  const blockingFactor = checkBlockingFactor(options);
  let written = 0;
  for await (const entry of entries) {
    for (const part of entryParts(entry, options)) {
      const bytes = part instanceof Uint8Array ? part : bytesInMemory(part);
      if (bytes) yield bytes;
      else yield* readChunks(part as ByteSource);
      written += part instanceof Uint8Array ? part.length : part.size;
    }
  }
  yield trailer(written, blockingFactor);
}

/** An entry's header, data and padding, the data as given (bytes or a source). */
function entryParts(entry: TarWriteEntry, options: TarWriteOptions): (Uint8Array | ByteSource)[] {
  if ((entry.type ?? 'file') === 'file' && entry.size !== undefined && !entry.data && entry.size > 0) {
    fail(entry.name, 'writeTar needs the data; use encodeTarHeader to stream it yourself');
  }
  const header = encodeTarHeader(entry, options);
  const data = (entry.type ?? 'file') === 'file' ? entry.data : undefined;
  const length = data === undefined ? 0 : dataLength(data);
  if (length === 0) return [header];
  const pad = padding(length);
  return pad ? [header, data!, new Uint8Array(pad)] : [header, data!];
}

/**
 * An archive as a source: headers in memory, each file's data the source it came as, so an
 * archive of patterned files costs its headers. For archives written to a file or kept as a layer.
 */
export function tarSource(entries: Iterable<TarWriteEntry>, options: TarWriteOptions = {}): ByteSource {
  const blockingFactor = checkBlockingFactor(options);
  const parts: ByteSource[] = [];
  let written = 0;
  let headers: Uint8Array[] = [];
  let headerBytes = 0;
  // Runs of headers and small data are joined, so a read crosses few parts.
  const flushHeaders = () => {
    if (headerBytes === 0) return;
    const joined = new Uint8Array(headerBytes);
    let pos = 0;
    for (const h of headers) {
      joined.set(h, pos);
      pos += h.length;
    }
    parts.push(new MemorySource(joined));
    headers = [];
    headerBytes = 0;
  };
  for (const entry of entries) {
    for (const part of entryParts(entry, options)) {
      const bytes = part instanceof Uint8Array ? part : part.size <= SMALL_DATA_BYTES ? bytesInMemory(part) : undefined;
      if (bytes) {
        headers.push(bytes);
        headerBytes += bytes.length;
      } else {
        flushHeaders();
        parts.push(part as ByteSource);
      }
      written += part instanceof Uint8Array ? part.length : part.size;
    }
  }
  const end = trailer(written, blockingFactor);
  if (end.length > SMALL_DATA_BYTES) {
    flushHeaders();
    parts.push(new ZeroSource(end.length));
  } else {
    headers.push(end);
    headerBytes += end.length;
  }
  flushHeaders();
  return new ConcatSource(parts);
}

/** Data this small is copied next to its header rather than kept as a part of its own. */
const SMALL_DATA_BYTES = 64 * 1024;

/** A whole archive in memory (for small archives: layers built in the playground, tests). */
export function writeTar(entries: Iterable<TarWriteEntry>, options: TarWriteOptions = {}): Uint8Array {
  const blockingFactor = checkBlockingFactor(options);
  const chunks: Uint8Array[] = [];
  let written = 0;
  for (const entry of entries) {
    for (const part of entryParts(entry, options)) {
      // A patterned file is made here, in full: this writer is for archives wanted in memory.
      const bytes = part instanceof Uint8Array ? part : bytesNow(part);
      if (!bytes) fail(entry.name, 'its data is a source to stream: write the archive with tarSource or tarChunks');
      chunks.push(bytes);
      written += bytes.length;
    }
  }
  const end = trailer(written, blockingFactor);
  const out = new Uint8Array(written + end.length);
  let pos = 0;
  for (const chunk of chunks) {
    out.set(chunk, pos);
    pos += chunk.length;
  }
  out.set(end, pos);
  return out;
}
