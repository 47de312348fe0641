/**
 * Paths inside an image. Internally a path is a "key": components joined by `/`, with no
 * leading or trailing slash, and `''` for the root. Keys are what the merged tree is indexed by,
 * so the common case (a tar name that is already clean) must cost no allocation.
 */

/**
 * Linux's PATH_MAX. Longer names cannot exist in a real root filesystem, and bounding them keeps
 * the cost of a hostile name linear: every ancestor of a key is a key of its own.
 */
export const MAX_PATH_LENGTH = 4096;

/** Anything that is not already a clean relative path: `/a`, `a//b`, `./a`, `a/.`, `a/../b`, `..`. */
const NEEDS_CLEANING = /^\/|\/\/|(^|\/)\.\.?(\/|$)/;

/**
 * The key of a tar member name, or `undefined` when the name climbs out of the root (a `..`
 * component) and must be ignored. `./a`, `a/`, `//a` and `a/./b` all become `a`, `a/b`.
 * Absolute names are re-rooted, as tar does when it strips the leading `/`.
 */
export function entryKey(name: string): string | undefined {
  let end = name.length;
  while (end > 0 && name.charCodeAt(end - 1) === 0x2f /* / */) end--;
  const trimmed = end === name.length ? name : name.slice(0, end);
  if (!NEEDS_CLEANING.test(trimmed)) return trimmed;
  const parts: string[] = [];
  for (const part of trimmed.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') return undefined;
    parts.push(part);
  }
  return parts.join('/');
}

/** The parent key of a non-root key (`'a/b'` → `'a'`, `'a'` → `''`). */
export function parentKey(key: string): string {
  const slash = key.lastIndexOf('/');
  return slash < 0 ? '' : key.slice(0, slash);
}

/** What follows the last slash, slashes kept as they are (`a/b` → `b`, `a/b/` → `''`): a key's last component. */
export function lastComponent(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** POSIX basename: trailing slashes ignored, `/` for the root (`a/b/` → `b`, `/` → `/`). */
export function posixBaseName(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return path === '' ? '' : '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

export function childKey(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}

/** An absolute path and a name in it: `/` + `a` → `/a`, `/d` + `a` → `/d/a`. */
export function joinPath(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}

/** An absolute path's directory: `/a/b` → `/a`, `/a` → `/`. */
export function parentPath(path: string): string {
  const at = path.lastIndexOf('/');
  return at <= 0 ? '/' : path.slice(0, at);
}

/** The absolute path shown to users for a key: `''` → `/`, `a/b` → `/a/b`. */
export function displayPath(key: string): string {
  return '/' + key;
}

/** True when `key` is `dir` itself or lies beneath it. */
export function isWithin(key: string, dir: string): boolean {
  return dir === '' || key === dir || (key.startsWith(dir) && key.charCodeAt(dir.length) === 0x2f);
}

/**
 * Order keys as a depth-first walk with sorted directory entries visits them (`a`, `a/b`, `a-b`),
 * which is also the order `docker diff` prints changes in: compare component by component.
 */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca === cb) continue;
    if (ca === 0x2f) return -1;
    if (cb === 0x2f) return 1;
    return ca < cb ? -1 : 1;
  }
  return a.length - b.length;
}

/** Byte-wise (UTF-16 code unit) comparison, the order `readdir` results are sorted in. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
