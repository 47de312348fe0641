/**
 * `free`: procps-ng 4.0.2's (Debian 12) on the host and in Debian-like images, BusyBox 1.35's
 * applet in busybox and alpine images, both from host-machine.ts's /proc/meminfo (a container
 * sees the host's memory, as on Linux without a memory limit read through lxcfs).
 *
 * procps: used = total - available; buff/cache = Buffers + Cached + SReclaimable; -h picks the
 * smallest unit that fits 4 characters plus `i` (`3.8Gi`, `457Mi`, `0B`), --si in powers of 1000.
 * BusyBox: used = total - free - buff/cache; -h is libbb's make_human_readable_str (`23.5G`),
 * -k/-m/-g round to nearest.
 */
import { defineCommand, type Command, type ExecResult } from 'just-bash';
import { runsAsBusyboxApplet } from '../../command-context.ts';
import { DEBIAN_BUSYBOX_VERSION } from '../busybox/debian-applets.ts';
import { busyboxHumanSize } from '../shared/human-size.ts';
import { isUsageError, parseGnuOptions, type OptionSpec } from '../shared/getopt.ts';
import { MEMORY_KIB } from '../system/host-machine.ts';

/** The /proc/meminfo fields free reads, in KiB. */
export type Meminfo = { readonly [K in keyof typeof MEMORY_KIB]: number };

export function freeCommand(meminfo: Meminfo = MEMORY_KIB): Command {
  return defineCommand('free', async (args, ctx) => (runsAsBusyboxApplet(ctx) ? busyboxFree(args, meminfo) : procpsFree(args, meminfo)));
}

// ---- procps-ng ----------------------------------------------------------------------------------

const PROCPS_USAGE = `
Usage:
 free [options]

Options:
 -b, --bytes         show output in bytes
     --kilo          show output in kilobytes
     --mega          show output in megabytes
     --giga          show output in gigabytes
     --tera          show output in terabytes
     --peta          show output in petabytes
 -k, --kibi          show output in kibibytes
 -m, --mebi          show output in mebibytes
 -g, --gibi          show output in gibibytes
     --tebi          show output in tebibytes
     --pebi          show output in pebibytes
 -h, --human         show human-readable output
     --si            use powers of 1000 not 1024
 -l, --lohi          show detailed low and high memory statistics
 -t, --total         show total for RAM + swap
 -v, --committed     show committed memory and commit limit
 -s N, --seconds N   repeat printing every N seconds
 -c N, --count N     repeat printing N times, then exit
 -w, --wide          wide output

     --help     display this help and exit
 -V, --version  output version information and exit

For more details see free(1).
`;

/** Each unit option: the power of the base it divides bytes by (procps' exponent − 1), and whether it is SI. */
const UNITS: { key: string; short?: string; long: string; power: number; si: boolean }[] = [
  { key: 'bytes', short: 'b', long: 'bytes', power: 0, si: false },
  { key: 'kilo', long: 'kilo', power: 1, si: true },
  { key: 'mega', long: 'mega', power: 2, si: true },
  { key: 'giga', long: 'giga', power: 3, si: true },
  { key: 'tera', long: 'tera', power: 4, si: true },
  { key: 'peta', long: 'peta', power: 5, si: true },
  { key: 'kibi', short: 'k', long: 'kibi', power: 1, si: false },
  { key: 'mebi', short: 'm', long: 'mebi', power: 2, si: false },
  { key: 'gibi', short: 'g', long: 'gibi', power: 3, si: false },
  { key: 'tebi', long: 'tebi', power: 4, si: false },
  { key: 'pebi', long: 'pebi', power: 5, si: false },
];

const PROCPS_OPTIONS: OptionSpec[] = [
  ...UNITS.map(({ key, short, long }) => ({ key, long, ...(short ? { short } : {}) })),
  { key: 'human', short: 'h', long: 'human' },
  { key: 'si', long: 'si' },
  { key: 'total', short: 't', long: 'total' },
  { key: 'wide', short: 'w', long: 'wide' },
  { key: 'help', long: 'help' },
  { key: 'version', short: 'V', long: 'version' },
];

function procpsFree(args: readonly string[], m: Meminfo): ExecResult {
  const parsed = parseGnuOptions('free', args, PROCPS_OPTIONS, 1);
  if (isUsageError(parsed)) return { ...parsed, stderr: parsed.stderr.replace(/Try 'free --help' for more information\.\n$/, PROCPS_USAGE) };
  if (parsed.operands.length > 0) return { stdout: '', stderr: PROCPS_USAGE, exitCode: 1 };
  const keys = parsed.options.map((o) => o.key);
  if (keys.includes('help')) return { stdout: PROCPS_USAGE, stderr: '', exitCode: 0 };
  if (keys.includes('version')) return { stdout: 'free from procps-ng 4.0.2\n', stderr: '', exitCode: 0 };
  const unit = UNITS.filter((u) => keys.includes(u.key)).pop();
  const human = keys.includes('human');
  const si = keys.includes('si') || (unit?.si ?? false);
  const show = (kib: number) => (human ? procpsHuman(kib, si) : unit === undefined ? String(kib) : String(Math.floor((kib * 1024) / (si ? 1000 : 1024) ** unit.power)));
  const row = (label: string, values: number[]) => label.padEnd(9) + values.map((v, i) => (i === 0 ? '' : ' ') + show(v).padStart(11)).join('') + '\n';
  const wide = keys.includes('wide');
  const used = m.total - m.available;
  const cache = m.cached + m.reclaimable;
  let out = wide
    ? '               total        used        free      shared     buffers       cache   available\n' +
      row('Mem:', [m.total, used, m.free, m.shared, m.buffers, cache, m.available])
    : '               total        used        free      shared  buff/cache   available\n' +
      row('Mem:', [m.total, used, m.free, m.shared, m.buffers + cache, m.available]);
  const swapUsed = m.swapTotal - m.swapFree;
  out += row('Swap:', [m.swapTotal, swapUsed, m.swapFree]);
  if (keys.includes('total')) out += row('Total:', [m.total + m.swapTotal, used + swapUsed, m.free + m.swapFree]);
  return { stdout: out, stderr: '', exitCode: 0 };
}

const PROCPS_LETTERS = 'BKMGTPE';

/** procps' scale_size for -h: the first of `%.1f` or `%ld` in each unit that is short enough. */
function procpsHuman(kib: number, si: boolean): string {
  const bytes = kib * 1024;
  if (`${bytes}B`.length <= 4) return `${bytes}B`;
  const base = si ? 1000 : 1024;
  const suffix = si ? '' : 'i';
  const limit = si ? 4 : 5;
  for (let i = 1; i < PROCPS_LETTERS.length; i++) {
    // scale_size divides in double and keeps a float.
    const value = Math.fround(bytes / base ** i);
    const oneDecimal = `${printfOneDecimal(value)}${PROCPS_LETTERS[i]}${suffix}`;
    if (oneDecimal.length <= limit) return oneDecimal;
    const whole = `${Math.trunc(value)}${PROCPS_LETTERS[i]}${suffix}`;
    if (whole.length <= limit) return whole;
  }
  return `${bytes}B`;
}

/** printf's `%.1f`: the exact binary value rounded, an exact tie to even. */
function printfOneDecimal(value: number): string {
  const tenths = value * 10;
  const floor = Math.floor(tenths);
  const rounded = tenths - floor === 0.5 ? (floor % 2 === 0 ? floor : floor + 1) : Math.round(tenths);
  return (rounded / 10).toFixed(1);
}

// ---- BusyBox ------------------------------------------------------------------------------------

const BUSYBOX_USAGE = `BusyBox ${DEBIAN_BUSYBOX_VERSION} multi-call binary.

Usage: free [-bkmgh]

Display free and used memory
`;

function busyboxFree(args: readonly string[], m: Meminfo): ExecResult {
  /** make_human_readable_str's display unit in bytes, or 0 for -h. */
  let unit = 1024;
  for (const arg of args) {
    if (!arg.startsWith('-') || arg === '-') continue;
    if (arg === '--help') return { stdout: '', stderr: BUSYBOX_USAGE, exitCode: 0 };
    for (const letter of arg.slice(1)) {
      const chosen = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, h: 0 }[letter];
      if (chosen === undefined) return { stdout: '', stderr: `free: invalid option -- '${letter}'\n${BUSYBOX_USAGE}`, exitCode: 1 };
      unit = chosen;
    }
  }
  const show = (kib: number) => (unit === 0 ? busyboxHumanSize(kib * 1024, 1) : String(Math.floor((kib * 1024 + Math.floor(unit / 2)) / unit)));
  const row = (label: string, values: number[]) => label.padEnd(7) + values.map((v) => show(v).padStart(12)).join('') + '\n';
  const cache = m.buffers + m.cached + m.reclaimable;
  return {
    stdout:
      '              total        used        free      shared  buff/cache   available\n' +
      row('Mem:', [m.total, m.total - m.free - cache, m.free, m.shared, cache, m.available]) +
      row('Swap:', [m.swapTotal, m.swapTotal - m.swapFree, m.swapFree]),
    stderr: '',
    exitCode: 0,
  };
}
