/**
 * `tar -t` and `tar -x`: the members of an archive, selected by the names given (and not
 * excluded), listed or written into the shell's filesystem as root writes them — owners, modes
 * and times restored, existing files replaced, directories' attributes set once their contents
 * are in place.
 */
import { FsError } from '../../../engine/errors.ts';
import type { OverlayFs } from '../../../engine/overlay/overlay-fs.ts';
import { parentPath } from '../../../engine/overlay/path.ts';
import { entrySource, readEntry } from '../../../engine/tar/entry-data.ts';
import { quoteName } from '../../../engine/tar/verbose-listing.ts';
import type { TarEntry } from '../../../engine/tar/types.ts';
import type { Accounts } from '../shared/accounts.ts';
import type { ArchiveMember } from './archive-reader.ts';
import { containsDotDot, isExcluded, looksLikePattern, MemberSelection, messageName, type NameSanitizer, stripComponents } from './member-names.ts';
import type { TarOptions } from './options.ts';
import type { TarReport } from './report.ts';

export interface ReadContext {
  overlay: OverlayFs;
  options: TarOptions;
  report: TarReport;
  sanitizer: NameSanitizer;
  accounts: Accounts;
  /** A `tar -tv` line formatter carrying GNU's column widths along the run. */
  longLine: (entry: TarEntry) => string;
  /** Absolute directory to extract into, for a member selected by the `i`-th name (-1: no names). */
  targetDir: (nameIndex: number) => string;
  resolve: (dir: string, name: string) => string;
}

/** Members bigger than this are extracted as a window on the archive, not a copy. */
const SHARED_MEMBER_MIN_BYTES = 1 << 20;

interface DirectoryAttributes {
  path: string;
  entry: TarEntry;
}

/** Lists (`-t`) or extracts (`-x`) `members`; reports names that matched nothing. */
export async function readArchive(members: AsyncIterable<ArchiveMember>, names: string[], run: ReadContext): Promise<void> {
  const { options, report, sanitizer } = run;
  const selection = new MemberSelection(names, options.wildcards ?? false);
  const directories: DirectoryAttributes[] = [];
  try {
    for await (const member of members) {
      const { entry } = member;
      const nameIndex = selection.select(entry.name);
      if (nameIndex === false || isExcluded(options.excludes, entry.name)) continue;
      // GNU transforms names after selecting: matching sees the name as stored.
      const name = stripComponents(sanitizer.safer(entry.name), options.stripComponents);
      const linkname = entry.type === 'hardlink' ? stripComponents(sanitizer.safer(entry.linkname, true), options.stripComponents) : entry.linkname;
      const shown: TarEntry = { ...entry, linkname, ...(options.numericOwner ? { uname: '', gname: '' } : {}) };
      if (options.operation === 'list') {
        report.listing(options.verbose > 0 ? run.longLine(shown) : quoteName(entry.name));
        continue;
      }
      if (!options.absoluteNames && containsDotDot(entry.name)) {
        report.error(`${messageName(entry.name)}: Member name contains '..'`);
        continue;
      }
      if (name === '') continue;
      if (options.verbose > 0) report.listing(options.verbose > 1 ? run.longLine(shown) : quoteName(entry.name));
      if (member.truncated) continue;
      if (options.toStdout) {
        if (entry.type === 'file') report.stdout(await readEntry(member.source, entry, Number.MAX_SAFE_INTEGER));
        continue;
      }
      const dir = run.targetDir(nameIndex);
      const target: Target = { name, path: run.resolve(dir, name), linkname, linkPath: entry.type === 'hardlink' ? run.resolve(dir, linkname) : '' };
      await extractOne(run, member, target, directories);
    }
  } finally {
    // As GNU's extract_finish: directories get their attributes last, even after a fatal error.
    for (const { path, entry } of directories.reverse()) await restoreAttributes(run, path, entry, true).catch(() => undefined);
  }
  const missing = selection.notFound();
  if (missing.length > 0 && options.wildcards === undefined && missing.some(looksLikePattern)) {
    report.warn('Pattern matching characters used in file names');
    report.warn('Use --wildcards to enable pattern matching, or --no-wildcards to suppress this warning');
  }
  for (const name of missing) report.error(`${messageName(name)}: Not found in archive`);
}

/** Where a member goes: its transformed name and path, and for a hard link its target's. */
interface Target {
  name: string;
  path: string;
  linkname: string;
  linkPath: string;
}

async function extractOne(run: ReadContext, member: ArchiveMember, target: Target, directories: DirectoryAttributes[]): Promise<void> {
  const { overlay, report } = run;
  const { entry } = member;
  const { name, path } = target;
  try {
    await overlay.mkdir(parentPath(path), { recursive: true });
    const existing = lstatOrUndefined(overlay, path);
    if (entry.type === 'directory') {
      if (existing !== undefined && existing !== 'directory') await overlay.rm(path);
      if (existing !== 'directory') await overlay.mkdir(path, { mode: 0o700 });
      directories.push({ path, entry });
      return;
    }
    if (existing === 'directory') await overlay.rm(path); // only an empty one: GNU's rmdir
    else if (existing !== undefined) await overlay.rm(path);
    switch (entry.type) {
      case 'file':
        // A big member (a layer.tar of a saved image) stays a window on the archive's source, so
        // its pattern runs are never made; a small one is copied, not keeping the archive alive.
        await overlay.writeFile(path, entry.size > SHARED_MEMBER_MIN_BYTES && !member.truncated ? entrySource(member.source, entry) : await readEntry(member.source, entry, Number.MAX_SAFE_INTEGER), { mode: entry.mode });
        break;
      case 'symlink':
        await overlay.symlink(entry.linkname, path);
        break;
      case 'hardlink':
        try {
          await overlay.link(target.linkPath, path);
        } catch (err) {
          if (!(err instanceof FsError)) throw err;
          report.error(`${messageName(name)}: Cannot hard link to ‘${quoteName(target.linkname)}’: ${err.strerror}`);
        }
        return;
      case 'chardev':
      case 'blockdev':
      case 'fifo':
        await overlay.mknod(path, entry.type, entry.mode, entry.devmajor, entry.devminor);
        break;
    }
    await restoreAttributes(run, path, entry, entry.type !== 'symlink');
  } catch (err) {
    if (!(err instanceof FsError)) throw err;
    report.error(`${messageName(name)}: Cannot open: ${err.strerror}`);
  }
}

/** Owner (by name when the name is known here, as root's tar does), mode and mtime. */
async function restoreAttributes(run: ReadContext, path: string, entry: TarEntry, follow: boolean): Promise<void> {
  const { overlay, options, accounts } = run;
  const uid = (!options.numericOwner && entry.uname ? accounts.uid(entry.uname) : undefined) ?? entry.uid;
  const gid = (!options.numericOwner && entry.gname ? accounts.gid(entry.gname) : undefined) ?? entry.gid;
  await overlay.chown(path, uid, gid, { follow });
  if (follow) await overlay.chmod(path, entry.mode);
  if (!options.touch) await overlay.utimes(path, Math.floor(entry.mtime), { follow });
}

function lstatOrUndefined(overlay: OverlayFs, path: string): string | undefined {
  try {
    return overlay.lstat(path).type;
  } catch (err) {
    if (err instanceof FsError) return undefined;
    throw err;
  }
}

