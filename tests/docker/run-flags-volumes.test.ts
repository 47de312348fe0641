import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { containerDaemon } from './containers-support.ts';
import { runDocker } from './support/docker-shell.ts';

const run = (script: string) => runDocker(`docker pull -q busybox >/dev/null\n${script}`, { daemon: containerDaemon() });
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('-v and --mount: bind mounts, named and anonymous volumes', () => {
  it('a bind mount shows the host directory live: the container reads the host\'s bytes, the host sees what it writes', async () => {
    const r = await run(
      "mkdir -p /root/app && printf 'hello from the host\\n' > /root/app/in.txt\ncd /root\n" +
        "docker run --rm -v \"$(pwd)/app\":/app -w /app busybox sh -c 'sha256sum in.txt; echo made in container > out.txt'\n" +
        'cat /root/app/out.txt\ndocker run --rm --mount type=bind,source=/root/app,target=/ro,readonly busybox sh -c \'touch /ro/y 2>/dev/null; echo "status $?"\'',
    );
    expect(r.stdout).toBe(`${sha256('hello from the host\n')}  in.txt\nmade in container\nstatus 1\n`);
  });

  it('-v creates a missing host directory; --mount refuses a missing source with the daemon\'s words; a relative target is refused', async () => {
    const r = await run(
      'docker run --rm -v /root/new:/data busybox true; test -d /root/new && echo created\n' +
        'docker run --mount type=bind,source=/nope,target=/data busybox true; echo "status $?"\n' +
        'docker run -v /tmp:data busybox true; echo "status $?"',
    );
    expect(r.stdout).toBe('created\nstatus 125\nstatus 125\n');
    expect(r.stderr).toBe(
      "docker: Error response from daemon: invalid mount config for type \"bind\": bind source path does not exist: /nope.\nSee 'docker run --help'.\n" +
        "docker: Error response from daemon: invalid volume specification: '/tmp:data': invalid mount config for type \"bind\": invalid mount path: 'data' mount path must be absolute.\nSee 'docker run --help'.\n",
    );
  });

  it('a named volume is made on first use, keeps its files across containers, and starts with the image\'s content there', async () => {
    const r = await run(
      "docker run --rm -v data:/data busybox sh -c 'echo kept > /data/f'\ndocker run --rm -v data:/data busybox cat /data/f\n" +
        'docker run --rm -v etc:/etc busybox ls /etc/passwd\ndocker volume ls',
    );
    expect(r.stdout).toBe('kept\n/etc/passwd\nDRIVER    VOLUME NAME\nlocal     data\nlocal     etc\n');
  });

  it('docker diff, commit and export leave out what was written under mounts', async () => {
    const r = await run(
      "docker run --name c1 -v /root:/host -v vol:/vol busybox sh -c 'echo a > /host/a; echo b > /vol/b; echo c > /c'\n" +
        'docker diff c1\ndocker export c1 | tar -t | grep -E "^(host|vol|c)" ',
    );
    expect(r.stdout).toBe('A /c\nA /host\nA /vol\nc\nhost/\nvol/\n');
  });

  it('docker volume create, inspect, rm (in use, missing) and prune as Docker 27 prints them', async () => {
    const r = await run(
      'docker volume create v1\ndocker volume inspect v1\n' +
        "docker run --name user -v v1:/d busybox true\ndocker volume rm v1; echo \"status $?\"\ndocker volume rm nope; echo \"status $?\"\n" +
        'docker rm user >/dev/null; docker volume rm v1\ndocker volume create v2 >/dev/null; docker volume prune -f; docker volume prune -af',
    );
    expect(r.stdout).toBe(
      'v1\n[\n    {\n        "CreatedAt": "2025-09-01T00:00:00Z",\n        "Driver": "local",\n        "Labels": {},\n        "Mountpoint": "/var/lib/docker/volumes/v1/_data",\n        "Name": "v1",\n        "Options": {},\n        "Scope": "local"\n    }\n]\n' +
        'status 1\nstatus 1\nv1\nTotal reclaimed space: 0B\nDeleted Volumes:\nv2\n\nTotal reclaimed space: 0B\n',
    );
    expect(r.stderr).toBe('Error response from daemon: remove v1: volume is in use - [a001c0ffee0001c0ffee0001c0ffee0001c0ffee0001c0ffee0001c0ffee0001]\nError response from daemon: get nope: no such volume\n');
  });

  it('an image VOLUME and -v /path get anonymous volumes, labelled as such, which --rm and rm -v remove', async () => {
    const r = await run(
      "docker run --name keep -v /anon busybox true\ndocker volume ls -q | wc -l\ndocker inspect -f '{{range .Mounts}}{{.Type}} {{.Destination}} {{.RW}}{{end}}' keep\n" +
        "docker volume inspect -f '{{json .Labels}}' $(docker volume ls -q)\n" +
        'docker rm -v keep >/dev/null; docker volume ls -q | wc -l\ndocker run --rm -v /gone busybox true; docker volume ls -q | wc -l',
    );
    expect(r.stdout).toBe('1\nvolume /anon true\n{"com.docker.volume.anonymous":""}\n0\n0\n');
  });
});
