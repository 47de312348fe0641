/**
 * COPY and ADD on overlay filesystems, as BuildKit's file operations do them: sources from the
 * build context or another stage (wildcards allowed), a directory's contents rather than the
 * directory itself, modes and mtimes kept, owner root unless `--chown`, `--chmod` applied, and
 * for ADD a local tar archive (plain or gzip) unpacked into the destination.
 */
import { decompress } from '../../compression/decompress.ts';
import { detectCompression } from '../../compression/detect.ts';
import { CompressionError, FsError } from '../../errors.ts';
import { Sha256 } from '../../hash/sha256.ts';
import { collect, MemorySource, readChunks, type ByteSource } from '../../io/byte-source.ts';
import type { OverlayFs } from '../../overlay/overlay-fs.ts';
import { posixBaseName } from '../../overlay/path.ts';
import { encodeUtf8 } from '../../platform.ts';
import { entrySource } from '../../tar/entry-data.ts';
import { readTarIndex } from '../../tar/read-tar-index.ts';
import type { DockerIgnore } from './dockerignore.ts';

/** Where COPY reads from: the build context (a directory of the host) or a stage's filesystem. */
export interface CopySource {
  fs: OverlayFs;
  /** Absolute directory the source paths are relative to. */
  root: string;
  ignore?: DockerIgnore;
}

export interface CopyOptions {
  /** Destination, already made absolute against WORKDIR; a trailing `/` means a directory. */
  dest: string;
  chown?: { uid: number; gid: number };
  chmod?: number;
  /** ADD: unpack local tar archives. */
  unpack?: boolean;
  /** mtime of directories the copy creates. */
  now: number;
}

/** A source path that names nothing (or only ignored files): BuildKit's `"/x": not found`. */
export class SourceNotFoundError extends Error {
  constructor(readonly path: string) {
    super(`"${path}": not found`);
  }
}

const WILDCARD = /[*?[]/;

/** Paths (absolute in `source.fs`) that `pattern` names, `[]` for a wildcard matching nothing. */
export function resolveSources(source: CopySource, pattern: string): string[] {
  const clean = normalize(pattern);
  const display = `/${clean}`;
  if (!WILDCARD.test(clean)) {
    const path = join(source.root, clean);
    if (!source.fs.exists(path) || (clean !== '' && source.ignore?.ignores(clean))) throw new SourceNotFoundError(display);
    return [path];
  }
  const parts = clean.split('/');
  let matches = [''];
  for (const part of parts) {
    const regex = globRegex(part);
    const next: string[] = [];
    for (const rel of matches) {
      const dir = join(source.root, rel);
      let names: string[];
      try {
        if (source.fs.stat(dir).type !== 'directory') continue;
        names = source.fs.readdir(dir);
      } catch {
        continue;
      }
      for (const name of names) if (regex.test(name)) next.push(rel === '' ? name : `${rel}/${name}`);
    }
    matches = next;
  }
  return matches.filter((rel) => !source.ignore?.ignores(rel)).sort().map((rel) => join(source.root, rel));
}

/** Copy `paths` (from `resolveSources`) to `options.dest` in `target`. */
export async function copyInto(target: OverlayFs, source: CopySource, paths: readonly string[], options: CopyOptions, destIsDir: boolean): Promise<void> {
  for (const path of paths) {
    const stat = source.fs.stat(path);
    if (stat.type === 'directory') {
      await ensureDir(target, options.dest, options);
      await copyTree(target, source, path, options.dest, options);
      continue;
    }
    const dest = destIsDir ? join(options.dest, posixBaseName(path)) : options.dest.replace(/\/+$/, '');
    if (destIsDir) await ensureDir(target, options.dest, options);
    else await ensureDir(target, parentOf(dest), options);
    // The file as a source: an uploaded archive COPY'd in stays a window of the upload, never read whole.
    const data = await source.fs.openFile(path);
    if (options.unpack && (await unpackArchive(target, data, destIsDir ? options.dest : dest, options))) continue;
    await writeEntry(target, dest, { type: 'file', mode: stat.mode, mtime: stat.mtime, uid: stat.uid, gid: stat.gid, data }, options);
  }
}

async function copyTree(target: OverlayFs, source: CopySource, from: string, to: string, options: CopyOptions): Promise<void> {
  for (const name of source.fs.readdir(from).sort()) {
    const path = join(from, name);
    const rel = relativeTo(source.root, path);
    if (rel !== undefined && source.ignore?.ignores(rel)) continue;
    const stat = source.fs.lstat(path);
    const dest = join(to, name);
    if (stat.type === 'directory') {
      await writeEntry(target, dest, { type: 'directory', mode: stat.mode, mtime: stat.mtime, uid: stat.uid, gid: stat.gid }, options);
      await copyTree(target, source, path, dest, options);
    } else if (stat.type === 'symlink') {
      await writeEntry(target, dest, { type: 'symlink', mode: 0o777, mtime: stat.mtime, uid: stat.uid, gid: stat.gid, linkname: stat.linkname }, options);
    } else if (stat.type === 'file') {
      await writeEntry(target, dest, { type: 'file', mode: stat.mode, mtime: stat.mtime, uid: stat.uid, gid: stat.gid, data: await source.fs.openFile(path) }, options);
    }
  }
}

interface NewEntry {
  type: 'file' | 'directory' | 'symlink';
  mode: number;
  mtime: number;
  uid: number;
  gid: number;
  data?: Uint8Array | ByteSource;
  linkname?: string;
}

/** Create or replace one entry; owner root (or `--chown`), mode from the source (or `--chmod`). */
async function writeEntry(target: OverlayFs, path: string, entry: NewEntry, options: CopyOptions, keepOwner = false): Promise<void> {
  const existing = target.exists(path) ? target.lstat(path) : undefined;
  if (existing && (existing.type !== entry.type || entry.type === 'symlink') && !(existing.type === 'directory' && entry.type === 'directory')) {
    await target.rm(path, { recursive: true });
  }
  const mode = options.chmod ?? entry.mode & 0o7777;
  if (entry.type === 'directory') {
    if (!target.exists(path)) await target.mkdir(path, { mode });
    else await target.chmod(path, mode);
  } else if (entry.type === 'symlink') await target.symlink(entry.linkname ?? '', path);
  else {
    await target.writeFile(path, entry.data ?? new Uint8Array(0), { mode });
    await target.chmod(path, mode);
  }
  const owner = options.chown ?? (keepOwner ? { uid: entry.uid, gid: entry.gid } : { uid: 0, gid: 0 });
  await target.chown(path, owner.uid, owner.gid, { follow: false });
  await target.utimes(path, entry.mtime, { follow: false });
}

/** Make `dir` and its missing parents (root-owned, 0755, or `--chown`'s owner as BuildKit's mkdir -p). */
async function ensureDir(target: OverlayFs, dir: string, options: CopyOptions): Promise<void> {
  const parts = dir.split('/').filter((p) => p !== '');
  let path = '';
  for (const part of parts) {
    path += `/${part}`;
    if (target.exists(path)) {
      if (target.stat(path).type !== 'directory') throw new FsError('ENOTDIR', 'mkdir', path);
      continue;
    }
    await target.mkdir(path, { mode: 0o755 });
    if (options.chown) await target.chown(path, options.chown.uid, options.chown.gid);
    await target.utimes(path, options.now);
  }
}

/** The most a compressed archive ADD unpacks may expand to (the page's memory is the disk). */
const ADD_MAX_UNPACKED_BYTES = 1024 ** 3;

/**
 * ADD's unpacking: true when `data` was a (gzip'd) tar and its entries now live under `dir`. A
 * plain tar's members are windows of it (an uploaded archive ADDed is never read whole).
 */
async function unpackArchive(target: OverlayFs, data: ByteSource, dir: string, options: CopyOptions): Promise<boolean> {
  let source = data;
  const compression = detectCompression(await data.read(0, 8));
  if (compression === 'gzip') {
    try {
      // Capped: a gzip bomb in the build context fails the build with a clear error.
      source = new MemorySource(await collect(decompress(readChunks(data), 'gzip', { maxOutputBytes: ADD_MAX_UNPACKED_BYTES }), ADD_MAX_UNPACKED_BYTES, 'ADD archive'));
    } catch (err) {
      // Not really gzip: ADD copies such a file as it is, as Docker does.
      if (err instanceof CompressionError) return false;
      throw err;
    }
  } else if (compression !== 'none') return false;
  if (source.size < 512 || !isTarHeader(await source.read(0, 512))) return false;
  let index;
  try {
    index = await readTarIndex(source);
  } catch {
    return false;
  }
  await ensureDir(target, dir, options);
  const unpackOptions: CopyOptions = { ...options, chmod: undefined };
  for (const entry of index) {
    const name = normalize(entry.name);
    if (name === '') continue;
    const path = join(dir, name);
    await ensureDir(target, parentOf(path), options);
    const base = { mode: entry.mode, mtime: entry.mtime, uid: entry.uid, gid: entry.gid };
    if (entry.type === 'directory') await writeEntry(target, path, { ...base, type: 'directory' }, unpackOptions, true);
    else if (entry.type === 'symlink') await writeEntry(target, path, { ...base, type: 'symlink', linkname: entry.linkname }, unpackOptions, true);
    else if (entry.type === 'file') await writeEntry(target, path, { ...base, type: 'file', data: entrySource(source, entry) }, unpackOptions, true);
    else if (entry.type === 'hardlink') {
      const existing = join(dir, normalize(entry.linkname));
      if (target.exists(path)) await target.rm(path);
      await target.link(existing, path);
    }
  }
  return true;
}

function isTarHeader(block: Uint8Array): boolean {
  const magic = String.fromCharCode(...block.subarray(257, 262));
  if (magic === 'ustar') return true;
  // v7 headers have no magic: check the checksum field instead.
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : block[i]!;
  const stored = parseInt(String.fromCharCode(...block.subarray(148, 156)).replace(/[\0 ]+/g, ' ').trim(), 8);
  return stored === sum;
}

/**
 * A content checksum of what a COPY would read (paths, types, modes, owners, bytes): the part
 * of the cache key that makes a changed context file miss the cache, as BuildKit's does.
 */
export async function checksumSources(source: CopySource, paths: readonly string[]): Promise<string> {
  const hash = new Sha256();
  const visit = async (path: string): Promise<void> => {
    const rel = relativeTo(source.root, path);
    if (rel !== undefined && rel !== '' && source.ignore?.ignores(rel)) return;
    const stat = source.fs.lstat(path);
    hash.update(encodeUtf8(`${rel ?? path}\0${stat.type}\0${stat.mode}\0${stat.uid}:${stat.gid}\0${stat.linkname}\0${stat.size}\0`));
    // By chunks: an uploaded archive in the context is hashed a megabyte at a time, never held whole.
    if (stat.type === 'file') for await (const chunk of readChunks(await source.fs.openFile(path))) hash.update(chunk);
    if (stat.type === 'directory') for (const name of source.fs.readdir(path).sort()) await visit(join(path, name));
  };
  for (const path of paths) await visit(source.fs.stat(path).type === 'directory' ? path : source.fs.realpath(path));
  return `sha256:${hash.hex()}`;
}

/** A relative path with `.`, `..` and repeated slashes resolved (Go's `filepath.Clean`, leading `/` dropped). */
export function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

export function join(dir: string, rel: string): string {
  const joined = `/${normalize(`${dir}/${rel}`)}`;
  return joined;
}


function parentOf(path: string): string {
  const parts = normalize(path).split('/');
  parts.pop();
  return `/${parts.join('/')}`;
}

function relativeTo(root: string, path: string): string | undefined {
  const r = normalize(root);
  const p = normalize(path);
  if (r === '') return p;
  if (p === r) return '';
  return p.startsWith(`${r}/`) ? p.slice(r.length + 1) : undefined;
}

function globRegex(part: string): RegExp {
  let source = '';
  for (let i = 0; i < part.length; i++) {
    const ch = part[i]!;
    if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else if (ch === '[') {
      const end = part.indexOf(']', i + 1);
      if (end < 0) source += '\\[';
      else {
        const set = part.slice(i + 1, end);
        source += `[${set.startsWith('^') || set.startsWith('!') ? `^${set.slice(1)}` : set}]`;
        i = end;
      }
    } else if (ch === '\\' && i + 1 < part.length) source += `\\${part[++i]}`;
    else source += /[.+^${}()|\\]/.test(ch) ? `\\${ch}` : ch;
  }
  return new RegExp(`^${source}$`);
}
