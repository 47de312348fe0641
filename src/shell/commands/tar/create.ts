/**
 * `tar -c`: walk the named files of the shell's filesystem (directories depth first, entries
 * sorted by name, as `--sort=name` does) and write them as a tar: directories with a trailing
 * `/`, the second and later names of one file as hard links to the first, symlinks, devices and
 * fifos; owners named from the filesystem's own /etc/passwd and /etc/group.
 */
import { FsError } from '../../../engine/errors.ts';
import type { FileStat } from '../../../engine/overlay/file-stat.ts';
import type { OverlayFs } from '../../../engine/overlay/overlay-fs.ts';
import { quoteName } from '../../../engine/tar/verbose-listing.ts';
import type { TarEntry } from '../../../engine/tar/types.ts';
import { dataLength, tarChunks, type TarWriteEntry } from '../../../engine/tar/write-tar.ts';
import type { Accounts } from '../shared/accounts.ts';
import { isExcluded, messageName, type NameSanitizer } from './member-names.ts';
import type { TarOptions } from './options.ts';
import type { TarReport } from './report.ts';

export interface CreateContext {
  overlay: OverlayFs;
  options: TarOptions;
  report: TarReport;
  sanitizer: NameSanitizer;
  accounts: Accounts;
  longLine: (entry: TarEntry) => string;
  /** The archive file being written (undefined for stdout): never archived into itself. */
  archiveInode: number | undefined;
}

/** A name to archive: as typed (for messages and `-v`) and where it is. */
export interface CreateName {
  name: string;
  path: string;
}

interface Item {
  /** The name as GNU builds it from the operand: shown by `-v`, made safe for the header. */
  raw: string;
  path: string;
  stat: FileStat;
  inode: number;
}

/** The uncompressed archive. */
export async function createArchive(run: CreateContext, names: readonly CreateName[]): Promise<Uint8Array> {
  const items: Item[] = [];
  for (const { name, path } of names) collect(run, trimTrailingSlashes(name), path, items);
  // A file is written as a hard link when another of its names was written before it.
  const pathsOfInode = new Map<number, Set<string>>();
  for (const item of items) {
    if (item.stat.type === 'directory') continue;
    let paths = pathsOfInode.get(item.inode);
    if (paths === undefined) pathsOfInode.set(item.inode, (paths = new Set()));
    paths.add(item.path);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of tarChunks(entries(run, items, pathsOfInode), { blockingFactor: 20 })) {
    chunks.push(chunk);
    size += chunk.length;
  }
  const archive = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    archive.set(chunk, at);
    at += chunk.length;
  }
  return archive;
}

async function* entries(run: CreateContext, items: Item[], pathsOfInode: Map<number, Set<string>>): AsyncGenerator<TarWriteEntry> {
  const { overlay, options, report, sanitizer, accounts } = run;
  const firstName = new Map<number, string>();
  for (const { raw, path, stat, inode } of items) {
    const isDir = stat.type === 'directory';
    if (!isDir && inode === run.archiveInode) {
      report.warn(`${messageName(raw)}: file is the archive; not dumped`);
      continue;
    }
    const name = sanitizer.safer(raw);
    const owners = options.numericOwner
      ? { uname: '', gname: '' }
      : { uname: accounts.user(stat.uid) ?? '', gname: accounts.group(stat.gid) ?? '' };
    const common = { mode: stat.mode, uid: stat.uid, gid: stat.gid, ...owners, mtime: Math.floor(stat.mtime) };
    let entry: TarWriteEntry;
    const linked = !isDir && (pathsOfInode.get(inode)?.size ?? 0) > 1 ? firstName.get(inode) : undefined;
    if (linked !== undefined) {
      entry = { ...common, name, type: 'hardlink', linkname: linked };
    } else {
      if (!isDir && (pathsOfInode.get(inode)?.size ?? 0) > 1) firstName.set(inode, sanitizer.safer(raw, true));
      switch (stat.type) {
        case 'directory':
          entry = { ...common, name, type: 'directory' };
          break;
        case 'file':
        case 'hardlink': {
          let data: Uint8Array;
          try {
            data = await overlay.readFile(path);
          } catch (err) {
            if (!(err instanceof FsError)) throw err;
            report.error(`${messageName(raw)}: Cannot open: ${err.strerror}`);
            continue;
          }
          entry = { ...common, name, type: 'file', data };
          break;
        }
        case 'symlink':
          entry = { ...common, name, type: 'symlink', linkname: stat.linkname };
          break;
        default:
          entry = { ...common, name, type: stat.type, devmajor: stat.devmajor, devminor: stat.devminor };
      }
    }
    if (options.verbose > 0) {
      const shownName = isDir && !raw.endsWith('/') ? `${raw}/` : raw;
      report.listing(options.verbose > 1 ? run.longLine(listed(entry, shownName)) : quoteName(shownName));
    }
    yield entry;
  }
}

/** The entry as `-vv` shows it while creating. */
function listed(entry: TarWriteEntry, name: string): TarEntry {
  return {
    name,
    type: entry.type ?? 'file',
    size: entry.data === undefined ? 0 : dataLength(entry.data),
    mode: entry.mode ?? 0,
    uid: entry.uid ?? 0,
    gid: entry.gid ?? 0,
    uname: entry.uname ?? '',
    gname: entry.gname ?? '',
    mtime: entry.mtime ?? 0,
    linkname: entry.linkname ?? '',
    devmajor: entry.devmajor ?? 0,
    devminor: entry.devminor ?? 0,
    headerOffset: 0,
    dataOffset: 0,
    format: 'ustar',
  };
}

function collect(run: CreateContext, raw: string, path: string, items: Item[]): void {
  const { overlay, options, report } = run;
  if (isExcluded(options.excludes, raw)) return;
  let stat: FileStat;
  try {
    stat = options.dereference ? overlay.stat(path) : overlay.lstat(path);
  } catch (err) {
    if (!(err instanceof FsError)) throw err;
    report.error(`${messageName(raw)}: Cannot stat: ${err.strerror}`);
    return;
  }
  items.push({ raw, path, stat, inode: overlay.inodeOf(options.dereference ? overlay.realpath(path) : path) });
  if (stat.type !== 'directory' || !options.recursion) return;
  let children: string[];
  try {
    children = overlay.readdir(path);
  } catch (err) {
    if (!(err instanceof FsError)) throw err;
    report.error(`${messageName(raw)}: Cannot open: ${err.strerror}`);
    return;
  }
  const prefix = raw.endsWith('/') ? raw : `${raw}/`;
  const base = path === '/' ? '' : path;
  for (const child of children) collect(run, prefix + child, `${base}/${child}`, items);
}

/** `d//` → `d`, but `/` stays `/`. */
function trimTrailingSlashes(name: string): string {
  const trimmed = name.replace(/\/+$/, '');
  return trimmed === '' && name !== '' ? '/' : trimmed;
}
