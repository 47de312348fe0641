/**
 * What a typed statement shows on the terminal, in the order a terminal shows it: each command's
 * output as that command ends, stdout and stderr interleaved (see src/shell/programs/terminal-output.ts).
 * The oracle is real bash in a pseudo-terminal (util-linux `script`), on the same commands.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { layerlabCommands } from '../../src/shell/commands/index.ts';
import { runShell } from './support/run-shell.ts';
import { describeWithOracles } from '../support/oracles.ts';

const scratch = mkdtempSync(join(tmpdir(), 'layerlab-order-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** What real bash shows on an 80-column terminal for these lines, run in an empty directory. */
function realTerminal(lines: string[]): string {
  const script = ['stty cols 80', 'cd "$1"', ...lines].join('\n');
  const result = spawnSync('script', ['-qec', `bash -c '${script.replace(/'/g, "'\\''")}' bash ${scratch}`, '/dev/null'], {
    env: { ...process.env, LC_ALL: 'C', TZ: 'UTC', PS1: '' },
  });
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch);
  return result.stdout.toString('utf8').replace(/\r\n/g, '\n');
}

async function ourTerminal(lines: string[]): Promise<string> {
  const run = await runShell(['mkdir -p /work/empty && cd /work/empty', ...lines].join('\n'), { commands: layerlabCommands() });
  return run.terminal;
}

describeWithOracles(['script'], "a statement's stdout and stderr reach the terminal in the order they are written", () => {
  it.each([
    ['an error, then what runs after it', ['ls nope || echo after']],
    ['loops', ['for i in 1 2; do echo $i; ls nope$i; done']],
    ['redirections of a command keep their meaning', ['echo a >&2; echo b', 'ls nope 2>&1 | sed s/^/piped:/', 'ls nope 2>/dev/null || echo hidden']],
    ['a group redirected as a whole', ['{ echo in; ls nope; } 2>&1 | cat', '{ echo out; ls nope; } 2>/dev/null']],
    ['if, while and case', ['if ls nope; then echo yes; else echo no; fi', 'n=0; while [ $n -lt 2 ]; do n=$((n+1)); echo n$n; ls n$n; done', 'case x in x) ls nope; echo matched;; esac']],
    ['errors of a command substitution come before the command that uses it', ['echo $(ls nope) done', 'x=$(ls nope2; echo hi); echo $x']],
    ['a subshell and a pipeline', ['(echo sub; ls nope)', 'ls nope | cat; echo end']],
    ['`exec 2>/dev/null` moves the shell\'s stderr for good', ['exec 2>/dev/null', 'ls nope; echo still']],
  ])('%s', async (_title, lines) => {
    expect(await ourTerminal(lines)).toBe(realTerminal(lines));
  });

  it('ls writes its errors before its listing when both go to the terminal', async () => {
    const lines = ['mkdir d && touch d/f1 d/f2', 'ls d nope'];
    expect(await ourTerminal(lines)).toBe(realTerminal(lines));
  });

  it('keeps that order when 2>&1 sends both into a pipe or a file, and not when it comes after >file', async () => {
    const lines = ['mkdir d && touch d/f1', 'ls d nope 2>&1 | cat', 'ls d nope > out 2>&1; cat out', 'ls d nope 2>&1 > out2 | sed s/^/piped:/; cat out2', 'wc -l d/f1 nope 2>&1 | cat'];
    expect(await ourTerminal(lines)).toBe(realTerminal(lines));
  });
});

describeWithOracles(['script'], 'programs know whether their stdout is the terminal (isatty)', () => {
  it.each([
    ['ls on the terminal prints columns; into a pipe or a file, one name per line', ['touch a b "c d"', 'ls', 'ls | cat', 'ls > /tmp/layerlab-ls-out; cat /tmp/layerlab-ls-out', 'ls 2>/dev/null', 'ls >&2']],
    ['tar will not write an archive to the terminal, but will to a pipe', ['touch a', 'tar -cf - a; echo "status $?"', 'tar -c a; echo "status $?"', 'tar -cf - a | tar -tf -']],
  ])('%s', async (_title, lines) => {
    expect(await ourTerminal(lines)).toBe(realTerminal(lines));
  });
});
