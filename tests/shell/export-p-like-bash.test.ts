/**
 * `export -p` in the host shell as a bash login shell prints it: OLDPWD exported but without a
 * value until the first `cd` (`declare -x OLDPWD`), then with the directory left. Oracle: this
 * machine's bash started in /root with the host session's environment (no OLDPWD in it, as
 * login gives none; its stdin not a socket, so that bash reads no ~/.bashrc).
 */
import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { layerlabCommands } from '../../src/shell/commands/index.ts';
import { runShell } from './support/run-shell.ts';

const LOGIN_ENV = {
  HOME: '/root',
  USER: 'root',
  LOGNAME: 'root',
  HOSTNAME: 'layerlab',
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  SHELL: '/bin/bash',
  TERM: 'xterm-256color',
  LANG: 'C.UTF-8',
  SHLVL: '0',
};

it('export -p shows OLDPWD without a value before the first cd, with the directory left after it', async () => {
  const script = 'export -p; cd /tmp; export -p | grep OLDPWD; env | grep -c OLDPWD';
  const real = spawnSync('/bin/bash', ['-c', `${script}; :`], { cwd: '/root', env: LOGIN_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const ours = await runShell(script, { commands: layerlabCommands() });
  expect({ stdout: ours.stdout, stderr: ours.stderr }).toEqual({ stdout: real.stdout, stderr: real.stderr });
});
