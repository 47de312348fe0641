import { describe, expect, it } from 'vitest';
import { containerDaemon } from './containers-support.ts';
import { runDocker } from './support/docker-shell.ts';

/**
 * `docker rm -v/-l/-f`, `stop/restart -s -t`, `kill -s`, `commit -p` as Docker 27.5 takes them:
 * -v removes the container's anonymous volumes (named ones stay), -l on a container name is
 * moby's rmLink conflict, -f reports a missing container without failing (docker/cli rm.go).
 */
const docker = (script: string) => runDocker(`docker pull -q busybox >/dev/null\n${script}`, { daemon: containerDaemon() });

describe('docker rm flags', () => {
  it('-v takes the anonymous volumes along and leaves named ones; without -v both stay', async () => {
    const run = await docker(
      "docker run --name withv -v /anon -v named:/named busybox true\ndocker run --name without -v /kept busybox true\ndocker volume ls -q | wc -l\ndocker rm -v withv\ndocker volume ls -q | grep -c named\ndocker volume ls -q | wc -l\ndocker rm without >/dev/null\ndocker volume ls -q | wc -l",
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('3\nwithv\n1\n2\n2\n');
  });

  it('-l is the daemon\'s link conflict; -f reports a missing container on stderr but succeeds', async () => {
    const run = await docker('docker create --name keep busybox true >/dev/null\ndocker rm -l keep; echo "status $?"\ndocker rm -f nope keep; echo "status $?"\ndocker rm nope; echo "status $?"');
    expect(run.stderr).toBe('Error response from daemon: Conflict, cannot remove the default link name of the container\nError response from daemon: No such container: nope\nError response from daemon: No such container: nope\n');
    expect(run.stdout).toBe('status 1\nkeep\nstatus 0\nstatus 1\n');
  });

  it('stop -s/-t, restart -t, kill -s and commit -p=false are accepted and do their work', async () => {
    const run = await docker(
      "docker run -d --name svc busybox sleep 1000 >/dev/null\ndocker stop -s SIGKILL -t 1 svc\ndocker ps -a --format '{{.Status}}'\ndocker restart -t 0 svc\ndocker kill -s KILL svc\ndocker commit -p=false svc snap:1 | cut -c1-7\ndocker commit --pause svc snap:2 | cut -c1-7",
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('svc\nExited (137) Less than a second ago\nsvc\nsvc\nsha256:\nsha256:\n');
  });
});
