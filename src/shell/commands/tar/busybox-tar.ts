/**
 * `tar` as a BusyBox applet (alpine, busybox images; `busybox tar` on the host): the same reading
 * and writing as ours, BusyBox 1.35's words around it (checked against Debian's busybox-static).
 * `-tv` lines have fixed widths (archival/libarchive/header_verbose_list.c):
 *   -rw-r--r-- root/root         6 2024-01-02 03:04:05 hello.txt
 * owner names from the header (the numbers when it has none), size `%9u` (hard links, links and
 * devices have 0), ` -> target` after symlinks and hard links alike, names unquoted.
 */
import type { ExecResult } from 'just-bash';
import type { TarEntry } from '../../../engine/tar/types.ts';
import { modeString, TYPE_CHARS } from '../../../engine/tar/verbose-listing.ts';
import { utcParts } from '../shared/time-format.ts';

/** One `tar -tv` line as BusyBox prints it (times in UTC, as everywhere in the shell). */
export function busyboxVerboseLine(entry: TarEntry): string {
  // A hard link is listed as the regular file it is.
  const type = entry.type === 'hardlink' ? '-' : entry.type === 'file' && entry.name.endsWith('/') ? 'd' : TYPE_CHARS[entry.type];
  const user = entry.uname || String(entry.uid);
  const group = entry.gname || String(entry.gid);
  const t = utcParts(entry.mtime);
  const two = (n: number) => String(n).padStart(2, '0');
  const date = `${String(t.year).padStart(4)}-${two(t.month + 1)}-${two(t.day)} ${t.hh}:${t.mm}:${t.ss}`;
  const size = entry.type === 'file' ? entry.size : 0;
  const link = entry.type === 'symlink' || entry.type === 'hardlink' ? ` -> ${entry.linkname}` : '';
  return `${type}${modeString(entry.mode)} ${user}/${group} ${String(size).padStart(9)} ${date} ${entry.name}${link}`;
}

/** GNU tar's messages for the failures lessons meet, as BusyBox words them (status 1, no closing line). */
const REWORDINGS: [RegExp, (...groups: string[]) => string][] = [
  [/^tar: (.*): Cannot open: (.*)$/, (name, error) => `tar: can't open '${name}': ${error}`],
  [/^tar: (.*): Not found in archive$/, (name) => `tar: ${name}: not found in archive`],
];
const GNU_CLOSING = /^tar: (Error is not recoverable: exiting now|Exiting with failure status due to previous errors)$/;

export function inBusyboxTarWords(result: ExecResult): ExecResult {
  if (result.stderr === '') return result;
  const lines = result.stderr
    .split('\n')
    .filter((line) => !GNU_CLOSING.test(line))
    .map((line) => {
      for (const [gnu, busybox] of REWORDINGS) {
        const match = gnu.exec(line);
        if (match) return busybox(...match.slice(1));
      }
      return line;
    });
  return { ...result, stderr: lines.join('\n'), exitCode: result.exitCode === 0 ? 0 : 1 };
}
