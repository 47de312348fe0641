/**
 * gnulib's canonicalize_filename_mode, which `realpath` and `readlink -f/-e/-m` share: an
 * absolute name with `.`, `..` and symbolic links resolved, component by component.
 *
 * - `existing` (-e): every component must exist;
 * - `all-but-last` (realpath's default, readlink -f): all but the last, which may be missing
 *   (and may then end in a slash);
 * - `missing` (-m): none need exist; a loop of links just stops being followed.
 *
 * A component followed by more (or by a trailing slash) must be a directory: `f/x` and `f/`
 * fail with "Not a directory" unless missing components are allowed.
 */
import { FsError, type FsErrorCode } from '../../../engine/errors.ts';
import type { OverlayFs } from '../../../engine/overlay/overlay-fs.ts';

export type CanonicalizeMode = 'existing' | 'all-but-last' | 'missing';

export type Canonical = { path: string } | { error: FsErrorCode };

export function canonicalize(fs: OverlayFs, absolute: string, mode: CanonicalizeMode): Canonical {
  const remaining = components(absolute);
  const trailingSlash = absolute.length > 1 && absolute.endsWith('/');
  let resolved = '';
  const seenLinks = new Set<string>();
  while (remaining.length > 0) {
    const name = remaining.shift()!;
    if (name === '.') continue;
    if (name === '..') {
      resolved = resolved.slice(0, resolved.lastIndexOf('/'));
      continue;
    }
    const candidate = `${resolved}/${name}`;
    const isLast = remaining.every((c) => c === '.');
    const own = fs.lstatIfExists(candidate);
    if (own?.type === 'symlink') {
      const key = `${candidate}\0${remaining.join('/')}`;
      if (seenLinks.has(key)) {
        if (mode !== 'missing') return { error: 'ELOOP' };
        resolved = candidate;
        continue;
      }
      seenLinks.add(key);
      const target = own.linkname;
      remaining.unshift(...components(target));
      if (target.startsWith('/')) resolved = '';
      continue;
    }
    resolved = candidate;
    const needsDirectory = !isLast || trailingSlash;
    const error: FsErrorCode | undefined =
      own === undefined ? lookupError(fs, candidate) : needsDirectory && own.type !== 'directory' ? 'ENOTDIR' : undefined;
    if (error === undefined) continue;
    if (mode === 'missing') continue;
    if (error === 'ENOENT' && mode === 'all-but-last' && isLast) continue;
    return { error };
  }
  return { path: resolved === '' ? '/' : resolved };
}

/**
 * realpath -s: `.` and `..` resolved as text, links kept; the name must still make sense:
 * a component that is not a directory cannot have more after it, and a loop of links fails.
 */
export function canonicalizeWithoutLinks(fs: OverlayFs, absolute: string): Canonical {
  const parts: string[] = [];
  for (const name of components(absolute)) {
    if (name === '.') continue;
    if (name === '..') parts.pop();
    else parts.push(name);
  }
  const path = `/${parts.join('/')}`;
  const names = absolute.split('/').filter((c) => c !== '');
  // Each prefix of the name as given that has more after it must be a directory, if it exists.
  for (let n = 1; n <= names.length; n++) {
    const more = n < names.length || (absolute.length > 1 && absolute.endsWith('/'));
    if (!more) break;
    const stat = fs.statIfExists(`/${names.slice(0, n).join('/')}`);
    if (stat !== undefined && stat.type !== 'directory') return { error: 'ENOTDIR' };
  }
  if (lookupError(fs, path) === 'ELOOP') return { error: 'ELOOP' };
  return { path };
}

function components(path: string): string[] {
  return path.split('/').filter((c) => c !== '');
}

/** Why stat(2) of `path` fails (ENOENT, ENOTDIR, ELOOP), or undefined when it succeeds. */
function lookupError(fs: OverlayFs, path: string): FsErrorCode | undefined {
  try {
    fs.stat(path);
    return undefined;
  } catch (err) {
    return err instanceof FsError ? (err.code as FsErrorCode) : 'ENOENT';
  }
}

/** `to` relative to the directory `from` (both canonical): `../x`, `.` for the same. */
export function relativePath(from: string, to: string): string {
  const a = components(from);
  const b = components(to);
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  const parts = [...a.slice(common).map(() => '..'), ...b.slice(common)];
  return parts.length === 0 ? '.' : parts.join('/');
}

/** Whether canonical `path` is `base` or below it. */
export function isWithin(path: string, base: string): boolean {
  return base === '/' || path === base || path.startsWith(`${base}/`);
}
