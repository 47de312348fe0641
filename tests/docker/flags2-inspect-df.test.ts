import { describe, expect, it } from 'vitest';
import { containerDaemon } from './containers-support.ts';
import { runDocker } from './support/docker-shell.ts';

/**
 * `docker inspect --type volume` and `-s` (moby's SizeRw/SizeRootFs), and `docker system df -v`
 * laid out as docker/cli v27.5.1's DiskUsageContext.verboseWriteTable: one table per section,
 * the container table without the virtual size, "Build cache usage: 0B" before its header.
 */
const docker = (script: string) => runDocker(`docker pull -q busybox >/dev/null\n${script}`, { daemon: containerDaemon() });

describe('docker inspect --type and -s', () => {
  it('--type volume finds a volume; plain inspect falls back to volumes; -s adds the sizes after HostConfig', async () => {
    const run = await docker(
      "docker volume create vol >/dev/null\ndocker inspect --type volume -f '{{.Name}} {{.Driver}}' vol\ndocker inspect -f '{{.Mountpoint}}' vol\ndocker inspect --type container vol; echo \"status $?\"\ndocker run --name sized busybox sh -c 'echo 12345 > /f'\ndocker inspect -s -f '{{.SizeRw}} {{.SizeRootFs}}' sized\necho $(( $(docker image inspect -f '{{.Size}}' busybox) + 6 ))\ndocker container inspect -s sized | grep -B1 -A2 '\"SizeRw\"'",
    );
    const [volume, mountpoint, empty, status, sizes, rootFs, ...json] = run.stdout.trimEnd().split('\n');
    expect([volume, mountpoint, empty, status]).toEqual(['vol local', '/var/lib/docker/volumes/vol/_data', '[]', 'status 1']);
    // SizeRootFs is the writable layer (6 bytes written) plus the image's size.
    expect(sizes).toBe(`6 ${rootFs}`);
    expect(json).toEqual(['        },', '        "SizeRw": 6,', `        "SizeRootFs": ${rootFs},`, '        "Mounts": [],']);
    expect(run.stderr).toBe('Error: No such container: vol\n');
  });
});

describe('docker system df -v', () => {
  it('images (first tag, shared and unique sizes, containers), containers (no virtual size), volumes (links), build cache', async () => {
    const run = await docker("docker run --name writer -v data:/data busybox sh -c 'echo hi > /x; echo 12345 > /data/f'\ndocker system df -v | sed 's/  *$//'");
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      [
        'Images space usage:',
        '',
        'REPOSITORY   TAG       IMAGE ID       CREATED         SIZE      SHARED SIZE   UNIQUE SIZE   CONTAINERS',
        'busybox      latest    e38c1e556d30   11 months ago   4.53MB    0B            4.53MB        1',
        '',
        'Containers space usage:',
        '',
        'CONTAINER ID   IMAGE     COMMAND                  LOCAL VOLUMES   SIZE      CREATED                  STATUS                              NAMES',
        'a001c0ffee00   busybox   "sh -c \'echo hi > /x…"   1               3B        Less than a second ago   Exited (0) Less than a second ago   writer',
        '',
        'Local Volumes space usage:',
        '',
        'VOLUME NAME   LINKS     SIZE',
        'data          1         6B',
        '',
        'Build cache usage: 0B',
        '',
        'CACHE ID   CACHE TYPE   SIZE      CREATED   LAST USED   USAGE     SHARED',
        '',
      ].join('\n'),
    );
  });
});
