/**
 * Names in messages are quoted as GNU coreutils 9.1 quote them (gnulib quotearg): `cat: a{b: …`
 * (quotef), `ls: cannot access 'a b': …` (quoteaf). The oracle is the real cat, ls and rm on
 * this machine, run on names that do not exist, in the playground's locale (C.UTF-8).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { quoteaf, quotef } from '../../src/shell/commands/shared/gnu-quote.ts';
import { decodeName } from '../../src/engine/tar/header.ts';
import { gnuOnTree, isGnuCoreutils, oursOnTree } from './support/tree-oracle.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);

/** Awkward names as bytes: shell specials, quotes, controls, non-ASCII, bytes that are not UTF-8. */
const AWKWARD: Uint8Array[] = [
  ...['a{b', '{', '}', '{}', 'a b', "q'x", "a'b$c", 'x"y', 'a$b', 'a:b', "a:b'", '#x', 'x#', "x#'y", '~x', 'x~', 'a=b', 'a\\b', '',
    'a\nb', '\n', 'a\n', '\na', "a\n'b", "'\n", 'a\tb', '\x7f', '\x01x', 'é', "é'x", 'é b', '\u0080', '-', '--x'].map(utf8),
  Uint8Array.of(0xff),
  Uint8Array.of(0x61, 0xff, 0x62),
  Uint8Array.of(0xc3, 0x28),
  Uint8Array.of(0x27, 0xfe),
  // every printable ASCII character alone, inside a name and beside an apostrophe
  ...Array.from({ length: 95 }, (_, i) => String.fromCharCode(0x20 + i)).flatMap((c) => [c, `a${c}b`, `${c}x'`].map(utf8)),
].filter((name) => !['-', '.', '/'].includes(new TextDecoder().decode(name))); // stdin and names that exist

/** `$'\x61…'`: the bytes as one bash word. */
const bashWord = (bytes: Uint8Array) => `$'${[...bytes].map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('')}'`;

/** What the real tool writes to stderr for each name (one run per tool, a line per name). */
function realMessages(command: string): string[] {
  const script = AWKWARD.map((name) => `${command} -- ${bashWord(name)} 2>&1; printf '\\0'`).join('\n');
  const empty = mkdtempSync(join(tmpdir(), 'layerlab-quoting-'));
  const run = spawnSync('bash', ['-c', script], { cwd: empty, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C.UTF-8' }, maxBuffer: 16 << 20 });
  rmSync(empty, { recursive: true });
  const out = run.stdout as Buffer;
  const messages: string[] = [];
  let start = 0;
  for (let i = 0; i < out.length; i++) {
    if (out[i] !== 0) continue;
    messages.push(decodeName(out, start, i));
    start = i + 1;
  }
  return messages;
}

const ENOENT = 'No such file or directory\n';

describe('gnulib quoting of names, compared with the real coreutils on this machine', () => {
  it('the oracle is GNU coreutils', () => {
    expect(isGnuCoreutils('cat') && isGnuCoreutils('ls') && isGnuCoreutils('rm'), 'needs GNU coreutils: apt-get install -y coreutils').toBe(true);
  });

  const names = AWKWARD.map((bytes) => decodeName(bytes));
  const cases = (messages: string[]) => names.map((name, i) => ({ name: JSON.stringify(name), real: messages[i] }));

  it('quotef, as cat names a file it cannot open', () => {
    const ours = names.map((name) => `cat: ${quotef(name)}: ${ENOENT}`);
    expect(cases(ours)).toEqual(cases(realMessages('cat')));
  });

  it('quoteaf, as ls and rm name a file in a sentence', () => {
    expect(cases(names.map((name) => `ls: cannot access ${quoteaf(name)}: ${ENOENT}`))).toEqual(cases(realMessages('ls')));
    expect(cases(names.map((name) => `rm: cannot remove ${quoteaf(name)}: ${ENOENT}`))).toEqual(cases(realMessages('rm')));
  });
});

describe('the playground’s cat, rm, head, sort, grep and ls name files as GNU does', () => {
  const TYPED = ["'a{b'", "'a b'", `"q'x"`, 'a:b', "'a$b'", "'{'", 'é', "$'a\\tb'"].join(' ');
  it.each([`cat ${TYPED}`, `rm ${TYPED}`, `head ${TYPED}`, `sort ${TYPED}`, `grep x ${TYPED}`, `ls ${TYPED}`])('%s', async (command) => {
    const real = gnuOnTree(['true'], command, { locale: 'C.UTF-8' });
    expect(real.status, 'the oracle case must fail').not.toBe(0);
    expect(await oursOnTree(['true'], command)).toEqual(real);
  });
});
