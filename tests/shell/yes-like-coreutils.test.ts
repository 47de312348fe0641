/**
 * `yes` as GNU coreutils 9.1 and BusyBox 1.35 (its applet) print it, checked against the real
 * ones: bash running GNU yes, and /bin/busybox (Debian's busybox-static). Pipes to `head` end
 * as SIGPIPE ends them in bash (src/shell/programs/pipe-demand.ts).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { layerlabCommands } from '../../src/shell/commands/index.ts';
import { runShell } from './support/run-shell.ts';

function real(script: string): { stdout: string; stderr: string; status: number } {
  const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  if (r.error) throw new Error('bash is missing: apt-get install -y bash coreutils');
  return { stdout: r.stdout, stderr: r.stderr, status: r.status ?? -1 };
}

function requireOracles(): void {
  if (spawnSync('yes', ['--version']).error) throw new Error('GNU yes is missing: apt-get install -y coreutils');
  if (spawnSync('/bin/busybox', ['--help']).error) throw new Error('/bin/busybox is missing: apt-get install -y busybox-static');
}

async function ours(script: string) {
  const run = await runShell(script, { commands: layerlabCommands() });
  return { stdout: run.stdout, stderr: run.stderr, status: run.status };
}

describe('GNU yes', () => {
  it.each([
    ['yes | head -3'],
    ['yes hello world | head -n 2'],
    ['yes -- -n | head -1'],
    ['yes a -x | head -1; echo "status $?"'],
    ['yes | head -c 5'],
    ['yes ab | head -c5 | tr "\\n" .'],
    ['yes -- a --help | head -1'],
    ['yes | head -100000 | wc -l'],
    ['yes --help'],
    ['yes --he'],
    ['yes --version'],
    ['yes -x; echo "status $?"'],
    ['yes --bogus; echo "status $?"'],
    ['yes --help=x; echo "status $?"'],
    ['x=$(yes | head -2); echo "[$x]"'],
  ])('%s', async (script) => {
    requireOracles();
    expect(await ours(script)).toEqual(real(script));
  });
});

describe("BusyBox's yes applet", () => {
  it.each([
    ['busybox yes | head -2'],
    ['busybox yes a b | head -2'],
    ['busybox yes -n --bogus | head -1'],
    ['busybox yes --help; echo "status $?"'],
  ])('%s', async (script) => {
    requireOracles();
    expect(await ours(script)).toEqual(real(script.replace(/^busybox /, '/bin/busybox ')));
  });
});

describe('a loop writing into `| head` ends when head has its share, as SIGPIPE ends it in bash', () => {
  it.each([
    ['while true; do echo y; done | head -3'],
    ['for ((i=0;;i++)); do echo $i; done | head -n 2; echo "after $?"'],
    ['{ echo start; while :; do echo z; done; } | head -2'],
    ['n=0; while [ $n -lt 5 ]; do echo $n; n=$((n+1)); done | head -2; echo "n=$n"'],
    ['until false; do printf ab; done | head -c 5; echo'],
  ])('%s', async (script) => {
    expect(await ours(script)).toEqual(real(script));
  });
});
