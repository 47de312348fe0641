/**
 * The host filesystem as a value that can be stored and brought back: the page keeps the
 * student's files across reloads with it.
 *
 * The host is an overlay with no lower layers, so its upper layer is the whole filesystem, and
 * the upper layer's tar (our writer, deterministic) records every path with its type, mode,
 * owner, mtime, symlink target, hard links, device numbers and bytes. Restoring replays that
 * tar into a fresh, empty overlay through the same calls the shell's commands use.
 *
 * A file whose content is a stored upload (an archive the page keeps as a Blob, see
 * src/worker/stored-upload.ts) goes in the tar empty, and `stored` names the upload: its bytes
 * are kept once, not again in every snapshot.
 */
import { placeholderBinary } from '../catalog/placeholder.ts';
import { LayerlabError } from '../engine/errors.ts';
import { layerFromTar } from '../engine/image/layer.ts';
import { OverlayFs } from '../engine/overlay/overlay-fs.ts';
import type { ByteSource } from '../engine/io/byte-source.ts';
import type { TarEntry } from '../engine/tar/types.ts';
import { writeTar } from '../engine/tar/write-tar.ts';
import { HOST_PROGRAM_VERSION, hostShellFs, isProgramName } from './host-fs.ts';
import { ShellFs } from './shell-fs.ts';

/** Bumped whenever what a snapshot holds changes meaning; older ones are refused, not guessed at. */
export const HOST_SNAPSHOT_FORMAT = 1;

export interface HostSnapshot {
  readonly format: typeof HOST_SNAPSHOT_FORMAT;
  /** The programs the shell had: a program added to layerlab since gets its `/usr/bin` placeholder on restore. */
  readonly programs: readonly string[];
  /** The filesystem, as a tar of every entry. */
  readonly tar: Uint8Array;
  /** Files whose content is a stored upload, `[path in the tar, upload key]` (empty in the tar). */
  readonly stored?: readonly (readonly [string, string])[];
}

/** Names the stored upload a file's content is (undefined for any other content). */
export type StoredKeyOf = (content: ByteSource) => string | undefined;

export function snapshotHostFs(fs: ShellFs, programs: Iterable<string>, storedKeyOf?: StoredKeyOf): HostSnapshot {
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
  return { format: HOST_SNAPSHOT_FORMAT, programs: [...new Set(programs)].sort(), tar: writeTar(entries), ...(stored.length > 0 ? { stored } : {}) };
}

export interface RestoreHostOptions {
  /** The programs the shell has now. */
  programs: Iterable<string>;
  /** The clock for mtimes, in seconds (tests fix it). */
  now?: () => number;
  /** Opens a stored upload a file's content is (see `HostSnapshot.stored`). */
  openStored?: (key: string) => Promise<ByteSource>;
}

/** A host filesystem equal to the one snapshotted; a corrupt or foreign snapshot is a LayerlabError. */
export async function restoreHostFs(snapshot: unknown, options: RestoreHostOptions): Promise<ShellFs> {
  const saved = checkSnapshot(snapshot);
  const overlay = await OverlayFs.open([], options.now ? { now: options.now } : {});
  let layer;
  let index;
  try {
    layer = layerFromTar(saved.tar);
    index = await layer.index();
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
        await overlay.writeFile(path, key === undefined ? await layer.read(i) : await openStoredFile(key, path, options), { mode: entry.mode });
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

async function openStoredFile(key: string, path: string, options: RestoreHostOptions): Promise<ByteSource> {
  try {
    if (!options.openStored) throw new Error('uploads cannot be read here');
    return await options.openStored(key);
  } catch (err) {
    throw new LayerlabError('CORRUPT_SNAPSHOT', `the uploaded file ${path} cannot be read (${err instanceof Error ? err.message : String(err)})`);
  }
}

function checkSnapshot(value: unknown): HostSnapshot {
  if (typeof value !== 'object' || value === null) throw new LayerlabError('CORRUPT_SNAPSHOT', 'the saved files are not a snapshot');
  const { format, programs, tar, stored } = value as Partial<HostSnapshot>;
  if (format !== HOST_SNAPSHOT_FORMAT) {
    throw new LayerlabError('CORRUPT_SNAPSHOT', `the saved files are in format ${JSON.stringify(format)}, this layerlab reads format ${HOST_SNAPSHOT_FORMAT}`);
  }
  if (!(tar instanceof Uint8Array) || !Array.isArray(programs) || !programs.every((p) => typeof p === 'string')) {
    throw new LayerlabError('CORRUPT_SNAPSHOT', 'the saved files are not a snapshot');
  }
  if (stored !== undefined && !(Array.isArray(stored) && stored.every((s) => Array.isArray(s) && s.length === 2 && typeof s[0] === 'string' && typeof s[1] === 'string'))) {
    throw new LayerlabError('CORRUPT_SNAPSHOT', 'the saved files are not a snapshot');
  }
  return { format, programs, tar, ...(stored ? { stored } : {}) };
}
