/**
 * `curl` and `wget` in the playground fail as the real ones fail on a machine with no network:
 * the oracle is curl 7.88 and GNU Wget 1.21 run in a network namespace of their own
 * (`unshare -n`), which has only a loopback interface, as a page has no sockets. What we do not
 * reproduce is compared away: wget's first line carries the clock. (curl's progress meter, which
 * it draws only when its output is not a terminal, is not reproduced: the oracle's stdout is a
 * pipe, so it runs with `-s -S`, silent but showing errors, as scripts run it.)
 */
import { spawnSync } from 'node:child_process';
import { describe, expect } from 'vitest';
import { layerlabCommands } from '../../src/shell/commands/index.ts';
import { itWithOracles } from '../support/oracles.ts';
import { runShell } from './support/run-shell.ts';

const CASES = [
  ['curl', '-sS', 'https://example.com/x'],
  ['curl', '-s', 'example.com'],
  ['curl', '-fsSLO', 'https://raw.githubusercontent.com/moby/moby/master/README.md'],
  ['curl', '-sS', 'localhost:8080'],
  ['wget', 'http://example.com'],
  ['wget', '-q', 'http://example.com/file.tar.gz'],
  ['wget', '-O', 'out.txt', 'example.org'],
];

function offline(argv: string[]): { stdout: string; stderr: string; status: number | null } {
  const run = spawnSync('unshare', ['-n', ...argv], { encoding: 'utf8', cwd: '/tmp', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', HOME: '/tmp' } });
  return { stdout: run.stdout, stderr: run.stderr, status: run.status };
}

const withoutClock = (text: string) => text.replace(/^--\d{4}-\d\d-\d\d \d\d:\d\d:\d\d--/gm, '--TIME--');

describe('curl and wget without a network', () => {
  for (const argv of CASES) {
    itWithOracles(['curl', 'wget', 'network-namespace'], argv.join(' '), async () => {
      const real = offline(argv);
      const ours = await runShell(`cd /tmp; ${argv.join(' ')}; echo "status $?"`, { commands: layerlabCommands() });
      expect(withoutClock(ours.stderr).replace(/ \(the playground's containers have no network: their ports cannot be reached\)/, '')).toBe(withoutClock(real.stderr));
      expect(ours.stdout).toBe(`${real.stdout}status ${real.status}\n`);
    });
  }
});
