import { describe, expect, it } from 'vitest';
import { containerDaemon } from './containers-support.ts';
import { runDocker } from './support/docker-shell.ts';

/** A running alpine container `app` started as nobody (`docker run -u`). */
const START = 'docker pull -q alpine >/dev/null\ndocker run -d --name app -u nobody alpine sleep 1000 >/dev/null';

describe('docker exec runs as the container\'s user unless -u says otherwise', () => {
  it('docker exec -it CONTAINER sh: the shell and what it runs are the container\'s user', async () => {
    // The lines after `docker exec -it` are typed into the container's shell until `exit`.
    const run = await runDocker([START, 'docker exec -it app sh', 'id', 'whoami', 'exit', 'echo back on the host'].join('\n'), { daemon: containerDaemon() });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('uid=65534(nobody) gid=65534(nobody) groups=65534(nobody)\nnobody\nback on the host\n');
  });

  it('docker exec -it -u USER CONTAINER sh: -u wins, by name or by number', async () => {
    const run = await runDocker([START, 'docker exec -it -u root app sh', 'whoami', 'exit', 'docker exec -it -u 1000:1000 app sh', 'id', 'exit'].join('\n'), { daemon: containerDaemon() });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('root\nuid=1000 gid=1000 groups=1000\n');
  });

  it('non-interactive exec also defaults to the container\'s user, and -u an unknown name fails', async () => {
    const run = await runDocker([START, 'docker exec app id -un', 'docker exec -u root app id -un', 'docker exec -u nobody2 app id', 'echo "status $?"'].join('\n'), { daemon: containerDaemon() });
    expect(run.stdout).toBe('nobody\nroot\nstatus 126\n');
    expect(run.stderr).toBe('Error response from daemon: unable to find user nobody2: no matching entries in passwd file\n');
  });

  it('an image whose config names a USER: exec -it runs as that user', async () => {
    const run = await runDocker(
      [
        'mkdir -p /root/ctx && cd /root/ctx',
        "printf 'FROM alpine\\nUSER nobody\\n' > Dockerfile",
        'docker build -q -t as-nobody . >/dev/null 2>&1',
        'docker run -d --name app as-nobody sleep 1000 >/dev/null',
        'docker exec -it app sh',
        'id -u',
        'exit',
      ].join('\n'),
      { daemon: containerDaemon() },
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('65534\n');
  });
});
