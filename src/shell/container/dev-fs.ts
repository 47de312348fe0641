/**
 * /dev: a tmpfs with the character devices Docker's containers get (runc creates them from the
 * OCI spec moby's oci.DefaultLinuxSpec writes: null, zero, full, random, urandom, tty, mode 0666,
 * owned by root) and runc's links (fd, stdin, stdout, stderr, core, ptmx); the host's /dev
 * (udev's devtmpfs) has the same devices, tty in group tty.
 *
 * A device behaves by its numbers, as the kernel's drivers (drivers/char/mem.c) do:
 * - 1,3 null reads empty and swallows writes; 1,5 zero and 1,7 full read zeros; 1,8 random and
 *   1,9 urandom read random bytes; writes to zero, random and urandom are taken; full fails every
 *   write with ENOSPC;
 * - 5,0 tty, with no controlling terminal (a container without -t), fails with ENXIO.
 *
 * An endless device read whole (just-bash's commands read a file with one readFile) gives what
 * the running program will use of it when the dispatch knows that (`head -c N /dev/urandom`,
 * `cat /dev/zero | head -c N`: see withEndlessReadLength), and otherwise one block of
 * ENDLESS_READ_BYTES, as one big read(2) would: `cat /dev/zero` alone ends after 1 MiB instead
 * of hanging the tab.
 */
import { FsError } from '../../engine/errors.ts';
import type { FileStat } from '../../engine/overlay/file-stat.ts';
import type { OverlayFs } from '../../engine/overlay/overlay-fs.ts';
import { emptyFilesystem } from '../../engine/docker/containers-volumes.ts';
import { directory, entries, syntheticFs } from './synthetic-fs.ts';

/** What one whole read of an endless device gives when nothing says how much is wanted (1 MiB). */
export const ENDLESS_READ_BYTES = 1 << 20;

/**
 * The most a known demand makes one read give (256 MiB): what the session lets a string (a
 * pipe's content) hold, and well under V8's longest string (2^29 - 24 characters).
 */
export const ENDLESS_READ_MAX_BYTES = 256 << 20;

let endlessReadBytes = ENDLESS_READ_BYTES;

/**
 * Run `program` with endless devices giving `bytes` per whole read (at least one block, at most
 * ENDLESS_READ_MAX_BYTES). The dispatch calls it around a program whose need it knows. One
 * setting for the process: just-bash runs a pipeline's commands one after the other, so the
 * program's own reads are the ones in its window.
 */
export async function withEndlessReadLength<T>(bytes: number, program: () => Promise<T>): Promise<T> {
  const before = endlessReadBytes;
  endlessReadBytes = Math.min(ENDLESS_READ_MAX_BYTES, Math.max(ENDLESS_READ_BYTES, bytes));
  try {
    return await program();
  } finally {
    endlessReadBytes = before;
  }
}

/** A device node: name in /dev, numbers, mode, group. */
interface DeviceNode {
  readonly name: string;
  readonly major: number;
  readonly minor: number;
  readonly mode: number;
  readonly gid: number;
}

const TTY_GID = 5;

/** The devices of moby's default spec (oci/defaults.go), in runc's order. */
const CONTAINER_DEVICES: readonly DeviceNode[] = [
  { name: 'null', major: 1, minor: 3, mode: 0o666, gid: 0 },
  { name: 'zero', major: 1, minor: 5, mode: 0o666, gid: 0 },
  { name: 'full', major: 1, minor: 7, mode: 0o666, gid: 0 },
  { name: 'random', major: 1, minor: 8, mode: 0o666, gid: 0 },
  { name: 'urandom', major: 1, minor: 9, mode: 0o666, gid: 0 },
  { name: 'tty', major: 5, minor: 0, mode: 0o666, gid: 0 },
];

/** runc's setupDevSymlinks and setupPtmx (libcontainer/rootfs_linux.go). */
const DEV_SYMLINKS: readonly (readonly [string, string])[] = [
  ['fd', '/proc/self/fd'],
  ['stdin', '/proc/self/fd/0'],
  ['stdout', '/proc/self/fd/1'],
  ['stderr', '/proc/self/fd/2'],
  ['core', '/proc/kcore'],
  ['ptmx', 'pts/ptmx'],
];

export interface DevFsOptions {
  now: () => number;
  /** The host's /dev (udev) rather than a container's. */
  host?: boolean;
  /** `docker run -t`: the container has a terminal, bound over /dev/console. */
  tty?: boolean;
}

/** /dev as a fresh tmpfs holds it, mount points (pts, shm, mqueue) included. */
export async function devFilesystem(options: DevFsOptions): Promise<OverlayFs> {
  const fs = await emptyFilesystem(options.now);
  await fs.chmod('/', 0o755);
  for (const device of CONTAINER_DEVICES) {
    await fs.mknod(`/${device.name}`, 'chardev', device.mode, device.major, device.minor);
    // On the host, udev gives tty to group tty (Debian's 50-udev-default.rules).
    if (options.host && device.name === 'tty') await fs.chown('/tty', 0, TTY_GID);
  }
  for (const [name, target] of DEV_SYMLINKS) await fs.symlink(target, `/${name}`);
  for (const dir of ['pts', 'shm', 'mqueue']) await fs.mkdir(`/${dir}`, { mode: 0o755 });
  if (options.tty) {
    // runc binds the terminal's pty slave (pts/0) over /dev/console: crw--w---- root tty 136,0.
    await fs.mknod('/console', 'chardev', 0o620, 136, 0);
    await fs.chown('/console', 0, TTY_GID);
  }
  return tmpfsView(fs, { controllingTty: options.host === true || options.tty === true });
}

export interface DeviceFileOptions {
  /** Whether the processes have a controlling terminal (/dev/tty opens). */
  controllingTty: boolean;
}

/** A tmpfs directory's st_size: 40 bytes (`.` and `..`) and 20 per entry (mm/shmem.c's BOGO_DIRENT_SIZE). */
function tmpfsDirectorySize(fs: OverlayFs, stat: FileStat): FileStat {
  if (stat.type !== 'directory') return stat;
  return { ...stat, apparentSize: 40 + 20 * fs.readdir(stat.path).length };
}

/**
 * `fs` as a tmpfs shows it: directories sized as tmpfs sizes them and, with `devices`, its
 * character devices behaving as the kernel's.
 */
export function tmpfsView(fs: OverlayFs, devices?: DeviceFileOptions): OverlayFs {
  const deviceAt = (path: string) => {
    if (devices === undefined) return undefined;
    const stat = fs.statIfExists(path);
    return stat?.type === 'chardev' ? stat : undefined;
  };
  const sized = (stat: FileStat) => tmpfsDirectorySize(fs, stat);
  const own: Record<string, unknown> = {
    stat: (path: string) => sized(fs.stat(path)),
    lstat: (path: string) => sized(fs.lstat(path)),
    statIfExists: (path: string) => {
      const stat = fs.statIfExists(path);
      return stat && sized(stat);
    },
    lstatIfExists: (path: string) => {
      const stat = fs.lstatIfExists(path);
      return stat && sized(stat);
    },
    lstatChildren: (path: string) => fs.lstatChildren(path).map(sized),
    *walk(path?: string) {
      for (const stat of fs.walk(path)) yield sized(stat);
    },
    readFile: async (path: string): Promise<Uint8Array> => {
      const device = deviceAt(path);
      if (device === undefined) return fs.readFile(path);
      return readDevice(device.devmajor, device.devminor, path, devices!);
    },
    writeFile: async (path: string, data: Uint8Array, writeOptions?: { mode?: number }): Promise<void> => {
      const device = deviceAt(path);
      if (device === undefined) return fs.writeFile(path, data, writeOptions);
      writeDevice(device.devmajor, device.devminor, path, devices!);
    },
    // O_TRUNC on a device changes nothing (`: > /dev/null`).
    truncate: async (path: string, length?: number): Promise<void> => (deviceAt(path) === undefined ? fs.truncate(path, length) : undefined),
  };
  const bound = new Map<string | symbol, unknown>();
  return new Proxy(fs, {
    get(target, prop) {
      if (typeof prop === 'string' && prop in own) return own[prop];
      const made = bound.get(prop);
      if (made !== undefined) return made;
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      const method = (value as (...a: unknown[]) => unknown).bind(target);
      bound.set(prop, method);
      return method;
    },
  });
}

/** An empty tmpfs (`/dev/shm`, `--tmpfs`): its root has mode `mode`. */
export async function emptyTmpfs(now: () => number, mode: number): Promise<OverlayFs> {
  const fs = await emptyFilesystem(now);
  await fs.chmod('/', mode);
  return tmpfsView(fs);
}

/**
 * devpts on /dev/pts: `ptmx` (5,2, mode 0: opened through /dev/ptmx), and the terminal's pty
 * slave pts/0 (136,0, group tty) when there is one. New entries come from opening ptmx only.
 */
export function devptsFilesystem(now: () => number, terminal: boolean): OverlayFs {
  return syntheticFs({
    root: directory(0o755, () =>
      entries([
        ...(terminal ? [['0', { type: 'chardev', mode: 0o620, gid: TTY_GID, devmajor: 136, devminor: 0 }] as const] : []),
        ['ptmx', { type: 'chardev', mode: 0o000, devmajor: 5, devminor: 2 }],
      ]),
    ),
    mtime: now,
    writeError: () => 'EACCES',
  });
}

/** mqueue on /dev/mqueue: empty (queues are made with mq_open, not open), sticky and world-writable. */
export function mqueueFilesystem(now: () => number): OverlayFs {
  return syntheticFs({ root: { ...directory(0o1777, () => entries([])), size: 40 }, mtime: now, writeError: () => 'EACCES' });
}

function readDevice(major: number, minor: number, path: string, options: DeviceFileOptions): Uint8Array {
  if (major === 1 && (minor === 5 || minor === 7)) return new Uint8Array(endlessReadBytes);
  if (major === 1 && (minor === 8 || minor === 9)) return randomBytes(endlessReadBytes);
  if (major === 5 && minor === 0 && !options.controllingTty) throw new FsError('ENXIO', 'open', path);
  // null, the terminal (nothing typed ahead), and devices no driver is modelled for.
  return new Uint8Array(0);
}

function writeDevice(major: number, minor: number, path: string, options: DeviceFileOptions): void {
  if (major === 1 && minor === 7) throw new FsError('ENOSPC', 'write', path);
  if (major === 5 && minor === 0 && !options.controllingTty) throw new FsError('ENXIO', 'open', path);
}

/** crypto.getRandomValues fills at most 65536 bytes per call. */
function randomBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let at = 0; at < length; at += 65536) crypto.getRandomValues(bytes.subarray(at, Math.min(length, at + 65536)));
  return bytes;
}
