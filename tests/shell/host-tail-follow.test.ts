/**
 * On the host, `tail -f` follows a file until Ctrl+C, as GNU tail does on a terminal, and
 * `sleep` ends early on Ctrl+C with bash's 130; the shell goes on (functions kept).
 */
import { describe, expect, it } from 'vitest';
import { layerlabCommands } from '../../src/shell/commands/index.ts';
import { createShell } from '../../src/shell/create-shell.ts';

const decoder = new TextDecoder();

describe('long-running programs on the host', () => {
  it('tail -f prints what is appended, and Ctrl+C ends it with status 130', async () => {
    let shown = '';
    const session = await createShell({ terminal: { stdout: (b) => (shown += decoder.decode(b)), stderr: (b) => (shown += decoder.decode(b)) }, commands: layerlabCommands() });
    await session.run('greet() { echo hello; }; printf "one\\ntwo\\n" > /tmp/log');
    const following = session.run('tail -n1 -f /tmp/log');
    await new Promise((r) => setTimeout(r, 100));
    await session.fs.overlay.writeFile('/tmp/log', new TextEncoder().encode('one\ntwo\nthree\n'));
    await new Promise((r) => setTimeout(r, 600));
    expect(shown).toBe('two\nthree\n');
    session.interrupt();
    expect(await following).toBe(130);
    // The terminal echoes ^C; the shell starts a new line when the command has ended.
    expect(shown).toBe('two\nthree\n\n');
    await session.run('echo "status $?"; greet');
    expect(shown).toBe('two\nthree\n\nstatus 130\nhello\n');
  });

  it('sleep ends early on Ctrl+C', async () => {
    let shown = '';
    const session = await createShell({ terminal: { stdout: (b) => (shown += decoder.decode(b)), stderr: () => {} }, commands: layerlabCommands() });
    const started = Date.now();
    const sleeping = session.run('sleep 30');
    await new Promise((r) => setTimeout(r, 100));
    session.interrupt();
    expect(await sleeping).toBe(130);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(shown).toBe('\n');
  });
});

describe('Ctrl+C ends the whole line, as bash does when its job dies of SIGINT', () => {
  it('a loop around sleep stops, the rest of the line does not run, and the shell goes on', async () => {
    let shown = '';
    const session = await createShell({ terminal: { stdout: (b) => (shown += decoder.decode(b)), stderr: (b) => (shown += decoder.decode(b)) }, commands: layerlabCommands() });
    await session.run('cd /tmp');
    const looping = session.run('while true; do echo tick; sleep 0.2; done; echo not-reached');
    await new Promise((r) => setTimeout(r, 500));
    session.interrupt();
    expect(await looping).toBe(130);
    const ticks = shown;
    await new Promise((r) => setTimeout(r, 500));
    expect(shown).toBe(ticks);
    expect(ticks).toMatch(/^(tick\n)+\n$/);
    await session.run('echo "after $? $PWD"');
    expect(shown).toBe(`${ticks}after 130 /tmp\n`);
  });
});
