/**
 * `stat` as a BusyBox applet words things as BusyBox 1.35's coreutils/stat.c (checked against
 * Debian's busybox-static): no ` Birth:` line, the device as `%Dh/%dd`, a symlink's name and
 * target quoted (`File: 'link' -> 'hello.txt'`), `-t` without the birth time, and
 * `stat: can't stat 'nope': No such file or directory`.
 */
import type { FileStat } from '../../../engine/overlay/file-stat.ts';

const BODY =
  '  Size: %-10s\tBlocks: %-10b IO Block: %-6o %F\nDevice: %Dh/%dd\tInode: %-10i  Links: %h\n' +
  'Access: (%04a/%10.10A)  Uid: (%5u/%8U)   Gid: (%5g/%8G)\nAccess: %x\nModify: %y\nChange: %z\n';
const DEVICE_BODY = BODY.replace('Links: %h\n', 'Links: %-5h Device type: %t,%T\n');

/** The default format for `stat NAME` (% directives as GNU's, see stat.ts), its `File:` line included. */
export function busyboxStatFormat(name: string, stat: FileStat): string {
  const escaped = (text: string) => text.replace(/%/g, '%%');
  const file = stat.type === 'symlink' ? `'${escaped(name)}' -> '${escaped(stat.linkname)}'` : escaped(name);
  return `  File: ${file}\n${stat.type === 'chardev' || stat.type === 'blockdev' ? DEVICE_BODY : BODY}`;
}

export const BUSYBOX_TERSE = '%n %s %b %f %u %g %D %i %h %t %T %X %Y %Z %o\n';

export function busyboxCannotStat(name: string, error: string): string {
  return `stat: can't stat '${name}': ${error}\n`;
}
