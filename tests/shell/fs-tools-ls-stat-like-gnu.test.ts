import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asReal, buildFsOracle, type FsOracle } from './fs-tools-fixture.ts';
import { describeWithOracles, requireOracles } from '../support/oracles.ts';

let oracle: FsOracle;
beforeAll(async () => {
  oracle = await buildFsOracle();
}, 60_000);
afterAll(() => oracle?.cleanup());

async function expectSameAsReal(command: string, mask: (text: string) => string = (t) => t) {
  const real = oracle.real(command);
  const ours = asReal(await oracle.ours(command));
  expect({ ...ours, stdout: mask(ours.stdout) }).toEqual({ ...real, stdout: mask(real.stdout) });
}

/** Both run with their stdout into a pipe (ours would otherwise write to the terminal). */
async function expectSameIntoPipe(command: string) {
  const real = oracle.real(command);
  const ours = asReal(await oracle.ours(`set -o pipefail; ${command} | cat`));
  expect(ours).toEqual(real);
}

/**
 * Both run on a terminal `columns` wide: the real one in a pseudo-terminal made by util-linux
 * `script`, ours at the shell's prompt. Compared: what the terminal shows, and the status.
 */
async function expectSameOnTerminal(command: string, columns = 80) {
  const quoted = `'${`stty cols ${columns}; ${command}`.replace(/'/g, "'\\''")}'`;
  const real = oracle.real(`script -qec ${quoted} /dev/null`);
  const ours = await oracle.ours(`COLUMNS=${columns}; ${command}; s=$?; unset COLUMNS; (exit $s)`);
  const latin1 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
  expect({ shown: latin1(ours.terminal), status: ours.status }).toEqual({ shown: real.stdout.replace(/\r\n/g, '\n'), status: real.status });
}

describeWithOracles(['coreutils'], 'ls prints what GNU ls 9.1 prints to a pipe', () => {
  it.each([
    'ls',
    'ls -a',
    'ls -A dir',
    'ls -l',
    'ls -la',
    'ls -lan',
    'ls -lA --full-time',
    'ls -lh',
    'ls -ltr',
    'ls -lS',
    'ls -Sr1',
    'ls -F',
    'ls -p',
    'ls -lF',
    'ls -laR',
    'ls -R dir',
    'ls -d dir link-dir',
    'ls link-dir',
    'ls -l link-dir',
    'ls -ld dir/sub sticky sticky-closed setgid-dir',
    'ls -l hello.txt dir nope sticky',
    'ls -lh big.bin block.bin block1.bin empty',
    'ls --all --reverse dir',
    'ls -z',
    'ls --bogus',
    'ls -C',
    'ls -x -w 40',
    'ls -m',
    'ls -C --quoting-style=shell-escape',
    'ls -lQ',
    'ls -b',
  ])('%s', (command) => expectSameIntoPipe(command));

  it('lists device files as "major, minor"', async () => {
    requireOracles('root'); // mknod needs it
    expect(oracle.devices).toBe(true);
    await expectSameIntoPipe('ls -l null disk hello.txt');
  });
});

describeWithOracles(['coreutils'], 'ls --time-style and --full-time print times as GNU ls 9.1 does', () => {
  /** Both sides in `locale` (the real one through LC_ALL, ours too), stdout into a pipe. */
  async function expectSameInLocale(command: string, locale: string) {
    const real = oracle.real(command, locale);
    const ours = asReal(await oracle.ours(`export LC_ALL=${locale}; set -o pipefail; ${command} | cat; s=$?; unset LC_ALL; (exit $s)`));
    expect(ours).toEqual(real);
  }

  it.each([
    'ls -l --time-style=full-iso',
    'ls -l --time-style=long-iso dir',
    'ls -l --time-style=iso',
    'ls -l --time-style=locale',
    'ls -l --time-style=posix-long-iso',
    'ls -l --time-style=posix-iso hello.txt',
    'ls -l --time-style=long hello.txt',
    "ls -l --time-style='+%Y-%m-%d %H:%M:%S.%3N %s %% %a %b %e %j' hello.txt dir",
    'ls -l --time-style="+old %F\nnew %T"',
    'ls -l --time-style="+a\nb\nc" hello.txt',
    'ls -l --time-style=foo hello.txt',
    'ls -l --time-style= hello.txt',
    'ls --time-style=foo hello.txt',
    'TIME_STYLE=long-iso ls -l hello.txt',
    'TIME_STYLE=bogus ls -l hello.txt',
    'ls -l --full-time --time-style=iso',
    'ls -l --time-style=iso --full-time',
    'ls --full-time dir',
  ])('%s', async (command) => {
    await expectSameInLocale(command, 'C');
    await expectSameInLocale(command, 'C.UTF-8');
  });
});

describeWithOracles(['coreutils', 'script'], 'ls prints what GNU ls 9.1 prints on a terminal: columns, quoted names', () => {
  it.each([
    ['ls', 80],
    ['ls', 40],
    ['ls', 20],
    ['ls', 200],
    ['ls -a', 80],
    ['ls -A dir', 80],
    ['ls -F', 60],
    ['ls -x', 70],
    ['ls -m', 50],
    ['ls -1', 80],
    ['ls -l', 80],
    ['ls -la dir', 80],
    ['ls -R dir', 30],
    ['ls -N', 80],
    ['ls -w 0', 80],
    ['ls -T 0', 80],
    ['ls -d dir link-dir nope', 80],
    ['ls -l link-file dangling', 80],
    ['ls --quoting-style=c', 80],
    ['ls -C | cat', 80],
    ['ls | cat', 80],
    ['ls > /tmp/listing; cat /tmp/listing', 80],
  ] as const)('%s (%i columns)', (command, columns) => expectSameOnTerminal(command, columns));

  it('keeps the order of what a statement writes to stdout and to stderr', () =>
    expectSameOnTerminal('ls nope || ls -d dir; for f in hello.txt nope2; do ls $f; done; echo $(ls nope3) end', 80));
});

/** What our layers cannot know: the device, inode number, access, change and birth times. */
const maskUnknowable = (text: string) =>
  text
    .replace(/Device: \S+\tInode: \d+ +/g, 'Device: ?\tInode: ? ')
    .replace(/^Access: \d.*$/gm, 'Access: ?')
    .replace(/^Change: .*$/gm, 'Change: ?')
    .replace(/^ Birth: .*$/gm, ' Birth: ?');

describeWithOracles(['coreutils'], 'stat prints what GNU stat 9.1 prints', () => {
  it.each(['stat hello.txt', 'stat dir link-file fifo empty setuid sticky-closed owned', 'stat -L link-file link-dir', "stat 'with space' dangling"])(
    '%s (device, inode, ctime and birth masked)',
    (command) => expectSameAsReal(command, maskUnknowable),
  );

  it('stat of a device file shows its device type', async () => {
    requireOracles('root'); // mknod needs it
    expect(oracle.devices).toBe(true);
    await expectSameAsReal('stat null disk', maskUnknowable);
  });

  it.each([
    "stat -c '%n|%a|%A|%b|%B|%f|%F|%g|%G|%h|%s|%u|%U|%y|%Y|%o|%m|%%' * .hidden-none 2>/dev/null; true",
    "stat -c '%N' link-file dangling 'with space' hello.txt",
    "stat -c '[%5s][%-6a][%04a][%10.4A][%.2n][%+s]' hello.txt setuid dir",
    "stat --printf='%n\\t%s\\n' hello.txt empty",
    "stat --format '%F' empty fifo link-dir dir",
    'stat',
  ])('%s', (command) => expectSameAsReal(command));

  it('stat reports a missing file and goes on with the others', () => expectSameAsReal('stat nope hello.txt', maskUnknowable));

  it('stat -t agrees on every field it can know', async () => {
    const fields = (line: string) => line.split(' ').filter((_, i) => ![6, 7, 11, 13, 14].includes(i)); // device, inode, atime, ctime, birth
    const real = oracle.real('stat -t hello.txt dir link-file').stdout.trimEnd().split('\n').map(fields);
    const ours = (await oracle.ours('stat -t hello.txt dir link-file')).stdout.trimEnd().split('\n').map(fields);
    expect(ours).toEqual(real);
  });
});
