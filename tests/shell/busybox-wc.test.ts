/**
 * BusyBox's wc (Debian's busybox-static 1.35 as the oracle, on the same tree): its `%9u`
 * columns, the bare count of one column of one operand, `total`, and its byte-wise idea of
 * words, characters and line length (controls and UTF-8 bytes passed over, tabs to 8, VT not
 * ending a line), and -m's characters in a UTF-8 locale and bytes in others.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildBusyboxOracle, type BusyboxOracle } from './busybox-oracle.ts';
import { describeWithOracles } from '../support/oracles.ts';

const SETUP = [
  `printf 'a b\\nc\\n' > short`,
  `printf 'a\\tb\\342\\202\\254 c\\001d\\n\\tx\\vyy\\fzzz\\rend' > mixed`,
  `printf 'one two  three\\n\\n   four\\t\\tfive' > spaces`,
  `: > empty`,
  `head -c 20000 /dev/zero | tr '\\0' 'w' | fold -w 77 > long`,
  `mkdir dir`,
].join(' && ');

const COMMANDS = [
  'wc short', 'wc -l short', 'LC_ALL=C.UTF-8 busybox wc -m mixed', 'LC_ALL= LANG=en_US.UTF-8 busybox wc -lwcmL mixed', 'wc -c short', 'wc -w short', 'wc -m mixed', 'wc -L mixed', 'wc -lwcmL mixed',
  'wc mixed spaces empty long', 'wc -l short long', 'wc -L spaces long', 'wc -cm mixed',
  'wc < short', 'wc -l < long', 'busybox cat spaces | wc -w', 'wc - < mixed', 'wc short - < spaces',
  'wc nope short', 'wc dir', 'wc -x short', 'wc -- short',
];

describeWithOracles(['busybox'], 'busybox wc counts and lays out as BusyBox 1.35 does', () => {
  let oracle: BusyboxOracle;
  beforeAll(async () => {
    oracle = await buildBusyboxOracle(SETUP);
  }, 60_000);
  afterAll(() => oracle?.cleanup());

  it.each(COMMANDS)('busybox %s', async (command) => {
    // The real one runs with LC_ALL=C: ours too, unless the command names a locale.
    const script = `${command.includes('=') ? '' : 'LC_ALL=C '}${command}`.replace(/(^|C )wc/, '$1busybox wc').replace('| wc', '| busybox wc');
    const real = oracle.real(script);
    const ours = await oracle.ours(script);
    expect({ stdout: ours.stdout, stderr: ours.stderr, status: ours.status }).toEqual({ stdout: real.stdout, stderr: real.stderr, status: real.status });
  });
});
