/**
 * Path resolution inside the image root, as Linux does it (path_resolution(7)): symlinks are
 * followed component by component, `..` at the root stays at the root, absolute link targets
 * start again from the image root (never the host's), and more than 40 links is ELOOP.
 */
import { FsError } from '../errors.ts';
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

function components(path: string): string[] {
  return path.split('/').filter((c) => c !== '');
}

/**
 * The key of the existing entry `path` names. The last component is followed when it is a
 * symlink only if `followLast` (stat vs lstat).
 */
export function resolveKey(tree: ResolvableTree, path: string, followLast: boolean, syscall: string): string {
  if (path === '') throw new FsError('ENOENT', syscall, path);
  if (path.length > MAX_PATH_LENGTH) throw new FsError('ENAMETOOLONG', syscall, path);
  const pending = components(path).reverse();
  let current = '';
  let hops = 0;
  while (pending.length > 0) {
    if (!tree.isDir(current)) throw new FsError('ENOTDIR', syscall, path);
    const name = pending.pop()!;
    if (name === '.') continue;
    if (name === '..') {
      current = parentKey(current);
      continue;
    }
    const next = childKey(current, name);
    if (next.length > MAX_PATH_LENGTH) throw new FsError('ENAMETOOLONG', syscall, path);
    if (!tree.exists(next)) throw new FsError('ENOENT', syscall, path);
    const target = pending.length > 0 || followLast ? tree.symlinkTarget(next) : undefined;
    if (target === undefined) {
      current = next;
      continue;
    }
    if (++hops > MAX_SYMLINK_HOPS) throw new FsError('ELOOP', syscall, path);
    if (target === '') throw new FsError('ENOENT', syscall, path);
    if (target.startsWith('/')) current = '';
    const more = components(target);
    for (let i = more.length - 1; i >= 0; i--) pending.push(more[i]!);
  }
  return current;
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
