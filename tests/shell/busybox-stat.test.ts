/**
 * `stat` as a BusyBox applet prints BusyBox 1.35's default and terse formats and its error
 * (Debian's busybox-static as the oracle). The device, inode and change time are the disk's on
 * the real side, and so is the access time (archiving the tree reads it): those are masked on both.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildBusyboxOracle, hasBusybox, type BusyboxOracle } from './busybox-oracle.ts';
import { describeWithOracles } from '../support/oracles.ts';

let oracle: BusyboxOracle;
beforeAll(async () => {
  if (!hasBusybox) return;
  oracle = await buildBusyboxOracle(`
    echo hello > hello.txt && ln -s hello.txt sym && mkdir -p d/e && mkfifo f && : > empty && chmod 4750 empty
    mknod null c 1 3 && chown 1000:1000 hello.txt && touch -h -d '2024-01-02 03:04:05' * d/e `);
}, 60_000);
afterAll(() => oracle?.cleanup());

const mask = (text: string) =>
  text
    .replace(/^Device: \S+\tInode: \d+ */gm, 'Device: <dev>\tInode: <ino> ')
    .replace(/^Change: .*$/gm, 'Change: <ctime>')
    .replace(/^Access: \d.*$/gm, 'Access: <atime>')
    .replace(/^(\S+ \d+ \d+ [0-9a-f]+ \d+ \d+) [0-9a-f]+ \d+ (\d+ [0-9a-f]+ [0-9a-f]+) \d+ (\d+) \d+/gm, '$1 <dev> <ino> $2 <atime> $3 <ctime>');

describeWithOracles(['busybox'], 'busybox stat prints as BusyBox 1.35 does', () => {
  it.each(['busybox stat hello.txt sym d f empty null', 'busybox stat -L sym', 'busybox stat -t hello.txt d', 'busybox stat nope hello.txt'])('%s', async (command) => {
    const ours = await oracle.ours(command);
    const real = oracle.real(command);
    expect({ stdout: mask(ours.stdout), stderr: ours.stderr, status: ours.status }).toEqual({ ...real, stdout: mask(real.stdout) });
  });
});
