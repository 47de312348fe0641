/**
 * `wc` aligns its columns as GNU coreutils 9.1 does (the digits of the operands' total size,
 * at least 7 when one of them is not a regular file, none for a single count of a single
 * operand) and counts words, characters and line widths as it does in a UTF-8 locale. The
 * oracle is the real `wc` (LC_ALL=C.UTF-8) on the same files in a temporary directory.
 */
import { expect, it } from 'vitest';
import { gnuOnTree, oursOnTree } from './support/tree-oracle.ts';
import { describeWithOracles } from '../support/oracles.ts';

const TREE = [
  "printf 'a\\n' > one",
  "printf 'hello world\\nsecond line here\\n\\tindented\\n' > text",
  "printf 'no newline at end' > open",
  "printf 'caf\\303\\251 \\344\\270\\255\\346\\226\\207\\nx\\x01y \\x01 \\xa0z\\n' > utf8",
  'seq 1 2000 > big',
  ': > empty',
  'mkdir d',
];

const gnu = (script: string) => gnuOnTree(TREE, script, { locale: 'C.UTF-8' });
const ours = (script: string) => oursOnTree(TREE, script);

const FLAG_SETS = ['', '-l', '-w', '-c', '-m', '-L', '-lw', '-lc', '-wm', '-lwmcL', '-cl', '--lines --bytes', '-L -l'];
const OPERANDS = ['one', 'text', 'one text', 'big one', 'open utf8', 'empty', 'empty one', 'utf8', 'one /nope', 'd', 'd one', '/dev/null one'];




describeWithOracles(['coreutils'], 'wc prints what GNU wc prints', () => {
  it.each(FLAG_SETS)('wc %s, on one file, several, missing ones, directories and devices', async (flags) => {
    const script = OPERANDS.map((operands) => `wc ${flags} ${operands}; echo "[$?]"`).join('; ');
    expect(await ours(script)).toEqual(gnu(script));
  });

  it.each(FLAG_SETS)('wc %s on a pipe, and with - among files', async (flags) => {
    const script = `cat text | wc ${flags}; cat utf8 | wc ${flags} one - text; echo "[$?]"`;
    expect(await ours(script)).toEqual(gnu(script));
  });

  it('usage errors', async () => {
    const script = 'wc --nope; echo "[$?]"; wc -x one; echo "[$?]"';
    expect(await ours(script)).toEqual(gnu(script));
  });
});
