/**
 * The mount tables `df` reads (/proc/mounts, in its order), with each filesystem's figures as
 * statfs(2) gives them, from host-machine.ts.
 *
 * The host: a Debian 12 install (systemd's pseudo filesystems, udev, tmpfs on /run and
 * /dev/shm, ext4 on /dev/sda1, the root login's /run/user/0).
 *
 * A container, as Docker 27 with runc sets one up on a cgroup v2 host: overlay on /, its own
 * /proc, /dev (tmpfs, 64 MiB), /dev/pts, /sys, /sys/fs/cgroup, /dev/mqueue and /dev/shm (shm,
 * 64 MiB); /etc/resolv.conf, /etc/hostname and /etc/hosts bind-mounted from the host's disk;
 * then the read-only /proc paths, and the masked ones: an empty read-only tmpfs over each
 * directory (half the memory, the tmpfs default), /dev/null bound over each file (so they show
 * the container's /dev). Masked paths the kernel lacks (asound without sound, sched_debug since
 * 5.13, timer_stats since 4.11, latency_stats without LATENCYTOP) are not mounted.
 */
import { CONTAINER_TMPFS_KIB, DEVTMPFS_KIB, HALF_MEMORY_TMPFS_KIB, ROOT_DISK_KIB, TENTH_MEMORY_TMPFS_KIB } from '../system/host-machine.ts';

export interface Mount {
  /** The mounted device's name (/proc/mounts' first field) and filesystem type. */
  readonly source: string;
  readonly type: string;
  readonly target: string;
  /** In 1K blocks: size, used, and available to unprivileged users (ext4 keeps 5% for root); 0 for pseudo filesystems. */
  readonly size: number;
  readonly used: number;
  readonly available: number;
  /** Which filesystem it is: bind mounts of one filesystem share it. */
  readonly device: string;
}

const pseudo = (source: string, type: string, target: string, device = `${type}:${target}`): Mount => ({ source, type, target, size: 0, used: 0, available: 0, device });
const tmpfs = (source: string, target: string, size: number, used = 0, device = `tmpfs:${target}`): Mount => ({
  source,
  type: 'tmpfs',
  target,
  size,
  used,
  available: size - used,
  device,
});
const rootDisk = (target: string): Mount => ({
  source: ROOT_DISK_KIB.device,
  type: 'ext4',
  target,
  size: ROOT_DISK_KIB.size,
  used: ROOT_DISK_KIB.used,
  available: ROOT_DISK_KIB.available,
  device: ROOT_DISK_KIB.device,
});

export const HOST_MOUNTS: readonly Mount[] = [
  pseudo('sysfs', 'sysfs', '/sys'),
  pseudo('proc', 'proc', '/proc'),
  { ...tmpfs('udev', '/dev', DEVTMPFS_KIB), type: 'devtmpfs' },
  pseudo('devpts', 'devpts', '/dev/pts'),
  tmpfs('tmpfs', '/run', TENTH_MEMORY_TMPFS_KIB, 632),
  rootDisk('/'),
  pseudo('securityfs', 'securityfs', '/sys/kernel/security'),
  tmpfs('tmpfs', '/dev/shm', HALF_MEMORY_TMPFS_KIB),
  tmpfs('tmpfs', '/run/lock', 5120),
  pseudo('cgroup2', 'cgroup2', '/sys/fs/cgroup'),
  pseudo('pstore', 'pstore', '/sys/fs/pstore'),
  pseudo('bpf', 'bpf', '/sys/fs/bpf'),
  pseudo('systemd-1', 'autofs', '/proc/sys/fs/binfmt_misc'),
  pseudo('hugetlbfs', 'hugetlbfs', '/dev/hugepages'),
  pseudo('mqueue', 'mqueue', '/dev/mqueue'),
  pseudo('debugfs', 'debugfs', '/sys/kernel/debug'),
  pseudo('tracefs', 'tracefs', '/sys/kernel/tracing'),
  pseudo('fusectl', 'fusectl', '/sys/fs/fuse/connections'),
  pseudo('configfs', 'configfs', '/sys/kernel/config'),
  tmpfs('tmpfs', '/run/user/0', TENTH_MEMORY_TMPFS_KIB),
];

const READ_ONLY_PROC = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];
const MASKED_DIRECTORIES = ['/proc/acpi', '/proc/scsi', '/sys/firmware', '/sys/devices/virtual/powercap'];
const MASKED_FILES = ['/proc/kcore', '/proc/keys', '/proc/timer_list'];

export function containerMounts(): Mount[] {
  // /dev/null lives on the container's /dev: the files masked with it are that filesystem.
  const dev = tmpfs('tmpfs', '/dev', CONTAINER_TMPFS_KIB);
  return [
    { source: 'overlay', type: 'overlay', target: '/', size: ROOT_DISK_KIB.size, used: ROOT_DISK_KIB.used, available: ROOT_DISK_KIB.available, device: 'overlay' },
    pseudo('proc', 'proc', '/proc', 'proc'),
    dev,
    pseudo('devpts', 'devpts', '/dev/pts'),
    pseudo('sysfs', 'sysfs', '/sys'),
    pseudo('cgroup', 'cgroup2', '/sys/fs/cgroup'),
    pseudo('mqueue', 'mqueue', '/dev/mqueue'),
    tmpfs('shm', '/dev/shm', CONTAINER_TMPFS_KIB),
    rootDisk('/etc/resolv.conf'),
    rootDisk('/etc/hostname'),
    rootDisk('/etc/hosts'),
    ...READ_ONLY_PROC.map((target) => pseudo('proc', 'proc', target, 'proc')),
    ...MASKED_DIRECTORIES.slice(0, 1).map((target) => tmpfs('tmpfs', target, HALF_MEMORY_TMPFS_KIB)),
    ...MASKED_FILES.map((target) => ({ ...dev, target })),
    ...MASKED_DIRECTORIES.slice(1).map((target) => tmpfs('tmpfs', target, HALF_MEMORY_TMPFS_KIB)),
  ];
}

/** The mount a path is on: the last mounted whose target is the path or one of its parents. */
export function mountOf(mounts: readonly Mount[], path: string): Mount | undefined {
  let best: Mount | undefined;
  for (const mount of mounts) {
    const covers = mount.target === '/' || path === mount.target || path.startsWith(`${mount.target}/`);
    if (covers && (best === undefined || mount.target.length >= best.target.length)) best = mount;
  }
  return best;
}
