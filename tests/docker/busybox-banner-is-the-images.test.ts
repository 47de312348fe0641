/**
 * `busybox` (and an applet's usage) starts with the banner of the busybox that runs: in
 * busybox:latest the image's BusyBox 1.37.0 (as `docker history` names it; docker-library's
 * build prints `BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.`), on the host
 * Debian's busybox-static 1.35, compared with /bin/busybox on this machine.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { layerlabCommands } from '../../src/shell/commands/index.ts';
import { runShell } from '../shell/support/run-shell.ts';
import { containerDaemon } from './containers-support.ts';
import { runDocker } from './support/docker-shell.ts';

const BUSYBOX_MISSING = "this test compares with Debian's busybox-static 1.35 at /bin/busybox: apt-get install -y busybox-static";

describe("busybox's banner is the version of the busybox that runs", () => {
  it('in busybox:latest: the version docker history names, with its build time; on the host: /bin/busybox\'s', async () => {
    const script = [
      'docker pull -q busybox >/dev/null',
      'docker history --no-trunc --format "{{.CreatedBy}}" busybox | grep -o "BusyBox [0-9.]*"',
      'docker run --rm busybox busybox | head -1',
      'docker run --rm busybox busybox --help | head -1',
      'docker run --rm busybox date --help 2>&1 | head -1',
    ].join('\n');
    const run = await runDocker(script, { daemon: containerDaemon() });
    const [history, bare, help, applet] = run.stdout.split('\n');
    expect(history).toBe('BusyBox 1.37.0');
    const banner = 'BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.';
    expect([bare, help, applet]).toEqual([banner, banner, banner]);
    const real = spawnSync('/bin/busybox', ['--help'], { encoding: 'utf8' });
    if (real.error !== undefined) throw new Error(BUSYBOX_MISSING);
    const host = await runShell('busybox | head -1', { commands: layerlabCommands() });
    expect(host.stdout).toBe(`${real.stdout.split('\n')[0]}\n`);
  }, 60_000);
});
