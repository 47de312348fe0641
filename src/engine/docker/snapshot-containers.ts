/**
 * Containers in a daemon snapshot (see snapshot.ts): each container's record (ID, name, image,
 * config, state, log) as JSON, and its writable layer as a layer tar, a blob named by its
 * sha256 like the images' blobs, so an unchanged container costs nothing to save again. The
 * tar is a source, never joined into one array: a placeholder binary copied up in the
 * container is pattern runs (stored as such, source-parts.ts), not 121 MB.
 *
 * Restoring opens the image's layers again and replays the tar onto the new overlay through
 * the same calls the shell's commands use (whiteouts become removals, an opaque directory is
 * removed and made again), so `docker diff`, `docker commit` and `docker export` see the same
 * upper layer as before the reload.
 */
import { LayerlabError } from '../errors.ts';
import { Sha256 } from '../hash/sha256.ts';
import type { ByteSource } from '../io/byte-source.ts';
import { sha256OfSource } from '../hash/digest.ts';
import { storedUploadsIn, type StoredUploadKeyOf } from '../io/source-parts.ts';
import { entrySource } from '../tar/entry-data.ts';
import { readTarIndex } from '../tar/read-tar-index.ts';
import type { LayerContents } from '../image/types.ts';
import type { FileStat } from '../overlay/file-stat.ts';
import { OverlayFs } from '../overlay/overlay-fs.ts';
import { withInitLayer } from './init-layer.ts';
import { entryKey } from '../overlay/path.ts';
import { whiteoutMarker } from '../overlay/whiteout.ts';
import type { Container, ContainerState, LogEntry } from './containers.ts';

export interface SnapshotContainer {
  readonly id: string;
  readonly name: string;
  readonly imageId: string;
  readonly imageName: string;
  readonly created: number;
  readonly path: string;
  readonly args: readonly string[];
  readonly config: Container['config'];
  readonly autoRemove: boolean;
  readonly state: ContainerState;
  readonly restartCount: number;
  /** `docker logs`: [stream, time in ms, the bytes as a latin1 string]. */
  readonly log: readonly (readonly ['stdout' | 'stderr', number, string])[];
  /** Digest of the writable layer's tar (a blob of the snapshot). */
  readonly upper: string;
  /** The stored uploads the writable layer's tar reads from (files copied in from an upload), by key. */
  readonly uploads?: readonly string[];
  /** What `docker run`'s flags recorded (HostConfig, network, ports, mounts), when there is any. */
  readonly runFlags?: Pick<Container, 'hostConfig' | 'network' | 'publish' | 'mounts'>;
}

/** The last tar made of each overlay's upper layer, and the change count it was made at. */
const upperTars = new WeakMap<OverlayFs, { changes: number; tar: ByteSource; digest: Promise<string> }>();

/**
 * `overlay`'s upper layer as a tar and its digest (made again only when the overlay changed):
 * a container's writable layer, or a volume's files (an overlay over no layers). The tar is
 * taken now (its entries are this moment's; file contents never change in place); the digest
 * of a tar with a file that can only be read by waiting (an uploaded archive copied in, kept
 * in the browser's storage) comes by reading it a megabyte at a time, never all at once.
 */
export function upperLayerTar(overlay: OverlayFs): { tar: ByteSource; digest: Promise<string> } {
  let upper = upperTars.get(overlay);
  if (upper === undefined || upper.changes !== overlay.changes) {
    const changes = overlay.changes;
    const tar = overlay.exportUpperLayerSource();
    const digest = tar.readSync ? Promise.resolve(sha256Now(tar)) : sha256OfSource(tar);
    const made = { changes, tar, digest };
    // A read that failed is tried again at the next snapshot.
    digest.catch(() => upperTars.get(overlay) === made && upperTars.delete(overlay));
    upper = made;
    upperTars.set(overlay, upper);
  }
  return upper;
}

/** `overlay` was just made from `tar` (a restore): its next snapshot need not make the tar again. */
export function rememberUpperLayerTar(overlay: OverlayFs, tar: ByteSource, digest: string): void {
  upperTars.set(overlay, { changes: overlay.changes, tar, digest: Promise.resolve(digest) });
}

/**
 * The container as a record, and its writable layer's tar (made again only when the overlay
 * changed). The record is taken now; it is complete once the tar's digest is known.
 */
export async function snapshotContainer(container: Container, keyOf?: StoredUploadKeyOf): Promise<{ record: SnapshotContainer; tar: ByteSource }> {
  const upper = upperLayerTar(container.rootfs);
  const { id, name, imageId, imageName, created, path, args, config, autoRemove, state, restartCount } = container;
  const uploads = keyOf ? storedUploadsIn(upper.tar, keyOf) : [];
  const record: Omit<SnapshotContainer, 'upper'> = {
    id,
    name,
    imageId,
    imageName,
    created,
    path,
    args: [...args],
    config,
    autoRemove,
    state: { ...state },
    restartCount,
    log: container.log.map((entry) => [entry.stream, entry.time, latin1String(entry.bytes)] as const),
    ...(uploads.length > 0 ? { uploads } : {}),
    ...(container.hostConfig ? { runFlags: { hostConfig: container.hostConfig, network: container.network, publish: container.publish, mounts: container.mounts } } : {}),
  };
  return { record: { ...record, upper: await upper.digest }, tar: upper.tar };
}

/**
 * The container a record describes, its filesystem `layers` (the image's, bottom first) under
 * the writable layer `tar`. A container that was running comes back exited with status 255 at
 * `nowMs`, as moby's restore leaves one whose task is gone after a restart (libcontainerd's
 * restoredProcess.Delete answers 255, and SetStopped takes the time of the restore).
 */
export async function restoreContainer(
  saved: SnapshotContainer,
  layers: readonly LayerContents[],
  tar: ByteSource,
  clock: { nowMs: number; nowSeconds: () => number },
): Promise<Container> {
  // The daemon's init layer of the container, made again as it was (at its creation).
  const rootfs = OverlayFs.over(await withInitLayer(layers, Math.floor(saved.created / 1000)), { now: clock.nowSeconds });
  await replayUpperLayer(rootfs, tar);
  const state: ContainerState = { ...saved.state };
  if (state.status === 'running') {
    state.status = 'exited';
    state.pid = 0;
    state.exitCode = 255;
    state.finishedAt = clock.nowMs;
  }
  rememberUpperLayerTar(rootfs, tar, saved.upper);
  const log: LogEntry[] = saved.log.map(([stream, time, text]) => ({ stream, time, bytes: latin1Bytes(text) }));
  const container: Container = {
    id: saved.id,
    name: saved.name,
    imageId: saved.imageId,
    imageName: saved.imageName,
    created: saved.created,
    path: saved.path,
    args: [...saved.args],
    config: saved.config,
    autoRemove: saved.autoRemove,
    state,
    log,
    rootfs,
    restartCount: saved.restartCount,
    ...saved.runFlags,
  };
  awaitingMounts.add(container);
  return container;
}

/**
 * Restored containers whose mounts (/etc/hostname, /proc, /dev, /sys, bind mounts, volumes…)
 * are still to be made: the shell makes them (src/shell/container/container-mounts.ts), as it
 * does at `docker create`, and gives the container its filesystem with them (`setMountedRootfs`).
 */
const awaitingMounts = new WeakSet<Container>();

export function isAwaitingMounts(container: Container): boolean {
  return awaitingMounts.has(container);
}

/** A restored container's root filesystem with its mounts (`mounted` wraps `container.rootfs`). */
export function setMountedRootfs(container: Container, mounted: OverlayFs): void {
  // The writable layer is the same: its tar made at the restore still holds.
  const upper = upperTars.get(container.rootfs);
  if (upper) upperTars.set(mounted, upper);
  (container as { rootfs: OverlayFs }).rootfs = mounted;
  awaitingMounts.delete(container);
}

/**
 * Make `overlay`'s upper layer say what a layer tar made by `exportUpperLayer` says: entries
 * in walk order (parents first), `.wh.` whiteouts, opaque markers after their directory.
 */
export async function replayUpperLayer(overlay: OverlayFs, tar: ByteSource): Promise<void> {
  const index = await readTarIndex(tar);
  const keys: (string | undefined)[] = [];
  const opaque = new Set<string>();
  for (let i = 0; i < index.length; i++) {
    const key = entryKey(index.entry(i).name);
    keys.push(key);
    const marker = key === undefined ? undefined : whiteoutMarker(key);
    if (marker?.kind === 'opaque') opaque.add(marker.dir);
  }
  const lstat = (path: string): FileStat | undefined => (overlay.exists(path) ? overlay.lstat(path) : undefined);
  for (let i = 0; i < index.length; i++) {
    const entry = index.entry(i);
    const key = keys[i];
    if (key === undefined || key === '') continue;
    const marker = whiteoutMarker(key);
    if (marker !== undefined) {
      if (marker.kind === 'whiteout') await overlay.rm('/' + marker.target, { recursive: true, force: true });
      continue;
    }
    const path = '/' + key;
    const existing = lstat(path);
    switch (entry.type) {
      case 'directory':
        if (existing && (existing.type !== 'directory' || opaque.has(key))) await overlay.rm(path, { recursive: true });
        if (!existing || existing.type !== 'directory' || opaque.has(key)) await overlay.mkdir(path, { mode: entry.mode });
        await overlay.chmod(path, entry.mode);
        break;
      case 'file': {
        // A file changed in place keeps its lower entry's names (copy-up); a replaced one does not.
        const changedInPlace = existing?.type === 'file' && existing.uname === entry.uname && existing.gname === entry.gname;
        if (existing && !changedInPlace) await overlay.rm(path, { recursive: true });
        await overlay.writeFile(path, entrySource(tar, entry), { mode: entry.mode });
        await overlay.chmod(path, entry.mode);
        break;
      }
      case 'symlink':
        if (existing) await overlay.rm(path, { recursive: true });
        await overlay.symlink(entry.linkname, path);
        break;
      case 'hardlink': {
        if (existing) await overlay.rm(path, { recursive: true });
        const target = entryKey(entry.linkname);
        if (target === undefined) throw new LayerlabError('CORRUPT_SNAPSHOT', `the saved container layer links ${path} outside its root`);
        await overlay.link('/' + target, path);
        continue; // one inode: its owner and time are the first path's
      }
      case 'chardev':
      case 'blockdev':
      case 'fifo':
        if (existing) await overlay.rm(path, { recursive: true });
        await overlay.mknod(path, entry.type, entry.mode, entry.devmajor, entry.devminor);
        break;
    }
    await overlay.chown(path, entry.uid, entry.gid, { follow: false });
    // (The overlay leaves a directory's time alone when children are made in it.)
    await overlay.utimes(path, entry.mtime, { follow: false });
  }
}

const isDigest = (value: unknown) => typeof value === 'string' && /^sha256:[0-9a-f]{64}$/.test(value);
const STATUSES = new Set(['created', 'running', 'exited']);

/** Whether `value` has the shape of a saved container (its config is taken as it was written). */
export function isSnapshotContainer(value: unknown): value is SnapshotContainer {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Partial<SnapshotContainer>;
  const state = c.state as Partial<ContainerState> | undefined;
  return (
    typeof c.id === 'string' && /^[0-9a-f]{64}$/.test(c.id) && typeof c.name === 'string' && isDigest(c.imageId) &&
    typeof c.imageName === 'string' && typeof c.created === 'number' && typeof c.path === 'string' &&
    Array.isArray(c.args) && c.args.every((a) => typeof a === 'string') && typeof c.config === 'object' && c.config !== null &&
    Array.isArray(c.config.Env) && typeof c.autoRemove === 'boolean' && typeof c.restartCount === 'number' && isDigest(c.upper) &&
    typeof state === 'object' && state !== null && STATUSES.has(state.status!) && typeof state.exitCode === 'number' &&
    typeof state.startedAt === 'number' && typeof state.finishedAt === 'number' && typeof state.pid === 'number' && typeof state.error === 'string' &&
    (c.uploads === undefined || (Array.isArray(c.uploads) && c.uploads.every((key) => typeof key === 'string'))) &&
    Array.isArray(c.log) && c.log.every((e) => Array.isArray(e) && (e[0] === 'stdout' || e[0] === 'stderr') && typeof e[1] === 'number' && typeof e[2] === 'string')
  );
}

/** The sha256 of a source every part of which reads without waiting, a megabyte at a time. */
function sha256Now(tar: ByteSource): string {
  const hash = new Sha256();
  const read = tar.readSync!;
  for (let at = 0; at < tar.size; at += 1 << 20) hash.update(read(at, Math.min(1 << 20, tar.size - at)));
  return `sha256:${hash.hex()}`;
}

function latin1String(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return text;
}

function latin1Bytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
  return bytes;
}
