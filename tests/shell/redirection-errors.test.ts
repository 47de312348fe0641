/**
 * A redirection that cannot be opened fails its command the way bash fails it — one line, status
 * 1, the command not run — and the shell goes on (just-bash 3.4.2 threw out of the whole shell
 * here: scripts/patch-just-bash.mjs). Real bash is the oracle, on the same lines.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { layerlabCommands } from '../../src/shell/commands/index.ts';
import { runShell } from './support/run-shell.ts';

const LINES = [
  'echo hi > /nonexistent/x',
  'echo "status $?"',
  'echo hi >> /nonexistent/y; echo "append $?"',
  'echo x > /tmp; echo "dir $?"',
  'cat < /nope; echo "input $?"',
  'f() { echo in-f > /no/dir/f; echo "in f $?"; }; f',
  'for i in 1 2; do echo $i > /no/$i; done; echo "loop $?"',
  'ls / > /nonexistent/z && echo not-run || echo "or $?"',
  'echo still here',
];

describe('a redirection that cannot be opened', () => {
  it('prints what bash prints, fails only that command, and the shell goes on', async () => {
    const real = spawnSync('bash', ['-s'], { input: LINES.join('\n'), encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
    const ours = await runShell(LINES.join('\n'), { commands: layerlabCommands() });
    // A non-interactive bash names the line (and `main`/`environment` inside a function); at a prompt it is `bash: `.
    const withoutLineNumbers = (text: string) => text.replace(/^(bash|main|environment): line \d+: /gm, 'bash: ');
    expect(ours.stdout).toBe(real.stdout);
    expect(ours.stderr).toBe(withoutLineNumbers(real.stderr));
    expect(ours.session.exited).toBeUndefined();
  });

  it('in a script run by path and in a container, too', async () => {
    const ours = await runShell(
      ["printf 'echo a > /no/such/file\\necho \"script goes on $?\"\\n' > /tmp/s.sh", 'sh /tmp/s.sh', 'echo "after $?"'].join('\n'),
      { commands: layerlabCommands() },
    );
    expect(ours.stdout).toBe('script goes on 1\nafter 0\n');
    expect(ours.stderr).toMatch(/^(sh|bash): (line 1: )?\/no\/such\/file: No such file or directory\n$/);
  });
});
