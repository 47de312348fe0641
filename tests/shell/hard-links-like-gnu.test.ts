/**
 * Hard links made with `ln` in the playground's shell: `ls -l`, `busybox ls -l`, `stat`, `ls -i`,
 * `du` and `tar -cv` see one file under several names, as GNU coreutils, GNU tar and Debian's
 * busybox-static 1.35 see the same tree made on disk.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { layerlabCommands } from '../../src/shell/commands/index.ts';
import { emulatedPrograms } from '../../src/shell/emulators/index.ts';
import { FIXED_NOW, runShell } from './support/run-shell.ts';

const SETUP = "printf 'two\\n' > a && mkdir d && ln a d/b && ln a c";
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function real(command: string): { stdout: string; stderr: string; status: number } {
  const dir = mkdtempSync(join(tmpdir(), 'layerlab-ln-'));
  dirs.push(dir);
  const result = spawnSync('bash', ['-c', `${SETUP} && ${command}`], { cwd: dir, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C', TZ: 'UTC' } });
  if (result.error !== undefined) throw new Error('these tests need bash, GNU coreutils, GNU tar and busybox-static: apt-get install -y coreutils tar busybox-static');
  return { stdout: result.stdout, stderr: result.stderr, status: result.status ?? -1 };
}

async function ours(command: string): Promise<{ stdout: string; stderr: string; status: number }> {
  const deps = { now: () => FIXED_NOW };
  const run = await runShell(`mkdir -p /w && cd /w && ${SETUP}\n${command}`, { commands: [...layerlabCommands(deps), ...emulatedPrograms(deps)] });
  return { stdout: run.stdout, stderr: run.stderr, status: run.status };
}

describe('one file, three names', () => {
  it.each([
    "stat -c '%h %n' a c d/b",
    "ls -l a c d/b | awk '{print $1, $2, $5, $9}'",
    "busybox ls -l a c d/b | awk '{print $1, $2, $5, $9}'",
    'ls -i a c d/b | awk \'{print $1}\' | uniq | wc -l',
    'du -b a c d/b',
    'du -bc d/b a c',
    // Only the first name carries the data; the others are `h` entries linking to it.
    "tar -cvf t.tar a c d/b >/dev/null && tar -tvf t.tar | awk '{print $1, $3, $6, $7, $8, $9}'",
  ])('%s', async (command) => {
    expect(await ours(command)).toEqual(real(command));
  });
});
