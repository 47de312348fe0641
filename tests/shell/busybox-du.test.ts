/**
 * BusyBox's du (Debian's busybox-static 1.35 as the oracle, on the same tree): 1K blocks rounded
 * up, -m in MiB rounded up, -h's `16.0K`/`4.8M`, -b bytes, -a/-s/-d/-c, -L and -H through
 * symlinks, a hard-linked file counted once (unless -l), and its error lines and usage.
 *
 * Block counts come from our ext4 estimate, which the real disk agrees with on this tree (no
 * sparse files, small directories). BusyBox walks a directory in on-disk order, ours in name
 * order, so lines are compared as sets where a command prints several.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildBusyboxOracle, type BusyboxOracle } from './busybox-oracle.ts';
import { describeWithOracles } from '../support/oracles.ts';

const SETUP = [
  'mkdir -p dir/sub/deeper empty-dir',
  `printf hi > dir/a`,
  ': > dir/zero',
  'head -c 10000 /dev/zero > dir/sub/big',
  'head -c 4097 /dev/zero > dir/sub/deeper/just-over',
  'head -c 1048576 /dev/zero > mebi',
  'head -c 1600000 /dev/zero > one-and-a-half',
  'head -c 5000000 /dev/zero > huge',
  'ln -s dir link-dir',
  'ln -s nope dangling',
  'ln huge huge-again',
].join(' && ');

const COMMANDS = [
  // Which of two hard links -a shows depends on the on-disk order: -a runs on the others.
  'du', 'du -a dir huge', 'du -s', 'du -h', 'du -ah dir mebi', 'du -k dir', 'du -m', 'du -am dir one-and-a-half link-dir', 'du -b', 'du -ab dir',
  'du -c dir mebi', 'du -ch huge dir', 'du -d 1', 'du -d0', 'du -d 2 -a dir', 'du -s -d 1', 'du -d 1 -s', 'du -x -s',
  'du -s huge huge-again', 'du -l -s', 'du -ls huge huge-again', 'du link-dir', 'du -L link-dir', 'du -H link-dir', 'du -L dangling',
  'du dir/', 'du ./dir/sub', 'du -sh mebi one-and-a-half huge empty-dir dir/zero', 'du -sm mebi one-and-a-half',
  'du nope dir', 'du -q', 'du -d x', 'du -d', 'du --help', 'du -- dir',
];

describeWithOracles(['busybox'], 'busybox du adds up blocks and prints them as BusyBox 1.35 does', () => {
  let oracle: BusyboxOracle;
  beforeAll(async () => {
    oracle = await buildBusyboxOracle(SETUP);
  }, 60_000);
  afterAll(() => oracle?.cleanup());

  const sorted = (text: string) => text.split('\n').sort().join('\n');

  it.each(COMMANDS)('busybox %s', async (command) => {
    const script = `busybox ${command}`;
    const real = oracle.real(script);
    const ours = await oracle.ours(script);
    expect({ stdout: sorted(ours.stdout), stderr: ours.stderr, status: ours.status }).toEqual({
      stdout: sorted(real.stdout),
      stderr: real.stderr,
      status: real.status,
    });
  });

  it('prints a directory after everything inside it, the operand last', async () => {
    const names = (await oracle.ours('busybox du -a dir')).stdout.trimEnd().split('\n').map((line) => line.split('\t')[1]);
    expect(names.indexOf('dir/sub/big')).toBeLessThan(names.indexOf('dir/sub'));
    expect(names.at(-1)).toBe('dir');
  });
});
