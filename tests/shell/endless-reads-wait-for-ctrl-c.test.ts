/**
 * `head -n 5 /dev/zero` and `grep x /dev/zero` never end by themselves: /dev/zero has no newline
 * and no end (src/shell/programs/endless-reads.ts). They run until Ctrl+C (status 130), and the
 * shell goes on; reads that do end still do (`head -c 5 /dev/zero`, lines of /dev/urandom).
 * Oracle: the same commands here (GNU coreutils, GNU grep, /bin/busybox), still running after
 * half a second, then ended by SIGINT.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createPlaygroundShell } from '../../src/node/playground-shell.ts';

/**
 * Whether the real command is still reading after `ms`: coreutils `timeout` then sends SIGINT
 * to its whole process group (a pipeline's commands too) and exits 124.
 */
function realRunsOn(argv: string[], ms: number): boolean {
  const run = spawnSync('timeout', ['-s', 'INT', String(ms / 1000), ...argv], { stdio: ['ignore', 'ignore', 'ignore'] });
  if (run.status === 125 || run.status === 127) throw new Error(`${argv[0]} is missing: apt-get install -y coreutils grep busybox-static`);
  return run.status === 124;
}

describe('reads of /dev/zero that never end wait for Ctrl+C', () => {
  it.each([
    ['head -n 5 /dev/zero', ['head', '-n', '5', '/dev/zero']],
    ['head /dev/zero', ['head', '/dev/zero']],
    ['grep x /dev/zero', ['grep', 'x', '/dev/zero']],
    ['busybox head -n 1 /dev/zero', ['/bin/busybox', 'head', '-n', '1', '/dev/zero']],
    ['cat /dev/zero | head -n 2', ['sh', '-c', 'cat /dev/zero | head -n 2']],
  ])('%s runs until Ctrl+C, then status 130', async (command, argv) => {
    expect(realRunsOn(argv, 500)).toBe(true);
    const shown: string[] = [];
    const session = await createPlaygroundShell({ stdout: (b) => shown.push(new TextDecoder().decode(b)), stderr: (b) => shown.push(new TextDecoder().decode(b)) });
    let ended = false;
    const running = session.run(`${command} | wc -c`).then((status) => ((ended = true), status));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(ended).toBe(false);
    session.interrupt();
    expect(await running).toBe(130);
    shown.length = 0;
    await session.run('head -c 5 /dev/zero | wc -c; head -n 2 /dev/urandom | wc -l');
    expect(shown.join('')).toBe('5\n2\n');
  }, 60_000);
});
