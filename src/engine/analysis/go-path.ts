/**
 * Go's `path.Clean` (https://pkg.go.dev/path#Clean), which dive applies to every tar name: the
 * efficiency numbers depend on exactly which names it merges.
 */
export function goPathClean(path: string): string {
  // Most tar names are clean already, or a trailing slash or a leading `./` away from it.
  if (isClean(path)) return path;
  if (path.length > 1 && path.endsWith('/') && isClean(path.slice(0, -1))) return path.slice(0, -1);
  if (path.startsWith('./') && path.length > 2 && path[2] !== '/' && isClean(path.slice(2))) return path.slice(2);
  if (path === '') return '.';
  const rooted = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out.at(-1) !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const joined = out.join('/');
  if (rooted) return '/' + joined;
  return joined === '' ? '.' : joined;
}

/** `path` is its own `path.Clean`: no empty, `.` or `..` element, no trailing slash (but `/`). */
function isClean(path: string): boolean {
  if (path === '/') return true;
  let start = path.charCodeAt(0) === 47 ? 1 : 0;
  for (let i = start; i <= path.length; i++) {
    if (i < path.length && path.charCodeAt(i) !== 47) continue;
    const length = i - start;
    if (length === 0) return false;
    if (path.charCodeAt(start) === 46 && (length === 1 || (length === 2 && path.charCodeAt(start + 1) === 46))) return false;
    start = i + 1;
  }
  return true;
}
