/**
 * A container's /proc (procfs in its own PID namespace): one directory per process of the
 * container (cmdline, comm, environ, status, cwd, root, fd/, mounts), `self` naming the process
 * that looks, and the kernel's files, which a container shares with the host: version, uptime,
 * meminfo, cpuinfo, loadavg, filesystems, mounts (→ self/mounts), sys/kernel/. Contents are made
 * when read, as the kernel makes them; stat sizes are 0, as procfs reports them.
 *
 * What moby's default spec does to /proc is here too: /proc/sys and /proc/sysrq-trigger are
 * remounted read-only (writes fail with EROFS), /proc/acpi is hidden under an empty tmpfs and
 * /proc/kcore, /proc/keys and /proc/timer_list under /dev/null (the device, 1,3). Creating a
 * file in /proc fails with EACCES, as procfs has no create operation.
 */
import type { FsErrorCode } from '../../engine/errors.ts';
import type { OverlayFs } from '../../engine/overlay/overlay-fs.ts';
import type { Mount } from '../commands/df/mounts.ts';
import { KERNEL, MEMORY_KIB } from '../commands/system/host-machine.ts';
import type { ContainerProcess } from './process.ts';
import { directory, entries, symlink, syntheticFs, textFile, type SyntheticNode } from './synthetic-fs.ts';

export interface ProcSource {
  /** The container's processes now, by PID. */
  processes(): readonly ContainerProcess[];
  /** The environment a process of the container starts with. */
  environment(): Record<string, string>;
  /** The working directory of its processes. */
  workingDir(): string;
  /** The mount table (df's, in /proc/mounts order) and the container's ID (for the overlay's paths). */
  mounts(): readonly Mount[];
  containerId: string;
  /** Milliseconds: now, and when the host booted. */
  now(): number;
  bootedAt: number;
}

/** What `cat /proc/version` prints on the host's kernel (Debian 12's). */
export const PROC_VERSION = `${KERNEL.name} version ${KERNEL.release} (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) ${KERNEL.version}\n`;

/** Paths (in /proc) moby remounts read-only (oci/defaults.go ReadonlyPaths). */
const READ_ONLY = ['/sys', '/sysrq-trigger', '/bus', '/fs', '/irq'];

/** The host's two CPUs (a small cloud VM). */
const CPU_COUNT = 2;

export function procFilesystem(source: ProcSource): OverlayFs {
  const seconds = () => Math.floor(source.now() / 1000);
  const self = () => String(source.processes().at(-1)?.pid ?? 1);
  const perProcess = (p: ContainerProcess): SyntheticNode => processDirectory(p, source);
  const nullDevice: SyntheticNode = { type: 'chardev', mode: 0o666, devmajor: 1, devminor: 3 };
  const root = directory(0o555, () =>
    entries([
      ...source.processes().map((p) => [String(p.pid), perProcess(p)] as const),
      ['acpi', directory(0o555, () => entries([]))],
      ['cmdline', textFile(0o444, () => `BOOT_IMAGE=/boot/vmlinuz-${KERNEL.release} root=UUID=3b6e3c8e-4f0e-4c3e-9a55-52f8f5a3c2d1 ro quiet\n`)],
      ['cpuinfo', textFile(0o444, cpuinfo)],
      ['filesystems', textFile(0o444, filesystems)],
      ['kcore', nullDevice],
      ['keys', nullDevice],
      ['loadavg', textFile(0o444, () => `0.00 0.00 0.00 1/${source.processes().length + 180} ${source.processes().at(-1)?.hostPid ?? 1}\n`)],
      ['meminfo', textFile(0o444, meminfo)],
      ['mounts', symlink(() => 'self/mounts')],
      ['self', symlink(self)],
      ['sys', directory(0o555, () => entries([['kernel', directory(0o555, () => kernelSysctls(source))]]))],
      ['sysrq-trigger', { type: 'file', mode: 0o200, content: () => '' }],
      ['thread-self', symlink(() => `${self()}/task/${self()}`)],
      ['timer_list', nullDevice],
      ['uptime', textFile(0o444, () => uptime(source))],
      ['version', textFile(0o444, () => PROC_VERSION)],
    ]),
  );
  const writeError = (path: string): FsErrorCode => (READ_ONLY.some((p) => path === p || path.startsWith(`${p}/`)) || path === '/acpi' || path.startsWith('/acpi/') ? 'EROFS' : 'EACCES');
  return syntheticFs({ root, mtime: seconds, writeError });
}

function processDirectory(p: ContainerProcess, source: ProcSource): SyntheticNode {
  const argv = p.placement?.argv ?? ['sh'];
  const comm = commOf(argv);
  const fdLinks = entries([
    ['0', symlink(() => '/dev/null')],
    ['1', symlink(() => `pipe:[${40000 + p.hostPid}]`)],
    ['2', symlink(() => `pipe:[${40001 + p.hostPid}]`)],
  ]);
  return {
    type: 'directory',
    mode: 0o555,
    uid: p.user.uid,
    gid: p.user.gid,
    children: () =>
      entries([
        ['cmdline', textFile(0o444, () => argv.map((a) => `${a}\0`).join(''))],
        ['comm', textFile(0o644, () => `${comm}\n`)],
        ['cwd', symlink(() => source.workingDir() || '/')],
        ['environ', textFile(0o400, () => Object.entries(source.environment()).map(([k, v]) => `${k}=${v}\0`).join(''))],
        ['exe', symlink(() => p.exe ?? argv[0] ?? '/')],
        ['fd', directory(0o500, () => fdLinks)],
        ['mounts', textFile(0o444, () => mountTable(source))],
        ['root', symlink(() => '/')],
        ['status', textFile(0o444, () => status(p, comm))],
        ['task', directory(0o555, () => entries([[String(p.pid), directory(0o555, () => entries([['comm', textFile(0o644, () => `${comm}\n`)]]))]]))],
      ]),
  };
}

function commOf(argv: readonly string[]): string {
  const first = argv[0] ?? '';
  return first.slice(first.lastIndexOf('/') + 1).slice(0, 15);
}

/** fs/proc/array.c's proc_pid_status, for a process of a container with Docker's default capabilities. */
function status(p: ContainerProcess, comm: string): string {
  const { uid, gid } = p.user;
  const ppid = p.parentPid;
  const lines = [
    ['Name', comm],
    ['Umask', '0022'],
    ['State', 'R (running)'],
    ['Tgid', p.pid],
    ['Ngid', 0],
    ['Pid', p.pid],
    ['PPid', ppid],
    ['TracerPid', 0],
    ['Uid', `${uid}\t${uid}\t${uid}\t${uid}`],
    ['Gid', `${gid}\t${gid}\t${gid}\t${gid}`],
    ['FDSize', 64],
    ['Groups', uid === 0 ? '0 1 2 3 4 6 10 11 20 26 27 ' : ''],
    ['NStgid', p.pid],
    ['NSpid', p.pid],
    ['NSpgid', p.pid],
    ['NSsid', p.pid],
    ['VmPeak', '    1292 kB'],
    ['VmSize', '    1292 kB'],
    ['VmLck', '       0 kB'],
    ['VmPin', '       0 kB'],
    ['VmHWM', '       4 kB'],
    ['VmRSS', '       4 kB'],
    ['RssAnon', '       0 kB'],
    ['RssFile', '       4 kB'],
    ['RssShmem', '       0 kB'],
    ['VmData', '      88 kB'],
    ['VmStk', '     132 kB'],
    ['VmExe', '     904 kB'],
    ['VmLib', '       8 kB'],
    ['VmPTE', '      40 kB'],
    ['VmSwap', '       0 kB'],
    ['HugetlbPages', '       0 kB'],
    ['CoreDumping', 0],
    ['THP_enabled', 1],
    ['Threads', 1],
    ['SigQ', '0/15577'],
    ['SigPnd', '0000000000000000'],
    ['ShdPnd', '0000000000000000'],
    ['SigBlk', '0000000000000000'],
    ['SigIgn', '0000000000000000'],
    ['SigCgt', '0000000000000000'],
    ['CapInh', '0000000000000000'],
    // Docker's default capability set (CHOWN DAC_OVERRIDE FOWNER FSETID KILL SETGID SETUID SETPCAP
    // NET_BIND_SERVICE NET_RAW SYS_CHROOT MKNOD AUDIT_WRITE SETFCAP); a non-root user has none effective.
    ['CapPrm', uid === 0 ? '00000000a80425fb' : '0000000000000000'],
    ['CapEff', uid === 0 ? '00000000a80425fb' : '0000000000000000'],
    ['CapBnd', '00000000a80425fb'],
    ['CapAmb', '0000000000000000'],
    ['NoNewPrivs', 0],
    ['Seccomp', 2],
    ['Seccomp_filters', 1],
    ['Speculation_Store_Bypass', 'thread force mitigated'],
    ['SpeculationIndirectBranch', 'conditional force disabled'],
    ['Cpus_allowed', '3'],
    ['Cpus_allowed_list', '0-1'],
    ['Mems_allowed', '00000000,00000001'],
    ['Mems_allowed_list', '0'],
    ['voluntary_ctxt_switches', 1],
    ['nonvoluntary_ctxt_switches', 0],
  ] as const;
  return lines.map(([key, value]) => `${key}:\t${value}\n`).join('');
}

/** fs/proc/meminfo.c: each label padded to 16 columns, the value to 8, in kB. */
function meminfo(): string {
  const m = MEMORY_KIB;
  const rows: [string, number][] = [
    ['MemTotal', m.total],
    ['MemFree', m.free],
    ['MemAvailable', m.available],
    ['Buffers', m.buffers],
    ['Cached', m.cached],
    ['SwapCached', 0],
    ['Shmem', m.shared],
    ['SReclaimable', m.reclaimable],
    ['SwapTotal', m.swapTotal],
    ['SwapFree', m.swapFree],
  ];
  return rows.map(([label, kib]) => `${`${label}:`.padEnd(16)}${String(kib).padStart(8)} kB\n`).join('');
}

/** arch/x86/kernel/cpu/proc.c's show_cpuinfo, for each of the host's CPUs. */
function cpuinfo(): string {
  let out = '';
  for (let cpu = 0; cpu < CPU_COUNT; cpu++) {
    const fields: [string, string | number][] = [
      ['processor', cpu],
      ['vendor_id', 'GenuineIntel'],
      ['cpu family', 6],
      ['model', 85],
      ['model name', 'Intel(R) Xeon(R) CPU @ 2.20GHz'],
      ['stepping', 7],
      ['cpu MHz', '2200.000'],
      ['cache size', '39424 KB'],
      ['physical id', 0],
      ['siblings', CPU_COUNT],
      ['core id', cpu],
      ['cpu cores', CPU_COUNT],
      ['apicid', cpu],
      ['fpu', 'yes'],
      ['fpu_exception', 'yes'],
      ['cpuid level', 13],
      ['wp', 'yes'],
      ['flags', 'fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ss ht syscall nx pdpe1gb rdtscp lm constant_tsc rep_good nopl xtopology nonstop_tsc cpuid tsc_known_freq pni pclmulqdq ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt aes xsave avx f16c rdrand hypervisor lahf_lm abm 3dnowprefetch fsgsbase tsc_adjust bmi1 hle avx2 smep bmi2 erms invpcid rtm avx512f avx512dq rdseed adx smap clflushopt clwb avx512cd avx512bw avx512vl xsaveopt xsavec xgetbv1 xsaves arat avx512_vnni md_clear arch_capabilities'],
      ['bogomips', '4400.00'],
      ['clflush size', 64],
      ['cache_alignment', 64],
      ['address sizes', '46 bits physical, 48 bits virtual'],
      ['power management', ''],
    ];
    // Names shorter than 8 columns take two tabs, as the kernel's format strings have them.
    out += fields.map(([name, value]) => `${name}${name.length < 8 ? '\t\t' : '\t'}: ${value}`.replace(/ $/, '') + '\n').join('') + '\n';
  }
  return out;
}

function filesystems(): string {
  const nodev = ['sysfs', 'tmpfs', 'bdev', 'proc', 'cgroup', 'cgroup2', 'cpuset', 'devtmpfs', 'binfmt_misc', 'debugfs', 'tracefs', 'securityfs', 'sockfs', 'bpf', 'pipefs', 'ramfs', 'hugetlbfs', 'devpts', 'mqueue', 'pstore', 'autofs', 'overlay'];
  return `${nodev.map((name) => `nodev\t${name}\n`).join('')}\text4\n\text3\n\text2\n\tvfat\n`;
}

function uptime(source: ProcSource): string {
  const up = Math.max(0, source.now() - source.bootedAt) / 1000;
  // Two CPUs, nearly always idle.
  return `${up.toFixed(2)} ${(up * CPU_COUNT * 0.98).toFixed(2)}\n`;
}

function kernelSysctls(source: ProcSource): ReadonlyMap<string, SyntheticNode> {
  const hostname = source.environment().HOSTNAME ?? '';
  return entries([
    ['hostname', textFile(0o644, () => `${hostname}\n`)],
    ['osrelease', textFile(0o444, () => `${KERNEL.release}\n`)],
    ['ostype', textFile(0o444, () => `${KERNEL.name}\n`)],
    ['version', textFile(0o444, () => `${KERNEL.version}\n`)],
  ]);
}

/** The mount options each of the container's mounts shows in /proc/mounts (runc on Linux 6.1). */
function mountOptions(mount: Mount, containerId: string): string {
  const dir = `/var/lib/docker/overlay2/${containerId}`;
  if (mount.type === 'overlay') return `rw,relatime,lowerdir=${dir}-init/diff,upperdir=${dir}/diff,workdir=${dir}/work`;
  if (mount.target.startsWith('/etc/')) return 'rw,relatime';
  if (mount.type === 'proc') return `${mount.target === '/proc' ? 'rw' : 'ro'},nosuid,nodev,noexec,relatime`;
  if (mount.type === 'devpts') return 'rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=666';
  if (mount.type === 'sysfs') return 'ro,nosuid,nodev,noexec,relatime';
  if (mount.type === 'cgroup2') return 'ro,nosuid,nodev,noexec,relatime,nsdelegate,memory_recursiveprot';
  if (mount.type === 'mqueue') return 'rw,nosuid,nodev,noexec,relatime';
  if (mount.target === '/dev/shm') return 'rw,nosuid,nodev,noexec,relatime,size=65536k,inode64';
  if (mount.target === '/dev' || mount.source === 'tmpfs' && mount.size === 65536) return 'rw,nosuid,size=65536k,mode=755,inode64';
  return 'ro,relatime,inode64';
}

function mountTable(source: ProcSource): string {
  return source
    .mounts()
    .map((m) => `${m.source} ${m.target} ${m.type} ${mountOptions(m, source.containerId)} 0 0\n`)
    .join('');
}
