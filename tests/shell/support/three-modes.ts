/**
 * One script run the three ways the playground's shell runs: as the page runs it (a ShellSession
 * on a terminal that only shows output, driven by runRepl as src/worker/shell-service.ts drives
 * it), as `layerlab shell` on a terminal (util-linux `script`, a pseudo-terminal), and as
 * `layerlab shell < script` (stdin and stdout not terminals). What each shows, as text. The
 * lines should end with `exit` (on a terminal, the shell waits for more).
 */
import { spawn, spawnSync } from 'node:child_process';
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
    return await runInPty(lines);
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
 * Typed as a person types: each line once the prompt shows (typed ahead, lines can be lost
 * when readline switches the terminal to raw mode). The shell echoes each line after its prompt.
 */
async function runInPty(lines: readonly string[]): Promise<ModeRun> {
  if (spawnSync('script', ['--version']).error) throw new Error('util-linux `script` is missing: apt-get install -y util-linux');
  const child = spawn('script', ['-qefc', `${BIN} shell`, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let raw = '';
  let changed = () => {};
  child.stdout.on('data', (chunk: Buffer) => {
    raw += chunk.toString('utf8');
    changed();
  });
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  const prompts = () => (plain(raw).match(PROMPT) ?? []).length;
  const waitForPrompts = (count: number) =>
    Promise.race([
      new Promise<void>((resolve) => {
        changed = () => prompts() >= count && resolve();
        changed();
      }),
      exited.then(() => undefined),
    ]);
  try {
    for (let i = 0; i < lines.length; i++) {
      await waitForPrompts(i + 1);
      child.stdin.write(`${lines[i]}\r`);
    }
    const status = await exited;
    let shown = plain(raw);
    for (const line of lines) shown = shown.split(`${line}\n`).join('');
    return { shown: shown.replace(PROMPT, ''), status };
  } finally {
    child.kill();
  }
}

const PROMPT = /root@layerlab:[^#\n]*# /g;

function plain(text: string): string {
  return text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/\r/g, '');
}
