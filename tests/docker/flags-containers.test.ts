import { describe, expect, it } from 'vitest';
import { containerDaemon } from './containers-support.ts';
import { runDocker } from './support/docker-shell.ts';

const run = (script: string) => runDocker(`docker pull -q busybox >/dev/null\n${script}`, { daemon: containerDaemon() });

describe('docker run flags', () => {
  it('-e, -w and -u set the process environment, directory and user; --name names the container', async () => {
    const r = await run(`docker run --name c2 -e FOO=bar --env BAZ=qux -w /tmp -u 1000:1000 busybox sh -c 'echo $FOO $BAZ; pwd; id'\ndocker ps -a --format '{{.Names}}'`);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('bar qux\n/tmp\nuid=1000 gid=1000 groups=1000\nc2\n');
  });

  it('--entrypoint replaces the image entrypoint (arguments follow it); --rm leaves no container behind', async () => {
    const r = await run("docker run --rm --entrypoint echo busybox a b\ndocker ps -aq | wc -l");
    expect(r.stdout).toBe('a b\n0\n');
  });

  it('-d prints the ID and leaves the container Up; ps lists it, ps -q its short ID, ps -a also the exited ones', async () => {
    const r = await run("docker run --name done busybox true\nid=$(docker run -d --name up busybox sleep 100)\ndocker ps --format '{{.Names}} {{.Command}}'\ndocker ps -q\necho ${id:0:12}\ndocker ps -a --format '{{.Names}}'");
    const [running, short, expected, ...all] = r.stdout.trimEnd().split('\n');
    expect(running).toBe('up "sleep 100"');
    expect(short).toBe(expected);
    expect(all).toEqual(['up', 'done']);
  });
});

describe('create, start, logs, diff, commit', () => {
  it('create makes a Created container; start -a runs it attached; logs shows what it printed', async () => {
    const r = await run("docker create --name c1 busybox echo hi >/dev/null\ndocker ps -a --format '{{.Names}} {{.Status}}'\ndocker start -a c1\ndocker logs c1\ndocker start c1");
    expect(r.stdout).toBe('c1 Created\nhi\nhi\nc1\n');
  });

  it('diff lists what the container added; commit -m -a -c records message, author and CMD', async () => {
    const r = await run(
      "docker run --name c3 busybox sh -c 'echo x > /new; mkdir /d'\ndocker diff c3\n" +
        "docker commit -m msg -a me -c 'CMD [\"cat\",\"/new\"]' c3 committed:1 >/dev/null\ndocker run --rm committed:1\ndocker inspect -f '{{.Author}}|{{.Comment}}|{{json .Config.Cmd}}' committed:1",
    );
    expect(r.stdout).toBe('A /d\nA /new\nx\nme|msg|["cat","/new"]\n');
  });

  it('no such container: the daemon\'s words for logs, diff, export, rm, and start\'s own', async () => {
    const r = await run('for c in logs diff export rm; do docker $c nope >/dev/null; echo "status $?"; done; docker start nope; echo "status $?"');
    expect(r.stderr).toBe('Error response from daemon: No such container: nope\n'.repeat(4) + 'Error response from daemon: No such container: nope\nError: failed to start containers: nope\n');
    expect(r.stdout).toBe('status 1\n'.repeat(5));
  });

  it('missing arguments and unknown flags as cobra reports them', async () => {
    const r = await run('docker run; echo "status $?"; docker run --foo busybox; echo "status $?"; docker commit; echo "status $?"');
    expect(r.stderr).toBe(
      `"docker run" requires at least 1 argument.\nSee 'docker run --help'.\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nCreate and run a new container from an image\n` +
        "unknown flag: --foo\nSee 'docker run --help'.\n" +
        `"docker commit" requires at least 1 and at most 2 arguments.\nSee 'docker commit --help'.\n\nUsage:  docker commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]\n\nCreate a new image from a container's changes\n`,
    );
    expect(r.stdout).toBe('status 1\nstatus 125\nstatus 1\n');
  });
});

describe('archives are not written to a terminal', () => {
  it('docker save and docker export without -o refuse a terminal, as docker/cli does; a pipe or -o is fine', async () => {
    const r = await run('docker pull -q busybox >/dev/null; docker create --name box busybox >/dev/null; docker save busybox; echo "status $?"; docker export box; echo "status $?"; docker save busybox | wc -c | tr -d " " | grep -qv "^0$" && echo piped');
    expect(r.stderr).toBe('cowardly refusing to save to a terminal. Use the -o flag or redirect\n'.repeat(2));
    expect(r.stdout).toBe('status 1\nstatus 1\npiped\n');
  });
});
