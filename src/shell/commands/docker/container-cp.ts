/**
 * `docker cp` / `docker container cp`: files between a container's filesystem (running or not)
 * and the host's, or a tar stream on stdin/stdout. The path rules are moby's archive package
 * (CopyInfoSourcePath, CopyInfoDestinationPath, PrepareArchiveCopy): the source is archived under
 * its base name (`.` for `DIR/.`), renamed to the destination's base name when the destination
 * is not an existing directory, and extracted into that directory or the destination's parent.
 * Copies into a container land in its upper layer, so `docker diff` and `docker commit` see them.
 */
import type { CommandContext, ExecResult } from 'just-bash';
import { goPathClean } from '../../../engine/analysis/go-path.ts';
import type { Container } from '../../../engine/docker/containers.ts';
import type { DockerDaemon } from '../../../engine/docker/daemon.ts';
import { humanSizeWithPrecision } from '../../../engine/docker/units.ts';
import { FsError } from '../../../engine/errors.ts';
import { MemorySource, type ByteSource } from '../../../engine/io/byte-source.ts';
import type { FileStat } from '../../../engine/overlay/file-stat.ts';
import type { OverlayFs } from '../../../engine/overlay/overlay-fs.ts';
import { readEntry } from '../../../engine/tar/entry-data.ts';
import { readTarIndex } from '../../../engine/tar/read-tar-index.ts';
import { writeTar, type TarWriteEntry } from '../../../engine/tar/write-tar.ts';
import { bytesResult, overlayOf, stdinBytes, stdoutIsTerminal } from '../../command-context.ts';
import { errorResult, fail, flagBool, ok, parseDockerFlags, type CommandSpec } from './cli.ts';

export const CP: CommandSpec = {
  path: 'docker cp',
  use: 'cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tdocker cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH',
  short: 'Copy files/folders between a container and the local filesystem',
  aliases: 'docker container cp, docker cp',
  flags: [
    { long: 'archive', short: 'a', kind: 'bool', help: 'Archive mode (copy all uid/gid information)' },
    { long: 'follow-link', short: 'L', kind: 'bool', help: 'Always follow symbol link in SRC_PATH' },
    { long: 'quiet', short: 'q', kind: 'bool', help: 'Suppress progress output during copy. Progress output is automatically suppressed if no terminal is attached' },
  ],
  args: { min: 2, max: 2 },
};

/** An error the CLI prints as it is (its own, or the daemon's already prefixed). */
class CopyError extends Error {}

/** One member of a copied resource: its name in the archive (`base`, `base/child`) and where it is. */
interface Member {
  name: string;
  stat: FileStat;
}

interface Resource {
  fs: OverlayFs;
  /** The path that was archived, as moby keeps it (trailing `/.` or `/` preserved). */
  path: string;
  isDir: boolean;
  /** The name the archive's first element takes instead of its base name (`-L` on a symlink). */
  rebaseName: string;
  members: Member[];
}

/** What the copy tells the user, and the tar it moved. */
interface Copied {
  tarSize: number;
}

export async function dockerCp(daemon: DockerDaemon, args: readonly string[], ctx: CommandContext, path = 'docker cp'): Promise<ExecResult> {
  const parsed = parseDockerFlags({ ...CP, path }, args);
  if ('exitCode' in parsed) return parsed;
  const [source, destination] = parsed.positional as [string, string];
  if (source === '') return fail('source can not be empty\n');
  if (destination === '') return fail('destination can not be empty\n');
  const from = splitCpArg(source);
  const to = splitCpArg(destination);
  if (from.container !== '' && to.container !== '') return fail('copying between containers is not supported\n');
  if (from.container === '' && to.container === '') return fail('must specify at least one container source\n');
  const name = from.container || to.container;
  let container: Container;
  try {
    container = daemon.containers.get(name);
  } catch (err) {
    return errorResult(err);
  }
  // Without -q, the real CLI is quiet when its stdout is not a terminal (cli/command/container/cp.go).
  const quiet = parsed.flags.has('quiet') ? flagBool(parsed, 'quiet') : !stdoutIsTerminal(ctx);
  const host = overlayOf(ctx);
  const followLink = flagBool(parsed, 'follow-link');
  try {
    if (from.container !== '') {
      const resource = archiveResource(container.rootfs, from.path, followLink, (p) => notInContainer(p, name));
      const tar = await resourceTar(resource);
      if (to.path === '-') return bytesResult(tar);
      const dstPath = preserveTrailing(goPathClean(ctx.fs.resolvePath(ctx.cwd, to.path)), to.path);
      await copyTo(resource, host, dstPath);
      return ok('', quiet ? '' : summary(tar.length, dstPath));
    }
    const dstGiven = to.path;
    const dst = destinationInfo(container.rootfs, absoluteInContainer(dstGiven));
    if (from.path === '-') {
      if (!dst.exists || !dst.isDir) throw new CopyError(`destination "${name}:${dstGiven}" must be a directory`);
      await extractTar(stdinBytes(ctx), container.rootfs, dst.path, flagBool(parsed, 'archive'));
      return ok('', quiet ? '' : summary(0, `${name}:${dst.shownPath ?? dstGiven}`));
    }
    const srcPath = preserveTrailing(goPathClean(ctx.fs.resolvePath(ctx.cwd, from.path)), from.path);
    const resource = archiveResource(host, srcPath, followLink, (p) => `lstat ${p}: no such file or directory`);
    const copied = await copyToContainer(resource, container.rootfs, dst, name, flagBool(parsed, 'archive'));
    return ok('', quiet ? '' : summary(copied.tarSize, `${name}:${dst.shownPath ?? dstGiven}`));
  } catch (err) {
    if (err instanceof CopyError) return fail(`${err.message}\n`);
    if (err instanceof FsError) return fail(`${goSyscallError(err)}\n`);
    return errorResult(err);
  }
}

/** "Successfully copied 2.05kB to /root/x": the size of the tar stream moved, 3 significant digits. */
function summary(tarBytes: number, target: string): string {
  return `Successfully copied ${humanSizeWithPrecision(tarBytes, 3)} to ${target}\n`;
}

function notInContainer(path: string, container: string): string {
  return `Error response from daemon: Could not find the file ${path} in container ${container}`;
}

/** docker/cli's splitCpArg: `NAME:PATH` unless the argument is absolute or starts with `.`. */
export function splitCpArg(arg: string): { container: string; path: string } {
  if (arg.startsWith('/')) return { container: '', path: arg };
  const colon = arg.indexOf(':');
  if (colon < 0 || arg.startsWith('.')) return { container: '', path: arg };
  return { container: arg.slice(0, colon), path: arg.slice(colon + 1) };
}

// ---- paths, as Go's filepath and moby's archive package treat them ------------------------------

const specifiesCurrentDir = (path: string) => baseOf(path) === '.';
const assertsDirectory = (path: string) => path.endsWith('/') || specifiesCurrentDir(path);

/** Go's filepath.Base (without cleaning a trailing `.`). */
function baseOf(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** archive.PreserveTrailingDotOrSeparator. */
function preserveTrailing(cleaned: string, original: string): string {
  let path = cleaned;
  if (!specifiesCurrentDir(path) && specifiesCurrentDir(original)) path += path.endsWith('/') ? '.' : '/.';
  if (!path.endsWith('/') && original.endsWith('/')) path += '/';
  return path;
}

/** archive.SplitPathDirEntry: the directory and base name, a trailing `.` kept. */
function splitPathDirEntry(path: string): { dir: string; base: string } {
  let cleaned = goPathClean(path);
  if (specifiesCurrentDir(path)) cleaned += cleaned.endsWith('/') ? '.' : '/.';
  const slash = cleaned.lastIndexOf('/');
  const dir = slash < 0 ? '.' : slash === 0 ? '/' : cleaned.slice(0, slash);
  return { dir, base: baseOf(cleaned) };
}

function absoluteInContainer(path: string): string {
  return preserveTrailing(goPathClean(`/${path}`), path);
}

function joinPath(dir: string, name: string): string {
  return goPathClean(`${dir}/${name}`);
}

// ---- the source: what gets archived -------------------------------------------------------------

/**
 * The resource at `path` and everything under it. Symlinks before the last `/` are resolved;
 * the last element only with `-L` (the archive then names it as the link was named).
 */
function archiveResource(fs: OverlayFs, givenPath: string, followLink: boolean, missing: (path: string) => string): Resource {
  const path = givenPath.startsWith('/') ? givenPath : absoluteInContainer(givenPath);
  let resolved: string;
  let rebaseName = '';
  try {
    if (followLink && !assertsDirectory(path)) {
      resolved = fs.realpath(path);
      if (baseOf(resolved) !== baseOf(path)) rebaseName = baseOf(path);
    } else {
      const { dir, base } = splitPathDirEntry(path);
      resolved = preserveTrailing(joinPath(fs.realpath(dir), base), path);
    }
  } catch (err) {
    if (err instanceof FsError && err.code === 'ENOENT') throw new CopyError(missing(givenPath));
    throw err;
  }
  let stat: FileStat;
  try {
    stat = assertsDirectory(resolved) ? fs.stat(goPathClean(resolved)) : fs.lstat(resolved);
  } catch (err) {
    if (err instanceof FsError && err.code === 'ENOENT') throw new CopyError(missing(givenPath));
    throw err;
  }
  if (assertsDirectory(resolved) && stat.type !== 'directory') throw new CopyError(missing(givenPath));
  const base = splitPathDirEntry(resolved).base;
  const members: Member[] = [{ name: base, stat }];
  if (stat.type === 'directory') {
    const root = goPathClean(resolved);
    // A file with several names goes once, under the first; the others are hard links to it (moby's seen-inode map).
    const firstName = new Map<number, string>();
    for (const child of fs.walk(root)) {
      const rel = child.path.slice(root === '/' ? 1 : root.length + 1);
      const name = `${base}/${rel}`;
      const inode = child.type === 'file' && fs.linkCount(child.path) > 1 ? fs.inodeOf(child.path) : undefined;
      const first = inode === undefined ? undefined : firstName.get(inode);
      if (inode !== undefined && first === undefined) firstName.set(inode, name);
      members.push({ name, stat: first === undefined ? child : { ...child, type: 'hardlink', size: 0, linkname: first } });
    }
  }
  return { fs, path: resolved, isDir: stat.type === 'directory', rebaseName, members };
}

/** The archive moby streams for a resource (what `docker cp CONTAINER:SRC -` prints). */
async function resourceTar(resource: Resource, rename: (name: string) => string = (n) => n): Promise<Uint8Array> {
  const entries: TarWriteEntry[] = [];
  for (const { name, stat } of resource.members) {
    const shown = rename(name);
    const entry: TarWriteEntry = {
      name: stat.type === 'directory' ? `${shown}/` : shown,
      type: stat.type,
      mode: stat.mode,
      uid: stat.uid,
      gid: stat.gid,
      // moby writes headers with FileInfoHeaderNoLookups: numeric owners only.
      mtime: stat.mtime,
    };
    if (stat.type === 'file') entry.data = await resource.fs.readFile(stat.path);
    if (stat.type === 'symlink') entry.linkname = stat.linkname;
    if (stat.type === 'hardlink') entry.linkname = rename(stat.linkname.replace(/^\//, ''));
    if (stat.type === 'chardev' || stat.type === 'blockdev') {
      entry.devmajor = stat.devmajor;
      entry.devminor = stat.devminor;
    }
    entries.push(entry);
  }
  // Go's tar writer ends with two zero blocks and no record padding.
  return writeTar(entries, { blockingFactor: 1 });
}

// ---- the destination ------------------------------------------------------------------------------

interface DestinationInfo {
  path: string;
  exists: boolean;
  isDir: boolean;
  /** The path the summary names when a symlink was followed. */
  shownPath?: string;
  /** Why the destination's parent is unusable, if it is. */
  parentError?: string;
}

/** archive.CopyInfoDestinationPath: symlinks followed (a dangling one names the file to create). */
function destinationInfo(fs: OverlayFs, givenPath: string): DestinationInfo {
  let path = givenPath;
  let followed = false;
  for (let n = 0; ; n++) {
    let stat: FileStat;
    try {
      stat = fs.lstat(path);
    } catch (err) {
      if (!(err instanceof FsError) || (err.code !== 'ENOENT' && err.code !== 'ENOTDIR')) throw err;
      const parent = splitPathDirEntry(path).dir;
      let parentError: string | undefined;
      try {
        if (fs.stat(parent).type !== 'directory') parentError = 'not a directory';
      } catch (e) {
        if (!(e instanceof FsError)) throw e;
        parentError = `stat ${parent}: ${e.strerror.toLowerCase()}`;
      }
      return { path, exists: false, isDir: false, ...(followed ? { shownPath: path } : {}), ...(parentError ? { parentError } : {}) };
    }
    if (stat.type !== 'symlink') return { path, exists: true, isDir: stat.type === 'directory', ...(followed ? { shownPath: path } : {}) };
    if (n >= 10) throw new CopyError(`too many symlinks in ${givenPath}`);
    const target = stat.linkname;
    path = target.startsWith('/') ? target : joinPath(splitPathDirEntry(path).dir, target);
    followed = true;
  }
}

/** archive.PrepareArchiveCopy: the directory to extract into, and the archive's new first name. */
function prepareCopy(resource: Resource, dst: DestinationInfo): { dir: string; rename: (name: string) => string } {
  const { dir: dstDir, base: dstBase } = splitPathDirEntry(dst.path);
  const srcBase = resource.rebaseName || splitPathDirEntry(resource.path).base;
  const rebase = (name: string) => (name === srcBase || name.startsWith(`${srcBase}/`) ? dstBase + name.slice(srcBase.length) : name);
  if (dst.exists && dst.isDir) return { dir: dst.path, rename: resource.rebaseName ? rebaseTo(resource, resource.rebaseName) : (n) => n };
  if (dst.exists && resource.isDir) throw new CopyError('cannot copy directory');
  if (!dst.exists && !resource.isDir && assertsDirectory(dst.path)) throw new CopyError('no such directory');
  return { dir: dstDir, rename: (name) => rebase(resource.rebaseName ? rebaseTo(resource, resource.rebaseName)(name) : name) };
}

/** Names from a resolved symlink's base to the link's own name (`-L`). */
function rebaseTo(resource: Resource, newBase: string): (name: string) => string {
  const oldBase = splitPathDirEntry(resource.path).base;
  return (name) => (name === oldBase || name.startsWith(`${oldBase}/`) ? newBase + name.slice(oldBase.length) : name);
}

/** Container → host (archive.CopyTo): the destination's parent must exist. */
async function copyTo(resource: Resource, fs: OverlayFs, dstPath: string): Promise<void> {
  const dst = destinationInfo(fs, dstPath);
  if (dst.parentError) throw new CopyError(dst.parentError);
  const { dir, rename } = prepareCopy(resource, dst);
  // The client extracts as the user running it (root here): owners are never kept.
  await extractMembers(resource, fs, dir, rename, false);
}

/** Host → container: the client prepares the archive, the daemon extracts it into its directory. */
async function copyToContainer(resource: Resource, fs: OverlayFs, dst: DestinationInfo, name: string, keepOwners: boolean): Promise<Copied> {
  const { dir, rename } = prepareCopy(resource, dst);
  try {
    if (fs.stat(dir).type !== 'directory') throw new CopyError(`Error response from daemon: extraction point is not a directory`);
  } catch (err) {
    if (err instanceof FsError) throw new CopyError(notInContainer(dir, name));
    throw err;
  }
  const tar = await resourceTar(resource, rename);
  await extractMembers(resource, fs, dir, rename, keepOwners);
  return { tarSize: tar.length };
}

// ---- extraction ---------------------------------------------------------------------------------

interface Extracted {
  name: string;
  type: FileStat['type'];
  mode: number;
  uid: number;
  gid: number;
  mtime: number;
  linkname: string;
  devmajor: number;
  devminor: number;
  /** The content as a source: a file copied out of a container reads from its layer, unexpanded. */
  data: () => Promise<ByteSource>;
}

async function extractMembers(resource: Resource, fs: OverlayFs, dir: string, rename: (name: string) => string, keepOwners: boolean): Promise<void> {
  const entries: Extracted[] = resource.members.map(({ name, stat }) => ({
    name: rename(name),
    type: stat.type,
    mode: stat.mode,
    uid: stat.uid,
    gid: stat.gid,
    mtime: stat.mtime,
    linkname: stat.type === 'hardlink' ? rename(stat.linkname.replace(/^\//, '')) : stat.linkname,
    devmajor: stat.devmajor,
    devminor: stat.devminor,
    data: () => resource.fs.openFile(stat.path),
  }));
  await extractInto(entries, fs, dir, keepOwners);
}

/** `docker cp - CONTAINER:DIR`: a tar from stdin, extracted by the daemon into DIR. */
async function extractTar(bytes: Uint8Array, fs: OverlayFs, dir: string, keepOwners: boolean): Promise<void> {
  const source = new MemorySource(bytes);
  const index = await readTarIndex(source);
  const entries: Extracted[] = [...index].map((entry) => ({
    name: goPathClean(entry.name),
    type: entry.type,
    mode: entry.mode,
    uid: entry.uid,
    gid: entry.gid,
    mtime: entry.mtime,
    linkname: entry.linkname,
    devmajor: entry.devmajor,
    devminor: entry.devminor,
    data: async () => new MemorySource((await readEntry(source, entry)).slice()),
  }));
  await extractInto(entries, fs, dir, keepOwners);
}

/**
 * archive.Untar with NoOverwriteDirNonDir: existing files are replaced, existing directories
 * kept; owners are root's unless `keepOwners` (`-a`); modes and times as archived, directories'
 * times set once their contents are in.
 */
async function extractInto(entries: readonly Extracted[], fs: OverlayFs, dir: string, keepOwners: boolean): Promise<void> {
  const directories: { path: string; mtime: number }[] = [];
  for (const entry of entries) {
    const target = joinPath(dir, entry.name);
    if (target === dir && entry.type === 'directory') {
      directories.push({ path: target, mtime: entry.mtime });
      continue;
    }
    let existing: FileStat | undefined;
    try {
      existing = fs.lstat(target);
    } catch (err) {
      if (!(err instanceof FsError)) throw err;
    }
    if (existing?.type === 'directory' && entry.type !== 'directory') throw new CopyError(`cannot overwrite directory "${target}" with non-directory "${entry.name}"`);
    if (existing && existing.type !== 'directory' && entry.type === 'directory') throw new CopyError(`cannot overwrite non-directory "${target}" with directory "${entry.name}"`);
    if (existing && existing.type !== 'directory') await fs.rm(target);
    switch (entry.type) {
      case 'directory':
        if (!existing) await fs.mkdir(target, { mode: entry.mode });
        else await fs.chmod(target, entry.mode);
        directories.push({ path: target, mtime: entry.mtime });
        break;
      case 'file':
        await fs.writeFile(target, await entry.data(), { mode: entry.mode });
        break;
      case 'symlink':
        await fs.symlink(entry.linkname, target);
        break;
      case 'hardlink':
        await fs.link(joinPath(dir, entry.linkname), target);
        continue;
      case 'chardev':
      case 'blockdev':
      case 'fifo':
        await fs.mknod(target, entry.type, entry.mode, entry.devmajor, entry.devminor);
        break;
    }
    await fs.chown(target, keepOwners ? entry.uid : 0, keepOwners ? entry.gid : 0, { follow: false });
    if (entry.type !== 'directory' && entry.type !== 'symlink') await fs.chmod(target, entry.mode);
    if (entry.type !== 'directory') await fs.utimes(target, entry.mtime, { follow: false });
  }
  for (const { path, mtime } of directories.reverse()) await fs.utimes(path, mtime, { follow: false });
}

/** A Go syscall error as docker prints it: `lstat /x: no such file or directory`. */
function goSyscallError(err: FsError): string {
  return `${err.syscall} ${err.path}: ${err.strerror.toLowerCase()}`;
}
