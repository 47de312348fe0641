/**
 * The one machine the page pretends to be — a Debian 12 amd64 host running Docker — in one place,
 * so that `uname`, `docker info`, `free`, `df` and `ps` all tell the same story. Containers share
 * the host's kernel and memory, as they do on Linux.
 */

/** What uname(2) answers (Debian 12's kernel package of late 2024). */
export const KERNEL = {
  name: 'Linux',
  release: '6.1.0-25-amd64',
  version: '#1 SMP PREEMPT_DYNAMIC Debian 6.1.106-3 (2024-08-26)',
  machine: 'x86_64',
  /** What `uname -o` prints for Linux with glibc, and BusyBox too. */
  operatingSystem: 'GNU/Linux',
} as const;

/** /proc/meminfo, in KiB: a 4 GiB machine with a little in use. */
export const MEMORY_KIB = {
  total: 4020188,
  free: 2846316,
  available: 3551452,
  buffers: 60336,
  cached: 704072,
  shared: 1144,
  /** Reclaimable slab, which procps counts as cache. */
  reclaimable: 61120,
  swapTotal: 998396,
  swapFree: 998396,
} as const;

/** The disk /var/lib/docker (and so every container's overlay root) lives on, in 1K blocks. */
export const ROOT_DISK_KIB = {
  device: '/dev/sda1',
  size: 30787492,
  used: 5231588,
  available: 24016528,
} as const;

/** Memory pages are 4 KiB: a tmpfs's size is a whole number of them. */
const PAGE_KIB = 4;
const MEMORY_PAGES = Math.floor(MEMORY_KIB.total / PAGE_KIB);

/** A tmpfs mounted with no `size=` gets half of the memory: /dev/shm, and Docker's masks over /proc/acpi… */
export const HALF_MEMORY_TMPFS_KIB = Math.floor(MEMORY_PAGES / 2) * PAGE_KIB;

/** Debian's /run and a login's /run/user/0 are `size=10%` of the memory. */
export const TENTH_MEMORY_TMPFS_KIB = Math.floor(MEMORY_PAGES / 10) * PAGE_KIB;

/** udev's devtmpfs on /dev: half of the memory the kernel counted at boot, a little less than later. */
export const DEVTMPFS_KIB = 1989972;

/** Docker gives each container a `size=65536k` tmpfs on /dev and another on /dev/shm. */
export const CONTAINER_TMPFS_KIB = 65536;
