/**
 * `FOO=1 env`: bash builds a program's environment from the command's own assignments first
 * (its temporary_env, a 4-bucket hash table), then the exported variables (1024 buckets), so
 * `env` and `printenv` print a prefix assignment on top, and one that overrides an exported
 * variable in its place there. Oracle: this machine's bash with the host session's environment.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { layerlabCommands } from '../../src/shell/commands/index.ts';
import { HOST_ENVIRONMENT } from '../../src/shell/create-shell.ts';
import { runShell } from './support/run-shell.ts';

/** The host session's environment (src/shell/create-shell.ts), as real bash gets it: `bash -c` counts itself in. */
const { SHLVL: _loginLevel, ...LOGIN } = HOST_ENVIRONMENT;
const HOST_ENV = { ...LOGIN, ...{ PWD: '/', OLDPWD: '/root' }, SHLVL: '0' };

/** Real bash in `/` (a last `:` keeps it from exec'ing the last command in its place). */
function realBash(script: string): { stdout: string; stderr: string } {
  const run = spawnSync('bash', ['-c', `${script}; :`], { cwd: '/', env: HOST_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return { stdout: run.stdout, stderr: run.stderr };
}

const host = async (script: string) => {
  const run = await runShell(`cd /\n${script}`, { commands: layerlabCommands() });
  return { stdout: run.stdout, stderr: run.stderr };
};

describe('a command’s own assignments come first in its environment, as bash passes them', () => {
  it.each([
    ['FOO=1 env'],
    ['B=1 A=2 ZZ=3 HOME=/x env'],
    ['export Q=1; HOME=/y Q=2 printenv'],
    ['FOO=1 env -u HOME BAR=2'],
  ])('%s', async (script) => {
    expect(await host(script)).toEqual(realBash(script));
  });

  it('set -x traces the assignment as typed, nothing of the plumbing', async () => {
    const script = 'set -x; FOO=1 env >/dev/null; set +x';
    expect(await host(script)).toEqual(realBash(script));
  });
});
