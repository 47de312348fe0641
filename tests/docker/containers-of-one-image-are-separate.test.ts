import { describe, expect, it } from 'vitest';
import { runDocker } from './support/docker-shell.ts';
import { containerDaemon } from './containers-support.ts';

describe('containers of one image (which share its merged layers)', () => {
  it('see only their own changes; one started again finds the files it left', async () => {
    const run = await runDocker(
      [
        'docker pull -q busybox >/dev/null',
        "docker run --name one busybox sh -c 'rm /bin/ls; echo one > /etc/motd; mkdir -p /srv/one'",
        'docker run --name two busybox ls /bin/ls /etc/motd /srv/one',
        'docker diff one',
        'docker diff two',
        'echo "diff two: $?"',
        "docker start -a one",
        'docker run --rm busybox cat /etc/motd',
        'echo "fresh: $?"',
        "docker run --name three busybox sh -c 'echo three > /etc/motd; cat /etc/motd'",
      ].join('\n'),
      { daemon: containerDaemon() },
    );
    expect(run.stdout).toBe(
      [
        '/bin/ls',
        'C /bin',
        'D /bin/ls',
        'C /etc',
        'A /etc/motd',
        'A /srv',
        'A /srv/one',
        'diff two: 0',
        'fresh: 1',
        'three',
        '',
      ].join('\n'),
    );
    // Missing in two, in the fresh --rm one, and in one when started again (its command runs
    // again in a new shell, over the files it left). The tools' own wording is not the point here.
    const missing = run.stderr.trimEnd().split('\n');
    expect(missing.map((line) => line.match(/\/[\w/]+/)?.[0])).toEqual(['/etc/motd', '/srv/one', '/bin/ls', '/etc/motd']);
    for (const line of missing) expect(line).toContain('No such file or directory');
  });
});
