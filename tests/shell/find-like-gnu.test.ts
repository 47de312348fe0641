import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asReal, buildFsOracle, type FsOracle } from './fs-tools-fixture.ts';

let oracle: FsOracle;
beforeAll(async () => {
  oracle = await buildFsOracle();
}, 60_000);
afterAll(() => oracle?.cleanup());

/** GNU find walks a directory in its on-disk order, ours in name order: output lines are compared as sets. */
async function expectSameAsReal(command: string) {
  const real = oracle.real(command, 'C.UTF-8');
  const ours = asReal(await oracle.ours(command));
  const sorted = (text: string) => text.split('\n').sort().join('\n');
  expect({ ...ours, stdout: sorted(ours.stdout) }).toEqual({ ...real, stdout: sorted(real.stdout) });
}

describe('find selects what GNU find selects', () => {
  it.each([
    'find',
    'find .',
    'find dir',
    'find . -type l',
    'find . -type f',
    'find . -type d -name "s*"',
    'find . -type p -o -type c -o -type b',
    'find . -name "*.txt"',
    'find . -iname "HELLO*"',
    'find . -path "./dir/*" -type f',
    'find . -maxdepth 1 -type d',
    'find . -mindepth 2 -maxdepth 2',
    'find . -empty',
    'find . -size +1k -type f',
    'find . -size -2 -type f',
    'find . -perm -4000',
    'find . -perm /002 -type f',
    'find . -perm 644 -type f',
    'find . -user root -type f',
    'find . -uid 1000',
    'find . ! -user root',
    'find . -type f -printf "%p %s %m %y %u\\n"',
    'find . -type l -printf "%p -> %l\\n"',
    'find . \\( -name "*.txt" -o -type l \\) -print',
    'find . -name dir -prune -o -type f -print',
    'find . -name hello.txt -exec cat {} \\;',
    'find dir -type f -exec echo {} +',
    'find . -name "*.txt" -print -quit | wc -l',
    'find nope dir -maxdepth 0',
    'find . -nosuchpredicate',
    'find . -type q',
  ])('%s', (command) => expectSameAsReal(command));
});
