/**
 * Ctrl+C ends any loop, as bash's SIGINT does, with status 130 — also a loop that never waits
 * for anything, which used to run on to just-bash's iteration cap: loops yield to the event loop
 * (src/shell/loop-yield.ts, scripts/patch-just-bash.mjs), so the interrupt arrives. In the page
 * the worker calls `session.interrupt()` on a message; here a timer does it, which is the same
 * event-loop turn. In the CLI, ^C is typed into a pseudo-terminal. (How fast: `npm run bench`.)
 */
import { describe, expect, it } from 'vitest';
import { createPlaygroundShell } from '../../src/node/playground-shell.ts';
import { interruptInPty } from '../cli/support/pty-interrupt.ts';

describe('Ctrl+C in a ShellSession (as the page worker sends it)', () => {
  it.each([
    ['while true; do :; done'],
    ['while true; do echo y; done'],
    ['for ((;;)); do :; done'],
    ['until false; do x=$((x+1)); done'],
    ['for i in $(seq 1 100000); do :; done'],
    ['f() { while :; do :; done; }; f'],
  ])('%s ends with 130 and the shell goes on', async (loop) => {
    const shown: string[] = [];
    const session = await createPlaygroundShell({ stdout: (b) => shown.push(new TextDecoder().decode(b)), stderr: (b) => shown.push(new TextDecoder().decode(b)) });
    setTimeout(() => session.interrupt(), 200);
    expect(await session.run(loop)).toBe(130);
    // bash starts a new line after a job dies of SIGINT; nothing of just-bash's shows.
    expect(shown.at(-1)).toBe('\n');
    expect(shown.join('')).not.toMatch(/abort|limit|iterations/);
    shown.length = 0;
    await session.run('echo "after $?"');
    expect(shown.join('')).toBe('after 130\n');
  });
});

describe('Ctrl+C in `layerlab shell` on a terminal', () => {
  it('stops `while true; do echo y; done`: ^C, a new prompt, no more y, status 130', async () => {
    const run = await interruptInPty('while true; do echo y; done', /y\ny\n/);
    const prompt = run.afterInterrupt.search(/root@layerlab:[^#\n]*# /);
    expect(run.afterInterrupt).toContain('^C');
    // After the prompt: only what was typed next and its answer.
    expect(run.afterInterrupt.slice(prompt)).toMatch(/^root@layerlab:~# echo "status \$\?"\nstatus 130\n/);
    expect(run.status).toBe(0);
  }, 180_000);
});
