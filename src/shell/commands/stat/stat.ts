/**
 * `stat`, as GNU coreutils 9.1 prints it: the default multi-line format, `-t` (terse),
 * `-c/--format` (newline added) and `--printf` (backslash escapes, no newline), `-L` to follow
 * symlinks. Directives: %a %A %b %B %d %D %f %F %g %G %h %i %m %n %N %o %s %t %T %u %U %w %W
 * %x %X %y %Y %z %Z %% with printf flags, width and precision (`%-10s`, `%04a`, `%10.10A`) and
 * the %H/%L prefixes (`%Hd`, `%Lr`).
 *
 * What the layers do not record is filled in as on ext4 (see ../shared/ext4-estimates.ts): the device is 0,0,
 * inodes are stable fakes, access and change times equal the modification time, birth is
 * unknown (`-`, 0).
 */
import { defineCommand, type Command } from 'just-bash';
import type { FileStat } from '../../../engine/overlay/file-stat.ts';
import type { OverlayFs } from '../../../engine/overlay/overlay-fs.ts';
import { overlayOf, runsAsBusyboxApplet } from '../../command-context.ts';
import { BUSYBOX_TERSE, busyboxCannotStat, busyboxStatFormat } from './busybox-stat.ts';
import { Accounts } from '../shared/accounts.ts';
import { strerror } from '../shared/errno-text.ts';
import { apparentSize, blocks512, BLOCK_BYTES, inodeNumber, fileModeString, fileTypeBits, linkCount } from '../shared/ext4-estimates.ts';
import { quoteaf } from '../shared/gnu-quote.ts';
import { fullTime } from '../shared/time-format.ts';
import { isUsageError, parseGnuOptions, usageError, type OptionSpec } from '../shared/getopt.ts';

const OPTIONS: OptionSpec[] = [
  { key: 'dereference', short: 'L', long: 'dereference' },
  { key: 'format', short: 'c', long: 'format', value: 'required' },
  { key: 'printf', long: 'printf', value: 'required' },
  { key: 'terse', short: 't', long: 'terse' },
];

const DEFAULT_HEAD = '  File: %N\n  Size: %-10s\tBlocks: %-10b IO Block: %-6o %F\n';
const DEFAULT_DEVICE_LINE = 'Device: %Hd,%Ld\tInode: %-10i  Links: %h\n';
const DEFAULT_DEVICE_LINE_FOR_DEVICES = 'Device: %Hd,%Ld\tInode: %-10i  Links: %-5h Device type: %Hr,%Lr\n';
const DEFAULT_TAIL = 'Access: (%04a/%10.10A)  Uid: (%5u/%8U)   Gid: (%5g/%8G)\nAccess: %x\nModify: %y\nChange: %z\n Birth: %w\n';
const TERSE = '%n %s %b %f %u %g %D %i %h %t %T %X %Y %Z %W %o\n';

const TYPE_NAMES: Record<FileStat['type'], string> = {
  file: 'regular file',
  hardlink: 'regular file',
  directory: 'directory',
  symlink: 'symbolic link',
  chardev: 'character special file',
  blockdev: 'block special file',
  fifo: 'fifo',
};

export function statCommand(): Command {
  return defineCommand('stat', async (args, ctx) => {
    const parsed = parseGnuOptions('stat', args, OPTIONS, 1);
    if (isUsageError(parsed)) return parsed;
    if (parsed.operands.length === 0) {
      return usageError('stat', 'missing operand');
    }
    const keys = parsed.options.map((o) => o.key);
    const chosen = parsed.options.filter((o) => o.key === 'format' || o.key === 'printf').pop();
    const follow = keys.includes('dereference');
    const overlay = overlayOf(ctx);
    const accounts = await Accounts.load(overlay);
    const busybox = runsAsBusyboxApplet(ctx);
    let stdout = '';
    let stderr = '';
    let exitCode = 0;
    for (const operand of parsed.operands) {
      const path = ctx.fs.resolvePath(ctx.cwd, operand);
      let stat: FileStat;
      try {
        stat = follow ? overlay.stat(path) : overlay.lstat(path);
      } catch (err) {
        stderr += busybox ? busyboxCannotStat(operand, strerror(err)) : `stat: cannot statx ${quoteaf(operand)}: ${strerror(err)}\n`;
        exitCode = 1;
        continue;
      }
      // %N quotes names in a user's format; the default format shows them as they are.
      const info = { name: operand, stat, overlay, accounts, quoteAlways: chosen !== undefined };
      if (chosen?.key === 'printf') stdout += formatStat(unescape(chosen.value!), info);
      else if (chosen?.key === 'format') stdout += formatStat(chosen.value!, info) + '\n';
      else if (keys.includes('terse')) stdout += formatStat(busybox ? BUSYBOX_TERSE : TERSE, info);
      else stdout += formatStat(busybox ? busyboxStatFormat(operand, stat) : defaultFormat(stat), info);
    }
    return { stdout, stderr, exitCode };
  });
}

function defaultFormat(stat: FileStat): string {
  const isDevice = stat.type === 'chardev' || stat.type === 'blockdev';
  return DEFAULT_HEAD + (isDevice ? DEFAULT_DEVICE_LINE_FOR_DEVICES : DEFAULT_DEVICE_LINE) + DEFAULT_TAIL;
}

interface StatInfo {
  /** The operand as typed. */
  name: string;
  stat: FileStat;
  overlay: OverlayFs;
  accounts: Accounts;
  /** %N quotes (`'name' -> 'target'`), as in -c formats; the default format does not. */
  quoteAlways: boolean;
}

/** Conversions whose text is a number in another base. */
const NUMERIC_TEXT = new Set(['a', 'D', 'f', 't', 'T']);

const DIRECTIVE = /%([-#0 +']*)(\d*)(?:\.(\d+))?([HL]?)(.)?/gs;

/** Expand the % directives of a stat format for one file. */
export function formatStat(format: string, info: StatInfo): string {
  return format.replace(DIRECTIVE, (whole, flags: string, width: string, precision: string | undefined, prefix: string, conversion: string | undefined) => {
    if (conversion === undefined) return whole;
    if (conversion === '%' && flags === '' && width === '' && precision === undefined && prefix === '') return '%';
    const value = directive(prefix + conversion, info);
    if (value === undefined) return '?';
    // Octal and hex values are printed as numbers too: `%04a` is `0644`.
    if (typeof value === 'number' || NUMERIC_TEXT.has(conversion)) return padNumber(String(value), flags, width, precision);
    return padText(value, flags, width, precision);
  });
}

function directive(conversion: string, { name, stat, overlay, accounts, quoteAlways }: StatInfo): string | number | undefined {
  switch (conversion) {
    case 'a':
      return (stat.mode & 0o7777).toString(8);
    case 'A':
      return fileModeString(stat);
    case 'b':
      return blocks512(stat);
    case 'B':
      return 512;
    case 'd':
    case 'Hd':
    case 'Ld':
      return 0;
    case 'D':
      return '0';
    case 'f':
      return (fileTypeBits(stat) | (stat.mode & 0o7777)).toString(16);
    case 'F':
      return stat.type === 'file' && stat.size === 0 ? 'regular empty file' : TYPE_NAMES[stat.type];
    case 'g':
      return stat.gid;
    case 'G':
      return accounts.group(stat.gid) ?? 'UNKNOWN';
    case 'h':
      return linkCount(overlay, stat);
    case 'i':
      return inodeNumber(overlay, stat);
    case 'm':
      return '/';
    case 'n':
      return name;
    case 'N':
      {
        const quote = (text: string) => (quoteAlways ? quoteaf(text) : text);
        return stat.type === 'symlink' ? `${quote(name)} -> ${quote(stat.linkname)}` : quote(name);
      }
    case 'o':
      return BLOCK_BYTES;
    case 's':
      return apparentSize(stat);
    case 't':
      return stat.devmajor.toString(16);
    case 'T':
      return stat.devminor.toString(16);
    case 'Hr':
      return stat.devmajor;
    case 'Lr':
      return stat.devminor;
    case 'u':
      return stat.uid;
    case 'U':
      return accounts.user(stat.uid) ?? 'UNKNOWN';
    case 'w':
      return '-';
    case 'W':
      return 0;
    case 'x':
    case 'y':
    case 'z':
      return fullTime(stat.mtime);
    case 'X':
    case 'Y':
    case 'Z':
      return Math.floor(stat.mtime);
    default:
      return undefined;
  }
}

function padText(text: string, flags: string, width: string, precision: string | undefined): string {
  const cut = precision === undefined ? text : text.slice(0, Number(precision));
  const w = Number(width || 0);
  return flags.includes('-') ? cut.padEnd(w) : cut.padStart(w);
}

function padNumber(digitsOf: string, flags: string, width: string, precision: string | undefined): string {
  const negative = digitsOf.startsWith('-');
  let digits = negative ? digitsOf.slice(1) : digitsOf;
  if (precision !== undefined) digits = digits.padStart(Number(precision), '0');
  const sign = negative ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
  const w = Number(width || 0);
  if (flags.includes('-')) return (sign + digits).padEnd(w);
  if (flags.includes('0') && precision === undefined) return sign + digits.padStart(w - sign.length, '0');
  return (sign + digits).padStart(w);
}

/** --printf's backslash escapes. */
function unescape(format: string): string {
  const simple: Record<string, string> = { a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"' };
  return format.replace(/\\(?:([0-7]{1,3})|x([0-9a-fA-F]{1,2})|(.))/gs, (whole, octal: string | undefined, hex: string | undefined, other: string | undefined) => {
    if (octal !== undefined) return String.fromCharCode(parseInt(octal, 8));
    if (hex !== undefined) return String.fromCharCode(parseInt(hex, 16));
    return simple[other!] ?? whole;
  });
}
