import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asReal, buildFsOracle, type FsOracle } from './fs-tools-fixture.ts';

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

describe('ls prints what GNU ls 9.1 prints to a pipe', () => {
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
  ])('%s', (command) => expectSameAsReal(command));

  it('lists device files as "major, minor"', async () => {
    if (!oracle.devices) return; // mknod was not allowed here
    await expectSameAsReal('ls -l null disk hello.txt');
  });
});

/** What our layers cannot know: the device, inode number, access, change and birth times. */
const maskUnknowable = (text: string) =>
  text
    .replace(/Device: \S+\tInode: \d+ +/g, 'Device: ?\tInode: ? ')
    .replace(/^Access: \d.*$/gm, 'Access: ?')
    .replace(/^Change: .*$/gm, 'Change: ?')
    .replace(/^ Birth: .*$/gm, ' Birth: ?');

describe('stat prints what GNU stat 9.1 prints', () => {
  it.each(['stat hello.txt', 'stat dir link-file fifo empty setuid sticky-closed owned', 'stat -L link-file link-dir', "stat 'with space' dangling"])(
    '%s (device, inode, ctime and birth masked)',
    (command) => expectSameAsReal(command, maskUnknowable),
  );

  it('stat of a device file shows its device type', async () => {
    if (!oracle.devices) return;
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
