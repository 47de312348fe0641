/**
 * head's counts with multiplier suffixes read as GNU coreutils 9.1 reads them (`-c 2M` is
 * 2097152 bytes, `1kB` 1000, `1KiB` 1024, `1b` 512) and as BusyBox 1.35's applet does (`b`,
 * `k`, `m` only: `2M` is an invalid number), and an endless device gives what head asks of it:
 * `head -c 2M /dev/urandom | wc -c` is 2097152 (just-bash's head read `2M` as 2), past the
 * 64 MiB a device read was capped at. Oracles: GNU head and /bin/busybox on the real devices.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { gnuOnTree, oursOnTree } from './support/tree-oracle.ts';
import { describeWithOracles } from '../support/oracles.ts';
import { containerDaemon } from '../docker/containers-support.ts';
import { shellQuote } from '../../src/engine/shell-quote.ts';
import { layerlabCommands } from '../../src/shell/commands/index.ts';
import { runShell } from './support/run-shell.ts';

const TREE = ["printf 'a\\nb\\nc\\n' > f"];

const CASES = [
  'head -c 2M /dev/urandom | wc -c',
  'head -c 1kB /dev/zero | wc -c',
  'head -c 1KiB /dev/zero | wc -c',
  'head -c 3m /dev/zero | wc -c',
  'head -c 1b /dev/zero | wc -c',
  'head --bytes=2k /dev/urandom | wc -c',
  'head -c1MB /dev/zero | wc -c',
  'cat /dev/urandom | head -c 1M | wc -c',
  'yes | head -c 1k | wc -c',
  'head -n 1k f',
  'head -n 5 /dev/urandom | wc -l',
  'head -c 1x /dev/zero; echo $?',
  'head -n 2q f; echo $?',
  'head -c 1bB /dev/zero; echo $?',
];

describeWithOracles(['coreutils'], 'head counts as GNU head reads them', () => {
  it.each(CASES)('%s', async (command) => {
    expect(await oursOnTree(TREE, command)).toEqual(gnuOnTree(TREE, command));
  });
});

describeWithOracles(['busybox'], 'head in a busybox container counts as BusyBox 1.35 does', () => {
  it.each(['head -c 2m /dev/urandom | wc -c', 'head -c 1k /dev/zero | wc -c', 'head -c 1b /dev/zero | wc -c', 'head -c 2M /dev/zero; echo $?', 'head -n 1x /dev/zero; echo $?'])(
    '%s',
    async (command) => {
      const daemon = containerDaemon();
      const ours = await runShell(`docker pull -q busybox >/dev/null\ndocker run --rm busybox sh -c ${shellQuote(command)}`, { commands: layerlabCommands({ docker: daemon }) });
      const real = spawnSync('/bin/busybox', ['sh', '-c', command], { encoding: 'utf8' });
      expect({ stdout: ours.stdout, stderr: ours.stderr }).toEqual({ stdout: real.stdout, stderr: real.stderr });
    },
  );
});

describe('a device read past 64 MiB', () => {
  it('`head -c 65M /dev/zero | wc -c` counts all 68157440 bytes', async () => {
    const run = await runShell('head -c 65M /dev/zero | wc -c', { commands: layerlabCommands() });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('68157440\n');
  }, 180_000);
});
