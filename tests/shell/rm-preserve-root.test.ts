/**
 * `rm -r /` refuses as GNU rm 9.1 does (coreutils src/remove.c, ROOT_DEV_INO_WARN), and
 * `--no-preserve-root` removes what was asked while the session goes on. GNU rm is not run on
 * `/` here, even to watch it refuse: its words are coreutils' own strings.
 */
import { describe, expect, it } from 'vitest';
import { layerlabCommands } from '../../src/shell/commands/index.ts';
import { runShell } from './support/run-shell.ts';

const REFUSAL = (name: string) =>
  `rm: it is dangerous to operate recursively on '${name}'${name === '/' ? '' : " (same as '/')"}\nrm: use --no-preserve-root to override this failsafe\n`;

describe('rm and the root directory', () => {
  it('rm -rf / and rm -r // refuse with status 1 and remove nothing', async () => {
    const run = await runShell('rm -rf /; echo "status $?"\nrm -r //; echo "status $?"\nls / | wc -l', { commands: layerlabCommands() });
    expect(run.stderr).toBe(REFUSAL('/') + REFUSAL('//'));
    expect(run.stdout).toMatch(/^status 1\nstatus 1\n(\d+)\n$/);
    expect(Number(/(\d+)\n$/.exec(run.stdout)![1])).toBeGreaterThan(5);
  });

  it('the other operands are still removed, and the status is 1', async () => {
    const run = await runShell('mkdir -p /tmp/a/b; rm -rf /tmp/a / ; echo "status $?"; ls -d /tmp/a', { commands: layerlabCommands() });
    expect(run.stderr).toBe(`${REFUSAL('/')}ls: cannot access '/tmp/a': No such file or directory\n`);
    expect(run.stdout).toBe('status 1\n');
  });

  it('--preserve-root is accepted; --no-preserve-root empties the root but for /dev\'s mounts, and the shell goes on', async () => {
    const run = await runShell('rm -f --preserve-root /nope; echo "status $?"\nrm -rf --no-preserve-root /; echo "status $?"\nls /\necho "still here $?"', {
      commands: layerlabCommands(),
    });
    // The mount points in /dev (/dev/shm, /dev/mqueue) cannot be removed (EBUSY): status 1, as on a real machine.
    expect(run.stdout).toBe('status 0\nstatus 1\nstill here 127\n');
    expect(run.stderr).toContain("rm: cannot remove '/dev/shm': Device or resource busy\n");
    expect(run.stderr.endsWith('bash: ls: command not found\n')).toBe(true);
  });
});
