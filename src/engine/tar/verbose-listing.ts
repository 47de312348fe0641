/**
 * `tar -tv` lines, byte for byte as GNU tar 1.34 prints them (`simple_print_header` in
 * https://git.savannah.gnu.org/cgit/tar.git/tree/src/list.c):
 *
 *   -rw-r--r-- root/root      1234 2024-01-02 03:04 path -> target
 *
 * GNU tar pads "user/group size" to a width that starts at 19 and only ever grows, so a line's
 * spacing depends on the lines before it: `createVerboseLister` carries that state along.
 */
import { encodeName } from './header.ts';
import type { TarEntry } from './types.ts';

export interface VerboseListingOptions {
  /** IANA time zone for the date column (default 'UTC'; tests run GNU tar with TZ=UTC). */
  timeZone?: string;
}

export const TYPE_CHARS: Record<TarEntry['type'], string> = {
  file: '-',
  hardlink: 'h',
  symlink: 'l',
  chardev: 'c',
  blockdev: 'b',
  directory: 'd',
  fifo: 'p',
};

/** `rwxr-xr-x` with setuid/setgid/sticky as s/S and t/T (GNU's `pax_decode_mode`). */
export function modeString(mode: number): string {
  const bit = (mask: number, c: string) => (mode & mask ? c : '-');
  const special = (exec: number, flag: number, on: string) =>
    mode & flag ? (mode & exec ? on : on.toUpperCase()) : bit(exec, 'x');
  return (
    bit(0o400, 'r') + bit(0o200, 'w') + special(0o100, 0o4000, 's') +
    bit(0o040, 'r') + bit(0o020, 'w') + special(0o010, 0o2000, 's') +
    bit(0o004, 'r') + bit(0o002, 'w') + special(0o001, 0o1000, 't')
  );
}

const C_ESCAPES: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r', 0x5c: '\\\\' };

/**
 * A name as GNU tar's "escape" quoting style prints it in a UTF-8 locale: printable characters
 * as they are, C escapes for \t \n and friends, a doubled backslash, and every other
 * non-printable byte (controls, DEL, C1 controls, bytes that are not UTF-8) as `\ooo`.
 */
export function quoteName(name: string): string {
  if (/^[\x20-\x5b\x5d-\x7e]*$/.test(name)) return name;
  let out = '';
  for (const ch of name) {
    const code = ch.codePointAt(0)!;
    const escape = C_ESCAPES[code];
    if (escape) out += escape;
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0) || (code >= 0xdc80 && code <= 0xdcff)) {
      for (const b of encodeName(ch)) out += '\\' + b.toString(8).padStart(3, '0');
    } else out += ch;
  }
  return out;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DD HH:MM` of the whole seconds of `mtime`, or the bare number when out of range. */
function formatDate(mtime: number, timeZone: string): string {
  const seconds = Math.floor(mtime);
  const date = new Date(seconds * 1000);
  if (Number.isNaN(date.getTime())) return String(seconds).padStart(16, ' ');
  if (timeZone === 'UTC') {
    return `${date.getUTCFullYear()}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())} ${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}`;
  }
  const parts: Record<string, string> = {};
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
  for (const part of format.formatToParts(date)) parts[part.type] = part.value;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

const byteLength = (s: string) => encodeName(s).length;

/**
 * A formatter for successive entries of one listing, keeping GNU tar's running column widths
 * (`ugswidth`, `datewidth`) from line to line.
 */
export function createVerboseLister(options: VerboseListingOptions = {}): (entry: TarEntry) => string {
  const timeZone = options.timeZone ?? 'UTC';
  let ugsWidth = 19;
  let dateWidth = 16;
  return (entry) => {
    const type = entry.type === 'file' && entry.name.endsWith('/') ? 'd' : TYPE_CHARS[entry.type];
    const user = entry.uname && entry.format !== 'v7' ? entry.uname : String(entry.uid);
    const group = entry.gname && entry.format !== 'v7' ? entry.gname : String(entry.gid);
    const size = entry.type === 'chardev' || entry.type === 'blockdev' ? `${entry.devmajor},${entry.devminor}` : String(entry.size);
    const date = formatDate(entry.mtime, timeZone);
    dateWidth = Math.max(dateWidth, date.length);
    const pad = byteLength(user) + 1 + byteLength(group) + 1 + size.length;
    ugsWidth = Math.max(ugsWidth, pad);
    let line = `${type}${modeString(entry.mode)} ${user}/${group} ${size.padStart(ugsWidth - pad + size.length)} ${date.padEnd(dateWidth)} ${quoteName(entry.name)}`;
    if (entry.type === 'symlink') line += ` -> ${quoteName(entry.linkname)}`;
    else if (entry.type === 'hardlink') line += ` link to ${quoteName(entry.linkname)}`;
    return line;
  };
}

/** One `tar -tv` line for a single entry (the widths of a fresh listing). */
export function formatVerboseListing(entry: TarEntry, options?: VerboseListingOptions): string {
  return createVerboseLister(options)(entry);
}
