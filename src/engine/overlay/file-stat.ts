import type { ByteSource } from '../io/byte-source.ts';
import type { TarEntry, TarEntryType } from '../tar/types.ts';

/**
 * What `stat`/`lstat` report for a path of the merged tree: the entry's tar metadata, where it
 * is and which layer it comes from. `type` is `hardlink` only for a link whose target is
 * missing: a working hard link is reported as the `file` it links to.
 */
export interface FileStat
  extends Pick<TarEntry, 'type' | 'size' | 'mode' | 'uid' | 'gid' | 'uname' | 'gname' | 'mtime' | 'linkname' | 'devmajor' | 'devminor' | 'xattrs'> {
  /** Absolute path in the image, e.g. `/etc/passwd`. */
  readonly path: string;
  /** Index of the layer the entry comes from; `layers.length` for the writable upper layer. */
  readonly layer: number;
  /**
   * st_size where a mounted filesystem says it and layers do not: a tmpfs directory's 40 bytes
   * plus 20 per entry, procfs's 0. Absent for what a layer holds (commands estimate ext4's).
   */
  readonly apparentSize?: number;
}

export type NodeMetadata = Omit<FileStat, 'path' | 'layer'>;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * A node of the writable upper layer: the metadata of a stat, changeable, with the file's
 * content (the upper layer lives in memory; `size` is the content's length). The content is
 * bytes, or a source: a file copied up from a layer keeps reading from the layer, and a
 * patterned file (a placeholder binary, an archive holding some) stays unexpanded.
 */
export type UpperNode = Mutable<Omit<NodeMetadata, 'type' | 'size'>> & {
  type: Exclude<TarEntryType, 'hardlink'>;
  data: Uint8Array | ByteSource;
};

/** Length of an upper node's content. */
export const contentLength = (data: Uint8Array | ByteSource): number => (data instanceof Uint8Array ? data.length : data.size);

/** Metadata of a directory synthesised for entries that had no parent entry. */
export const IMPLICIT_DIR: NodeMetadata = {
  type: 'directory',
  size: 0,
  mode: 0o755,
  uid: 0,
  gid: 0,
  uname: '',
  gname: '',
  mtime: 0,
  linkname: '',
  devmajor: 0,
  devminor: 0,
};

export function entryMetadata(entry: TarEntry): NodeMetadata {
  const { type, size, mode, uid, gid, uname, gname, mtime, linkname, devmajor, devminor, xattrs } = entry;
  return xattrs === undefined
    ? { type, size, mode, uid, gid, uname, gname, mtime, linkname, devmajor, devminor }
    : { type, size, mode, uid, gid, uname, gname, mtime, linkname, devmajor, devminor, xattrs };
}

export function upperMetadata(node: UpperNode): NodeMetadata {
  const { type, mode, uid, gid, uname, gname, mtime, linkname, devmajor, devminor, xattrs } = node;
  const size = type === 'file' ? contentLength(node.data) : 0;
  return xattrs === undefined
    ? { type, size, mode, uid, gid, uname, gname, mtime, linkname, devmajor, devminor }
    : { type, size, mode, uid, gid, uname, gname, mtime, linkname, devmajor, devminor, xattrs };
}

/** A stat of `path` from metadata (or a tar entry), fields in the order `{ path, ...metadata, layer }` gives. */
export function fileStat(path: string, meta: NodeMetadata, layer: number): FileStat {
  const { type, size, mode, uid, gid, uname, gname, mtime, linkname, devmajor, devminor, xattrs } = meta;
  return xattrs === undefined
    ? { path, type, size, mode, uid, gid, uname, gname, mtime, linkname, devmajor, devminor, layer }
    : { path, type, size, mode, uid, gid, uname, gname, mtime, linkname, devmajor, devminor, xattrs, layer };
}
