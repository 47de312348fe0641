/**
 * A program runs as a BusyBox applet when it is called through a link to busybox (alpine's
 * /bin/ls → /bin/busybox) or as `busybox APPLET`: it then fails in BusyBox 1.35's words, which
 * Debian's busybox-static shows on the same tree; the host's own programs stay GNU's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layerlabCommands } from '../../src/shell/commands/index.ts';
import { buildBusyboxOracle, hasBusybox, type BusyboxOracle } from './busybox-oracle.ts';
import { FIXED_NOW, runShell } from './support/run-shell.ts';
import { describeWithOracles } from '../support/oracles.ts';

let oracle: BusyboxOracle;
beforeAll(async () => {
  if (!hasBusybox) return;
  oracle = await buildBusyboxOracle(`mkdir d && echo hi > 'a b' && touch -d '2020-05-06 07:08:09' d 'a b'`);
}, 60_000);
afterAll(() => oracle?.cleanup());

describeWithOracles(['busybox'], "busybox's applets fail in BusyBox's words", () => {
  it.each([
    'busybox cat /nope',
    "busybox cat 'no such'",
    'busybox cat d',
    'busybox head /nope',
    'busybox tail /nope',
    'busybox rm /nope',
    'busybox rm d',
    'busybox rmdir /nope',
    'busybox mkdir d',
    'busybox cp /nope x',
    'busybox mv /nope x',
    'busybox touch /nope/x',
    'busybox chmod 644 /nope',
    'busybox sort /nope',
    'busybox sha256sum /nope',
    'busybox md5sum /nope',
    'busybox wc /nope',
    'busybox ls /nope d',
  ])('%s', async (command) => {
    const ours = await oracle.ours(command);
    expect({ stdout: ours.stdout, stderr: ours.stderr, status: ours.status }).toEqual(oracle.real(command));
  });

  it('a link to busybox runs the applet it is named after, as busybox does', async () => {
    const ours = await oracle.ours('busybox mkdir -p /bin && busybox ln -s /usr/bin/busybox /bin/ls && busybox ln -s /usr/bin/busybox /bin/cat && /bin/ls -l d "a b" && /bin/cat /nope');
    const real = oracle.real('busybox ls -l d "a b" && busybox cat /nope');
    expect({ stdout: ours.stdout, stderr: ours.stderr, status: ours.status }).toEqual(real);
  });
});

describe('the host keeps GNU formats', () => {
  it('ls -l and cat errors are coreutils\' while busybox ls -l is BusyBox\'s', async () => {
    const run = await runShell('cd /tmp && touch -d "2020-05-06 07:08:09" f && ls -l f; busybox ls -l f; cat /nope; busybox cat /nope', { commands: layerlabCommands({ now: () => FIXED_NOW }) });
    expect(run.stdout).toBe(
      '-rw-r--r-- 1 root root 0 May  6  2020 f\n' +
      '-rw-r--r--    1 root     root             0 May  6  2020 f\n',
    );
    expect(run.stderr).toBe("cat: /nope: No such file or directory\ncat: can't open '/nope': No such file or directory\n");
  });
});
