import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createShell } from '../../src/shell/create-shell.ts';
import { dockerCommand } from '../../src/shell/commands/docker/index.ts';
import { FIXED_NOW } from '../shell/support/run-shell.ts';
import { runDocker } from './support/docker-shell.ts';
import { containerDaemon, idFrom } from './containers-support.ts';

describe('container lifecycle', () => {
  it('Ctrl+C stops a foreground redis-server: it prints its shutdown lines and exits 0', async () => {
    const daemon = containerDaemon();
    await daemon.pull('redis:3.2.11-alpine', () => {});
    const session = await createShell({ terminal: { stdout: () => {}, stderr: () => {} }, commands: [dockerCommand(daemon)], now: () => FIXED_NOW });
    const pending = runDocker('docker run --name fg redis:3.2.11-alpine\necho "status $?"', { daemon, session });
    await new Promise((r) => setTimeout(r, 300));
    expect(daemon.containers.get('fg').state.status).toBe('running');
    session.interrupt();
    const run = await pending;
    expect(run.stdout).toContain('Received SIGINT scheduling shutdown...');
    expect(run.stdout).toContain('# Redis is now ready to exit, bye bye...\n');
    expect(run.stdout.endsWith('status 0\n')).toBe(true);
    expect(daemon.containers.get('fg').state.exitCode).toBe(0);
  });

  it('Ctrl+C of a foreground server whose stdout is piped: the pipe gets its output when it ends, and the line goes on (it exited, it did not die of SIGINT)', async () => {
    const daemon = containerDaemon();
    await daemon.pull('redis:3.2.11-alpine', () => {});
    const session = await createShell({ terminal: { stdout: () => {}, stderr: () => {} }, commands: [dockerCommand(daemon)], now: () => FIXED_NOW });
    const pending = runDocker('docker run --name fg2 redis:3.2.11-alpine | tail -n 1; echo "status $?"', { daemon, session });
    await new Promise((r) => setTimeout(r, 300));
    session.interrupt();
    const run = await pending;
    expect(run.stdout).toMatch(/^1:M [^\n]* # Redis is now ready to exit, bye bye\.\.\.\nstatus 0\n$/);
  });

  it('docker export is a tar GNU tar reads, holding what the container wrote', async () => {
    const daemon = containerDaemon();
    const run = await runDocker('docker pull -q busybox >/dev/null\ndocker run --name writer busybox sh -c "echo hi > /note"\ndocker export writer | cat', { daemon });
    const dir = mkdtempSync(join(tmpdir(), 'layerlab-export-'));
    writeFileSync(join(dir, 'c.tar'), run.stdoutBytes);
    const listing = execFileSync('tar', ['-tf', join(dir, 'c.tar')], { encoding: 'utf8' }).split('\n');
    expect(listing).toContain('note');
    expect(listing).toContain('bin/busybox');
    expect(execFileSync('tar', ['-xOf', join(dir, 'c.tar'), 'note'], { encoding: 'utf8' })).toBe('hi\n');
  });

  it('errors as docker words them: name conflict, no such container, running container removal', async () => {
    const daemon = containerDaemon();
    const run = await runDocker(
      ['docker pull -q busybox >/dev/null', 'docker create --name xx busybox', 'docker create --name xx busybox', 'echo "status $?"', 'docker rm nope', 'docker run -d --name sl busybox sleep 100', 'docker rm sl', 'docker rm -f sl', 'docker ps -a --format "{{.Names}} {{.Status}}"'].join('\n'),
      { daemon },
    );
    expect(run.stderr).toContain(`docker: Error response from daemon: Conflict. The container name "/xx" is already in use by container "${idFrom(1)}". You have to remove (or rename) that container to be able to reuse that name.\n`);
    expect(run.stdout).toContain('status 125\n');
    expect(run.stderr).toContain('Error response from daemon: No such container: nope\n');
    expect(run.stderr).toContain('Error response from daemon: cannot remove container "/sl": container is running: stop the container before removing or force remove\n');
    expect(run.stdout.endsWith('sl\nxx Created\n')).toBe(true);
  });
});
