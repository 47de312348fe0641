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
