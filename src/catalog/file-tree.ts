/**
 * A small declarative builder for one layer's files: say what is there (directories, files,
 * placeholder binaries, symlinks, hard links, with owners and modes) and get the tar entries
 * in the order Docker writes a layer — depth-first, names in byte order, a directory before
 * its contents, the first name of a hard-linked file carrying the data.
 */
import { bytesInMemory, type ByteSource } from '../engine/io/byte-source.ts';
import { encodeUtf8 } from '../engine/platform.ts';
import type { TarWriteEntry } from '../engine/tar/write-tar.ts';
import { placeholderFile, type PlaceholderInfo } from './placeholder.ts';

export interface NodeOptions {
  mode?: number;
  uid?: number;
  gid?: number;
  /** Seconds since the epoch; the tree's default when absent. */
  mtime?: number;
}

/** What an upper layer needs to know of the layers below it: existing directories' metadata. */
export interface LowerNode {
  type: 'directory' | 'file' | 'symlink';
  mode: number;
  uid: number;
  gid: number;
}

type Node =
  | { type: 'directory'; mode: number; uid: number; gid: number; mtime: number }
  | { type: 'file'; data: Uint8Array | ByteSource; mode: number; uid: number; gid: number; mtime: number }
  | { type: 'symlink'; target: string; uid: number; gid: number; mtime: number }
  | { type: 'hardlink'; target: string };


/** `/usr/bin/` → `usr/bin`: tar member names are relative, without a trailing slash here. */
function normalize(path: string): string {
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0 || parts.includes('..')) throw new Error(`not a path inside the image: ${JSON.stringify(path)}`);
  return parts.join('/');
}

function parentOf(path: string): string | undefined {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? undefined : path.slice(0, slash);
}

/** Byte order of path components, a directory right before its contents (Go's filepath.Walk order). */
function compareWalkOrder(a: string, b: string): number {
  const pa = a.split('/');
  const pb = b.split('/');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    if (pa[i] !== pb[i]) return pa[i]! < pb[i]! ? -1 : 1;
  }
  return pa.length - pb.length;
}

export class FileTree {
  private readonly nodes = new Map<string, Node>();

  /**
   * @param mtime the layer's build time, for every entry that does not give its own.
   * @param lower the merged tree below this layer: a directory this layer only adds to is
   *   written with the metadata it already has, as Docker's diff does.
   */
  constructor(
    readonly mtime: number,
    private readonly lower: ReadonlyMap<string, LowerNode> = new Map(),
  ) {}

  dir(path: string, options: NodeOptions = {}): this {
    const { mode = 0o755, uid = 0, gid = 0, mtime = this.mtime } = options;
    this.nodes.set(normalize(path), { type: 'directory', mode, uid, gid, mtime });
    return this;
  }

  /** Several directories with the same options. */
  dirs(paths: readonly string[], options: NodeOptions = {}): this {
    for (const path of paths) this.dir(path, options);
    return this;
  }

  file(path: string, content: string | Uint8Array | ByteSource, options: NodeOptions = {}): this {
    const { mode = 0o644, uid = 0, gid = 0, mtime = this.mtime } = options;
    const data = typeof content === 'string' ? encodeUtf8(content) : content;
    this.nodes.set(normalize(path), { type: 'file', data, mode, uid, gid, mtime });
    return this;
  }

  /** An executable script (real content, mode 0755 unless given). */
  script(path: string, content: string, options: NodeOptions = {}): this {
    return this.file(path, content, { mode: 0o755, ...options });
  }

  /** A placeholder for a real binary (see placeholder.ts); the program defaults to the file's name. */
  binary(path: string, info: Omit<PlaceholderInfo, 'program'> & { program?: string }, options: NodeOptions = {}): this {
    const program = info.program ?? normalize(path).split('/').pop()!;
    return this.file(path, placeholderFile(program, info), { mode: 0o755, ...options });
  }

  symlink(path: string, target: string, options: Omit<NodeOptions, 'mode'> = {}): this {
    const { uid = 0, gid = 0, mtime = this.mtime } = options;
    this.nodes.set(normalize(path), { type: 'symlink', target, uid, gid, mtime });
    return this;
  }

  /** `path` becomes another name of the regular file `target` (same inode). */
  hardlink(path: string, target: string): this {
    this.nodes.set(normalize(path), { type: 'hardlink', target: normalize(target) });
    return this;
  }

  has(path: string): boolean {
    return this.nodes.has(normalize(path));
  }

  /** The bytes of a regular file of this tree (following a hard link). */
  contentOf(path: string): Uint8Array {
    const node = this.nodes.get(normalize(path));
    if (node?.type === 'hardlink') return this.contentOf(node.target);
    if (node?.type !== 'file') throw new Error(`${path} is not a regular file of this layer`);
    const bytes = node.data instanceof Uint8Array ? node.data : bytesInMemory(node.data);
    if (!bytes) throw new Error(`${path} is a placeholder binary, not a text file of this layer`);
    return bytes;
  }

  /** What this layer holds at `path` (a file's bytes, a symlink's target, owner and mode), hard links followed. */
  describe(path: string): { type: 'directory' | 'file' | 'symlink'; mode: number; uid: number; gid: number; data?: Uint8Array | ByteSource; size?: number; target?: string } | undefined {
    const node = this.nodes.get(normalize(path));
    if (node === undefined) return undefined;
    if (node.type === 'hardlink') return this.describe(node.target);
    if (node.type === 'symlink') return { type: 'symlink', mode: 0o777, uid: node.uid, gid: node.gid, target: node.target };
    if (node.type === 'file') {
      const size = node.data instanceof Uint8Array ? node.data.length : node.data.size;
      return { type: 'file', mode: node.mode, uid: node.uid, gid: node.gid, data: node.data, size };
    }
    return { type: 'directory', mode: node.mode, uid: node.uid, gid: node.gid };
  }

  /** Every path this layer has, with implicit parent directories, as the next layer sees it. */
  mergeInto(lower: Map<string, LowerNode>): void {
    for (const [path, node] of this.withParents()) {
      const resolved = node.type === 'hardlink' ? this.nodes.get(node.target)! : node;
      if (resolved.type === 'hardlink') continue;
      const mode = resolved.type === 'symlink' ? 0o777 : resolved.mode;
      lower.set(path, { type: resolved.type, mode, uid: resolved.uid, gid: resolved.gid });
    }
  }

  /** The tar entries of this layer, in Docker's order. */
  entries(): TarWriteEntry[] {
    const all = this.withParents();
    const paths = [...all.keys()].sort(compareWalkOrder);
    // Hard links: the first name (in tar order) of each inode carries the data.
    const firstName = new Map<string, string>();
    for (const path of paths) {
      const node = all.get(path)!;
      const inode = node.type === 'hardlink' ? node.target : node.type === 'file' ? path : undefined;
      if (inode !== undefined && !firstName.has(inode)) firstName.set(inode, path);
    }
    return paths.map((path): TarWriteEntry => {
      const node = all.get(path)!;
      switch (node.type) {
        case 'directory':
          return { name: `${path}/`, type: 'directory', mode: node.mode, uid: node.uid, gid: node.gid, mtime: node.mtime };
        case 'symlink':
          return { name: path, type: 'symlink', linkname: node.target, mode: 0o777, uid: node.uid, gid: node.gid, mtime: node.mtime };
        case 'file':
        case 'hardlink': {
          const inode = node.type === 'hardlink' ? node.target : path;
          const file = this.nodes.get(inode);
          if (file?.type !== 'file') throw new Error(`hard link ${path} → ${inode}: not a regular file of this layer`);
          const meta = { mode: file.mode, uid: file.uid, gid: file.gid, mtime: file.mtime };
          const first = firstName.get(inode)!;
          return first === path
            ? { name: path, type: 'file', data: file.data, ...meta }
            : { name: path, type: 'hardlink', linkname: first, ...meta };
        }
      }
    });
  }

  private withParents(): Map<string, Node> {
    const all = new Map(this.nodes);
    for (const path of this.nodes.keys()) {
      for (let dir = parentOf(path); dir !== undefined && !all.has(dir); dir = parentOf(dir)) {
        const below = this.lower.get(dir);
        if (below && below.type !== 'directory') throw new Error(`${path}: ${dir} is a ${below.type} in a lower layer`);
        all.set(dir, { type: 'directory', mode: below?.mode ?? 0o755, uid: below?.uid ?? 0, gid: below?.gid ?? 0, mtime: this.mtime });
      }
    }
    return all;
  }
}
