/**
 * `ls` run as a BusyBox applet (`busybox ls` on the host, /bin/ls → /bin/busybox in alpine and
 * busybox images) prints what BusyBox prints, compared with Debian's busybox-static 1.35 on the
 * same tree (see fs-tools-fixture.ts), into a pipe and on a terminal.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { asReal, buildFsOracle, type FsOracle } from './fs-tools-fixture.ts';
import { describeWithOracles, hasOracle } from '../support/oracles.ts';

const hasBusybox = hasOracle('busybox');

let oracle: FsOracle;
beforeAll(async () => {
  if (hasBusybox) oracle = await buildFsOracle();
}, 60_000);
afterAll(() => oracle?.cleanup());

/** Inode numbers are ours, not the disk's: `-i` output is compared with them masked. */
const maskInodes = (text: string) => text.replace(/^ *\d+ /gm, '<ino> ').replace(/ {2,}\d+ (?=\S)/g, '  <ino> ');

async function expectSameIntoPipe(command: string, mask: (text: string) => string = (t) => t) {
  const real = oracle.real(command);
  const ours = asReal(await oracle.ours(`set -o pipefail; ${command} | cat`));
  const theirs = { ...real, stdout: mask(real.stdout) };
  expect({ ...ours, stdout: mask(ours.stdout) }).toEqual(theirs);
}

async function expectSameOnTerminal(command: string, columns = 80) {
  const quoted = `'${`stty cols ${columns}; ${command}`.replace(/'/g, "'\\''")}'`;
  const real = oracle.real(`script -qec ${quoted} /dev/null`);
  const ours = await oracle.ours(`COLUMNS=${columns}; ${command}; s=$?; unset COLUMNS; (exit $s)`);
  const latin1 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
  expect({ shown: latin1(ours.terminal), status: ours.status }).toEqual({ shown: real.stdout.replace(/\r\n/g, '\n'), status: real.status });
}

describeWithOracles(['busybox', 'script'], 'busybox ls prints what BusyBox 1.35 prints into a pipe', () => {
  it.each([
    'busybox ls',
    'busybox ls -a',
    'busybox ls -A dir',
    'busybox ls -l',
    'busybox ls -la',
    'busybox ls -lan',
    'busybox ls -ln dir',
    'busybox ls -l --full-time',
    'busybox ls -lh',
    'busybox ls -lh big.bin block.bin block1.bin empty',
    'busybox ls -ltr',
    'busybox ls -lS',
    'busybox ls -Sr1',
    'busybox ls -t',
    'busybox ls -F',
    'busybox ls -p',
    'busybox ls -lF',
    'busybox ls -laR',
    'busybox ls -R dir',
    'busybox ls -d dir link-dir',
    'busybox ls -ld dir link-dir',
    'busybox ls link-dir',
    'busybox ls -l link-dir',
    'busybox ls -ld dir/sub sticky sticky-closed setgid-dir',
    'busybox ls -l hello.txt dir nope sticky',
    'busybox ls nope',
    'busybox ls -s',
    'busybox ls -ls dir',
    'busybox ls -Q dir',
    'busybox ls -1 -C -w 40',
    'busybox ls -x -w 50',
    'busybox ls -lL',
    'busybox ls -e',
    'busybox ls --nope',
    'busybox ls -w',
    'busybox ls -lX',
  ])('%s', async (command) => {
    await expectSameIntoPipe(command);
  });

  it.each(['busybox ls -i', 'busybox ls -li dir', 'busybox ls -i -C -w 60'])('%s (inodes masked)', async (command) => {
    await expectSameIntoPipe(command, maskInodes);
  });
});

describeWithOracles(['busybox', 'script'], 'busybox ls on a terminal lays out columns as BusyBox does', () => {
  it.each([
    ['busybox ls', 80],
    ['busybox ls', 40],
    ['busybox ls -a', 100],
    ['busybox ls -F dir', 80],
    ['busybox ls -x', 60],
    ['busybox ls -l dir', 80],
    ['busybox ls nope dir', 80],
  ] as const)('%s (%i columns)', async (command, columns) => {
    await expectSameOnTerminal(command, columns);
  });
});
