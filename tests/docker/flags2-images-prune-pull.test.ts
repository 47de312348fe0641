import { describe, expect, it } from 'vitest';
import { containerDaemon } from './containers-support.ts';
import { runDocker } from './support/docker-shell.ts';

/**
 * `docker images -f`, `image prune --filter`, `container prune --filter`, `pull -a` as Docker
 * 27.5 does them: moby's acceptedImageFilterTags (dangling, label, before, since, reference,
 * until) and prune's until/label/label! (daemon/images/image_prune.go); docker/cli pull.go's
 * "tag can't be used with --all-tags/-a" and the repository's name printed last.
 */
const docker = (script: string) => runDocker(script, { daemon: containerDaemon() });

describe('docker images --filter', () => {
  it('before and since compare creation times; label needs the image to carry it; a bad key or value is the daemon\'s error', async () => {
    // alpine:3.7 (2019) is older than busybox (2024); nginx carries a maintainer label.
    const run = await docker(
      "for i in alpine:3.7 busybox nginx; do docker pull -q $i >/dev/null; done\ndocker images -f before=busybox --format '{{.Repository}}'\ndocker images -f since=alpine:3.7 --format '{{.Repository}}' | sort\ndocker images -f label=maintainer --format '{{.Repository}}'\ndocker images -f until=2020-01-01 --format '{{.Repository}}'\ndocker images -f color=red; docker images -f dangling=maybe; docker images -f since=nope",
    );
    expect(run.stdout).toBe('alpine\nbusybox\nnginx\nnginx\nalpine\n');
    expect(run.stderr).toBe("Error response from daemon: invalid filter 'color'\nError response from daemon: invalid filter 'dangling=maybe'\nError response from daemon: No such image: nope:latest\n");
  });
});

describe('prune --filter', () => {
  it('image prune -a --filter until= keeps images newer than the time; label= only those with the label', async () => {
    const run = await docker(
      "for i in alpine:3.7 busybox nginx; do docker pull -q $i >/dev/null; done\ndocker image prune -af --filter until=2020-01-01 | grep -c '^untagged: alpine:3.7'\ndocker images --format '{{.Repository}}' | sort\ndocker image prune -af --filter label=maintainer >/dev/null\ndocker images --format '{{.Repository}}'\ndocker image prune -f --filter color=red\ndocker image prune -f --filter until=1h --filter until=2h",
    );
    expect(run.stdout).toBe('1\nbusybox\nnginx\nbusybox\n');
    expect(run.stderr).toBe("Error response from daemon: invalid filter 'color'\nError response from daemon: more than one until filter specified\n");
  });

  it('container prune --filter label= removes only the stopped containers that match', async () => {
    const run = await docker("docker pull -q busybox >/dev/null\ndocker run --name keep busybox true\ndocker run --name drop -l temp=1 busybox true\ndocker container prune -f --filter label=temp | head -1\ndocker ps -a --format '{{.Names}}'");
    expect(run.stdout).toBe('Deleted Containers:\nkeep\n');
  });
});

describe('docker pull -a, -q, --platform', () => {
  it('-a pulls every tag of the repository the catalog holds, one status for the repository, then its name', async () => {
    const run = await docker("docker pull -a hello-world | sed 's/sha256:[0-9a-f]*/sha256:X/; s/^[0-9a-f]\\{12\\}:/LAYER:/'\ndocker pull -aq busybox\ndocker images busybox --format '{{.Tag}}' | sort\ndocker pull -a busybox:latest; echo \"status $?\"\ndocker pull --platform linux/arm64 busybox; echo \"status $?\"");
    expect(run.stdout).toBe(
      ['latest: Pulling from library/hello-world', 'LAYER: Pulling fs layer', 'LAYER: Verifying Checksum', 'LAYER: Download complete', 'LAYER: Pull complete', 'Digest: sha256:X', 'Status: Downloaded newer image for hello-world', 'docker.io/library/hello-world', 'docker.io/library/busybox', '1.37.0', 'glibc', 'latest', 'status 1', 'status 1', ''].join('\n'),
    );
    expect(run.stderr).toBe("tag can't be used with --all-tags/-a\nError response from daemon: no matching manifest for linux/arm64 in the manifest list entries\n");
  });
});
