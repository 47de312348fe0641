/**
 * LAYERLAB_DOCKER_VERSION / `daemon.release`: one setting picks the Docker release a lesson was
 * written for (27 by default, 20.10, 18.09) and with it `docker version`, image inspect's fields,
 * `docker save`'s layout and the builder; LAYERLAB_DOCKER_SAVE_FORMAT and DOCKER_BUILDKIT still
 * override the last two. GNU tar reads the saved archives.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DockerDaemon } from '../../src/engine/docker/daemon.ts';
import { dockerRelease, type DockerReleaseName } from '../../src/engine/docker/release.ts';
import { nodeCatalogFiles } from '../../src/node/catalog-files.ts';
import { contextScript } from './support/build-context.ts';
import { DAEMON_NOW_MS, newDaemon, runDocker } from './support/docker-shell.ts';

const HEX64 = /[0-9a-f]{64}/g;

/**
 * `docker version` of Docker 20.10.24 from Docker's Ubuntu packages, as published in KodeKloud lab
 * notes (2023): client 297e128, engine 5d6db84, go1.19.7, containerd.io 1.6.20.
 */
const VERSION_20_10 = `Client: Docker Engine - Community
 Version:           20.10.24
 API version:       1.41
 Go version:        go1.19.7
 Git commit:        297e128
 Built:             Tue Apr  4 18:21:05 2023
 OS/Arch:           linux/amd64
 Context:           default
 Experimental:      true

Server: Docker Engine - Community
 Engine:
  Version:          20.10.24
  API version:      1.41 (minimum version 1.12)
  Go version:       go1.19.7
  Git commit:       5d6db84
  Built:            Tue Apr  4 18:18:48 2023
  OS/Arch:          linux/amd64
  Experimental:     false
 containerd:
  Version:          1.6.20
  GitCommit:        2806fc1057397dbaeefbea0e4e17bddfbd388f38
 runc:
  Version:          1.1.5
  GitCommit:        v1.1.5-0-gf19387a
 docker-init:
  Version:          0.19.0
  GitCommit:        de40ad0
`;

/**
 * `docker version` of Docker 18.09.9 from Docker's CentOS 7 packages, identical in several
 * published install notes (2019–2021): client 039a7df9ba, engine 039a7df, go1.11.13; no Context
 * line and no components yet.
 */
const VERSION_18_09 = `Client:
 Version:           18.09.9
 API version:       1.39
 Go version:        go1.11.13
 Git commit:        039a7df9ba
 Built:             Wed Sep  4 16:51:21 2019
 OS/Arch:           linux/amd64
 Experimental:      false

Server: Docker Engine - Community
 Engine:
  Version:          18.09.9
  API version:      1.39 (minimum version 1.12)
  Go version:       go1.11.13
  Git commit:       039a7df
  Built:            Wed Sep  4 16:22:32 2019
  OS/Arch:          linux/amd64
  Experimental:     false
`;

const withRelease = (name: DockerReleaseName) => `export LAYERLAB_DOCKER_VERSION=${name}\n`;
const PULL = 'docker pull -q busybox >/dev/null\n';

/** `tar -tv` by GNU tar over bytes, in a fixed time zone (CET, as the workshop's listing was made). */
function gnuListing(bytes: Uint8Array): string[] {
  return execFileSync('tar', ['-tvf', '-'], { input: bytes, encoding: 'utf8', env: { ...process.env, TZ: 'CET-1' } }).trimEnd().split('\n');
}

/** The bytes `docker save busybox` writes (to a file: the CLI refuses a terminal). */
async function savedBusybox(script: string, daemon?: DockerDaemon): Promise<Uint8Array> {
  const run = await runDocker(`${script}${PULL}docker save busybox > /tmp/busybox.tar`, daemon ? { daemon } : {});
  expect(run.stderr).toBe('');
  return run.session.fs.readFileBuffer('/tmp/busybox.tar');
}

async function inspectKeys(script: string, daemon?: DockerDaemon): Promise<string[]> {
  const run = await runDocker(`${script}${PULL}docker image inspect busybox`, daemon ? { daemon } : {});
  expect(run.stderr).toBe('');
  return Object.keys((JSON.parse(run.stdout) as Record<string, unknown>[])[0]!);
}

async function buildLines(script: string, daemon?: DockerDaemon): Promise<{ stdout: string[]; stderr: string }> {
  const context = contextScript({ Dockerfile: 'FROM busybox\nRUN echo hi > /x\n' });
  const run = await runDocker(`${script}${PULL}${context}\ndocker build -t hi .`, daemon ? { daemon } : {});
  return { stdout: run.stdout.split('\n'), stderr: run.stderr };
}

describe('docker version and docker --version', () => {
  it('20.10 prints what Docker 20.10.24 printed, byte for byte', async () => {
    const run = await runDocker(`${withRelease('20.10')}docker version\ndocker --version`);
    expect(run.stdout).toBe(`${VERSION_20_10}Docker version 20.10.24, build 297e128\n`);
  });

  it('18.09 prints what Docker 18.09.9 printed, byte for byte', async () => {
    const run = await runDocker(`${withRelease('18.09')}docker version\ndocker --version`);
    expect(run.stdout).toBe(`${VERSION_18_09}Docker version 18.09.9, build 039a7df9ba\n`);
  });

  it('27 is the default: 27.5.1 with API 1.47; a patch release names its line; --format follows the release', async () => {
    const run = await runDocker(
      "docker version | head -3\nLAYERLAB_DOCKER_VERSION=20.10.7 docker version -f '{{.Server.Version}} {{.Server.APIVersion}} {{.Client.GitCommit}}'\n" +
        "LAYERLAB_DOCKER_VERSION=18.09 docker version -f '{{range .Server.Components}}{{.Name}} {{end}}'",
    );
    expect(run.stdout).toBe('Client: Docker Engine - Community\n Version:           27.5.1\n API version:       1.47\n20.10.24 1.41 297e128\nEngine \n');
  });

  it('a release the playground does not imitate is refused in one line, status 125', async () => {
    const run = await runDocker('LAYERLAB_DOCKER_VERSION=19.03 docker images; echo "status $?"');
    expect(run.stderr).toBe('docker: LAYERLAB_DOCKER_VERSION=19.03: the playground imitates Docker 27, 20.10, 18.09\n');
    expect(run.stdout).toBe('status 125\n');
  });
});

describe('docker info', () => {
  it("has each era's fields: 27's client version and metacopy, 20.10's cgroup version and registry, 18.09's top-level layout", async () => {
    const lines = async (release: DockerReleaseName) => (await runDocker(`${withRelease(release)}docker info`)).stdout.split('\n');
    const v27 = await lines('27');
    expect(v27.slice(0, 2)).toEqual(['Client: Docker Engine - Community', ' Version:    27.5.1']);
    expect(v27).toContain('  Using metacopy: false');
    expect(v27.some((l) => l.includes('Registry: '))).toBe(false);
    const v2010 = await lines('20.10');
    expect(v2010.slice(0, 5)).toEqual(['Client:', ' Context:    default', ' Debug Mode: false', '', 'Server:']);
    expect(v2010).toEqual(expect.arrayContaining([' Server Version: 20.10.24', ' Storage Driver: overlay2', ' Cgroup Version: none', ' Registry: https://index.docker.io/v1/']));
    expect(v2010.some((l) => /metacopy|snapshotter/.test(l))).toBe(false);
    const v1809 = await lines('18.09');
    expect(v1809.slice(0, 5)).toEqual(['Containers: 0', ' Running: 0', ' Paused: 0', ' Stopped: 0', 'Images: 0']);
    expect(v1809).toEqual(expect.arrayContaining(['Server Version: 18.09.9', 'Debug Mode (client): false', 'Product License: Community Engine']));
    expect(v1809.some((l) => /Cgroup Version|userxattr|^Client/.test(l))).toBe(false);
  });
});

describe('docker image inspect', () => {
  it('27 has no Container, ContainerConfig or VirtualSize (API 1.45 and 1.44 dropped them) but keeps DockerVersion', async () => {
    const keys = await inspectKeys('');
    expect(keys).toEqual(['Id', 'RepoTags', 'RepoDigests', 'Parent', 'Comment', 'Created', 'DockerVersion', 'Author', 'Config', 'Architecture', 'Os', 'Size', 'GraphDriver', 'RootFS', 'Metadata']);
  });

  it("20.10 and 18.09 print types.ImageInspect's fields of their day, in its order", async () => {
    const old = ['Id', 'RepoTags', 'RepoDigests', 'Parent', 'Comment', 'Created', 'Container', 'ContainerConfig', 'DockerVersion', 'Author', 'Config', 'Architecture', 'Os', 'Size', 'VirtualSize', 'GraphDriver', 'RootFS', 'Metadata'];
    expect(await inspectKeys(withRelease('20.10'))).toEqual(old);
    expect(await inspectKeys(withRelease('18.09'))).toEqual(old);
    const run = await runDocker(`${withRelease('20.10')}${PULL}docker inspect -f '{{.Size}} {{.VirtualSize}} [{{.Container}}] {{.ContainerConfig.Cmd}}' busybox`);
    expect(run.stdout).toMatch(/^(\d+) \1 \[\] \[\]\n$/);
  });

  it('images made by commit and import record the release as DockerVersion; commit its container and config', async () => {
    const run = await runDocker(
      `${withRelease('20.10')}${PULL}docker run --name box busybox touch /x\ndocker commit box made >/dev/null\n` +
        'docker export box | docker import - empty >/dev/null\n' +
        "docker inspect -f '{{.DockerVersion}} {{.Container}} {{.ContainerConfig.Cmd}}' made\ndocker inspect -f '{{.DockerVersion}}' empty\ndocker inspect -f '{{.Id}}' box",
    );
    expect(run.stderr).toBe('');
    const [made, empty, containerId] = run.stdout.trimEnd().split('\n');
    expect(made).toBe(`20.10.24 ${containerId} [touch /x]`);
    expect(empty).toBe('20.10.24');
  });

  it('under 27 a template naming ContainerConfig fails as it does on Docker 27', async () => {
    const run = await runDocker(`${PULL}docker inspect -f '{{.ContainerConfig.Cmd}}' busybox; echo "status $?"`);
    expect(run.stderr).toBe('template parsing error: template: :1:18: executing "" at <.ContainerConfig.Cmd>: map has no entry for key "ContainerConfig"\n');
  });
});

describe('docker save | tar -t', () => {
  it('27 writes the OCI layout (oci-layout, index.json, blobs/sha256/…) plus manifest.json and repositories', async () => {
    const names = gnuListing(await savedBusybox('')).map((line) => line.split(/\s+/).pop()!.replace(HEX64, '<id>'));
    expect(names).toEqual(expect.arrayContaining(['blobs/', 'blobs/sha256/', 'blobs/sha256/<id>', 'index.json', 'manifest.json', 'oci-layout', 'repositories']));
    expect(names.some((n) => n.endsWith('layer.tar'))).toBe(false);
  });

  for (const release of ['20.10', '18.09'] as const) {
    it(`${release} writes the legacy layout, matching the workshop's \`tar vtf busybox.tar\` line for line`, async () => {
      // The listing in 000_*.txt: a Docker 20 save of a one-layer busybox, listed in CET.
      const workshop = readFileSync(new URL('../../../shared/workshop/000_995b9cbb18e678ea.txt', import.meta.url), 'utf8');
      const theirs = workshop.split('\n').filter((line) => /^\t[-d]rw/.test(line)).map((line) => line.trim().split(/\s+/));
      expect(theirs).toHaveLength(7);
      const ours = gnuListing(await savedBusybox(withRelease(release))).map((line) => line.split(/\s+/));
      // Fields: mode, owner, size, date, time, name. Names modulo IDs; names sort the same way.
      const shape = (fields: string[][]) => fields.map(([mode, owner, , , , name]) => `${mode} ${owner} ${name!.replace(HEX64, '<id>')}`).sort();
      expect(shape(ours)).toEqual(shape(theirs));
      expect(ours.map((f) => f[5])).toEqual(ours.map((f) => f[5]).sort());
      // VERSION, manifest.json and repositories have the same sizes; the last two the epoch as mtime.
      const byName = (fields: string[][], name: string) => fields.find((f) => f[5]!.replace(HEX64, '<id>') === name)!;
      for (const name of ['<id>/VERSION', 'manifest.json', 'repositories']) expect(byName(ours, name)[2]).toBe(byName(theirs, name)[2]);
      for (const name of ['manifest.json', 'repositories']) expect(byName(ours, name).slice(3, 5)).toEqual(byName(theirs, name).slice(3, 5));
    });
  }

  it('LAYERLAB_DOCKER_SAVE_FORMAT overrides the release either way', async () => {
    const names = async (script: string) => gnuListing(await savedBusybox(script)).map((l) => l.split(/\s+/).pop()!);
    expect(await names(`${withRelease('20.10')}export LAYERLAB_DOCKER_SAVE_FORMAT=oci\n`)).toContain('oci-layout');
    expect((await names('export LAYERLAB_DOCKER_SAVE_FORMAT=legacy\n')).some((n) => n.endsWith('/layer.tar'))).toBe(true);
  });
});

describe('docker build', () => {
  it('27 runs BuildKit by default', async () => {
    const { stdout, stderr } = await buildLines('');
    expect(stderr.split('\n')[0]).toBe('#0 building with "default" instance using docker driver');
    expect(stdout.some((l) => l.startsWith('Step '))).toBe(false);
  });

  for (const release of ['20.10', '18.09'] as const) {
    it(`${release} runs the classic builder by default, without 27's deprecation notice`, async () => {
      const { stdout, stderr } = await buildLines(withRelease(release));
      expect(stderr).toBe('');
      expect(stdout[0]).toBe('Sending build context to Docker daemon  2.048kB');
      expect(stdout.slice(1, 4)).toEqual(['Step 1/2 : FROM busybox', expect.stringMatching(/^ ---> [0-9a-f]{12}$/), 'Step 2/2 : RUN echo hi > /x']);
      expect(stdout[4]).toMatch(/^ ---> Running in [0-9a-f]{12}$/);
      expect(stdout[5]).toMatch(/^Removing intermediate container [0-9a-f]{12}$/);
      expect(stdout.slice(-3)).toEqual([expect.stringMatching(/^Successfully built [0-9a-f]{12}$/), 'Successfully tagged hi:latest', '']);
    });
  }

  it("20.10's classic builder records each step's container and its config, whose Cmd is the history's CREATED BY", async () => {
    const context = contextScript({ Dockerfile: 'FROM busybox\nARG A=1\nRUN echo hi > /x\nCMD ["sh"]\n' });
    const run = await runDocker(
      `${withRelease('20.10')}${PULL}${context}\ndocker build -t hi . >/tmp/build.txt\n` +
        "docker inspect -f '{{.Container}};{{.ContainerConfig.Hostname}};{{json .ContainerConfig.Cmd}};{{.ContainerConfig.Image}};{{.DockerVersion}}' hi; " +
        "docker history --no-trunc --format '{{.ID}} {{.CreatedBy}}' hi | head -2; grep 'Running in' /tmp/build.txt",
    );
    expect(run.stderr).toBe('');
    const [cmdStep, history1, history2, ...running] = run.stdout.trimEnd().split('\n');
    const [container, hostname, cmd, parent, version] = cmdStep!.split(';');
    expect(container).toMatch(/^[0-9a-f]{64}$/);
    expect(hostname).toBe(container!.slice(0, 12));
    expect(running.at(-1)).toBe(` ---> Running in ${hostname}`);
    expect(JSON.parse(cmd!)).toEqual(['/bin/sh', '-c', '#(nop) ', 'CMD ["sh"]']);
    expect(version).toBe('20.10.24');
    // Each step's CREATED BY is its container's Cmd joined by spaces; ContainerConfig.Image is the parent.
    expect(history1).toMatch(/^sha256:[0-9a-f]{64} \/bin\/sh -c #\(nop\)  CMD \["sh"\]$/);
    expect(history2!.split(' ')[0]).toBe(parent);
    expect(history2!.slice(72)).toBe('|1 A=1 /bin/sh -c echo hi > /x');
  });

  it('27 records neither (moby stopped writing them with API 1.45)', async () => {
    const context = contextScript({ Dockerfile: 'FROM busybox\nCMD ["sh"]\n' });
    const run = await runDocker(`export DOCKER_BUILDKIT=0\n${PULL}${context}\ndocker build -q -t hi . >/dev/null 2>&1\nLAYERLAB_DOCKER_VERSION=20.10 docker inspect -f '[{{.Container}}] {{.ContainerConfig.Cmd}}' hi`);
    expect(run.stdout).toBe('[] []\n');
  });

  it('DOCKER_BUILDKIT overrides the release either way', async () => {
    const buildkit = await buildLines(`${withRelease('20.10')}export DOCKER_BUILDKIT=1\n`);
    expect(buildkit.stderr.split('\n')[0]).toBe('#0 building with "default" instance using docker driver');
    const legacy = await buildLines('export DOCKER_BUILDKIT=0\n');
    expect(legacy.stderr.startsWith('DEPRECATED: The legacy builder is deprecated')).toBe(true);
    expect(legacy.stdout[0]).toBe('Sending build context to Docker daemon  2.048kB');
    expect(legacy.stdout).toContain(legacy.stdout.find((l) => /^ ---> Removed intermediate container [0-9a-f]{12}$/.test(l)));
  });
});

describe('the release set programmatically (what a lesson runner calls)', () => {
  it('daemon.release and the daemon option behave as the environment variable does', async () => {
    const assigned = newDaemon();
    assigned.release = dockerRelease('18.09');
    const named = newDaemon();
    named.setRelease('18.09.9');
    const option = new DockerDaemon({ catalog: nodeCatalogFiles(), now: () => DAEMON_NOW_MS, release: '18.09' });
    expect(() => named.setRelease('19.03')).toThrow('Docker 19.03 is not a release the playground imitates (27, 20.10, 18.09)');
    expect(named.release.name).toBe('18.09');
    for (const daemon of [assigned, named, option]) {
      expect((await runDocker('docker version', { daemon })).stdout).toBe(VERSION_18_09);
      expect(await inspectKeys('', daemon)).toContain('ContainerConfig');
      const listing = gnuListing(await savedBusybox('', daemon));
      expect(listing.some((l) => l.endsWith('/layer.tar'))).toBe(true);
      expect((await buildLines('', daemon)).stdout[1]).toBe('Step 1/2 : FROM busybox');
    }
  });

  it('the environment variable and the finer knobs still win over the daemon setting', async () => {
    const daemon = newDaemon();
    daemon.release = dockerRelease('20.10');
    expect((await runDocker('LAYERLAB_DOCKER_VERSION=27 docker version | sed -n 2p', { daemon })).stdout).toBe(' Version:           27.5.1\n');
    expect((await buildLines('export DOCKER_BUILDKIT=1\n', daemon)).stderr.split('\n')[0]).toBe('#0 building with "default" instance using docker driver');
    const listing = gnuListing(await savedBusybox('export LAYERLAB_DOCKER_SAVE_FORMAT=oci\n', daemon));
    expect(listing.some((l) => l.endsWith(' oci-layout'))).toBe(true);
  });
});

describe('docker pull', () => {
  it('ends with the full reference from 19.03 on; 18.09 stops at Status, as the workshop texts show', async () => {
    const last = async (release: DockerReleaseName) => (await runDocker(`${withRelease(release)}docker pull busybox | tail -2`)).stdout;
    expect(await last('20.10')).toBe('Status: Downloaded newer image for busybox:latest\ndocker.io/library/busybox:latest\n');
    expect(await last('18.09')).toMatch(/^Digest: sha256:[0-9a-f]{64}\nStatus: Downloaded newer image for busybox:latest\n$/);
  });
});

describe('tables', () => {
  it('18.09 pads columns to 20 (tabwriter minwidth before 20.10) in images, history, ps and system df; 20.10 and 27 to 10', async () => {
    const header = async (release: DockerReleaseName) => (await runDocker(`${withRelease(release)}${PULL}docker images | head -1\ndocker history busybox | head -1\ndocker ps | head -1\ndocker system df | head -1`)).stdout;
    const [images, history, ps, df] = (await header('18.09')).split('\n');
    expect(images).toBe('REPOSITORY          TAG                 IMAGE ID            CREATED             SIZE');
    // CREATED BY is as wide as busybox's longest step (33 runes) plus 3.
    expect(history).toBe(`IMAGE               CREATED             ${'CREATED BY'.padEnd(36)}SIZE                COMMENT`);
    expect(ps).toBe('CONTAINER ID        IMAGE               COMMAND             CREATED             STATUS              PORTS               NAMES');
    expect(df).toBe('TYPE                TOTAL               ACTIVE              SIZE                RECLAIMABLE');
    expect(await header('20.10')).toBe(await header('27'));
    expect((await header('20.10')).split('\n')[0]).toMatch(/^REPOSITORY   TAG       IMAGE ID       CREATED +SIZE$/);
  });
});
