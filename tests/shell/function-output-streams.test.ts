/**
 * Output written inside a shell function reaches the terminal as it is written, as bash's does
 * (src/shell/programs/function-output.ts), and output the call sends elsewhere — a pipe, `$(…)`,
 * a file — still goes there whole. `f | head -1` ends once head has its line, as SIGPIPE ends f.
 * Oracle for where output goes: this machine's bash running the same script.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { layerlabCommands } from '../../src/shell/commands/index.ts';
import { createShell } from '../../src/shell/create-shell.ts';
import { runShell } from './support/run-shell.ts';

/** Wait (without a deadline of our own: the test's timeout fails it) until `test` holds. */
async function until(test: () => boolean): Promise<void> {
  while (!test()) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('a function writes to the terminal as it runs', () => {
  it.each([
    ['a function body', 'f(){ echo 1; while [ ! -e /tmp/go ]; do sleep 0.05; done; echo 2; }', 'f'],
    ['a loop in a function', 'f(){ for i in 1 2; do echo $i; while [ $i = 1 ] && [ ! -e /tmp/go ]; do sleep 0.05; done; done; }', 'f'],
    ['a function called by a function', 'f(){ echo 1; while [ ! -e /tmp/go ]; do sleep 0.05; done; echo 2; }; g(){ f; }', 'g'],
    ['a function in a loop', 'f(){ echo $1; while [ $1 = 1 ] && [ ! -e /tmp/go ]; do sleep 0.05; done; }', 'for i in 1 2; do f $i; done'],
  ])('%s: the first line shows before the call ends', async (_what, definition, call) => {
    let shown = '';
    const session = await createShell({ terminal: { stdout: (b) => (shown += new TextDecoder().decode(b)), stderr: (b) => (shown += new TextDecoder().decode(b)) }, commands: layerlabCommands() });
    await session.run(definition);
    let ended = false;
    const running = session.run(call).then((status) => ((ended = true), status));
    await until(() => shown.length > 0);
    expect({ shown, ended }).toEqual({ shown: '1\n', ended: false });
    await session.fs.overlay.writeFile('/tmp/go', new Uint8Array());
    expect(await running).toBe(0);
    expect(shown).toBe('1\n2\n');
  }, 60_000);

  it('f | head -1 ends after the first line, though f never ends by itself', async () => {
    const run = await runShell('f(){ while :; do echo y; done; }\nf | head -1\necho after', { commands: layerlabCommands() });
    expect(run.stdout).toBe('y\nafter\n');
  }, 60_000);
});

describe('output a call sends elsewhere goes there, as in bash', () => {
  const script = [
    'f(){ echo a; echo b >&2; }',
    'h(){ for i in 1 2; do f; done | wc -l; echo h >&2; }',
    'g(){ f | tr a A; x=$(f 2>/dev/null); echo "[$x]"; f > /tmp/o 2>&1; cat /tmp/o; h 2>/tmp/e; }',
    'g',
    'g | tr b B',
    'y=$(g 2>/dev/null); echo "<$y>"',
    'g > /tmp/p 2>/dev/null; cat /tmp/p',
    'declare -f h',
  ];

  it('stdout and stderr hold what bash’s hold', async () => {
    const ours = await runShell(`cd /tmp\n${script.join('\n')}`, { commands: layerlabCommands() });
    const real = spawnSync('bash', ['--norc', '--noprofile', '-c', script.join('\n')], { cwd: '/tmp', encoding: 'utf8' });
    expect({ stdout: ours.stdout, stderr: ours.stderr }).toEqual({ stdout: real.stdout, stderr: real.stderr });
  }, 60_000);
});

describe("a call's `2>&1` keeps its body's stdout and stderr in the order written, as bash's one descriptor does", () => {
  const script = [
    'g(){ echo out1; echo err1 >&2; echo out2; }',
    'x=$(g 2>&1); echo "[$x]"',
    'g 2>&1 | cat',
    'k(){ g 2>&1; echo k-err >&2; }',
    'x=$(k 2>/dev/null); echo "[$x]"',
    'x=$(k 2>&1 >/dev/null); echo "[$x]"',
    'x=$(g 2>&1 >/dev/null); echo "[$x]"',
    'g 2>&1',
  ];

  it('stdout and stderr hold what bash’s hold, byte for byte', async () => {
    const ours = await runShell(`cd /tmp\n${script.join('\n')}`, { commands: layerlabCommands() });
    const real = spawnSync('bash', ['--norc', '--noprofile', '-c', script.join('\n')], { cwd: '/tmp', encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
    expect({ stdout: ours.stdout, stderr: ours.stderr }).toEqual({ stdout: real.stdout, stderr: real.stderr });
  }, 60_000);
});

describe('a function is looked up when it is called, as in bash', () => {
  const script = [
    'g(){ h; echo "status $?"; h | tr h H; x=$(h); echo "[$x]"; }',
    'h(){ echo hi; y=set; return 3; }',
    'g',
    'echo "y=$y"',
    'run(){ "$@"; }',
    'run h; run echo through run; run h | tr h H',
    'm(){ no-such-program; }; m; echo "status $?"',
    'declare -f g run',
  ];

  it('one defined after the function that calls it, or named by "$@", runs in this shell', async () => {
    const ours = await runShell(`cd /tmp\n${script.join('\n')}`, { commands: layerlabCommands() });
    const real = spawnSync('bash', ['--norc', '--noprofile', '-c', script.join('\n')], { cwd: '/tmp', encoding: 'utf8' });
    expect(ours.stdout).toBe(real.stdout);
    expect(ours.stderr).toBe('bash: no-such-program: command not found\n');
  }, 60_000);
});
