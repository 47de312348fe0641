import { describe, expect, it } from 'vitest';
import { runDocker } from './support/docker-shell.ts';
import { containerDaemon } from './containers-support.ts';

describe('a detached nginx', () => {
  it('stays Up with its startup lines in docker logs, and docker stop ends it (status 0, shutdown lines logged)', async () => {
    const daemon = containerDaemon();
    const run = await runDocker(
      ['docker pull -q nginx >/dev/null', 'docker run -d --name web nginx >/dev/null', 'docker ps --format "{{.Names}} {{.Status}} {{.Ports}}"', 'docker logs web 2>&1', 'docker stop web', 'docker ps -a --format "{{.Names}} {{.Status}}"', 'docker logs --tail 13 web 2>&1'].join('\n'),
      { daemon },
    );
    expect(run.stderr).toBe('');
    const [up, ...rest] = run.stdout.split('\n');
    expect(up).toBe('web Up Less than a second 80/tcp');
    const logs = rest.join('\n');
    // The entrypoint's lines (stdout), then nginx's notices (stderr: error.log is /dev/stderr).
    expect(logs).toMatch(/^\/docker-entrypoint\.sh: \/docker-entrypoint\.d\/ is not empty, will attempt to perform configuration\n\/docker-entrypoint\.sh: Looking for shell scripts in \/docker-entrypoint\.d\/\n/);
    expect(logs).toContain('/docker-entrypoint.sh: Configuration complete; ready for start up\n');
    expect(logs).toMatch(/(2025\/09\/01 00:00:00 \[notice\] 1#1: .*\n){8}web\n/);
    expect(logs).toContain('[notice] 1#1: nginx/1.29.1\n');
    expect(logs).toContain('[notice] 1#1: start worker processes\n');
    expect(logs).toContain('web Exited (0) Less than a second ago\n');
    expect(logs.endsWith('[notice] 1#1: exit\n')).toBe(true);
    // docker stop sends the image's STOPSIGNAL (SIGQUIT): nginx shuts down gracefully.
    expect(logs).toContain('[notice] 1#1: signal 3 (SIGQUIT) received, shutting down\n');
    expect(daemon.containers.get('web').state.status).toBe('exited');
  });
});
