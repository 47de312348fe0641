import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { runDocker } from './support/docker-shell.ts';

const catalogIndex = JSON.parse(readFileSync(new URL('../../public/catalog/index.json', import.meta.url), 'utf8')) as {
  manifests: { digest: string; annotations: Record<string, string> }[];
};
const catalogNames = catalogIndex.manifests.map((m) => m.annotations['io.containerd.image.name']!);
const familiar = (name: string) => name.replace(/^docker\.io\/library\//, '');
const catalogBlob = (digest: string) => new URL(`../../public/catalog/blobs/sha256/${digest.slice(7)}`, import.meta.url).pathname;
/** SIZE as Python computes it (tests/docker/support/unpacked-size.py) for a catalog image. */
function oracleImageSize(name: string): string {
  const digest = catalogIndex.manifests.find((m) => m.annotations['io.containerd.image.name'] === name)!.digest;
  const layers = (JSON.parse(readFileSync(catalogBlob(digest), 'utf8')) as { layers: { digest: string }[] }).layers.map((l) => catalogBlob(l.digest));
  const oracle = new URL('./support/unpacked-size.py', import.meta.url).pathname;
  return execFileSync('python3', [oracle, '3', ...layers], { encoding: 'utf8' }).trim().split(' ')[1]!;
}

describe('docker pull from the bundled catalog', () => {
  it('pulls every catalog tag, each ending with its full reference, and stores the config under its sha256', async () => {
    const run = await runDocker(catalogNames.map((name) => `docker pull ${familiar(name)} | tail -1`).join('\n') + '\ndocker images -q --no-trunc');
    expect(run.stderr).toBe('');
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.slice(0, catalogNames.length)).toEqual(catalogNames);
    for (const id of new Set(lines.slice(catalogNames.length))) {
      const config = readFileSync(new URL(`../../public/catalog/blobs/sha256/${id.slice(7)}`, import.meta.url));
      expect(`sha256:${createHash('sha256').update(config).digest('hex')}`).toBe(id);
    }
  });

  it('prints the non-TTY progress Docker prints: layers, Waiting beyond three downloads, digest and status', async () => {
    const run = await runDocker('docker pull redis:3.2.11-alpine');
    const manifest = catalogIndex.manifests.find((m) => m.annotations['io.containerd.image.name'] === 'docker.io/library/redis:3.2.11-alpine')!;
    const layers = (JSON.parse(readFileSync(new URL(`../../public/catalog/blobs/sha256/${manifest.digest.slice(7)}`, import.meta.url), 'utf8')) as {
      layers: { digest: string }[];
    }).layers.map((l) => l.digest.slice(7, 19));
    expect(run.stdout).toBe(
      [
        '3.2.11-alpine: Pulling from library/redis',
        ...layers.map((id) => `${id}: Pulling fs layer`),
        ...layers.slice(3).map((id) => `${id}: Waiting`),
        ...layers.flatMap((id) => [`${id}: Verifying Checksum`, `${id}: Download complete`]),
        ...layers.map((id) => `${id}: Pull complete`),
        `Digest: ${manifest.digest}`,
        'Status: Downloaded newer image for redis:3.2.11-alpine',
        'docker.io/library/redis:3.2.11-alpine',
        '',
      ].join('\n'),
    );
  });

  it('reuses layers already stored ("Already exists") and does not download an image it has', async () => {
    const run = await runDocker('docker pull redis:3.2.11-alpine >/dev/null\ndocker pull alpine:3.7\ndocker pull redis:3.2-alpine\ndocker pull redis:3.2-alpine');
    const alpine = catalogIndex.manifests.find((m) => m.annotations['io.containerd.image.name'] === 'docker.io/library/alpine:3.7')!.digest;
    const redis = catalogIndex.manifests.find((m) => m.annotations['io.containerd.image.name'] === 'docker.io/library/redis:3.2-alpine')!.digest;
    expect(run.stdout).toBe(
      [
        '3.7: Pulling from library/alpine',
        'e3ac79d7f383: Already exists',
        `Digest: ${alpine}`,
        'Status: Downloaded newer image for alpine:3.7',
        'docker.io/library/alpine:3.7',
        '3.2-alpine: Pulling from library/redis',
        `Digest: ${redis}`,
        'Status: Downloaded newer image for redis:3.2-alpine',
        'docker.io/library/redis:3.2-alpine',
        '3.2-alpine: Pulling from library/redis',
        `Digest: ${redis}`,
        'Status: Image is up to date for redis:3.2-alpine',
        'docker.io/library/redis:3.2-alpine',
        '',
      ].join('\n'),
    );
  });

  it('says "Using default tag: latest", and -q prints only the reference', async () => {
    const run = await runDocker('docker pull -q busybox\ndocker pull hello-world | head -1');
    expect(run.stdout).toBe('docker.io/library/busybox:latest\nUsing default tag: latest\n');
  });

  it('pulls by digest: the image is listed without a tag', async () => {
    const digest = catalogIndex.manifests.find((m) => m.annotations['io.containerd.image.name'] === 'docker.io/library/busybox:latest')!.digest;
    const run = await runDocker(`docker pull busybox@${digest} | tail -2\ndocker images --digests`);
    expect(run.stdout.split('\n').slice(0, 2)).toEqual([`Status: Downloaded newer image for busybox@${digest}`, `docker.io/library/busybox@${digest}`]);
    expect(run.stdout).toContain(`busybox      <none>    ${digest}   e38c1e556d30`);
  });

  it('an unknown repository or tag fails as Docker Hub does, plus one line on what the playground can pull', async () => {
    const run = await runDocker('docker pull nope\necho "status $?"\ndocker pull redis:nope 2>&1 | head -1');
    const [denied, note] = run.stderr.split('\n');
    expect(denied).toBe(
      "Error response from daemon: pull access denied for nope, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
    );
    expect(note).toMatch(/^layerlab: this playground has no network; docker pull can fetch the bundled images redis \(3\.2\.11-alpine, .*busybox \(latest/);
    expect(run.stdout).toBe('Using default tag: latest\nstatus 1\nError response from daemon: manifest for redis:nope not found: manifest unknown: manifest unknown\n');
  });

  it('a malformed reference is the CLI\'s own error; flags and arguments are checked as cobra does', async () => {
    const run = await runDocker('docker pull Redis; echo $?; docker pull --bogus redis; echo $?; docker pull; echo $?');
    expect(run.stderr).toBe(
      'invalid reference format: repository name (library/Redis) must be lowercase\n' +
        "unknown flag: --bogus\nSee 'docker pull --help'.\n" +
        `"docker pull" requires exactly 1 argument.\nSee 'docker pull --help'.\n\nUsage:  docker pull [OPTIONS] NAME[:TAG|@DIGEST]\n\nDownload an image from a registry\n`,
    );
    expect(run.stdout).toBe('1\n125\n1\n');
  });
});

describe('docker images', () => {
  it('lists newest first, one row per tag, with tabwriter columns, docker sizes and ages', async () => {
    const run = await runDocker('for i in redis:3.2.11-alpine redis busybox hello-world; do docker pull -q $i >/dev/null; done\ndocker images');
    expect(run.stdout).toBe(
      [
        'REPOSITORY    TAG             IMAGE ID       CREATED         SIZE',
        `hello-world   latest          bccb7f0641f8   3 weeks ago     ${oracleImageSize('docker.io/library/hello-world:latest')}`,
        `busybox       latest          e38c1e556d30   11 months ago   ${oracleImageSize('docker.io/library/busybox:latest')}`,
        `redis         3.2.11-alpine   667c50379f14   7 years ago     ${oracleImageSize('docker.io/library/redis:3.2.11-alpine')}`,
        `redis         latest          667c50379f14   7 years ago     ${oracleImageSize('docker.io/library/redis:latest')}`,
        '',
      ].join('\n'),
    );
  });

  it('filters by REPOSITORY[:TAG] (globs too), and -q repeats an ID per tag', async () => {
    const run = await runDocker(
      'docker pull -q redis:3.2.11-alpine >/dev/null; docker pull -q redis >/dev/null; docker pull -q alpine:3.7 >/dev/null\n' +
        'docker images redis:latest --format "{{.Repository}}:{{.Tag}}"\ndocker images "re*" -q\ndocker image ls alpine --format "{{.ID}} {{.Size}}"',
    );
    expect(run.stdout).toBe(`redis:latest\n667c50379f14\n667c50379f14\na95f2bd98c3f ${oracleImageSize('docker.io/library/alpine:3.7')}\n`);
  });

  it('--no-trunc shows full IDs and --format json prints the formatter fields, sorted', async () => {
    const run = await runDocker('docker pull -q hello-world >/dev/null\ndocker images --no-trunc --format json');
    const row = JSON.parse(run.stdout) as Record<string, string>;
    expect(Object.keys(row)).toEqual([...Object.keys(row)].sort());
    expect(row).toMatchObject({ ID: 'sha256:bccb7f0641f891f916aac011307e6ccfe4232db2b1028326ac3a70b55598e4e0', Repository: 'hello-world', Tag: 'latest', Containers: 'N/A' });
  });
});
