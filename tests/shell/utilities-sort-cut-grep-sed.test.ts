/**
 * sort's key specs, cut's lists, grep -s and sed's script errors behave and read as GNU
 * coreutils 9.1, grep 3.8 and sed 4.9 on this machine (just-bash accepted `sort -k x`, rejected
 * `grep -s`, failed `cut -c x` with status 126, and worded sed's errors its own way). The oracle
 * is the real tools run by bash on the same tree in a temporary directory (LC_ALL=C).
 */
import { describe, expect, it } from 'vitest';
import { gnuOnTree, oursOnTree } from './support/tree-oracle.ts';
import { describeWithOracles } from '../support/oracles.ts';

const TREE = ["printf 'b 2\\na 1\\nc 3\\n' > f", 'mkdir d'];

const gnu = (script: string) => gnuOnTree(TREE, script);
const ours = (script: string) => oursOnTree(TREE, script);

const CASES = {
  'sort key specs': ['sort -k x f', 'sort -k 0 f', 'sort -k 1.0 f', 'sort -k 1,x f', 'sort -k 1x f', 'sort -k 1.x f', 'sort -k1,1x f', 'sort -k 1.2.3 f', 'sort -k "" f', 'sort -k -1 f', 'sort -k 2 f', 'sort -k2n,2 f', 'sort -k 2,2nr f', 'sort -t " " -k 1.1b,1 f', 'sort --key=x f'],
  'cut lists': ['cut -c x f', 'cut -f x f', 'cut -c 0 f', 'cut -c 3-1 f', 'cut -b 1-x f', 'cut -f 0 f', "cut -c '' f", 'cut -d, -f1,x f', 'cut -c 1x2 f', 'cut -c - f', 'cut -c 1--2 f', 'cut -f 1--2 f', "cut -f ' 1' f", 'cut -c 1-2,4 f', 'cut -c -2 f', 'cut -d " " -f 2- f', 'cut --characters=x f'],
  'grep -s': ['grep -s a /nope f', 'grep -s a /nope d', 'grep -sq a /nope', 'grep -hs a f /nope', 'grep --no-messages a /nope f', 'grep -e s f /nope', 'grep -se s f /nope', 'grep -s b f'],
  'sed scripts': ['sed', 'sed k f', "sed 'p;k' f", 'sed -e p -e 1k f', "sed '2k' f", "sed '/a/k' f", "sed 's/a/b/;k' f", 'sed -n', 'sed -n p f'],
};




describeWithOracles(['coreutils'], 'sort, cut, grep and sed check their arguments as GNU does', () => {
  for (const [kind, commands] of Object.entries(CASES)) {
    describe(kind, () => {
      it.each(commands)('%s', async (command) => {
        expect(await ours(command)).toEqual(gnu(command));
      });
    });
  }
});
