/**
 * Reading an archive for `-t` and `-x`: the bytes (a file of the shell's filesystem, read in
 * place, or stdin), decompressed when asked or (for files) when the magic bytes say so, then the
 * members, one tar index at a time. Damage is reported as GNU tar reports it, and reading goes
 * on where GNU's does: "Skipping to next header" resumes at the next valid header, a truncated
 * entry ends the run with "Unexpected EOF in archive".
 */
import { decompress } from '../../../engine/compression/decompress.ts';
import { detectCompression, isGzip, isZstdFrame } from '../../../engine/compression/detect.ts';
import { CompressionError, LayerlabError, TarFormatError } from '../../../engine/errors.ts';
import { type ByteSource, MemorySource, sliceSource } from '../../../engine/io/byte-source.ts';
import { BLOCK_SIZE, HeaderView } from '../../../engine/tar/header.ts';
import { readTarIndex, type TarIndexOptions } from '../../../engine/tar/read-tar-index.ts';
import type { TarEntry } from '../../../engine/tar/types.ts';
import type { Filter } from './options.ts';
import type { TarReport } from './report.ts';
import { concatBytes } from '../../bytes.ts';

/**
 * How each tar reads what tars disagree on (the engine's defaults are Go's: pax global records
 * ignored, Go 1.7's prefix in a GNU header read back). GNU tar applies global records to every
 * later member and never reads a prefix in a GNU header; BusyBox 1.35 ignores global records
 * and always reads one.
 */
export const GNU_TAR_READING: TarIndexOptions = { globalPaxRecords: 'apply', gnuHeaderPrefix: 'never' };
export const BUSYBOX_TAR_READING: TarIndexOptions = { globalPaxRecords: 'ignore', gnuHeaderPrefix: 'always' };

/** Filters layerlab cannot run: GNU tar's words when the program is not installed. */
export function missingFilterProgram(report: TarReport, filter: Filter): never {
  report.stderrText(`tar (child): ${filter}: Cannot exec: No such file or directory\ntar (child): Error is not recoverable: exiting now\n`);
  report.fatal('Child returned status 2');
}

export interface TarBytes {
  bytes: Uint8Array;
  /** The compression it was stored with ('none' for a plain tar). */
  filter: Filter | 'none';
  /** Set when decompression stopped early: `bytes` holds what came out before. */
  failure?: unknown;
}

/**
 * An archive file that is a plain tar, as the file's own source (a saved image archive stays
 * pattern runs, never joined into one array); undefined when it is compressed, or a filter was
 * asked for, and must go through `uncompressedArchive`.
 */
export async function plainArchiveSource(file: ByteSource, filter: Filter | undefined): Promise<ByteSource | undefined> {
  if (filter !== undefined || file.size === 0) return undefined;
  try {
    return detectCompression(await file.read(0, 6)) === 'none' ? file : undefined;
  } catch {
    return undefined; // bzip2 or xz: uncompressedArchive says what is missing
  }
}

/**
 * The uncompressed tar bytes. `fromFile`: GNU tar sniffs the compression of archive files, not
 * of stdin (there it asks for `-z`).
 */
export async function uncompressedArchive(raw: Uint8Array, filter: Filter | undefined, fromFile: boolean, report: TarReport): Promise<TarBytes> {
  let format = filter;
  if (format === undefined) {
    let detected: 'gzip' | 'zstd' | 'none';
    try {
      detected = detectCompression(raw.subarray(0, 6));
    } catch {
      // bzip2 or xz: GNU tar would run the program, which the playground does not have.
      missingFilterProgram(report, raw[0] === 0x42 ? 'bzip2' : 'xz');
    }
    if (detected === 'none') return { bytes: raw, filter: 'none' };
    if (!fromFile) report.fatal(`Archive is compressed. Use ${detected === 'gzip' ? '-z' : '--zstd'} option`);
    format = detected;
  }
  if (format !== 'gzip' && format !== 'zstd') missingFilterProgram(report, format);
  if (format === 'gzip' && !isGzip(raw)) gzipFailed(report, 'not in gzip format');
  if (format === 'zstd' && !isZstdFrame(raw)) {
    report.stderrText('zstd: /*stdin*\\: unsupported format \n');
    report.fatal('Child returned status 1');
  }
  // Keep what decompressed before an error: GNU lists those members, then reports it.
  const parts: Uint8Array[] = [];
  let failure: unknown;
  try {
    for await (const chunk of decompress(oneChunk(raw), format)) parts.push(chunk);
  } catch (err) {
    failure = err;
  }
  return failure === undefined ? { bytes: concatBytes(parts), filter: format } : { bytes: concatBytes(parts), filter: format, failure };
}

export function reportDecompressionFailure(report: TarReport, failure: unknown, filter: Filter): never {
  if (filter === 'zstd') {
    report.stderrText('zstd: /*stdin*\\: Data corruption detected \n');
    report.fatal('Child returned status 1');
  }
  const truncated = failure instanceof CompressionError && /end|truncat/i.test(failure.message);
  gzipFailed(report, truncated ? 'unexpected end of file' : 'invalid compressed data--format violated');
}

function gzipFailed(report: TarReport, what: string): never {
  report.stderrText(`\ngzip: stdin: ${what}\n`);
  report.fatal('Child returned status 1');
}

async function* oneChunk(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}


/**
 * `source` followed by zeros, without end: indexing over it never fails for running out of
 * bytes, so a truncated archive still yields its last, incomplete entry (GNU lists it), and an
 * archive missing its end-of-archive blocks simply ends.
 */
class ZeroPadded implements ByteSource {
  readonly size = 2 ** 50;
  constructor(private readonly source: ByteSource) {}

  async read(offset: number, length: number): Promise<Uint8Array> {
    const out = new Uint8Array(length);
    await this.readInto(offset, out);
    return out;
  }

  async readInto(offset: number, target: Uint8Array): Promise<number> {
    const real = Math.max(0, Math.min(target.length, this.source.size - offset));
    if (real > 0) target.set(await this.source.read(offset, real));
    target.fill(0, real);
    return target.length;
  }
}

export interface ArchiveMember {
  entry: TarEntry;
  /** The bytes the entry's offsets refer to. */
  source: ByteSource;
  /** The archive ends inside this entry's data. */
  truncated?: boolean;
}

async function blockAt(source: ByteSource, offset: number): Promise<Uint8Array | undefined> {
  if (offset + BLOCK_SIZE > source.size) return undefined;
  return source.read(offset, BLOCK_SIZE);
}

const isZeroBlock = (block: Uint8Array) => block.every((b) => b === 0);

function isValidHeader(block: Uint8Array, offset: number): boolean {
  try {
    return new HeaderView().point(block, undefined, 0, offset).checksumMatches();
  } catch (err) {
    if (err instanceof TarFormatError) return false; // a checksum field that is not even a number
    throw err;
  }
}

/** The entries before `end` (a header boundary), or none when they do not index cleanly on their own. */
async function entriesBefore(source: ByteSource, start: number, end: number, reading: TarIndexOptions): Promise<TarEntry[]> {
  try {
    return [...(await readTarIndex(sliceSource(source, start, end - start), reading))];
  } catch (err) {
    if (err instanceof LayerlabError) return [];
    throw err;
  }
}

/** The members of the archive in `bytes`, in order, with GNU tar's diagnostics on the way; `reading`: whose tar reads it. */
export async function* readMembers(archive: Uint8Array | ByteSource, report: TarReport, reading: TarIndexOptions = GNU_TAR_READING): AsyncGenerator<ArchiveMember> {
  const whole = archive instanceof Uint8Array ? new MemorySource(archive) : archive;
  if (whole.size === 0) {
    report.error('This does not look like a tar archive');
    return;
  }
  for (let start = 0; ; ) {
    const segment = start === 0 ? whole : sliceSource(whole, start, whole.size - start);
    let problemAt: number;
    try {
      const index = await readTarIndex(new ZeroPadded(segment), reading);
      let endOfData = 0;
      for (const entry of index) {
        // A header cut short: GNU tar takes the short read for the end, silently.
        if (entry.dataOffset > segment.size) return;
        const stored = entry.sparse ? entry.sparse.reduce((n, r) => n + r.length, 0) : entry.type === 'file' ? entry.size : 0;
        endOfData = entry.dataOffset + Math.ceil(stored / BLOCK_SIZE) * BLOCK_SIZE;
        const truncated = entry.dataOffset + stored > segment.size;
        yield { entry, source: segment, truncated };
        if (truncated) report.fatal('Unexpected EOF in archive');
      }
      const zeroAt = index.length === 0 ? 0 : endOfData;
      // Two zero blocks end an archive; one alone (before other data or the end) gets a warning.
      if (index.byteLength === zeroAt + BLOCK_SIZE || (index.byteLength === zeroAt + 2 * BLOCK_SIZE && zeroAt + 2 * BLOCK_SIZE > segment.size)) {
        if (zeroAt < segment.size) report.warn(`A lone zero block at ${(start + zeroAt) / BLOCK_SIZE + 1}`);
      }
      return;
    } catch (err) {
      if (!(err instanceof TarFormatError)) throw err;
      problemAt = Math.floor(err.offset / BLOCK_SIZE) * BLOCK_SIZE;
    }
    for (const entry of await entriesBefore(segment, 0, problemAt, reading)) yield { entry, source: segment };
    const absolute = start + problemAt;
    if (absolute + BLOCK_SIZE > whole.size) {
      // The archive ends inside a header block: GNU tar stops there without a word, unless
      // there was nothing before it.
      if (absolute === 0) report.error('This does not look like a tar archive');
      return;
    }
    if (absolute === 0) report.error('This does not look like a tar archive');
    report.error('Skipping to next header');
    let next = absolute + BLOCK_SIZE;
    for (;;) {
      const block = await blockAt(whole, next);
      if (block === undefined || isZeroBlock(block)) return;
      if (isValidHeader(block, next)) break;
      next += BLOCK_SIZE;
    }
    start = next;
  }
}
