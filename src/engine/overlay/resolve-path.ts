/**
 * Path resolution inside the image root, as Linux does it (path_resolution(7)): symlinks are
 * followed component by component, `..` at the root stays at the root, absolute link targets
 * start again from the image root (never the host's), and more than 40 links is ELOOP.
 */
import { FsError, type FsErrorCode } from '../errors.ts';
import { childKey, MAX_PATH_LENGTH, parentKey } from './path.ts';

/** Linux's MAXSYMLINKS. */
export const MAX_SYMLINK_HOPS = 40;

/** What resolution needs of the tree. */
export interface ResolvableTree {
  isDir(key: string): boolean;
  exists(key: string): boolean;
  /** The target of the symlink at `key`, or `undefined` when `key` is not a symlink. */
  symlinkTarget(key: string): string | undefined;
}

/**
 * Why a lookup failed. Probing for paths that may not exist (PATH lookups, `exists`) is
 * common, so failing costs no allocation: errors are built only by callers that throw.
 */
export interface LookupFailure {
  readonly code: FsErrorCode;
}

const FAILURES: Record<'ENOENT' | 'ENOTDIR' | 'ELOOP' | 'ENAMETOOLONG', LookupFailure> = {
  ENOENT: { code: 'ENOENT' },
  ENOTDIR: { code: 'ENOTDIR' },
  ELOOP: { code: 'ELOOP' },
  ENAMETOOLONG: { code: 'ENAMETOOLONG' },
};

function components(path: string): string[] {
  return path.split('/').filter((c) => c !== '');
}

/** True when `path` has a component (a non-slash character) at or after `from`. */
function hasComponentFrom(path: string, from: number): boolean {
  for (let i = from; i < path.length; i++) if (path.charCodeAt(i) !== 0x2f) return true;
  return false;
}

/**
 * The key of the existing entry `path` names, or why there is none. The last component is
 * followed when it is a symlink only if `followLast` (stat vs lstat).
 */
export function lookupKey(tree: ResolvableTree, path: string, followLast: boolean): string | LookupFailure {
  if (path === '') return FAILURES.ENOENT;
  if (path.length > MAX_PATH_LENGTH) return FAILURES.ENAMETOOLONG;
  // Components are read from `path` in place until a symlink is followed; from then on, from
  // `pending` (last component first), where the link's target is spliced in.
  let pending: string[] | undefined;
  let at = 0;
  let current = '';
  let hops = 0;
  for (;;) {
    let name: string;
    let more: boolean;
    if (pending === undefined) {
      while (at < path.length && path.charCodeAt(at) === 0x2f) at++;
      if (at === path.length) break;
      let end = path.indexOf('/', at);
      if (end < 0) end = path.length;
      name = path.slice(at, end);
      at = end;
      more = hasComponentFrom(path, at);
    } else {
      if (pending.length === 0) break;
      name = pending.pop()!;
      more = pending.length > 0;
    }
    if (!tree.isDir(current)) return FAILURES.ENOTDIR;
    if (name === '.') continue;
    if (name === '..') {
      current = parentKey(current);
      continue;
    }
    const next = childKey(current, name);
    if (next.length > MAX_PATH_LENGTH) return FAILURES.ENAMETOOLONG;
    if (!tree.exists(next)) return FAILURES.ENOENT;
    const target = more || followLast ? tree.symlinkTarget(next) : undefined;
    if (target === undefined) {
      current = next;
      continue;
    }
    if (++hops > MAX_SYMLINK_HOPS) return FAILURES.ELOOP;
    if (target === '') return FAILURES.ENOENT;
    if (target.startsWith('/')) current = '';
    pending ??= components(path.slice(at)).reverse();
    const linked = components(target);
    for (let i = linked.length - 1; i >= 0; i--) pending.push(linked[i]!);
  }
  return current;
}

/**
 * The key of the existing entry `path` names; throws the `FsError` of `syscall` when there is
 * none. The last component is followed when it is a symlink only if `followLast`.
 */
export function resolveKey(tree: ResolvableTree, path: string, followLast: boolean, syscall: string): string {
  const found = lookupKey(tree, path, followLast);
  if (typeof found !== 'string') throw new FsError(found.code, syscall, path);
  return found;
}

/**
 * Where an entry named by `path` would be created: its parent directory's key (resolved,
 * following symlinks) and its own key. The entry itself may or may not exist.
 */
export function resolveNewKey(tree: ResolvableTree, path: string, syscall: string): { parent: string; key: string } {
  const parts = components(path);
  const name = parts.pop();
  if (name === undefined) throw new FsError('EEXIST', syscall, path);
  if (name === '.' || name === '..') throw new FsError('EINVAL', syscall, path);
  const parent = parts.length === 0 ? '' : resolveKey(tree, parts.join('/'), true, syscall);
  if (!tree.isDir(parent)) throw new FsError('ENOTDIR', syscall, path);
  const key = childKey(parent, name);
  if (key.length > MAX_PATH_LENGTH) throw new FsError('ENAMETOOLONG', syscall, path);
  return { parent, key };
}
