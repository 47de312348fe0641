/**
 * `seq` as GNU coreutils 9.1 prints it, and Ctrl+C stopping it — also inside `$(…)` and a
 * `for` list, where nothing is printed to show it runs — with status 130, as SIGINT stops
 * GNU seq. Oracle: this machine's GNU seq. In the page the worker calls `session.interrupt()`
 * on a message; here a timer does it. In the CLI, ^C is typed into a pseudo-terminal.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createPlaygroundShell } from '../../src/node/playground-shell.ts';
import { layerlabCommands } from '../../src/shell/commands/index.ts';
import { interruptInPty } from '../cli/support/pty-interrupt.ts';
import { describeWithOracles } from '../support/oracles.ts';
import { runShell } from './support/run-shell.ts';

describeWithOracles(['coreutils'], 'seq prints what GNU seq 9.1 prints', () => {
  it.each([['5'], ['3 7'], ['10 -3 1'], ['-s, 1 5'], ['-s ", " 2 2 9'], ['5 1'], ['0'], ['-- -3 -1'], ['+2 4'], ['1 0.5 3'], ['-w 8 10'], ['100000']])('seq %s', async (args) => {
    const real = spawnSync('bash', ['--norc', '--noprofile', '-c', `seq ${args}; echo "status $?"`], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' } }).stdout;
    const ours = await runShell(`seq ${args}; echo "status $?"`, { commands: layerlabCommands() });
    expect(ours.stdout).toBe(real);
  });
});

describe('Ctrl+C stops seq wherever its output goes', () => {
  it.each([['x=$(seq 1 50000000)'], ['for i in $(seq 1 50000000); do :; done'], ['seq 1 50000000 > /dev/null']])('%s ends with 130 and the shell goes on', async (line) => {
    const shown: string[] = [];
    const session = await createPlaygroundShell({ stdout: (b) => shown.push(new TextDecoder().decode(b)), stderr: (b) => shown.push(new TextDecoder().decode(b)) });
    await session.run('true');
    setTimeout(() => session.interrupt(), 200);
    expect(await session.run(line)).toBe(130);
    shown.length = 0;
    await session.run('echo "after $? ${#x}"');
    expect(shown.join('')).toBe('after 130 0\n');
  }, 60_000);

  it('in `layerlab shell` on a terminal: ^C, a new prompt, status 130', async () => {
    const run = await interruptInPty('x=$(seq 1 50000000)', undefined);
    expect(run.afterInterrupt).toMatch(/^\^C\nroot@layerlab:~# echo "status \$\?"\nstatus 130\n/);
  }, 180_000);
});
