/**
 * Mounts in a container's filesystem: a path of the root filesystem (a directory, or a single
 * file like /etc/hosts) that shows another filesystem's directory or file instead, as bind
 * mounts, volumes and tmpfs do. The result is an `OverlayFs` to everything that uses one (the
 * shell's ShellFs, our commands through overlayOf): each call that names a path goes to the
 * filesystem mounted there, with the path rewritten. What is not under a mount stays the root's,
 * so the root's upper layer (docker diff, commit, export) never holds what was written in a mount.
 *
 * Paths are matched against mount points after `.`/`..` are applied and, failing that, after
 * the parent's symlinks are resolved in the root (`/var/run` → `/run`). Symlinks inside a
 * mounted filesystem resolve within that filesystem.
 */
import { FsError } from '../errors.ts';
import type { FileStat } from './file-stat.ts';
import type { DirEntry, OverlayFs } from './overlay-fs.ts';
import { compareNames } from './path.ts';
import { MAX_SYMLINK_HOPS } from './resolve-path.ts';

export interface Mount {
  /** Absolute, normalized path in the container: `/data`, `/etc/hosts`. */
  readonly target: string;
  readonly fs: OverlayFs;
  /** The directory (or file) of `fs` that appears at `target`: `/` for a whole volume. */
  readonly source: string;
  readonly readOnly: boolean;
}

export interface MountOptions {
  /** `docker run --read-only`: writes outside the mounts fail with EROFS. */
  readOnlyRoot?: boolean;
}

/** Methods whose first argument is a path, and whether they write. */
const PATH_METHODS: Record<string, boolean> = {
  stat: false,
  lstat: false,
  exists: false,
  statIfExists: false,
  lstatIfExists: false,
  readdir: false,
  readdirEntries: false,
  lstatChildren: false,
  readlink: false,
  realpath: false,
  readFile: false,
  openFile: false,
  inodeOf: false,
  linkCount: false,
  sourceOf: false,
  walk: false,
  writeFile: true,
  mkdir: true,
  rm: true,
  mknod: true,
  chmod: true,
  chown: true,
  utimes: true,
  truncate: true,
};

/** Methods that act on a final symlink itself rather than on what it names. */
const NO_FOLLOW = new Set(['lstat', 'lstatIfExists', 'readlink', 'inodeOf', 'sourceOf', 'rm']);

/** The system call each writing method stands for, as errors name it (`touch` opens; `rm` unlinks). */
const SYSCALLS: Record<string, string> = { writeFile: 'open', rm: 'unlink', utimes: 'utime' };

interface Routed {
  fs: OverlayFs;
  path: string;
  mount?: Mount;
  readOnly: boolean;
}

/** `root` with `mounts` in it (the longest matching target wins). */
export function withMounts(root: OverlayFs, mounts: readonly Mount[], options: MountOptions = {}): OverlayFs {
  if (mounts.length === 0 && !options.readOnlyRoot) return root;
  const byLength = [...mounts].sort((a, b) => b.target.length - a.target.length);
  const find = (path: string): Mount | undefined => {
    for (const m of byLength) if (path === m.target || (path.startsWith(m.target) && path.charCodeAt(m.target.length) === 0x2f)) return m;
    return undefined;
  };
  // Every call routes its path, and `ls` stats each name of a directory: the root's realpath
  // of a parent is kept until the root changes (a new symlink could change it).
  const realParents = new Map<string, string | undefined>();
  let realParentsAt = root.changes;
  const realParent = (parent: string): string | undefined => {
    if (root.changes !== realParentsAt) {
      realParents.clear();
      realParentsAt = root.changes;
    }
    if (realParents.has(parent)) return realParents.get(parent);
    const real = root.statIfExists(parent) ? root.realpath(parent) : undefined;
    realParents.set(parent, real);
    return real;
  };
  /** The mount `lexical` (normalized) is in, its parent's symlinks resolved in the root if need be. */
  const mountOf = (lexical: string): { mount: Mount; lexical: string } | undefined => {
    const mount = find(lexical);
    if (mount !== undefined) return { mount, lexical };
    if (lexical === '/') return undefined;
    const slash = lexical.lastIndexOf('/');
    const parent = slash === 0 ? '/' : lexical.slice(0, slash);
    const real = realParent(parent);
    if (real === undefined || real === parent) return undefined;
    const resolved = `${real === '/' ? '' : real}${lexical.slice(slash)}`;
    const inner = find(resolved);
    return inner && { mount: inner, lexical: resolved };
  };
  const route = (path: string): Routed => {
    const found = mountOf(normalize(path));
    return found === undefined ? { fs: root, path, readOnly: options.readOnlyRoot === true } : inMount(found.mount, found.lexical);
  };
  /**
   * Where a symlink of the root that points into a mount (/etc/mtab → /proc/mounts) leads, if
   * `path` is one. Asked only after the root could not answer, so other paths pay nothing.
   */
  const linkedRoutes = new Map<string, Routed | undefined>();
  let linkedRoutesAt = root.changes;
  const throughSymlink = (path: string): Routed | undefined => {
    // Misses repeat (a command looked up along PATH): remembered until the root changes.
    if (root.changes !== linkedRoutesAt) {
      linkedRoutes.clear();
      linkedRoutesAt = root.changes;
    }
    if (linkedRoutes.has(path)) return linkedRoutes.get(path);
    const routed = followIntoMount(path);
    linkedRoutes.set(path, routed);
    return routed;
  };
  const followIntoMount = (path: string): Routed | undefined => {
    let at = normalize(path);
    for (let hops = 0; hops < MAX_SYMLINK_HOPS; hops++) {
      const link = root.lstatIfExists(at);
      if (link?.type !== 'symlink') return undefined;
      const base = at.slice(0, at.lastIndexOf('/'));
      at = normalize(link.linkname.startsWith('/') ? link.linkname : `${base}/${link.linkname}`);
      const found = mountOf(at);
      if (found !== undefined) return inMount(found.mount, found.lexical);
    }
    return undefined;
  };
  const inMount = (mount: Mount, lexical: string): Routed => {
    const rest = lexical.slice(mount.target.length);
    const inner = mount.source === '/' ? rest || '/' : mount.source + rest;
    return { fs: mount.fs, path: inner, mount, readOnly: mount.readOnly };
  };
  /** A path of a mounted filesystem as the container names it. */
  const outward = (r: Routed, inner: string) => {
    if (!r.mount) return inner;
    const rest = r.mount.source === '/' ? (inner === '/' ? '' : inner) : inner.slice(r.mount.source.length);
    return r.mount.target + rest;
  };
  /** Mount points directly in `dir` (they show in its listing even where the root has no entry). */
  const mountedNames = (dir: string) => {
    const d = normalize(dir);
    const prefix = d === '/' ? '/' : `${d}/`;
    return mounts.filter((m) => m.target.startsWith(prefix) && !m.target.slice(prefix.length).includes('/'));
  };
  /** Whether `path` is where something is mounted (`/etc/hostname`, `/proc`), not a name below it. */
  const isMountPoint = (path: string): boolean => {
    const found = mountOf(normalize(path));
    return found !== undefined && found.lexical === found.mount.target;
  };
  const call = (name: string, write: boolean, args: unknown[]): unknown => {
    const original = args[0] as string;
    // unlink(2) and rmdir(2) of a mount point fail with EBUSY (`rm /etc/hostname` in a container).
    const r = route(original);
    if (name === 'rm' && isMountPoint(original)) throw new FsError('EBUSY', r.fs.lstatIfExists(r.path)?.type === 'directory' ? 'rmdir' : 'unlink', original);
    if (r.mount !== undefined || NO_FOLLOW.has(name)) return callIn(name, write, r, original, args);
    // The root answers, unless the path is its symlink into a mount: then the root fails.
    let result: unknown;
    try {
      result = callIn(name, write, r, original, args);
    } catch (err) {
      const linked = isMissing(err) ? throughSymlink(original) : undefined;
      if (linked === undefined) throw err;
      return callLinked(name, write, linked, original, args);
    }
    if (result instanceof Promise) {
      return result.catch((err: unknown) => {
        const linked = isMissing(err) ? throughSymlink(original) : undefined;
        return linked === undefined ? Promise.reject(err) : callLinked(name, write, linked, original, args);
      });
    }
    if (result === undefined || result === false) {
      const linked = throughSymlink(original);
      if (linked !== undefined) return callLinked(name, write, linked, original, args);
    }
    return result;
  };
  const callLinked = (name: string, write: boolean, linked: Routed, original: string, args: unknown[]): unknown => {
    args[0] = original;
    return callIn(name, write, linked, original, args);
  };
  const callIn = (name: string, write: boolean, r: Routed, original: string, args: unknown[]): unknown => {
    if (write && r.readOnly) throw new FsError('EROFS', SYSCALLS[name] ?? name, original);
    const method = (r.fs as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!;
    args[0] = r.path;
    let result: unknown;
    try {
      result = method.apply(r.fs, args);
    } catch (err) {
      throw renamedError(err, r, original);
    }
    if (result instanceof Promise) return result.catch((err: unknown) => Promise.reject(renamedError(err, r, original)));
    if (name === 'realpath') return outward(r, result as string);
    if (name === 'stat' || name === 'lstat' || name === 'statIfExists' || name === 'lstatIfExists') return result && r.mount ? { ...(result as FileStat), path: outward(r, (result as FileStat).path) } : result;
    if (name === 'walk') return mapWalk(result as Generator<FileStat>, (s) => (r.mount ? { ...s, path: outward(r, s.path) } : s));
    if (name === 'readdir' || name === 'readdirEntries') return withMountPoints(name, result as string[] | DirEntry[], mountedNames(original));
    if (name === 'lstatChildren') {
      // Each name as `lstat` of its own path shows it: a mount point by what is mounted there
      // (found where the directory really is, as `route` finds a path's parent).
      const stats = r.mount ? (result as FileStat[]).map((s) => ({ ...s, path: outward(r, s.path) })) : (result as FileStat[]);
      return withMountedStats(stats, mountedNames(r.mount ? original : root.realpath(r.path)));
    }
    return result;
  };
  const twoPaths = async (name: 'link' | 'rename', from: string, to: string): Promise<void> => {
    // rename(2) of a mount point, or onto one: EBUSY.
    if (name === 'rename' && (isMountPoint(from) || isMountPoint(to))) throw new FsError('EBUSY', 'rename', isMountPoint(from) ? from : to);
    const a = route(from);
    const b = route(to);
    if (b.readOnly || (name === 'rename' && a.readOnly)) throw new FsError('EROFS', name, b.readOnly ? to : from);
    if (a.fs === b.fs) return (a.fs[name] as (x: string, y: string) => Promise<void>).call(a.fs, a.path, b.path);
    if (name === 'link') throw new FsError('EPERM', 'link', to);
    // Across filesystems rename is EXDEV; mv copies then: do the copy here, for files.
    const stat = a.fs.lstat(a.path);
    if (stat.type === 'directory') throw new FsError('EPERM', 'rename', from);
    if (stat.type === 'symlink') await b.fs.symlink(stat.linkname, b.path);
    else await b.fs.writeFile(b.path, await a.fs.openFile(a.path), { mode: stat.mode });
    await a.fs.rm(a.path);
  };
  // One wrapper per method, made on first use: a property read must not allocate.
  const wrappers = new Map<string | symbol, unknown>();
  const bound = new WeakMap<object, unknown>();
  const mounted = new Proxy(root, {
    get(target, prop, receiver) {
      const made = wrappers.get(prop);
      if (made !== undefined) return made;
      if (typeof prop === 'string' && prop in PATH_METHODS) {
        const wrapper = (...args: unknown[]) => call(prop, PATH_METHODS[prop]!, args);
        wrappers.set(prop, wrapper);
        return wrapper;
      }
      if (prop === 'symlink') {
        return (linkTarget: string, path: string) => {
          const r = route(path);
          if (r.readOnly) throw new FsError('EROFS', 'symlink', path);
          return r.fs.symlink(linkTarget, r.path);
        };
      }
      if (prop === 'link' || prop === 'rename') return (from: string, to: string) => twoPaths(prop, from, to);
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      let method = bound.get(value);
      if (method === undefined) bound.set(value, (method = (value as (...a: unknown[]) => unknown).bind(target)));
      return method;
    },
  });
  roots.set(mounted, root);
  tables.set(mounted, { targets: byLength.map((m) => m.target), readOnlyRoot: options.readOnlyRoot === true, isMountPoint });
  return mounted;
}

const roots = new WeakMap<OverlayFs, OverlayFs>();

/** What a `withMounts` result has mounted where. */
export interface MountTable {
  /** Every mount point (normalized), longest first. */
  readonly targets: readonly string[];
  readonly readOnlyRoot: boolean;
  /** Whether `path` is where something is mounted (unlink and rmdir of it fail with EBUSY). */
  isMountPoint(path: string): boolean;
}

const tables = new WeakMap<OverlayFs, MountTable>();

/** The mounts of a `withMounts` result; undefined for a filesystem with none. */
export function mountTableOf(fs: OverlayFs): MountTable | undefined {
  return tables.get(fs);
}

/**
 * The root filesystem under a `withMounts` result, without its mounts (`fs` itself when it has
 * none): what `docker export` reads, as moby exports the container's layers, not its mounts.
 */
export function unmounted(fs: OverlayFs): OverlayFs {
  return roots.get(fs) ?? fs;
}

/** ENOENT or ENOTDIR: what the root says of a path that leads on into a mount. */
function isMissing(err: unknown): boolean {
  return err instanceof FsError && (err.code === 'ENOENT' || err.code === 'ENOTDIR');
}

/** An error of a mounted filesystem, naming the path as the container gave it. */
function renamedError(err: unknown, r: Routed, original: string): unknown {
  return err instanceof FsError && r.mount ? new FsError(err.code as never, err.syscall, original) : err;
}

function withMountedStats(stats: FileStat[], mounted: readonly Mount[]): FileStat[] {
  if (mounted.length === 0) return stats;
  const lastName = (path: string) => path.slice(path.lastIndexOf('/') + 1);
  const byName = new Map(stats.map((s) => [lastName(s.path), s]));
  for (const m of mounted) byName.set(lastName(m.target), { ...m.fs.lstat(m.source), path: m.target });
  return [...byName.values()].sort((a, b) => compareNames(lastName(a.path), lastName(b.path)));
}

function withMountPoints(kind: string, listed: string[] | DirEntry[], mounted: readonly Mount[]): string[] | DirEntry[] {
  if (mounted.length === 0) return listed;
  const names = new Set(listed.map((e) => (typeof e === 'string' ? e : e.name)));
  const extra = mounted.filter((m) => !names.has(m.target.slice(m.target.lastIndexOf('/') + 1)));
  if (extra.length === 0) return listed;
  if (kind === 'readdir') return [...(listed as string[]), ...extra.map((m) => m.target.slice(m.target.lastIndexOf('/') + 1))].sort(compareNames);
  const entries = [...(listed as DirEntry[]), ...extra.map((m) => ({ name: m.target.slice(m.target.lastIndexOf('/') + 1), type: m.fs.stat(m.source).type }))];
  return entries.sort((a, b) => compareNames(a.name, b.name));
}

function* mapWalk(walk: Generator<FileStat>, map: (s: FileStat) => FileStat): Generator<FileStat> {
  for (const stat of walk) yield map(stat);
}

/** A path `normalize` leaves as it is: absolute, no empty, `.` or `..` component, no trailing slash. */
const NORMAL = /^(?:\/(?!\.\.?(?:\/|$))[^/]+)+$/;

/** `.` and `..` applied, duplicate and trailing slashes dropped: `/a/./b/../c/` → `/a/c`. */
export function normalize(path: string): string {
  if (NORMAL.test(path)) return path;
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}
