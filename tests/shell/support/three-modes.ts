/**
 * One script run the three ways the playground's shell runs: as the page runs it (a ShellSession
 * on a terminal that only shows output, driven by runRepl as src/worker/shell-service.ts drives
 * it), as `layerlab shell` on a terminal (util-linux `script`, a pseudo-terminal), and as
 * `layerlab shell < script` (stdin and stdout not terminals). What each shows, as text.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPlaygroundShell } from '../../../src/node/playground-shell.ts';
import { runRepl } from '../../../src/shell/repl.ts';
import { BIN } from '../../cli/run-cli.ts';

export type ShellMode = 'page' | 'cli-pty' | 'cli-script';

export const SHELL_MODES: readonly ShellMode[] = ['page', 'cli-pty', 'cli-script'];

export interface ModeRun {
  /** stdout and stderr as the user saw them (prompts and echoed input taken out in a terminal). */
  shown: string;
  status: number;
}

export async function runInMode(mode: ShellMode, lines: readonly string[]): Promise<ModeRun> {
  if (mode === 'page') return runAsPage(lines);
  const dir = mkdtempSync(join(tmpdir(), 'layerlab-modes-'));
  try {
    const input = join(dir, 'input');
    writeFileSync(input, `${lines.join('\n')}\n`);
    if (mode === 'cli-script') {
      const r = spawnSync('sh', ['-c', `"$1" shell < "$2" 2>&1`, 'sh', BIN, input], { encoding: 'utf8', timeout: 120_000 });
      return { shown: r.stdout, status: r.status ?? -1 };
    }
    return runInPty(lines, input);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runAsPage(lines: readonly string[]): Promise<ModeRun> {
  let shown = '';
  const decoder = new TextDecoder();
  let next = 0;
  const session = await createPlaygroundShell({
    stdout: (bytes) => (shown += decoder.decode(bytes)),
    stderr: (bytes) => (shown += decoder.decode(bytes)),
    columns: () => 80,
    readLine: async () => (next < lines.length ? lines[next++]! : null),
  });
  const status = await runRepl(session);
  return { shown, status };
}

/**
 * `script` types the lines ahead into the pseudo-terminal; the shell echoes them and shows its
 * prompts. (`script` does not pass on the end of its input: the lines should end with `exit`.)
 */
function runInPty(lines: readonly string[], input: string): ModeRun {
  const exists = spawnSync('script', ['--version'], { encoding: 'utf8' });
  if (exists.error) throw new Error('util-linux `script` is missing: apt-get install -y util-linux');
  const r = spawnSync('sh', ['-c', `script -qec "$1 shell" /dev/null < "$2"`, 'sh', BIN, input], { encoding: 'utf8', timeout: 120_000 });
  let shown = r.stdout.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/\r/g, '');
  // The terminal echoes what `script` typed ahead, then readline shows each line again at its prompt.
  for (const line of lines) shown = shown.split(`${line}\n`).join('');
  shown = shown.replace(/root@layerlab:[^#\n]*# /g, '');
  return { shown, status: r.status ?? -1 };
}
