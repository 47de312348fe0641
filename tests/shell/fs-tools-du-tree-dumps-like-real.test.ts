import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asReal, buildFsOracle, type FsOracle } from './fs-tools-fixture.ts';
import { describeWithOracles, requireOracles } from '../support/oracles.ts';

let oracle: FsOracle;
beforeAll(async () => {
  oracle = await buildFsOracle();
}, 60_000);
afterAll(() => oracle?.cleanup());

async function expectSameAsReal(command: string, options: { locale?: string; sortLines?: boolean } = {}) {
  const real = oracle.real(command, options.locale);
  const ours = asReal(await oracle.ours(command));
  const lines = (text: string) => (options.sortLines ? text.split('\n').sort().join('\n') : text);
  expect({ ...ours, stdout: lines(ours.stdout) }).toEqual({ ...real, stdout: lines(real.stdout) });
}

describeWithOracles(['coreutils'], 'du adds up 1K blocks as GNU du does on ext4', () => {
  // GNU du walks a directory in its on-disk order, ours in name order: lines are compared as sets.
  it.each(['du', 'du -a', 'du -s', 'du -sh', 'du -ab', 'du -c dir sticky', 'du --max-depth=1', 'du -h -d 1', 'du -k dir hello.txt big.bin', 'du nope dir', 'du link-dir', 'du --apparent-size -s dir'])(
    '%s',
    (command) => expectSameAsReal(command, { sortLines: true }),
  );

  it('prints a directory after everything inside it', async () => {
    const lines = (await oracle.ours('du -a dir')).stdout.trimEnd().split('\n').map((l) => l.split('\t')[1]);
    expect(lines.indexOf('dir/sub/deep.txt')).toBeLessThan(lines.indexOf('dir/sub'));
    expect(lines.at(-1)).toBe('dir');
  });
});

describeWithOracles(['tree'], 'tree draws what tree 2.1 draws in a UTF-8 locale', () => {
  it.each(['tree', 'tree -a', 'tree -d', 'tree -L 1', 'tree -f dir', 'tree --noreport dir', 'tree -a dir nope hello.txt', 'tree -adf -L 2 .'])('%s', (command) =>
    expectSameAsReal(command, { locale: 'C.UTF-8' }),
  );
});

describeWithOracles(['hexdump', 'xxd'], 'hexdump and xxd dump bytes as util-linux and vim do', () => {
  it.each([
    'hexdump big.bin',
    'hexdump -C big.bin',
    'hexdump -v -C big.bin',
    'hexdump -C -s 100 -n 300 big.bin',
    'hexdump -n 5 hello.txt',
    'hexdump -C hello.txt no-newline',
    'hexdump empty',
    'hexdump nope hello.txt',
    'hexdump nope',
    'xxd big.bin',
    'xxd -p big.bin',
    'xxd -l 40 -s 10 big.bin',
    'xxd -c 4 -g 1 -u hello.txt',
    'xxd -g 4 hello.txt',
    'xxd nope',
    'xxd empty',
  ])('%s', (command) => expectSameAsReal(command));

  it('xxd -r turns a dump back into the same bytes, plain or not', async () => {
    const original = createHash('sha256').update(oracle.real('cat big.bin').stdout, 'latin1').digest('hex');
    const run = await oracle.ours('xxd big.bin | xxd -r | sha256sum; xxd -p big.bin | xxd -r -p | sha256sum');
    expect(run.stdout).toBe(`${original}  -\n${original}  -\n`);
  });
});

describeWithOracles(['file'], 'file names what it finds as file 5.44 does', () => {
  it.each([
    'file dir empty hello.txt no-newline long-line.txt utf8.txt dir/notes.md run.sh tool.py data.json plain.gz named.gz archive.tar ustar.tar',
    'file link-file link-dir dangling fifo sticky setuid with\\ space ctl*',
    'file -b hello.txt link-file',
    'file -L link-file link-dir',
    'file nope hello.txt',
  ])('%s', (command) => expectSameAsReal(command));

  it('devices', async () => {
    requireOracles('root'); // mknod needs it
    expect(oracle.devices).toBe(true);
    await expectSameAsReal('file null disk');
  });
});
