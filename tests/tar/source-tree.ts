/**
 * A directory tree with everything tar has to represent, for GNU tar to archive at test time:
 * long names (>100 and >255 bytes), long link targets, hard links, symlinks, Unicode names,
 * fifos, devices (we run as root), setuid/setgid/sticky modes, old dates, sparse files.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, closeSync, linkSync, mkdirSync, openSync, symlinkSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const isRoot = process.getuid?.() === 0;

/** Names no format but ustar-with-prefix or GNU/pax can hold. */
export const LONG_DIR = 'd'.repeat(60) + '/' + 'e'.repeat(60);
export const LONG_NAME_300 = 'n'.repeat(120) + '/' + 'm'.repeat(90) + '/' + 'f'.repeat(88);

export function buildTree(root: string): void {
  const at = (p: string) => join(root, p);
  mkdirSync(at('dir/sub'), { recursive: true });
  writeFileSync(at('dir/small.txt'), 'hello\n');
  writeFileSync(at('dir/sub/bytes.bin'), Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7) & 0xff)));
  writeFileSync(at('empty'), '');
  writeFileSync(at('exactly512'), Buffer.alloc(512, 0x61));
  linkSync(at('dir/small.txt'), at('hardlink'));
  symlinkSync('dir/small.txt', at('symlink'));
  symlinkSync('t'.repeat(150) + '/target', at('long-symlink'));
  writeFileSync(at('unicodé-☺.txt'), 'unicode\n');
  mkdirSync(at(LONG_DIR), { recursive: true });
  writeFileSync(at(`${LONG_DIR}/file-in-long-dir.txt`), 'long dir\n');
  mkdirSync(at(LONG_NAME_300.slice(0, LONG_NAME_300.lastIndexOf('/'))), { recursive: true });
  writeFileSync(at(LONG_NAME_300), 'very long name\n');
  writeFileSync(at('setuid'), '#!/bin/sh\n');
  chmodSync(at('setuid'), 0o4755);
  writeFileSync(at('setgid-noexec'), '');
  chmodSync(at('setgid-noexec'), 0o2640);
  mkdirSync(at('sticky'));
  chmodSync(at('sticky'), 0o1777);
  mkdirSync(at('sticky-noexec'));
  chmodSync(at('sticky-noexec'), 0o1776);
  writeFileSync(at('old'), 'old\n');
  utimesSync(at('old'), new Date('1950-06-01T12:34:00Z'), new Date('1950-06-01T12:34:00Z'));
  writeFileSync(at('future'), '');
  utimesSync(at('future'), new Date('2100-01-01T00:00:00Z'), new Date('2100-01-01T00:00:00Z'));
  execFileSync('mkfifo', [at('fifo')]);
  if (isRoot) {
    execFileSync('mknod', [at('chardev'), 'c', '1', '3']);
    execFileSync('mknod', [at('blockdev'), 'b', '8', '1']);
    writeFileSync(at('big-ids'), '');
    chownSync(at('big-ids'), 2_000_000, 3_000_000);
    writeFileSync(at('owned'), '');
    chownSync(at('owned'), 1234, 5678);
  }
}

/** A 1 MiB file with two data regions and holes around them. */
export function buildSparseFile(path: string): void {
  const fd = openSync(path, 'w');
  writeSync(fd, Buffer.from('start'), 0, 5, 0);
  writeSync(fd, Buffer.alloc(10000, 0x41), 0, 10000, 300_000);
  writeSync(fd, Buffer.from('end'), 0, 3, (1 << 20) - 3);
  closeSync(fd);
}
