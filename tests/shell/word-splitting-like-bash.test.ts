/**
 * Unquoted expansions split into words as bash splits them — with the default IFS (which
 * just-bash is patched to split natively: scripts/patch-just-bash.mjs, split-default-ifs) and
 * with another IFS: leading and trailing blanks, tabs and newlines, empty and blank values,
 * words joined to text around them. Oracle: this machine's bash on the same script.
 */
import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { runShell } from './support/run-shell.ts';

const SCRIPT = [
  "x='  a  b\tc\nd  '; for w in $x; do printf '[%s]' \"$w\"; done; echo",
  "y='   '; set -- $y; echo \"$#\"",
  "z=''; set -- $z; echo \"$#\"",
  "q='one'; set -- $q; echo \"$# $1\"",
  "IFS=:; r='a::b:'; set -- $r; echo \"$# $*\"; unset IFS",
  "s=' lead'; arr=($s trail); echo \"${#arr[@]} ${arr[0]}\"",
  't="x y"; echo pre$t"post"',
  'n=$(seq 1 5000); set -- $n; echo "$# $1 ${5000}"',
];

it('unquoted expansions split into the words bash makes of them', async () => {
  const real = spawnSync('bash', ['--norc', '--noprofile', '-c', SCRIPT.join('\n')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const ours = await runShell(SCRIPT.join('\n'));
  expect({ stdout: ours.stdout, stderr: ours.stderr }).toEqual({ stdout: real.stdout, stderr: real.stderr });
});
