/**
 * The same small tree, built by the same shell lines, on both sides: GNU's tools run in a real
 * temp directory (bash, fixed locale, UTC), ours in the playground shell at `/tmp/w` — for tests
 * that compare what a utility prints and its exit status with the real one.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { layerlabCommands } from '../../../src/shell/commands/index.ts';
import { runShell } from './run-shell.ts';

export interface Outcome {
  stdout: string;
  stderr: string;
  status: number;
}

/** Where our side builds the tree. */
export const OUR_DIR = '/tmp/w';

/** Whether `program --version` says GNU coreutils (the oracle the tests need). */
export function isGnuCoreutils(program: string): boolean {
  return spawnSync(program, ['--version'], { encoding: 'utf8' }).stdout?.includes('GNU coreutils') ?? false;
}

/** `tree` lines then `script`, by bash in a fresh temp directory; its path reads as OUR_DIR in the output. */
export function gnuOnTree(tree: readonly string[], script: string, options: { locale?: string } = {}): Outcome {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'layerlab-oracle-')));
  try {
    const run = spawnSync('bash', ['-c', `${tree.join('; ')}; ${script}`], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: options.locale ?? 'C', TZ: 'UTC', HOME: '/root' },
      // stdin not a socket (Node's pipes are): bash would read ~/.bashrc as if rshd had started it.
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const ours = (text: string) => text.split(dir).join(OUR_DIR);
    return { stdout: ours(run.stdout), stderr: ours(run.stderr), status: run.status ?? -1 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The same in a fresh playground shell, with all our commands. */
export async function oursOnTree(tree: readonly string[], script: string): Promise<Outcome> {
  const run = await runShell([`mkdir ${OUR_DIR}`, `cd ${OUR_DIR}`, ...tree, script].join('\n'), { commands: layerlabCommands() });
  return { stdout: run.stdout, stderr: run.stderr, status: run.status };
}
