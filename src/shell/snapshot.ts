/**
 * The host filesystem as a value that can be stored and brought back: the page keeps the
 * student's files across reloads with it.
 *
 * The host is an overlay with no lower layers, so its upper layer is the whole filesystem, and
 * the upper layer's tar (our writer, deterministic) records every path with its type, mode,
 * owner, mtime, symlink target, hard links, device numbers and bytes. Restoring replays that
 * tar into a fresh, empty overlay through the same calls the shell's commands use.
 *
 * The tar is kept as its parts (source-parts.ts), never as one array: a `docker save` archive
 * of a catalog image is mostly placeholder pattern, and its 156 MB are stored as a few hundred
 * kB and restored as a file over the same kind of source.
 *
 * A file whose content is a stored upload (an archive the page keeps as a Blob, see
 * src/worker/stored-upload.ts) goes in the tar empty, and `stored` names the upload: its bytes
 * are kept once, not again in every snapshot, and never read to make the tar's parts. A file
 * made of windows of stored uploads (a member `tar -x` took out of one, a `docker save -o` of
 * an uploaded image) is in the tar as those windows, by key and range (SourcePart `upload`).
 */
import { placeholderBinary } from '../catalog/placeholder.ts';
import { LayerlabError } from '../engine/errors.ts';
import { MemorySource, type ByteSource } from '../engine/io/byte-source.ts';
import { sourceFromParts, sourceParts, storedUploadsOf, type SourcePart, type StoredUploadKeyOf } from '../engine/io/source-parts.ts';
import { entrySource } from '../engine/tar/entry-data.ts';
import { readTarIndex } from '../engine/tar/read-tar-index.ts';
import { OverlayFs } from '../engine/overlay/overlay-fs.ts';
import type { TarEntry } from '../engine/tar/types.ts';
import { tarSource } from '../engine/tar/write-tar.ts';
import { HOST_PROGRAM_VERSION, hostShellFs, isProgramName } from './host-fs.ts';
import { ShellFs } from './shell-fs.ts';

/** Bumped whenever what a snapshot holds changes meaning; older ones are refused, not guessed at. */
export const HOST_SNAPSHOT_FORMAT = 2;
/** Format 1 held the tar as one array; it is still read. */
const TAR_BYTES_FORMAT = 1;

export interface HostSnapshot {
  readonly format: typeof HOST_SNAPSHOT_FORMAT;
  /** The programs the shell had: a program added to layerlab since gets its `/usr/bin` placeholder on restore. */
  readonly programs: readonly string[];
  /** The filesystem, as a tar of every entry, written as its parts. */
  readonly tar: readonly SourcePart[];
  /** Files whose content is a stored upload, `[path in the tar, upload key]` (empty in the tar). */
  readonly stored?: readonly (readonly [string, string])[];
}

/** Names the stored upload a file's content is (undefined for any other content). */
export type StoredKeyOf = (content: ByteSource) => string | undefined;

/** The host filesystem's tar at one moment, and the files left empty in it because they are stored uploads. */
export interface HostFsTar {
  readonly tar: ByteSource;
  readonly stored: readonly (readonly [string, string])[];
}

/**
 * The filesystem as a tar source now (synchronous: one consistent moment; the sources it is
 * made of are never changed in place, so reading them later reads this moment). A file whose
 * content `storedKeyOf` names is written empty and listed in `stored`.
 */
export function hostFsTar(fs: ShellFs, storedKeyOf?: StoredKeyOf): HostFsTar {
  const entries = fs.overlay.upperLayerEntries();
  const stored: [string, string][] = [];
  if (storedKeyOf) {
    for (const entry of entries) {
      if (entry.data === undefined || entry.data instanceof Uint8Array) continue;
      const key = storedKeyOf(entry.data);
      if (key === undefined) continue;
      stored.push([entry.name, key]);
      entry.data = new Uint8Array(0);
    }
  }
  return { tar: tarSource(entries), stored };
}

/** The snapshot of a tar `hostFsTar` gave; windows of the stored uploads `uploadKeyOf` names are written by key and range. */
export async function hostSnapshotOf({ tar, stored }: HostFsTar, programs: Iterable<string>, uploadKeyOf?: StoredUploadKeyOf): Promise<HostSnapshot> {
  return { format: HOST_SNAPSHOT_FORMAT, programs: [...new Set(programs)].sort(), tar: await sourceParts(tar, uploadKeyOf), ...(stored.length > 0 ? { stored } : {}) };
}

export async function snapshotHostFs(fs: ShellFs, programs: Iterable<string>, storedKeyOf?: StoredKeyOf, uploadKeyOf?: StoredUploadKeyOf): Promise<HostSnapshot> {
  return hostSnapshotOf(hostFsTar(fs, storedKeyOf), programs, uploadKeyOf);
}

/** The stored uploads a host snapshot names: whole files (`stored`) and windows in its tar's parts. */
export function hostSnapshotUploads(snapshot: HostSnapshot): string[] {
  return [...new Set([...(snapshot.stored ?? []).map(([, key]) => key), ...storedUploadsOf(snapshot.tar)])].sort();
}

export interface RestoreHostOptions {
  /** The programs the shell has now. */
  programs: Iterable<string>;
  /** The clock for mtimes, in seconds (tests fix it). */
  now?: () => number;
  /** Opens a stored upload a file's content is or reads from (see `HostSnapshot.stored`, and the tar's parts). */
  openStored?: (key: string) => Promise<ByteSource>;
}

/** A host filesystem equal to the one snapshotted; a corrupt or foreign snapshot is a LayerlabError. */
export async function restoreHostFs(snapshot: unknown, options: RestoreHostOptions): Promise<ShellFs> {
  const saved = await checkSnapshot(snapshot, options);
  const overlay = await OverlayFs.open([], options.now ? { now: options.now } : {});
  let index;
  try {
    index = await readTarIndex(saved.tar);
  } catch (err) {
    throw new LayerlabError('CORRUPT_SNAPSHOT', `the saved files are not a readable tar (${err instanceof Error ? err.message : String(err)})`);
  }
  const directories: TarEntry[] = [];
  const stored = new Map(saved.stored ?? []);
  for (let i = 0; i < index.length; i++) {
    const entry = index.entry(i);
    const path = '/' + entry.name.replace(/\/+$/, '');
    switch (entry.type) {
      case 'directory':
        await overlay.mkdir(path, { recursive: true, mode: entry.mode });
        await overlay.chmod(path, entry.mode);
        directories.push(entry);
        break;
      case 'file': {
        const key = stored.get(entry.name);
        await overlay.writeFile(path, key === undefined ? entrySource(saved.tar, entry) : await openStoredFile(key, `the uploaded file ${path}`, options), { mode: entry.mode });
        break;
      }
      case 'symlink':
        await overlay.symlink(entry.linkname, path);
        break;
      case 'hardlink':
        await overlay.link('/' + entry.linkname, path);
        continue;
      case 'chardev':
      case 'blockdev':
      case 'fifo':
        await overlay.mknod(path, entry.type, entry.mode, entry.devmajor, entry.devminor);
        break;
    }
    await overlay.chown(path, entry.uid, entry.gid, { follow: false });
    if (entry.type !== 'directory') await overlay.utimes(path, entry.mtime, { follow: false });
  }
  const fs = await hostShellFs(overlay, options.now);
  // Programs layerlab gained since the snapshot get their placeholder; the others stay as the student left them.
  const known = new Set(saved.programs);
  for (const name of new Set(options.programs)) {
    if (known.has(name) || !isProgramName(name) || overlay.exists(`/usr/bin/${name}`) || !overlay.exists('/usr/bin')) continue;
    await overlay.writeFile(`/usr/bin/${name}`, placeholderBinary(name, { version: HOST_PROGRAM_VERSION, realSize: 0 }), { mode: 0o755 });
  }
  // Creating children changed their directories' mtimes: set those last, deepest first.
  for (const entry of directories.reverse()) await overlay.utimes('/' + entry.name.replace(/\/+$/, ''), entry.mtime);
  return fs;
}

/** The stored upload `key`; `what` names the file it is for the error. */
async function openStoredFile(key: string, what: string, options: RestoreHostOptions): Promise<ByteSource> {
  try {
    if (!options.openStored) throw new Error('uploads cannot be read here');
    return await options.openStored(key);
  } catch (err) {
    throw new LayerlabError('CORRUPT_SNAPSHOT', `${what} cannot be read (${err instanceof Error ? err.message : String(err)})`);
  }
}

async function checkSnapshot(value: unknown, options: RestoreHostOptions): Promise<{ programs: readonly string[]; tar: ByteSource; stored?: readonly (readonly [string, string])[] }> {
  if (typeof value !== 'object' || value === null) throw new LayerlabError('CORRUPT_SNAPSHOT', 'the saved files are not a snapshot');
  const { format, programs, tar, stored } = value as { format?: unknown; programs?: unknown; tar?: unknown; stored?: unknown };
  if (format !== HOST_SNAPSHOT_FORMAT && format !== TAR_BYTES_FORMAT) {
    throw new LayerlabError('CORRUPT_SNAPSHOT', `the saved files are in format ${JSON.stringify(format)}, this layerlab reads format ${HOST_SNAPSHOT_FORMAT}`);
  }
  const notSnapshot = () => new LayerlabError('CORRUPT_SNAPSHOT', 'the saved files are not a snapshot');
  if (!Array.isArray(programs) || !programs.every((p) => typeof p === 'string')) throw notSnapshot();
  // (Format 1 could name stored uploads too: the upload branch wrote them beside its tar array.)
  if (stored !== undefined && !(Array.isArray(stored) && stored.every((s) => Array.isArray(s) && s.length === 2 && typeof s[0] === 'string' && typeof s[1] === 'string'))) {
    throw notSnapshot();
  }
  const files = stored ? { stored: stored as [string, string][] } : {};
  if (format === TAR_BYTES_FORMAT) {
    if (!(tar instanceof Uint8Array)) throw notSnapshot();
    return { programs, tar: new MemorySource(tar), ...files };
  }
  if (!Array.isArray(tar)) throw notSnapshot();
  // Windows of stored uploads in the tar (files made from an upload) read from the uploads themselves.
  const uploads = new Map<string, ByteSource>();
  for (const key of storedUploadsOf(tar as SourcePart[])) uploads.set(key, await openStoredFile(key, 'the upload a saved file is made from', options));
  return { programs, tar: sourceFromParts(tar, uploads), ...files };
}
