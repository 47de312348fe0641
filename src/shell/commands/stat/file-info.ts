/**
 * What coreutils derive from a stat that our filesystem does not store, shared by `stat`, `ls`
 * and `du`: block counts, link counts, inode numbers, owner names, times and GNU's quoting.
 *
 * Our layers record no st_blocks, inode or link count, so these are estimated the way ext4 (the
 * usual Docker host filesystem) would report them:
 * - a regular file takes ceil(size / 4096) blocks of 4 KiB (no sparse files, no inline data);
 *   a directory is one 4 KiB block and reports size 4096; symlinks, devices and fifos take none;
 * - a directory has 2 + (number of subdirectories) links; anything else has 1 (hard links
 *   are not told apart: the overlay reports a hard link as the file it names);
 * - inode numbers are stable fakes derived from the path (2 for `/`, as on ext4).
 */
import { errorLine, FsError } from '../../../engine/errors.ts';
import type { FileStat } from '../../../engine/overlay/file-stat.ts';
import type { OverlayFs } from '../../../engine/overlay/overlay-fs.ts';
import { modeString, TYPE_CHARS } from '../../../engine/tar/verbose-listing.ts';

export const BLOCK_BYTES = 4096;
export const DIRECTORY_SIZE = 4096;

/** st_size as ext4 reports it: directories 4096, symlinks the length of their target. */
export function apparentSize(stat: FileStat): number {
  if (stat.apparentSize !== undefined) return stat.apparentSize;
  switch (stat.type) {
    case 'directory':
      return DIRECTORY_SIZE;
    case 'symlink':
      return new TextEncoder().encode(stat.linkname).length;
    case 'file':
    case 'hardlink':
      return stat.size;
    default:
      return 0;
  }
}

/** st_blocks (512-byte units) under the ext4 estimate above. */
export function blocks512(stat: FileStat): number {
  // tmpfs and procfs directories take no disk blocks.
  if (stat.apparentSize !== undefined && stat.type === 'directory') return 0;
  if (stat.type === 'directory') return BLOCK_BYTES / 512;
  if (stat.type !== 'file' && stat.type !== 'hardlink') return 0;
  return Math.ceil(stat.size / BLOCK_BYTES) * (BLOCK_BYTES / 512);
}

/** st_nlink: 2 + subdirectories for a directory, 1 for anything else. */
export function linkCount(overlay: OverlayFs, stat: FileStat): number {
  if (stat.type !== 'directory') return 1;
  try {
    return 2 + overlay.readdirEntries(stat.path).filter((entry) => entry.type === 'directory').length;
  } catch {
    return 2;
  }
}

/** A stable inode number for `path` (FNV-1a), 2 for the root as on ext4. */
export function fakeInode(path: string): number {
  if (path === '/') return 2;
  let hash = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) hash = Math.imul(hash ^ path.charCodeAt(i), 0x01000193) >>> 0;
  return 11 + (hash % 4_000_000);
}

/** `-rw-r--r--`: the type letter and the permission bits. */
export function fileModeString(stat: FileStat): string {
  return (stat.type === 'hardlink' ? '-' : TYPE_CHARS[stat.type]) + modeString(stat.mode);
}

/** The S_IFMT bits of a stat, for `%f`. */
export function fileTypeBits(stat: FileStat): number {
  const bits: Record<FileStat['type'], number> = {
    file: 0o100000,
    hardlink: 0o100000,
    directory: 0o040000,
    symlink: 0o120000,
    chardev: 0o020000,
    blockdev: 0o060000,
    fifo: 0o010000,
  };
  return bits[stat.type];
}

/**
 * User and group names as the filesystem's own /etc/passwd and /etc/group give them (inside a
 * container the image's, on the host ours); undefined when an id has no entry.
 */
export class Accounts {
  private readonly users: Map<number, string>;
  private readonly groups: Map<number, string>;

  private constructor(users: Map<number, string>, groups: Map<number, string>) {
    this.users = users;
    this.groups = groups;
  }

  static async load(overlay: OverlayFs): Promise<Accounts> {
    return new Accounts(await readIdFile(overlay, '/etc/passwd'), await readIdFile(overlay, '/etc/group'));
  }

  user(uid: number): string | undefined {
    return this.users.get(uid);
  }

  group(gid: number): string | undefined {
    return this.groups.get(gid);
  }
}

/** `name:x:id:…` lines → id → name; the first entry for an id wins, as getpwuid returns it. */
async function readIdFile(overlay: OverlayFs, path: string): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  let text: string;
  try {
    text = new TextDecoder().decode(await overlay.readFile(path));
  } catch {
    return names;
  }
  for (const line of text.split('\n')) {
    const [name, , id] = line.split(':');
    if (name === undefined || name === '' || id === undefined || !/^\d+$/.test(id)) continue;
    if (!names.has(Number(id))) names.set(Number(id), name);
  }
  return names;
}

// ---- time ---------------------------------------------------------------------------------------

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const two = (n: number) => String(n).padStart(2, '0');

/** Parts of a time in UTC (the shell has no time zones). */
export function utcParts(seconds: number) {
  const date = new Date(Math.floor(seconds) * 1000);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth(),
    day: date.getUTCDate(),
    weekday: date.getUTCDay(),
    hh: two(date.getUTCHours()),
    mm: two(date.getUTCMinutes()),
    ss: two(date.getUTCSeconds()),
  };
}

/** `2024-01-02 03:04:05.000000000 +0000`: stat's %y and ls's --full-time. */
export function fullTime(seconds: number): string {
  const t = utcParts(seconds);
  const nanos = String(Math.round((seconds - Math.floor(seconds)) * 1e9)).padStart(9, '0');
  return `${t.year}-${two(t.month + 1)}-${two(t.day)} ${t.hh}:${t.mm}:${t.ss}.${nanos} +0000`;
}

/** `Thu Jan  1 00:00:00 2024`, C's ctime(). */
export function ctimeString(seconds: number): string {
  const t = utcParts(seconds);
  return `${WEEKDAYS[t.weekday]} ${MONTHS[t.month]} ${String(t.day).padStart(2)} ${t.hh}:${t.mm}:${t.ss} ${t.year}`;
}

/** GNU ls counts as recent a time within the last six months (of 365.2425 days), not in the future. */
const SIX_MONTHS = 31556952 / 2;

/** ls -l's time column: `Jan  2 03:04` when recent, `Jan  2  2023` otherwise. */
export function lsTime(seconds: number, now: number): string {
  const t = utcParts(seconds);
  const recent = seconds > now - SIX_MONTHS && seconds <= now;
  return `${MONTHS[t.month]} ${String(t.day).padStart(2)} ${recent ? `${t.hh}:${t.mm}` : ` ${t.year}`}`;
}

// ---- numbers ------------------------------------------------------------------------------------

const POWER_LETTERS = 'KMGTPEZY';

/**
 * gnulib's human_readable with ls -h / du -h options (powers of 1024, rounding up): `5`, `4.9K`,
 * `11K`, `1.0M`.
 */
export function humanSize(bytes: number): string {
  if (bytes < 1024) return String(bytes);
  let amount = bytes;
  let tenths = 0;
  let rounding = 0;
  let exponent = 0;
  do {
    const r10 = (amount % 1024) * 10 + tenths;
    const r2 = (r10 % 1024) * 2 + (rounding >> 1);
    amount = Math.floor(amount / 1024);
    tenths = Math.floor(r10 / 1024);
    rounding = r2 < 1024 ? (r2 !== 0 ? 1 : 0) : 2 + (1024 < r2 ? 1 : 0);
    exponent++;
  } while (amount >= 1024 && exponent < POWER_LETTERS.length);
  let fraction = '';
  if (amount < 10) {
    if (rounding > 0) {
      tenths++;
      rounding = 0;
      if (tenths === 10) {
        amount++;
        tenths = 0;
      }
    }
    if (amount < 10) {
      fraction = `.${tenths}`;
      tenths = 0;
      rounding = 0;
    }
  }
  if (tenths + rounding > 0) {
    amount++;
    if (amount === 1024 && exponent < POWER_LETTERS.length) {
      exponent++;
      amount = 1;
      fraction = '.0';
    }
  }
  return `${amount}${fraction}${POWER_LETTERS[exponent - 1]}`;
}

// ---- names and errors -----------------------------------------------------------------------------

/** Characters a shell would read specially (gnulib quotearg.c, shell quoting styles); `#` and `~` only in front. */
const SHELL_SPECIAL = /[ !"$&'()*;<=>?[\\^`|]|^[#~]/;
const CONTROL = /[\x00-\x1f\x7f]/;
const C_ESCAPES: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v' };

/**
 * gnulib's shell-escape quoting, which coreutils use for names in messages and in stat's %N:
 * `a b` → `'a b'`, `q'x` → `"q'x"`, a control character → `'c'$'\001''d'`. With `always`,
 * even plain names are quoted (`'x'`), as in "cannot access 'x'".
 */
export function shellQuote(name: string, always = false): string {
  if (name !== '' && !SHELL_SPECIAL.test(name) && !CONTROL.test(name) && !always) return name;
  if (!CONTROL.test(name)) {
    if (!name.includes("'")) return `'${name}'`;
    if (!/[\\"$`!]/.test(name)) return `"${name}"`;
    return `'${name.replace(/'/g, "'\\''")}'`;
  }
  let out = '';
  let plain = '';
  const flush = () => {
    if (plain !== '') out += `'${plain.replace(/'/g, "'\\''")}'`;
    plain = '';
  };
  for (const ch of name) {
    if (!CONTROL.test(ch)) {
      plain += ch;
      continue;
    }
    flush();
    out += `$'${C_ESCAPES[ch] ?? `\\${ch.charCodeAt(0).toString(8).padStart(3, '0')}`}'`;
  }
  flush();
  return out;
}

/** The strerror part of a filesystem error: "No such file or directory". */
export function strerror(err: unknown): string {
  return err instanceof FsError ? err.strerror : errorLine(err);
}
