/**
 * `set -x` shows each command's trace line before what the command writes, as bash does: a
 * function's `+ f` before the lines its body writes (and traces), `+ echo hi` before `hi`
 * (just-bash added the trace to a command's stderr once it had ended: scripts/patch-just-bash.mjs,
 * fix 15). Oracle: bash with stdout and stderr on one pipe, on the same script.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { layerlabCommands } from '../../src/shell/commands/index.ts';
import { runShell } from './support/run-shell.ts';

/** What bash writes for `lines`, stdout and stderr in the order written. */
function realBash(lines: string[]): string {
  const script = lines.join('\n');
  const run = spawnSync('sh', ['-c', 'bash --norc --noprofile -c "$1" 2>&1', 'sh', script], { cwd: '/tmp', encoding: 'utf8', env: { ...process.env, LC_ALL: 'C', PS4: '+ ' } });
  return run.stdout;
}

describe('set -x traces a command before it runs', () => {
  it.each([
    ['a function call, its body traced as it runs', ['g(){ echo out1; echo err1 >&2; echo out2; }', 'set -x', 'g', 'set +x']],
    ['commands whose stdout and stderr are apart', ['set -x', 'echo hi', 'ls /nope', 'echo a >&2', 'set +x']],
    ['a function whose stdout goes to /dev/null', ['g(){ echo out; echo err >&2; }', 'set -x', 'y=2 g >/dev/null', 'set +x']],
    ['a call inside a function', ['f(){ echo f; }', 'g(){ f; echo g; }', 'set -x', 'g', 'set +x']],
  ])('%s', async (_title, lines) => {
    const ours = await runShell(['cd /tmp', ...lines].join('\n'), { commands: layerlabCommands() });
    expect(ours.terminal).toBe(realBash(lines));
  }, 60_000);
});
