import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { runDocker } from './support/docker-shell.ts';

const catalogIndex = JSON.parse(readFileSync(new URL('../../public/catalog/index.json', import.meta.url), 'utf8')) as {
  manifests: { digest: string; annotations: Record<string, string> }[];
};
const manifestDigest = (name: string) => catalogIndex.manifests.find((m) => m.annotations['io.containerd.image.name'] === `docker.io/library/${name}`)!.digest;
const PULL = 'docker pull -q busybox >/dev/null; docker pull -q alpine:3.7 >/dev/null';

describe('docker images flags', () => {
  it('--digests adds a DIGEST column (the manifest digest the pull recorded); with -q it still prints IDs only', async () => {
    const run = await runDocker(`${PULL}\ndocker images --digests\ndocker images --digests -q`);
    const [header, busybox, alpine, ...ids] = run.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^REPOSITORY +TAG +DIGEST +IMAGE ID +CREATED +SIZE$/);
    expect(busybox).toMatch(new RegExp(`^busybox +latest +${manifestDigest('busybox:latest')} +e38c1e556d30 `));
    expect(alpine).toMatch(new RegExp(`^alpine +3\\.7 +${manifestDigest('alpine:3.7')} +a95f2bd98c3f `));
    expect(ids).toEqual(['e38c1e556d30', 'a95f2bd98c3f']);
  });

  it('--no-trunc widens the IMAGE ID column to the full sha256:… ID', async () => {
    const run = await runDocker(`${PULL}\ndocker image ls --no-trunc busybox`);
    expect(run.stdout.split('\n')[1]).toMatch(/^busybox +latest +sha256:e38c1e556d304c2ddda64111d72712c75399be2cea629f38c2d9b801871d9a42 +11 months ago +\S+$/);
  });

  it('-a lists the same pulled images (they have no intermediate parents), -aq their IDs', async () => {
    const run = await runDocker(`${PULL}\ndocker images -a; docker images --all=false; docker images -aq`);
    const [all, plain] = [run.stdout.split('\n').slice(0, 3), run.stdout.split('\n').slice(3, 6)];
    expect(all).toEqual(plain);
    expect(all[1]).toMatch(/^busybox +latest +e38c1e556d30 /);
    expect(run.stdout.split('\n').slice(6)).toEqual(['e38c1e556d30', 'a95f2bd98c3f', '']);
  });

  it('rejects an unknown flag and a second argument as the CLI does', async () => {
    const run = await runDocker('docker images --foo; echo "status $?"; docker images a b; echo "status $?"');
    expect(run.stderr).toBe(
      "unknown flag: --foo\nSee 'docker images --help'.\n" +
        `"docker images" requires at most 1 argument.\nSee 'docker images --help'.\n\nUsage:  docker images [OPTIONS] [REPOSITORY[:TAG]]\n\nList images\n`,
    );
    expect(run.stdout).toBe('status 125\nstatus 1\n');
  });
});

describe('docker save, load and import flags', () => {
  it('save -o FILE with several images writes what save to stdout writes; GNU tar reads both images in it', async () => {
    const run = await runDocker(`${PULL}\ndocker save -o two.tar busybox alpine:3.7; echo "status $?"\ndocker save busybox alpine:3.7 > piped.tar\nsha256sum < two.tar; sha256sum < piped.tar\ncat two.tar | base64 -w0`);
    const [status, fileSum, pipedSum, base64] = run.stdout.split('\n');
    expect(status).toBe('status 0');
    expect(fileSum).toBe(pipedSum);
    const manifest = JSON.parse(execFileSync('tar', ['-xOf', '-', 'manifest.json'], { input: Buffer.from(base64!, 'base64') }).toString()) as { RepoTags: string[] }[];
    expect(manifest.map((m) => m.RepoTags)).toEqual([['busybox:latest'], ['alpine:3.7']]);
  });

  it('load -i FILE, load < FILE and load -q all load every image of the archive and say so', async () => {
    const run = await runDocker(
      `${PULL}\ndocker save -o two.tar busybox alpine:3.7\ndocker rmi busybox alpine:3.7 >/dev/null\n` +
        'docker load -i two.tar\ndocker rmi busybox alpine:3.7 >/dev/null\ndocker load < two.tar\ndocker load --input=two.tar -q\ndocker images --format "{{.Repository}}:{{.Tag}} {{.ID}}"',
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      'Loaded image: busybox:latest\nLoaded image: alpine:3.7\n'.repeat(3) + 'busybox:latest e38c1e556d30\nalpine:3.7 a95f2bd98c3f\n',
    );
  });

  it('load: a missing file is the os.Open error; an argument is refused (load takes none)', async () => {
    const run = await runDocker('docker load -i nofile; echo "status $?"; docker load x; echo "status $?"');
    expect(run.stderr).toBe(
      'open nofile: no such file or directory\n' + `"docker load" accepts no arguments.\nSee 'docker load --help'.\n\nUsage:  docker load [OPTIONS]\n\nLoad an image from a tar archive or STDIN\n`,
    );
    expect(run.stdout).toBe('status 1\nstatus 1\n');
  });

  it('import FILE REPO:TAG with -m and repeated -c: tag, comment, CMD and ENV as given', async () => {
    const run = await runDocker(
      'mkdir -p root/etc && echo hi > root/etc/greeting && tar -C root -cf root.tar .\n' +
        `docker import -m "first import" -c 'CMD ["cat", "/etc/greeting"]' --change "ENV A=b" root.tar mine:v1 > /dev/null\n` +
        "docker inspect -f '{{.Comment}}|{{json .Config.Cmd}}|{{.Config.Env}}|{{.RepoTags}}' mine:v1\n" +
        "docker history --format '{{.Comment}}' mine:v1",
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('first import|["cat","/etc/greeting"]|[A=b]|[mine:v1]\nfirst import\n');
  });

  it('import without a repository makes an untagged image; from - it reads stdin', async () => {
    const run = await runDocker(
      'mkdir -p root && echo x > root/x && tar -C root -cf root.tar .\ndocker import root.tar > id1\ndocker images --format "{{.Repository}}:{{.Tag}}"\n' +
        'cat root.tar | docker import - piped:latest > id2\ndocker images --format "{{.Repository}}:{{.Tag}}"\n[ "$(cat id1)" = "$(cat id2)" ] && echo same-id',
    );
    // The same tar at the same second makes the same config, so the same image ID: the tag lands on it.
    expect(run.stdout).toBe('<none>:<none>\npiped:latest\nsame-id\n');
  });

  it('import errors: argument count, a missing file, an invalid repository name', async () => {
    const run = await runDocker('docker import; echo "status $?"; docker import nofile.tar; echo "status $?"; echo | docker import - Bad:Name; echo "status $?"');
    expect(run.stderr).toBe(
      `"docker import" requires at least 1 and at most 2 arguments.\nSee 'docker import --help'.\n\nUsage:  docker import [OPTIONS] file|URL|- [REPOSITORY[:TAG]]\n\nImport the contents from a tarball to create a filesystem image\n` +
        'open nofile.tar: no such file or directory\n' +
        'invalid reference format: repository name (library/Bad) must be lowercase\n',
    );
    expect(run.stdout).toBe('status 1\nstatus 1\nstatus 1\n');
  });

  it('tag, rmi and image rm: usage errors and no-such-image messages read as Docker 27 words them', async () => {
    const run = await runDocker('docker tag busybox; echo "status $?"; docker tag nope x; echo "status $?"; docker image rm; echo "status $?"; docker image rm nope; echo "status $?"');
    expect(run.stderr).toBe(
      `"docker tag" requires exactly 2 arguments.\nSee 'docker tag --help'.\n\nUsage:  docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]\n\nCreate a tag TARGET_IMAGE that refers to SOURCE_IMAGE\n` +
        'Error response from daemon: No such image: nope:latest\n' +
        `"docker image rm" requires at least 1 argument.\nSee 'docker image rm --help'.\n\nUsage:  docker image rm [OPTIONS] IMAGE [IMAGE...]\n\nRemove one or more images\n` +
        'Error response from daemon: No such image: nope:latest\n',
    );
    expect(run.stdout).toBe('status 1\nstatus 1\nstatus 1\nstatus 1\n');
  });
});
