/**
 * `df` lays out filesystems as GNU coreutils 9.1 and BusyBox 1.35 do, and lists the mounts a
 * Docker container has (overlay on /, the host disk's binds on /etc/hosts…, tmpfs on /dev…) and
 * the host's, with one set of figures (host-machine.ts) on both sides.
 *
 * Oracle: in a private mount namespace (`unshare -m`) tmpfs filesystems named as a container's
 * (`overlay`, `/dev/sda1`, `shm`, a long device-mapper name) are mounted with chosen sizes and
 * partly filled, plus a proc (no size); this machine's df and busybox df list them, and our
 * tables are made from the very figures statfs(2) reports for them (`stat -f`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { busyboxDfRows, busyboxHeader, gnuDfTable, type DfFormat } from '../../src/shell/commands/df/df.ts';
import type { Mount } from '../../src/shell/commands/df/mounts.ts';
import { dockerCommand } from '../../src/shell/commands/docker/index.ts';
import { layerlabCommands } from '../../src/shell/commands/index.ts';
import { ROOT_DISK_KIB } from '../../src/shell/commands/system/host-machine.ts';
import { containerDaemon } from '../docker/containers-support.ts';
import { FIXED_NOW, runShell } from './support/run-shell.ts';
import { describeWithOracles } from '../support/oracles.ts';

const root = mkdtempSync(join(tmpdir(), 'layerlab-df-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** source, size in KiB, KiB written into it. */
const FILESYSTEMS: [string, number, number][] = [
  ['overlay', ROOT_DISK_KIB.size, 5231588 / 1000],
  ['shm', 65536, 0],
  ['/dev/sda1', 3000, 1500],
  ['/dev/mapper/vg0-a-very-long-root-name', 123456, 77777],
  ['tmpfs', 5120, 12],
  ['tmpfs', 2010092, 30000],
];

const dirs = FILESYSTEMS.map((_, i) => join(root, `m${i}`));
const procDir = join(root, 'proc');
const setup = [
  `mkdir -p ${[...dirs, procDir].join(' ')}`,
  ...FILESYSTEMS.map(([source, size, used], i) => `mount -t tmpfs -o size=${size}k '${source}' ${dirs[i]} && head -c ${Math.round(used) * 1024} /dev/zero > ${dirs[i]}/data`),
  `mount -t proc proc ${procDir}`,
].join(' && ');

/** `script` in the namespace with the filesystems mounted, or undefined where that cannot be done. */
function inNamespace(script: string): string | undefined {
  const run = spawnSync('unshare', ['-m', 'bash', '-c', `${setup} && ${script}`], { encoding: 'utf8' });
  return run.status === 0 ? run.stdout : undefined;
}

/** What statfs says of each filesystem, as df's Mount rows. */
function figures(): Mount[] | undefined {
  const out = inNamespace(`for d in ${[...dirs, procDir].join(' ')}; do stat -f -c '%b %f %a %S %T' $d; done`);
  if (out === undefined) return undefined;
  return out.trim().split('\n').map((line, i) => {
    const [blocks, free, avail, size, type] = line.split(' ') as [string, string, string, string, string];
    const kib = (n: string) => (Number(n) * Number(size)) / 1024;
    const isProc = i === FILESYSTEMS.length;
    return {
      source: isProc ? 'proc' : FILESYSTEMS[i]![0],
      type: type === 'tmpfs' ? 'tmpfs' : 'proc',
      target: isProc ? procDir : dirs[i]!,
      size: kib(blocks),
      used: kib(blocks) - kib(free),
      available: kib(avail),
      device: String(i),
    };
  });
}

const mounts = figures();
const operands = [...dirs, procDir].join(' ');

const format = (flags: string): DfFormat => ({
  all: flags.includes('a'),
  unit: flags.includes('h') ? 'human' : flags.includes('m') ? 'mega' : 'kilo',
  posix: flags.includes('P'),
  type: flags.includes('T'),
});

describeWithOracles(['mount-namespace'], 'df lays out filesystems as GNU coreutils 9.1 does', () => {
  it.each(['', '-h', '-k', '-m', '-T', '-hT', '-P', '-a', '-Tm'])('df %s FILE…', (flags) => {
    const real = inNamespace(`df ${flags} ${operands}`);
    expect(gnuDfTable(mounts!, format(flags))).toBe(real);
  });
});

describeWithOracles(['mount-namespace', 'busybox'], 'busybox df lays out filesystems as BusyBox 1.35 does', () => {
  it.each(['', '-h', '-k', '-m', '-T', '-Th', '-P', '-PT', '-Ph', '-a'])('busybox df %s FILE…', (flags) => {
    const real = inNamespace(`busybox df ${flags} ${operands}`);
    expect(busyboxHeader(format(flags)) + busyboxDfRows(mounts!, format(flags))).toBe(real);
  });
});

describe('df in containers and on the host', () => {
  const shell = (script: string) =>
    runShell(`docker pull -q busybox >/dev/null\ndocker pull -q debian >/dev/null\n${script}`, {
      commands: [dockerCommand(containerDaemon()), ...layerlabCommands({ now: () => FIXED_NOW })],
    });
  const rows = (table: string) => table.trim().split('\n').slice(1).map((line) => line.trim().split(/\s+/));

  it('busybox df shows the overlay root, Docker’s tmpfs and binds, and hides what has no size', async () => {
    const run = await shell('docker run --rm busybox df');
    expect(run.stderr).toBe('');
    const table = rows(run.stdout);
    expect(table.map((r) => r.at(-1))).toEqual([
      '/', '/dev', '/dev/shm', '/etc/resolv.conf', '/etc/hostname', '/etc/hosts',
      '/proc/acpi', '/proc/kcore', '/proc/keys', '/proc/timer_list', '/proc/scsi', '/sys/firmware', '/sys/devices/virtual/powercap',
    ]);
    const disk = [String(ROOT_DISK_KIB.size), String(ROOT_DISK_KIB.used), String(ROOT_DISK_KIB.available)];
    expect(table[0]!.slice(0, 4)).toEqual(['overlay', ...disk]);
    expect(table[3]!.slice(0, 4)).toEqual([ROOT_DISK_KIB.device, ...disk]);
    expect(table[1]!.slice(0, 4)).toEqual(['tmpfs', '65536', '0', '65536']);
    expect(table[2]!.slice(0, 4)).toEqual(['shm', '65536', '0', '65536']);
  });

  it('busybox df -a adds the pseudo filesystems (proc, sysfs, cgroup2…) with no size', async () => {
    const run = await shell('docker run --rm busybox df -aT');
    const table = rows(run.stdout);
    expect(table.find((r) => r.at(-1) === '/proc')).toEqual(['proc', 'proc', '0', '0', '0', '0%', '/proc']);
    expect(table.find((r) => r.at(-1) === '/sys/fs/cgroup')?.slice(0, 2)).toEqual(['cgroup', 'cgroup2']);
  });

  it('GNU df in a Debian container lists one of the three binds of the host disk, and none of /dev’s masks', async () => {
    const run = await shell('docker run --rm debian df');
    expect(rows(run.stdout).map((r) => r.at(-1))).toEqual(['/', '/dev', '/dev/shm', '/etc/hosts', '/proc/acpi', '/proc/scsi', '/sys/firmware', '/sys/devices/virtual/powercap']);
  });

  it('the host’s / and a container’s overlay report the same disk; df FILE names its mount; a missing file fails', async () => {
    const run = await shell('df -h / /tmp\ndocker run --rm busybox df -h / /etc/hosts /nope');
    const [host, container] = run.stdout.split(/(?=Filesystem)/);
    expect(rows(host!).map((r) => [r[0], r[1], r.at(-1)])).toEqual([[ROOT_DISK_KIB.device, '30G', '/'], [ROOT_DISK_KIB.device, '30G', '/']]);
    expect(rows(container!).map((r) => [r[0], r[1], r.at(-1)])).toEqual([['overlay', '29.4G', '/'], [ROOT_DISK_KIB.device, '29.4G', '/etc/hosts']]);
    expect(run.stderr).toBe("df: /nope: can't find mount point\n");
  });
});
