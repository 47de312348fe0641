import { describe, expect, it } from 'vitest';
import { runDocker } from './support/docker-shell.ts';
import { containerDaemon, idFrom } from './containers-support.ts';

describe('container walkthroughs', () => {
  it('docker run hello-world pulls the image, prints the real text, and exits 0', async () => {
    const run = await runDocker('docker run hello-world\necho "status $?"', { daemon: containerDaemon() });
    expect(run.stderr.split('\n')[0]).toBe("Unable to find image 'hello-world:latest' locally");
    expect(run.stderr).toContain('Status: Downloaded newer image for hello-world:latest');
    expect(run.stdout).toMatch(/^\nHello from Docker!\nThis message shows that your installation appears to be working correctly\.\n/);
    expect(run.stdout.endsWith('https://docs.docker.com/get-started/\n\nstatus 0\n')).toBe(true);
  });

  it('docker run hello-world 2>&1 | … gets the pull lines first, as the CLI writes them before the container starts', async () => {
    const run = await runDocker('docker run hello-world 2>&1 | head -3\ndocker run hello-world 2>&1 | head -3', { daemon: containerDaemon() });
    expect(run.stderr).toBe('');
    const [pulled, ran] = [run.stdout.split('\n').slice(0, 3), run.stdout.split('\n').slice(3, 6)];
    expect(pulled).toEqual(["Unable to find image 'hello-world:latest' locally", 'latest: Pulling from library/hello-world', expect.stringMatching(/^[0-9a-f]{12}: Pulling fs layer$/)]);
    // Pulled already: the container's output alone.
    expect(ran).toEqual(['', 'Hello from Docker!', 'This message shows that your installation appears to be working correctly.']);
  });

  it('a missing program fails as runc does, with status 127', async () => {
    const run = await runDocker('docker pull -q hello-world >/dev/null\ndocker run hello-world ls\necho "status $?"', { daemon: containerDaemon() });
    expect(run.stderr).toContain('exec: "ls": executable file not found in $PATH: unknown.');
    expect(run.stdout).toBe('status 127\n');
  });

  it('docker run -d redis keeps it Up; ps, logs, exec, stop and rm follow it', async () => {
    const daemon = containerDaemon();
    const run = await runDocker(
      ['docker pull -q redis:3.2.11-alpine >/dev/null', 'docker run -d --name cache redis:3.2.11-alpine', 'docker ps', 'docker logs cache', 'docker exec cache id', 'docker stop cache', 'docker ps -a', 'docker logs --tail 1 cache', 'docker rm cache', 'docker ps -aq'].join('\n'),
      { daemon },
    );
    const id = idFrom(1);
    expect(run.stderr).toBe('');
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(id);
    expect(lines[1]).toBe('CONTAINER ID   IMAGE                 COMMAND                  CREATED                  STATUS                  PORTS      NAMES');
    expect(lines[2]).toBe(`${id.slice(0, 12)}   redis:3.2.11-alpine   "docker-entrypoint.s…"   Less than a second ago   Up Less than a second   6379/tcp   cache`);
    expect(run.stdout).toContain('Redis 3.2.11 (00000000/0) 64 bit');
    expect(run.stdout).toContain('* The server is now ready to accept connections on port 6379\n');
    expect(run.stdout).toContain('uid=0(root) gid=0(root) groups=0(root),1(bin),2(daemon),3(sys),4(adm),6(disk),10(wheel),11(floppy),20(dialout),26(tape),27(video)\n');
    expect(run.stdout).toContain('\ncache\n');
    expect(run.stdout).toContain('Exited (0) Less than a second ago');
    expect(run.stdout).toContain('1:M 01 Sep 00:00:00.000 # Redis is now ready to exit, bye bye...\n');
    expect(run.stdout.endsWith('cache\n')).toBe(true);
    expect(daemon.containers.list()).toEqual([]);
  });

  it('debian -it: apt-get install postfix, exit, commit: the new image holds the change', async () => {
    const daemon = containerDaemon();
    const run = await runDocker(
      ['docker pull -q debian >/dev/null', 'docker container run -ti debian', 'apt-get install postfix', 'exit', `docker diff ${idFrom(1).slice(0, 12)}`, `docker container commit ${idFrom(1).slice(0, 12)} debian-with-postfix`, 'docker run --rm debian-with-postfix grep -c "Package: postfix" /var/lib/dpkg/status'].join('\n'),
      { daemon },
    );
    expect(run.stdout).toContain('The following NEW packages will be installed:\n  postfix\n');
    expect(run.stderr).toContain('layerlab: this playground has no network');
    expect(run.stdout).toContain('C /var/lib/dpkg/status\n');
    expect(run.stdout).toContain('A /usr/sbin/postfix\n');
    expect(run.stdout).toMatch(/sha256:[0-9a-f]{64}\n1\n$/);
  });
});
