/**
 * A container's size is its writable layer's bytes as overlay2 measures its diff directory
 * (moby's SizeRw: files' sizes, symlink targets' lengths, no tar headers or padding), in every
 * place Docker 27 shows it: `docker ps -s` ("6B (virtual 4.53MB)"), `docker container prune`'s
 * reclaimed space and `docker system df`'s containers.
 */
import { describe, expect, it } from 'vitest';
import { containerDaemon, idFrom } from './containers-support.ts';
import { runDocker } from './support/docker-shell.ts';

const run = (script: string) => runDocker('docker pull -q busybox >/dev/null\n' + script, { daemon: containerDaemon() });

describe('container sizes', () => {
  it('ps -s, system df and container prune count the 6 bytes of /greeting and the link target, nothing of a tar', async () => {
    const r = await run(
      "docker run --name web busybox sh -c 'echo hello > /greeting; ln -s greeting /link'\n" +
        "docker ps -a -s --format '{{.Names}} {{.Size}}'\n" +
        "docker system df --format '{{.Type}} {{.Size}}' | grep Containers\n" +
        'docker container prune -f',
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`web 14B (virtual 4.53MB)\nContainers 14B\nDeleted Containers:\n${idFrom(1)}\n\nTotal reclaimed space: 14B\n`);
  });
});
