/**
 * A container's /sys: sysfs, mounted read-only (the container is not privileged), so every
 * write fails with EROFS. Small: the top-level directories a real one lists, the CPUs online,
 * and the container's own cgroup (cgroup v2 at /sys/fs/cgroup, read-only too) with the limits
 * `docker run` leaves at "max". Attributes report size 4096, as sysfs does.
 */
import type { OverlayFs } from '../../engine/overlay/overlay-fs.ts';
import { directory, entries, syntheticFs, textFile, type SyntheticNode } from './synthetic-fs.ts';

const attribute = (text: string, mode = 0o444): SyntheticNode => ({ ...textFile(mode, () => text), size: 4096 });
const dir = (list: readonly (readonly [string, SyntheticNode])[] = []): SyntheticNode => directory(0o755, () => entries(list));

/** The cgroup v2 interface files of a container's cgroup with no limits set. */
const CGROUP: readonly (readonly [string, SyntheticNode])[] = [
  ['cgroup.controllers', attribute('cpuset cpu io memory hugetlb pids rdma misc\n')],
  ['cgroup.max.depth', attribute('max\n', 0o644)],
  ['cgroup.type', attribute('domain\n', 0o644)],
  ['cpu.max', attribute('max 100000\n', 0o644)],
  ['cpu.weight', attribute('100\n', 0o644)],
  ['memory.max', attribute('max\n', 0o644)],
  ['memory.swap.max', attribute('max\n', 0o644)],
  ['pids.max', attribute('max\n', 0o644)],
];

export function sysFilesystem(now: () => number): OverlayFs {
  const root = directory(0o555, () => entries([
    ['block', dir()],
    ['bus', dir()],
    ['class', dir()],
    ['dev', dir([['block', dir()], ['char', dir()]])],
    ['devices', dir([['system', dir([['cpu', dir([['online', attribute('0-1\n')], ['possible', attribute('0-1\n')]])]])]])],
    ['firmware', dir()],
    ['fs', dir([['cgroup', dir(CGROUP)]])],
    ['kernel', dir()],
    ['module', dir()],
    ['power', dir()],
  ]));
  return syntheticFs({ root, mtime: () => Math.floor(now() / 1000), writeError: () => 'EROFS' });
}
