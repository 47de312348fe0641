/**
 * tr's backslash escapes read as GNU coreutils 9.1's tr reads them (POSIX tr): `\NNN` octal
 * (`tr '\0' ' '` over /proc/PID/cmdline), `\a \b \f \v`, and `\\` a backslash. just-bash's tr
 * took `\0` as the digit 0. The oracle is GNU tr on the same input.
 */
import { describe, expect, it } from 'vitest';
import { gnuOnTree, oursOnTree } from './support/tree-oracle.ts';
import { describeWithOracles } from '../support/oracles.ts';

const TREE = ["printf 'a\\0b\\0c\\\\0d-e\\a\\v\\n' > f"];

const CASES = [
  "tr '\\0' ' ' < f | xxd -p",
  "tr '\\000' '\\n' < f | xxd -p",
  "tr -d '\\0' < f | xxd -p",
  "tr '\\\\0' 'XY' < f | xxd -p",
  "tr '\\a\\v' '\\101\\102' < f | xxd -p",
  "tr '\\055' '+' < f | xxd -p",
  "tr 'a-c' '\\60-\\62' < f | xxd -p",
];

describeWithOracles(['coreutils', 'xxd'], 'tr escapes as GNU tr reads them', () => {
  describe('octal and control escapes', () => {
    it.each(CASES)('%s', async (command) => {
      expect(await oursOnTree(TREE, command)).toEqual(gnuOnTree(TREE, command));
    });
  });
});
