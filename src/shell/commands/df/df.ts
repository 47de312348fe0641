/**
 * `df`: GNU coreutils 9.1's on the host and in Debian-like images, BusyBox 1.35's applet in
 * busybox and alpine images, over the mount table of mounts.ts (the host's, or a container's).
 *
 * GNU: columns as wide as their widest cell (Filesystem at least 14, numbers 5, Use% 4), sizes
 * rounded up, Use% = used / (used + available) rounded up; without -a, filesystems of no size
 * are left out and of several mounts of one filesystem only one is listed (a real device name
 * first, else the shortest mount point: a container's /etc/hosts stands for its three binds).
 * BusyBox: fixed printf columns (`%-20s`, ` %9s`), a device name longer than 20 on a line of
 * its own, Use% rounded to nearest, and every mount with a size, binds included.
 */
import { defineCommand, type Command, type CommandContext, type ExecResult } from 'just-bash';
import { overlayOf, runsAsBusyboxApplet } from '../../command-context.ts';
import { processOf } from '../../container/process.ts';
import { DEBIAN_BUSYBOX_VERSION } from '../busybox/debian-applets.ts';
import { busyboxHumanSize, gnuHumanSize } from '../shared/human-size.ts';
import { isUsageError, parseGnuOptions, type OptionSpec } from '../shared/getopt.ts';
import { containerMounts, HOST_MOUNTS, mountOf, type Mount } from './mounts.ts';

export function dfCommand(): Command {
  return defineCommand('df', async (args, ctx) => {
    const mounts = processOf(ctx) === undefined ? HOST_MOUNTS : containerMounts();
    return runsAsBusyboxApplet(ctx) ? busyboxDf(args, ctx, mounts) : gnuDf(args, ctx, mounts);
  });
}

// ---- GNU coreutils ------------------------------------------------------------------------------

const GNU_OPTIONS: OptionSpec[] = [
  { key: 'all', short: 'a', long: 'all' },
  { key: 'human', short: 'h', long: 'human-readable' },
  { key: 'kilo', short: 'k' },
  { key: 'mega', short: 'm' },
  { key: 'posix', short: 'P', long: 'portability' },
  { key: 'type', short: 'T', long: 'print-type' },
];

export interface DfFormat {
  all: boolean;
  /** 1K blocks, 1M blocks, or human-readable sizes. */
  unit: 'kilo' | 'mega' | 'human';
  posix: boolean;
  type: boolean;
}

function gnuDf(args: readonly string[], ctx: CommandContext, mounts: readonly Mount[]): ExecResult {
  const parsed = parseGnuOptions('df', args, GNU_OPTIONS, 1);
  if (isUsageError(parsed)) return parsed;
  const keys = parsed.options.map((o) => o.key);
  const format: DfFormat = {
    all: keys.includes('all'),
    unit: (keys.filter((k) => k === 'human' || k === 'kilo' || k === 'mega').pop() as DfFormat['unit'] | undefined) ?? 'kilo',
    posix: keys.includes('posix'),
    type: keys.includes('type'),
  };
  if (parsed.operands.length === 0) return { stdout: gnuDfTable(listedByGnu(mounts, format.all), format), stderr: '', exitCode: 0 };
  const { rows, errors } = mountsOfOperands(ctx, mounts, parsed.operands);
  const stderr = errors.map((name) => `df: ${name}: No such file or directory\n`).join('');
  return { stdout: rows.length > 0 ? gnuDfTable(rows, format) : '', stderr, exitCode: errors.length > 0 ? 1 : 0 };
}

/** What GNU df lists with no operand (coreutils' filter_mount_list). */
function listedByGnu(mounts: readonly Mount[], all: boolean): Mount[] {
  if (all) return [...mounts];
  const kept: Mount[] = [];
  const slotOf = new Map<string, number>();
  for (const mount of mounts) {
    if (mount.size === 0) continue;
    const slot = slotOf.get(mount.device);
    if (slot === undefined) {
      slotOf.set(mount.device, kept.push(mount) - 1);
      continue;
    }
    const seen = kept[slot]!;
    const better =
      (mount.source.includes('/') && !seen.source.includes('/')) ||
      seen.target.length > mount.target.length ||
      (seen.source !== mount.source && seen.target === mount.target);
    if (better) kept[slot] = mount;
  }
  return kept;
}

/** GNU df's table: each column as wide as its widest cell, the last one not padded. */
export function gnuDfTable(mounts: readonly Mount[], format: DfFormat): string {
  const human = format.unit === 'human';
  const sizeHeader = human ? 'Size' : format.posix ? (format.unit === 'mega' ? '1048576-blocks' : '1024-blocks') : format.unit === 'mega' ? '1M-blocks' : '1K-blocks';
  const columns: { header: string; min: number; left: boolean; cell: (m: Mount) => string }[] = [
    { header: 'Filesystem', min: 14, left: true, cell: (m) => m.source },
    ...(format.type ? [{ header: 'Type', min: 4, left: true, cell: (m: Mount) => m.type }] : []),
    { header: sizeHeader, min: 5, left: false, cell: (m) => gnuAmount(m.size, format.unit) },
    { header: 'Used', min: 5, left: false, cell: (m) => gnuAmount(m.used, format.unit) },
    { header: human ? 'Avail' : 'Available', min: 5, left: false, cell: (m) => gnuAmount(m.available, format.unit) },
    { header: format.posix ? 'Capacity' : 'Use%', min: 4, left: false, cell: (m) => gnuPercent(m) },
    { header: 'Mounted on', min: 0, left: true, cell: (m) => m.target },
  ];
  const table = [columns.map((c) => c.header), ...mounts.map((m) => columns.map((c) => c.cell(m)))];
  const widths = columns.map((c, i) => Math.max(c.min, ...table.map((row) => row[i]!.length)));
  const last = columns.length - 1;
  return table
    .map((row) => row.map((cell, i) => (i === last ? cell : columns[i]!.left ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(' ') + '\n')
    .join('');
}

function gnuAmount(kib: number, unit: DfFormat['unit']): string {
  if (unit === 'human') return gnuHumanSize(kib * 1024);
  return String(unit === 'mega' ? Math.ceil(kib / 1024) : kib);
}

function gnuPercent(m: Mount): string {
  const total = m.used + m.available;
  return total === 0 ? '-' : `${Math.ceil((m.used * 100) / total)}%`;
}

// ---- BusyBox ------------------------------------------------------------------------------------

const BUSYBOX_USAGE = `BusyBox ${DEBIAN_BUSYBOX_VERSION} multi-call binary.

Usage: df [-PkmhTai] [-B SIZE] [-t TYPE] [FILESYSTEM]...

Print filesystem usage statistics

\t-P\tPOSIX output format
\t-k\t1024-byte blocks (default)
\t-m\t1M-byte blocks
\t-h\tHuman readable (e.g. 1K 243M 2G)
\t-T\tPrint filesystem type
\t-t TYPE\tPrint only mounts of this type
\t-a\tShow all filesystems
\t-i\tInodes
\t-B SIZE\tBlocksize
`;

function busyboxDf(args: readonly string[], ctx: CommandContext, mounts: readonly Mount[]): ExecResult {
  const format: DfFormat = { all: false, unit: 'kilo', posix: false, type: false };
  const operands: string[] = [];
  let onlyType: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--help') return { stdout: '', stderr: BUSYBOX_USAGE, exitCode: 0 };
    if (!arg.startsWith('-') || arg === '-') {
      operands.push(arg);
      continue;
    }
    for (let j = 1; j < arg.length; j++) {
      const letter = arg[j]!;
      if (letter === 'a') format.all = true;
      else if (letter === 'P') format.posix = true;
      else if (letter === 'T') format.type = true;
      else if (letter === 'k') format.unit = 'kilo';
      else if (letter === 'm') format.unit = 'mega';
      else if (letter === 'h') format.unit = 'human';
      else if (letter === 't') {
        onlyType = arg.slice(j + 1) || args[++i];
        if (onlyType === undefined) return { stdout: '', stderr: `df: option requires an argument -- 't'\n${BUSYBOX_USAGE}`, exitCode: 1 };
        break;
      } else return { stdout: '', stderr: `df: invalid option -- '${letter}'\n${BUSYBOX_USAGE}`, exitCode: 1 };
    }
  }
  let stdout = busyboxHeader(format);
  let stderr = '';
  if (operands.length === 0) {
    const listed = mounts.filter((m) => (m.size > 0 || format.all) && (onlyType === undefined || m.type === onlyType));
    return { stdout: stdout + busyboxDfRows(listed, format), stderr: '', exitCode: 0 };
  }
  const { rows, errors } = mountsOfOperands(ctx, mounts, operands);
  stdout += busyboxDfRows(rows, format);
  for (const name of errors) stderr += `df: ${name}: can't find mount point\n`;
  return { stdout, stderr, exitCode: errors.length > 0 ? 1 : 0 };
}

export function busyboxHeader(format: DfFormat): string {
  const units = format.unit === 'human' ? '     Size' : format.posix ? '1024-blocks' : format.unit === 'mega' ? '1M-blocks' : '1K-blocks';
  return `Filesystem           ${format.type ? 'Type       ' : ''}${units.padEnd(15)}Used Available ${format.posix ? 'Capacity' : 'Use%'} Mounted on\n`;
}

/** coreutils/df.c's rows: `%-20s` (a longer name on a line of its own), ` %-10s` type, ` %9s` numbers. */
export function busyboxDfRows(mounts: readonly Mount[], format: DfFormat): string {
  let out = '';
  for (const m of mounts) {
    if (m.source.length <= 20) out += m.source.padEnd(20);
    else if (format.posix) out += m.source + ' '.repeat(m.source.length - 20);
    else out += `${m.source}\n${' '.repeat(20)}`;
    if (format.type) out += ` ${m.type.padEnd(10)}`;
    const total = m.used + m.available;
    const percent = total === 0 ? 0 : Math.floor((m.used * 100 + Math.floor(total / 2)) / total);
    const amount = (kib: number) => (format.unit === 'human' ? busyboxHumanSize(kib * 1024, 1) : String(format.unit === 'mega' ? Math.floor((kib + 512) / 1024) : kib));
    out += ` ${amount(m.size).padStart(9)} ${amount(m.used).padStart(9)} ${amount(m.available).padStart(9)} ${String(percent).padStart(3)}% ${m.target}\n`;
  }
  return out;
}

// ---- operands -----------------------------------------------------------------------------------

/** The mount of each FILE operand; operands that do not exist are errors (named as given). */
function mountsOfOperands(ctx: CommandContext, mounts: readonly Mount[], operands: readonly string[]): { rows: Mount[]; errors: string[] } {
  const overlay = overlayOf(ctx);
  const rows: Mount[] = [];
  const errors: string[] = [];
  for (const operand of operands) {
    const path = ctx.fs.resolvePath(ctx.cwd, operand);
    const mount = mountOf(mounts, path);
    // Pseudo filesystems (/proc, /sys) are not in the image's files; what is under them exists.
    const onPseudo = mount !== undefined && mount.target !== '/';
    if (mount === undefined || (!onPseudo && !overlay.exists(path))) errors.push(operand);
    else rows.push(mount);
  }
  return { rows, errors };
}
