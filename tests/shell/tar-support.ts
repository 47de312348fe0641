/**
 * GNU tar as the oracle for the shell's `tar`: the same script builds the same tree in a real
 * temp directory (run by bash) and in a fresh shell (run by just-bash with our commands), with
 * every mtime at FIXED_NOW on both sides; then the same tar command runs on both.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createShell } from '../../src/shell/create-shell.ts';
import type { ShellSession } from '../../src/shell/session.ts';
import { tarCommand } from '../../src/shell/commands/tar/tar-command.ts';
import { FIXED_NOW, runShell, type ShellRun } from './support/run-shell.ts';

/** Where the shell side works: the same relative names as in the temp directory. */
export const SHELL_DIR = '/root/w';

/** A tree with what tar must get right: nested dirs, a hard link, a symlink, modes, a long name. */
export const TREE_SCRIPT = [
  'mkdir -p d/sub/deeper d/empty',
  'echo hello > d/a',
  'ln d/a d/hl',
  'ln -s a d/sl',
  'printf "x%.0s" $(seq 1 700) > d/sub/big',
  'echo exec > d/sub/run.sh',
  'chmod 755 d/sub/run.sh',
  'chmod 700 d/empty',
  'echo w > d/sub/.wh.gone',
  'echo n > d/sub/deeper/a-name-that-is-long-enough-to-need-more-than-one-hundred-characters-in-a-tar-header-block-x.txt',
].join('\n');

export interface Oracle {
  dir: string;
  session: ShellSession;
  /** Run a command line with real bash and GNU tar in the temp directory (TZ=UTC). */
  gnu(command: string): { stdout: Buffer; stderr: string; status: number };
  /** Run a command line in the shell, in SHELL_DIR. */
  ours(command: string): Promise<ShellRun>;
  /** Copy a file of the temp directory into the shell's SHELL_DIR. */
  copyIn(name: string): Promise<void>;
  /** Copy a file of the shell's SHELL_DIR out to the temp directory. */
  copyOut(name: string, as?: string): Promise<void>;
  cleanup(): void;
}

export async function makeOracle(script = TREE_SCRIPT): Promise<Oracle> {
  const dir = mkdtempSync(join(tmpdir(), 'layerlab-tar-'));
  execFileSync('bash', ['-c', `umask 022; ${script.replace(/\n/g, '; ')}; find . -exec touch -h -d @${FIXED_NOW} {} +`], { cwd: dir });
  const session = await createShell({ terminal: { stdout: () => {}, stderr: () => {} }, commands: [tarCommand()], now: () => FIXED_NOW });
  await runShell(`mkdir -p ${SHELL_DIR}; cd ${SHELL_DIR}\n${script}`, { session });
  const overlay = session.fs.overlay;
  return {
    dir,
    session,
    gnu(command) {
      const result = spawnSync('bash', ['-c', command], { cwd: dir, env: { ...process.env, TZ: 'UTC', LC_ALL: 'C.UTF-8' } });
      return { stdout: result.stdout, stderr: result.stderr.toString(), status: result.status ?? -1 };
    },
    ours: (command) => runShell(`cd ${SHELL_DIR}\n${command}`, { session }),
    async copyIn(name) {
      await overlay.writeFile(`${SHELL_DIR}/${name}`, new Uint8Array(readFileSync(join(dir, name))));
    },
    async copyOut(name, as = name) {
      writeFileSync(join(dir, as), await overlay.readFile(`${SHELL_DIR}/${name}`));
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
