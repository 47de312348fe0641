import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDocker } from './support/docker-shell.ts';

const ORACLE = new URL('./support/unpacked-size.py', import.meta.url).pathname;
const catalogBlob = (digest: string) => new URL(`../../public/catalog/blobs/sha256/${digest.slice(7)}`, import.meta.url).pathname;
const catalogManifest = (name: string) => {
  const index = JSON.parse(readFileSync(new URL('../../public/catalog/index.json', import.meta.url), 'utf8')) as { manifests: { digest: string; annotations: Record<string, string> }[] };
  const digest = index.manifests.find((m) => m.annotations['io.containerd.image.name'] === name)!.digest;
  return JSON.parse(readFileSync(catalogBlob(digest), 'utf8')) as { layers: { digest: string }[] };
};
/** Python's view of layers' unpacked size, and go-units' rendering of it. */
const oracleSize = (precision: number, files: string[]) => execFileSync('python3', [ORACLE, String(precision), ...files], { encoding: 'utf8' }).trim().split(' ');

const BUSYBOX = 'sha256:e38c1e556d304c2ddda64111d72712c75399be2cea629f38c2d9b801871d9a42';
const BUSYBOX_MANIFEST = 'sha256:4e470f2dcd236c5b8175219d4ae7a47469e99d3ddc327e11f96f101d2a3f38c1';
const HELLO_V25 = readFileSync(new URL('../../../shared/fixtures/images/tarball-hello-world-v25.tar', import.meta.url));

describe('docker tag and docker rmi', () => {
  it('untags one name at a time; the last one deletes the image and its layers (by chain ID, top first)', async () => {
    const run = await runDocker('docker pull -q busybox >/dev/null\ndocker tag busybox mine:v1\ndocker rmi busybox\ndocker rmi mine:v1\ndocker images -q');
    expect(run.daemon.list()).toEqual([]);
    expect(run.stdout).toBe(
      'Untagged: busybox:latest\n' +
        `Untagged: busybox@${BUSYBOX_MANIFEST}\n` +
        'Untagged: mine:v1\n' +
        `Deleted: ${BUSYBOX}\n` +
        'Deleted: sha256:f01d22f07251191ff79c3eac1aea0b5e484f0334517549d8e4b25e081a0d2033\n',
    );
  });

  it('refuses to delete by ID an image tagged in several repositories unless forced', async () => {
    const run = await runDocker('docker pull -q busybox >/dev/null\ndocker tag busybox other\ndocker rmi e38c1e556d30; echo $?\ndocker rmi -f e38c1e556d30 | head -3');
    expect(run.stderr).toBe('Error response from daemon: conflict: unable to delete e38c1e556d30 (must be forced) - image is referenced in multiple repositories\n');
    expect(run.stdout).toBe(`1\nUntagged: busybox:latest\nUntagged: busybox@${BUSYBOX_MANIFEST}\nUntagged: other:latest\n`);
  });

  it('reports images it cannot find; with -f that does not fail the command', async () => {
    const run = await runDocker('docker rmi nope; echo $?; docker rmi -f nope; echo $?; docker tag nope x; echo $?; docker tag hello Bad 2>&1');
    expect(run.stderr).toBe('Error response from daemon: No such image: nope:latest\n'.repeat(3));
    expect(run.stdout).toBe('1\n0\n1\nError response from daemon: No such image: hello:latest\n');
  });

  it('a tag target must be a valid name without digest', async () => {
    const run = await runDocker('docker pull -q busybox >/dev/null\ndocker tag busybox Bad; echo $?');
    expect(run.stderr).toBe('Error parsing reference: "Bad" is not a valid repository/tag: invalid reference format: repository name (library/Bad) must be lowercase\n');
    expect(run.stdout).toBe('1\n');
  });
});

describe('docker image prune', () => {
  it('asks first, and without a "y" on stdin removes nothing', async () => {
    const { session, daemon } = await runDocker('true');
    await session.fs.writeFile('/tmp/hello.tar', HELLO_V25);
    const run = await runDocker('docker load -i /tmp/hello.tar >/dev/null\ndocker image prune; echo " status $?"\ndocker images -q', { session, daemon });
    expect(run.stdout).toBe('WARNING! This will remove all dangling images.\nAre you sure you want to continue? [y/N]  status 0\nee301c921b8a\n');
  });

  it('removes dangling images (and their layers) and says how much space it reclaimed', async () => {
    const { session, daemon } = await runDocker('docker pull -q busybox >/dev/null');
    await session.fs.writeFile('/tmp/hello.tar', HELLO_V25);
    const layerTar = join(mkdtempSync(join(tmpdir(), 'layerlab-prune-')), 'layer.tar');
    writeFileSync(layerTar, execFileSync('tar', ['-xOf', '-', 'blobs/sha256/12660636fe55438cc3ae7424da7ac56e845cdb52493ff9cf949c47a7f57f8b43'], { input: HELLO_V25 }));
    const helloLayerSize = oracleSize(4, [layerTar])[1];
    const run = await runDocker('docker load -i /tmp/hello.tar >/dev/null\necho y | docker image prune\ndocker image prune -f\ndocker images --format "{{.Repository}}"', { session, daemon });
    expect(run.stdout).toBe(
      'WARNING! This will remove all dangling images.\nAre you sure you want to continue? [y/N] Deleted Images:\n' +
        'deleted: sha256:ee301c921b8aadc002973b2e0c3da17d701dcd994b606769a7e6eaa100b81d44\n' +
        'deleted: sha256:12660636fe55438cc3ae7424da7ac56e845cdb52493ff9cf949c47a7f57f8b43\n\n' +
        `Total reclaimed space: ${helloLayerSize}\n` +
        'Total reclaimed space: 0B\nbusybox\n',
    );
  });

  it('-a removes every image no container uses, tagged or not', async () => {
    const run = await runDocker('docker pull -q busybox >/dev/null; docker pull -q alpine:3.7 >/dev/null\ndocker image prune -af | grep -c untagged\ndocker images -q | wc -l');
    expect(run.stdout).toBe('4\n0\n');
  });
});

describe('the in-page registry at localhost:5000', () => {
  it('push prints what Docker prints and pull brings the same image back', async () => {
    const run = await runDocker(
      'docker pull -q busybox >/dev/null\ndocker tag busybox localhost:5000/busybox\ndocker push localhost:5000/busybox\ndocker push localhost:5000/busybox | tail -2\n' +
        'docker rmi busybox localhost:5000/busybox >/dev/null\ndocker pull localhost:5000/busybox | tail -3\ndocker images --no-trunc -q',
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      [
        'Using default tag: latest',
        'The push refers to repository [localhost:5000/busybox]',
        'f01d22f07251: Preparing',
        'f01d22f07251: Pushed',
        `latest: digest: ${BUSYBOX_MANIFEST} size: 525`,
        'f01d22f07251: Layer already exists',
        `latest: digest: ${BUSYBOX_MANIFEST} size: 525`,
        `Digest: ${BUSYBOX_MANIFEST}`,
        'Status: Downloaded newer image for localhost:5000/busybox:latest',
        'localhost:5000/busybox:latest',
        BUSYBOX,
        '',
      ].join('\n'),
    );
  });

  it('a loaded image is pushed with gzip layers, and another repository mounts them', async () => {
    const { session, daemon } = await runDocker('true');
    await session.fs.writeFile('/tmp/hello.tar', HELLO_V25);
    const run = await runDocker(
      'docker load -i /tmp/hello.tar >/dev/null\ndocker tag ee301c921b8a localhost:5000/a:1\ndocker tag ee301c921b8a localhost:5000/b:1\ndocker push localhost:5000/a:1 | grep 12660636fe55\ndocker push localhost:5000/b:1 | grep 12660636fe55',
      { session, daemon },
    );
    expect(run.stdout).toBe('12660636fe55: Preparing\n12660636fe55: Pushed\n12660636fe55: Preparing\n12660636fe55: Mounted from a\n');
  });

  it('pushing to Docker Hub fails as it does without a login; an unknown local tag too', async () => {
    const run = await runDocker('docker pull -q busybox >/dev/null\ndocker push busybox; echo $?\ndocker push localhost:5000/nothing');
    expect(run.stdout).toBe(
      'Using default tag: latest\nThe push refers to repository [docker.io/library/busybox]\nf01d22f07251: Preparing\n1\n' +
        'Using default tag: latest\nThe push refers to repository [localhost:5000/nothing]\n',
    );
    expect(run.stderr.split('\n')[0]).toBe('denied: requested access to the resource is denied');
    expect(run.stderr.split('\n')[2]).toBe('An image does not exist locally with the tag: localhost:5000/nothing');
  });
});

describe('the docker command', () => {
  it('prints usage with no arguments and for management commands; unknown commands fail as docker does', async () => {
    const run = await runDocker('docker | head -3; docker image | grep -c "^  "; docker frobnicate; echo $?; docker image frob; echo $?; docker --version');
    expect(run.stdout).toBe('\nUsage:  docker [OPTIONS] COMMAND\n\n12\n1\n1\nDocker version 27.5.1, build layerlab\n');
    expect(run.stderr).toBe("docker: 'frobnicate' is not a docker command.\nSee 'docker --help'\ndocker: 'image frob' is not a docker command.\nSee 'docker --help'\n");
  });

  it('docker system df adds up each stored layer once', async () => {
    const run = await runDocker('docker pull -q redis:3.2.11-alpine >/dev/null; docker pull -q alpine:3.7 >/dev/null\ndocker system df');
    // alpine:3.7 is redis's base layer: the unique layers are redis's.
    const size = oracleSize(4, catalogManifest('docker.io/library/redis:3.2.11-alpine').layers.map((l) => catalogBlob(l.digest)))[1]!;
    expect(run.stdout).toBe(
      [
        'TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE',
        `Images          2         0         ${size.padEnd(10)}${size} (100%)`,
        'Containers      0         0         0B        0B',
        'Local Volumes   0         0         0B        0B',
        'Build Cache     0         0         0B        0B',
        '',
      ].join('\n'),
    );
  });

  it('routes inspect and history to their implementations', async () => {
    const run = await runDocker('docker pull -q busybox >/dev/null\ndocker inspect --format "{{.Id}}" busybox\ndocker image inspect -f "{{.RepoTags}}" busybox\ndocker history -q busybox | head -1');
    expect(run.stdout).toBe(`${BUSYBOX}\n[busybox:latest]\ne38c1e556d30\n`);
  });
});
