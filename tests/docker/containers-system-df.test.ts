import { describe, expect, it } from 'vitest';
import { runDocker } from './support/docker-shell.ts';
import { containerDaemon } from './containers-support.ts';

const ROW = '--format "{{.Type}}|{{.TotalCount}}|{{.Active}}|{{.Size}}|{{.Reclaimable}}"';

describe('docker system df: the Containers line', () => {
  it('counts containers, running ones as active, and their writable layers as size; stopped ones are reclaimable', async () => {
    const run = await runDocker(
      [
        `docker system df ${ROW} | grep Containers`,
        'docker pull -q busybox >/dev/null',
        'docker run --name done busybox sh -c "echo hello > /note"',
        'docker run -d --name up busybox sleep 100 >/dev/null',
        'docker exec up sh -c "echo 1234567 > /tmp/x"',
        `docker system df ${ROW} | grep Containers`,
        'docker stop -t 0 up >/dev/null',
        `docker system df ${ROW} | grep Containers`,
        'docker rm done up >/dev/null',
        `docker system df ${ROW} | grep Containers`,
      ].join('\n'),
      { daemon: containerDaemon() },
    );
    expect(run.stderr).toBe('');
    // 6 bytes in the stopped one's /note, 8 in the running one's /tmp/x: 6 of 14 reclaimable (42%).
    expect(run.stdout).toBe(['Containers|0|0|0B|0B', 'Containers|2|1|14B|6B (42%)', 'Containers|2|0|14B|14B (100%)', 'Containers|0|0|0B|0B', ''].join('\n'));
  });

  it('keeps the table layout with the Containers row in it', async () => {
    const run = await runDocker(['docker pull -q busybox >/dev/null', 'docker create busybox >/dev/null', 'docker system df'].join('\n'), { daemon: containerDaemon() });
    expect(run.stdout.split('\n')[0]).toMatch(/^TYPE +TOTAL +ACTIVE +SIZE +RECLAIMABLE$/);
    expect(run.stdout).toMatch(/\nContainers +1 +0 +0B +0B\n/);
  });

  it('docker info counts the same containers', async () => {
    const run = await runDocker(['docker pull -q busybox >/dev/null', 'docker create busybox >/dev/null', 'docker run -d busybox sleep 100 >/dev/null', 'docker info | grep -A3 "^ Containers"'].join('\n'), { daemon: containerDaemon() });
    expect(run.stdout).toBe(' Containers: 2\n  Running: 1\n  Paused: 0\n  Stopped: 1\n');
  });
});
