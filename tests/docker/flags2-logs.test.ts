import { describe, expect, it } from 'vitest';
import { DockerDaemon } from '../../src/engine/docker/daemon.ts';
import { nodeCatalogFiles } from '../../src/node/catalog-files.ts';
import { idFrom } from './containers-support.ts';
import { DAEMON_NOW_MS, runDocker } from './support/docker-shell.ts';

/**
 * `docker logs --since/--until/--details/-n` as Docker 27.5 reads them: the client turns the
 * times into timestamps (docker/cli's timetypes.GetTimestamp: RFC 3339, Unix seconds, or a Go
 * duration back from now), the json-file reader takes the tail first, then the time window;
 * --details puts the (here empty) log attributes and a space before each line.
 */
function clockedDaemon() {
  let n = 0;
  const clock = { now: DAEMON_NOW_MS };
  const daemon = new DockerDaemon({ catalog: nodeCatalogFiles(), now: () => clock.now, containerIds: () => idFrom(++n) });
  return { daemon, clock };
}

describe('docker logs', () => {
  it('--since and --until pick lines by when they were written: RFC 3339, Unix seconds, or minutes back', async () => {
    const { daemon, clock } = clockedDaemon();
    await runDocker("docker pull -q busybox >/dev/null\ndocker run --name early busybox echo first\ndocker run -d --name long busybox sh -c 'read x'", { daemon });
    // Ten minutes later the same container writes again (a second run of `docker start`).
    clock.now += 10 * 60_000;
    await runDocker('docker start -a early >/dev/null', { daemon });
    const run = await runDocker(
      ['docker logs early', 'docker logs --since 5m early', 'docker logs --until 5m early', 'docker logs --since 2025-09-01T00:05:00Z early', `docker logs --until ${DAEMON_NOW_MS / 1000} early`, 'docker logs --since 2025-09-01 early | wc -l'].join('\necho --\n'),
      { daemon },
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('first\nfirst\n--\nfirst\n--\nfirst\n--\nfirst\n--\nfirst\n--\n2\n');
  });

  it('-n takes the last lines, "all" (or anything not a number) all of them; --details and -t prefix each line', async () => {
    const { daemon } = clockedDaemon();
    const run = await runDocker(
      "docker pull -q busybox >/dev/null\ndocker run --name many busybox sh -c 'echo 1; echo 2; echo 3' >/dev/null\ndocker logs -n 2 many\ndocker logs -n all many | wc -l\ndocker logs --tail x many | wc -l\ndocker logs --details -n 1 many\ndocker logs --details -t -n 1 many",
      { daemon },
    );
    expect(run.stdout).toBe('2\n3\n3\n3\n 3\n2025-09-01T00:00:00.000000000Z  3\n');
  });

  it('a time it cannot read is the client\'s error, before it asks the daemon', async () => {
    const { daemon } = clockedDaemon();
    const run = await runDocker('docker pull -q busybox >/dev/null\ndocker run --name cc busybox true\ndocker logs --since yesterday cc; echo "status $?"\ndocker logs --until soon cc', { daemon });
    expect(run.stderr).toBe('invalid value for "since": failed to parse value as time or duration: "yesterday"\ninvalid value for "until": failed to parse value as time or duration: "soon"\n');
    expect(run.stdout).toBe('status 1\n');
  });
});
