/** The kinds of tar entry the engine understands (typeflags in POSIX ustar / GNU tar). */
export type TarEntryType = 'file' | 'hardlink' | 'symlink' | 'chardev' | 'blockdev' | 'directory' | 'fifo';

/** Which header dialect an entry was read from. */
export type TarFormat = 'v7' | 'ustar' | 'pax' | 'gnu' | 'star';

/**
 * One member of a tar archive, with pax and GNU extensions already applied (long names, big
 * sizes, fractional mtimes, xattrs). Offsets are positions in the uncompressed tar stream.
 */
export interface TarEntry {
  /** Path as stored (pax `path`, GNU long name, or ustar prefix + name); not normalised. */
  readonly name: string;
  readonly type: TarEntryType;
  /** Content length in bytes (0 for directories, links, devices, fifos). */
  readonly size: number;
  /** Permission bits including setuid/setgid/sticky (mask 0o7777). */
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly uname: string;
  readonly gname: string;
  /** Modification time in seconds since the epoch; fractional when pax gave one. */
  readonly mtime: number;
  /** Target of a symlink or hard link ('' otherwise). */
  readonly linkname: string;
  readonly devmajor: number;
  readonly devminor: number;
  /** Extended attributes from pax `SCHILY.xattr.*` records, if any. */
  readonly xattrs?: Readonly<Record<string, string>>;
  /** Offset of the entry's first header block (including any pax / GNU long-name blocks). */
  /**
   * For sparse files (GNU `S` or pax `GNU.sparse.*`): where the stored data regions belong in
   * the file, in order. `size` is then the file's real size and the stored bytes at `dataOffset`
   * are the regions back to back; everything between them reads as zeros.
   */
  readonly sparse?: readonly SparseRegion[];
  readonly headerOffset: number;
  /** Offset of the entry's content. */
  readonly dataOffset: number;
  readonly format: TarFormat;
}

/** One stored data region of a sparse file: `length` bytes at file offset `offset`. */
export interface SparseRegion {
  readonly offset: number;
  readonly length: number;
}

/**
 * The entries of one tar stream, in archive order. Implementations store entries compactly
 * (an index of a 100k-file layer must stay small) and build `TarEntry` objects on demand.
 */
export interface TarIndex extends Iterable<TarEntry> {
  readonly length: number;
  entry(i: number): TarEntry;
  /** Fields of entry `i` without building the whole entry: merging 100k entries reads only these. */
  name(i: number): string;
  type(i: number): TarEntryType;
  size(i: number): number;
  linkname(i: number): string;
  /** Length of the tar stream up to and including its end-of-archive blocks. */
  readonly byteLength: number;
}
