/** `tar` as a BusyBox applet lists and fails as BusyBox 1.35 does (Debian's busybox-static as the oracle). */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildBusyboxOracle, hasBusybox, type BusyboxOracle } from './busybox-oracle.ts';
import { describeWithOracles } from '../support/oracles.ts';

let oracle: BusyboxOracle;
beforeAll(async () => {
  if (!hasBusybox) return;
  oracle = await buildBusyboxOracle(`
    mkdir src && cd src && echo hello > hello.txt && ln -s hello.txt sym && ln hello.txt hard && mkdir -p d/e && mkfifo f
    head -c 123456 /dev/zero > big && chmod 4755 big && touch -h -d '2024-01-02 03:04:05' * d/e
    tar -cf ../plain.tar hello.txt sym hard d f big
    tar --owner=1000 --group=1000 --numeric-owner -cf ../numeric.tar hello.txt
    tar --owner=averyveryverylongname:7 --group=alsoalonggroupname:8 -cf ../long.tar hello.txt
`);
}, 60_000);
afterAll(() => oracle?.cleanup());

describeWithOracles(['busybox'], 'busybox tar lists as BusyBox 1.35 lists', () => {
  it.each([
    'busybox tar -tvf plain.tar',
    'busybox tar -tf plain.tar',
    'busybox tar -tvf numeric.tar',
    'busybox tar -tvf long.tar',
    'busybox tar -tvf plain.tar hello.txt d/e/',
    'busybox tar -tvf nope.tar',
    'busybox tar -tvf plain.tar nope',
    'busybox mkdir out && cd out && busybox tar -xvf ../plain.tar && busybox cat hello.txt && busybox readlink sym',
  ])('%s', async (command) => {
    const ours = await oracle.ours(command);
    expect({ stdout: ours.stdout, stderr: ours.stderr, status: ours.status }).toEqual(oracle.real(command));
  });
});
