/**
 * A read-only filesystem whose entries are computed when they are looked at, as the kernel's
 * procfs, sysfs, devpts and mqueue are: `/proc` lists the container's processes of the moment,
 * `/proc/self` names the process that looks, `/proc/uptime` counts from the container's start.
 * It answers the path methods `withMounts` (engine/overlay/mounts.ts) routes to a mounted
 * filesystem, so it mounts like any volume; nothing of it is ever in a layer.
 *
 * Writes fail with what Linux answers for the mount: EROFS on a read-only mount (sysfs, and the
 * parts of /proc Docker remounts read-only), EACCES where the filesystem cannot create files.
 */
import { FsError, type FsErrorCode } from '../../engine/errors.ts';
import type { FileStat } from '../../engine/overlay/file-stat.ts';
import type { DirEntry, OverlayFs } from '../../engine/overlay/overlay-fs.ts';
import { lastComponent, childKey, compareNames, displayPath, parentKey } from '../../engine/overlay/path.ts';
import { lookupKey, resolveKey, type ResolvableTree } from '../../engine/overlay/resolve-path.ts';

export interface SyntheticNode {
  readonly type: 'file' | 'directory' | 'symlink' | 'chardev';
  /** Permission bits (and sticky bit): 0o444, 0o555, 0o1777… */
  readonly mode: number;
  /** A directory's entries, computed each time it is looked into. */
  readonly children?: () => ReadonlyMap<string, SyntheticNode>;
  /** A symlink's target, computed when it is read (`/proc/self`). */
  readonly linkname?: () => string;
  /** A file's bytes, computed when it is read. */
  readonly content?: () => string;
  /** What stat reports as the size: 0 for procfs files, 4096 for sysfs attributes. */
  readonly size?: number;
  readonly devmajor?: number;
  readonly devminor?: number;
  readonly uid?: number;
  readonly gid?: number;
}

export interface SyntheticFsOptions {
  /** The mount's root directory. */
  root: SyntheticNode;
  /** Seconds: the time stat shows (the mount's, as a fresh mount shows). */
  mtime: () => number;
  /** What a write to `path` (inside this filesystem) fails with. */
  writeError: (path: string) => FsErrorCode;
}

const encoder = new TextEncoder();

export const directory = (mode: number, children: () => ReadonlyMap<string, SyntheticNode>): SyntheticNode => ({ type: 'directory', mode, children });
export const textFile = (mode: number, content: () => string, size = 0): SyntheticNode => ({ type: 'file', mode, content, size });
export const symlink = (target: () => string): SyntheticNode => ({ type: 'symlink', mode: 0o777, linkname: target });
export const entries = (list: Iterable<readonly [string, SyntheticNode]>): ReadonlyMap<string, SyntheticNode> => new Map(list);

const NO_CHILDREN: ReadonlyMap<string, SyntheticNode> = new Map();

/**
 * The filesystem as the `OverlayFs` shape mounts take. Only the path methods are served: a
 * mounted filesystem is reached through `withMounts`, which calls nothing else on it.
 */
export function syntheticFs(options: SyntheticFsOptions): OverlayFs {
  const { root, mtime, writeError } = options;
  const node = (key: string): SyntheticNode | undefined => {
    if (key === '') return root;
    const parent = node(parentKey(key));
    return parent?.type === 'directory' ? (parent.children ?? (() => NO_CHILDREN))().get(lastComponent(key)) : undefined;
  };
  const tree: ResolvableTree = {
    isDir: (key) => node(key)?.type === 'directory',
    exists: (key) => node(key) !== undefined,
    symlinkTarget: (key) => {
      const n = node(key);
      return n?.type === 'symlink' ? n.linkname!() : undefined;
    },
  };
  const statOf = (key: string): FileStat => {
    const n = node(key)!;
    return {
      path: displayPath(key),
      type: n.type,
      size: n.type === 'symlink' ? encoder.encode(n.linkname!()).length : (n.size ?? 0),
      mode: n.mode,
      uid: n.uid ?? 0,
      gid: n.gid ?? 0,
      uname: '',
      gname: '',
      mtime: mtime(),
      linkname: n.type === 'symlink' ? n.linkname!() : '',
      devmajor: n.devmajor ?? 0,
      devminor: n.devminor ?? 0,
      layer: 0,
      ...(n.type === 'directory' ? { apparentSize: n.size ?? 0 } : {}),
    };
  };
  const found = (path: string, follow: boolean): string | undefined => {
    const key = lookupKey(tree, path, follow);
    return typeof key === 'string' ? key : undefined;
  };
  const childKeys = (path: string, syscall: string): string[] => {
    const key = resolveKey(tree, path, true, syscall);
    const n = node(key)!;
    if (n.type !== 'directory') throw new FsError('ENOTDIR', syscall, path);
    return [...(n.children ?? (() => NO_CHILDREN))().keys()].sort(compareNames).map((name) => childKey(key, name));
  };
  const refuse = (syscall: string) => (path: string) => Promise.reject(new FsError(writeError(path), syscall, path));
  const methods = {
    stat: (path: string) => statOf(resolveKey(tree, path, true, 'stat')),
    lstat: (path: string) => statOf(resolveKey(tree, path, false, 'lstat')),
    exists: (path: string) => found(path, true) !== undefined,
    statIfExists: (path: string) => {
      const key = found(path, true);
      return key === undefined ? undefined : statOf(key);
    },
    lstatIfExists: (path: string) => {
      const key = found(path, false);
      return key === undefined ? undefined : statOf(key);
    },
    readdir: (path: string) => childKeys(path, 'scandir').map(lastComponent),
    readdirEntries: (path: string): DirEntry[] => childKeys(path, 'scandir').map((key) => ({ name: lastComponent(key), type: node(key)!.type })),
    lstatChildren: (path: string) => childKeys(path, 'scandir').map(statOf),
    readlink: (path: string) => {
      const n = node(resolveKey(tree, path, false, 'readlink'))!;
      if (n.type !== 'symlink') throw new FsError('EINVAL', 'readlink', path);
      return n.linkname!();
    },
    realpath: (path: string) => displayPath(resolveKey(tree, path, true, 'realpath')),
    readFile: async (path: string) => {
      const n = node(resolveKey(tree, path, true, 'open'))!;
      if (n.type === 'directory') throw new FsError('EISDIR', 'read', path);
      return encoder.encode(n.content?.() ?? '');
    },
    inodeOf: (path: string) => inodeNumber(resolveKey(tree, path, false, 'lstat')),
    sourceOf: () => 0,
    *walk(path = '/') {
      const stack = childKeys(path, 'scandir').reverse();
      while (stack.length > 0) {
        const key = stack.pop()!;
        yield statOf(key);
        if (node(key)!.type !== 'directory') continue;
        const children = childKeys(displayPath(key), 'scandir');
        for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
      }
    },
    writeFile: refuse('open'),
    // `mkdir -p` of what exists succeeds on any filesystem.
    mkdir: (path: string, options?: { recursive?: boolean }) => (options?.recursive && node(found(path, true) ?? '\0')?.type === 'directory' ? Promise.resolve() : refuse('mkdir')(path)),
    rm: refuse('unlink'),
    mknod: refuse('mknod'),
    chmod: refuse('chmod'),
    chown: refuse('chown'),
    utimes: refuse('utime'),
    truncate: refuse('truncate'),
    symlink: (_target: string, path: string) => refuse('symlink')(path),
    link: (_from: string, to: string) => refuse('link')(to),
    rename: (from: string) => refuse('rename')(from),
  };
  return methods as unknown as OverlayFs;
}

/** A stable inode number per path (FNV-1a), as procfs numbers its entries. */
function inodeNumber(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return 1 + (hash % 4_000_000);
}
