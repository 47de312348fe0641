/**
 * `ulimit` is the shell's builtin: bash 5.2's on the host, BusyBox 1.35 ash's in busybox images.
 * Oracles: this machine's bash and Debian's busybox-static for the layout and the words; the
 * limits themselves are the ones a Debian host and a Docker container have (see ulimit.ts).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { layerlabCommands } from '../../src/shell/commands/index.ts';
import { dockerCommand } from '../../src/shell/commands/docker/index.ts';
import { containerDaemon } from '../docker/containers-support.ts';
import { describeWithOracles } from '../support/oracles.ts';
import { runShell } from './support/run-shell.ts';

/** Each line's label, the value taken off. */
const labels = (text: string) => text.split('\n').map((line) => line.replace(/\S+$/, ''));

function real(shell: string[], script: string): { stdout: string; stderr: string } {
  const run = spawnSync(shell[0]!, [...shell.slice(1), '-c', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: '/usr/bin:/bin' } });
  // `bash -c` names the line of its script; typed at a prompt, there is none.
  return { stdout: run.stdout, stderr: run.stderr.replace(/^bash: line \d+: /gm, 'bash: ') };
}

describe('on the host, as bash 5.2', () => {
  it('ulimit -a lays out every limit as bash does; ulimit alone is the file size', async () => {
    const run = await runShell('ulimit -a; ulimit; ulimit -n -s', { commands: layerlabCommands() });
    const bash = real(['bash'], 'ulimit -a; ulimit; ulimit -n -s');
    expect(labels(run.stdout)).toEqual(labels(bash.stdout));
    expect(run.stdout).toContain('\nopen files                          (-n) 1024\n');
    expect(run.stdout).toContain('\nunlimited\n');
  });

  it('sets soft and hard limits as setrlimit allows, and says why it does not', async () => {
    const script = 'ulimit -n 512; echo "$? $(ulimit -n) $(ulimit -Hn)"; ulimit -Sn 600; echo $?; ulimit -n 2000000; echo $?; ulimit -n abc; echo $?; ulimit -z; echo $?';
    const run = await runShell(script, { commands: layerlabCommands() });
    expect(run.stdout).toBe('0 512 512\n1\n1\n1\n2\n');
    // The same failures, worded by bash itself.
    const bash = real(['bash'], 'ulimit -n 512; ulimit -Sn 600; ulimit -n 2000000; ulimit -n abc; ulimit -z');
    expect(run.stderr).toBe(bash.stderr);
  });

  it('each shell keeps its own limits', async () => {
    const run = await runShell('ulimit -c 100\nulimit -c', { commands: layerlabCommands() });
    expect(run.stdout).toBe('100\n');
    expect((await runShell('ulimit -c', { commands: layerlabCommands() })).stdout).toBe('0\n');
  });
});

describeWithOracles(['busybox'], 'in a busybox image, as BusyBox 1.35 ash', () => {
  const inAlpine = (script: string) =>
    runShell(`docker pull -q alpine >/dev/null\ndocker run --rm alpine sh -c '${script}'`, { commands: [dockerCommand(containerDaemon()), ...layerlabCommands()] });

  it("ulimit -a and two limits in ash's layout, with a container's limits", async () => {
    const run = await inAlpine('ulimit -a; ulimit -n -s');
    const busybox = real(['/bin/busybox', 'sh'], 'ulimit -a; ulimit -n -s');
    expect(labels(run.stdout)).toEqual(labels(busybox.stdout));
    expect(run.stdout).toContain('\nopen files                      (-n) 1048576\n');
  });

  it("fails in ash's words; a container cannot raise a hard limit", async () => {
    const run = await inAlpine('ulimit -z; ulimit -n abc; ulimit -n 2000000; echo $?');
    expect(run.stderr).toBe(real(['/bin/busybox', 'sh'], 'ulimit -z; ulimit -n abc; ulimit -n 99999999').stderr);
    expect(run.stdout).toBe('1\n');
  });
});
