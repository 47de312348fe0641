/**
 * Files bigger than 64 MiB go through a redirected stdin and through pipes: `wc -c < big`,
 * `cat < big | wc -c`, as bash and GNU coreutils do. just-bash capped a command's stdin at its
 * maxStringLength (64 MiB: "stdin size limit exceeded"), counted a session's redirected output
 * against one 256 MiB budget for the session's whole life, and GNU-style `seq` stopped at a
 * million numbers. Oracle: this machine's bash, seq and wc on the same script.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { layerlabCommands } from '../../src/shell/commands/index.ts';
import { describeWithOracles } from '../support/oracles.ts';
import { runShell } from './support/run-shell.ts';

/** 78 888 897 bytes: more than 64 MiB. */
const SCRIPT = ['seq 1 10000000 > big', 'wc -c < big', 'cat < big | wc -c', 'wc -l < big', 'tail -1 < big', 'cat big | wc -c'];

describeWithOracles(['coreutils'], 'a file over 64 MiB through stdin', () => {
  it('wc, cat and tail read it whole, redirected or piped, as with bash and coreutils', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'layerlab-big-'));
    try {
      const real = spawnSync('bash', ['--norc', '--noprofile', '-c', SCRIPT.join('\n')], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      const ours = await runShell(`cd /tmp\n${SCRIPT.join('\n')}`, { commands: layerlabCommands() });
      expect({ stdout: ours.stdout, stderr: ours.stderr }).toEqual({ stdout: real.stdout, stderr: real.stderr });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
