import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v1Layers } from '../../src/engine/docker/v1-image.ts';
import { newDaemon, runDocker } from './support/docker-shell.ts';

const FIXTURES = new URL('../../../shared/fixtures/images/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES));
const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');
const HEX64 = /[0-9a-f]{64}/g;

/** What Python's tarfile reads: name, type, mode, mtime, owner and size of each member, in order. */
function pythonMembers(path: string): { name: string; type: string; mode: number; mtime: number; uid: number; gid: number; uname: string; gname: string; size: number }[] {
  const script =
    'import json,sys,tarfile\n' +
    't=tarfile.open(sys.argv[1])\n' +
    'print(json.dumps([dict(name=m.name,type=m.type.decode(),mode=m.mode,mtime=m.mtime,uid=m.uid,gid=m.gid,uname=m.uname,gname=m.gname,size=m.size) for m in t.getmembers()]))';
  return JSON.parse(execFileSync('python3', ['-c', script, path], { encoding: 'utf8' }));
}

/** A tar's member bytes, read by Python (an independent tar reader). */
function pythonRead(path: string, member: string): Buffer {
  return execFileSync('python3', ['-c', 'import sys,tarfile;sys.stdout.buffer.write(tarfile.open(sys.argv[1]).extractfile(sys.argv[2]).read())', path, member], { maxBuffer: 1 << 28 });
}

async function savedArchive(script: string, file: string): Promise<string> {
  const run = await runDocker(script);
  expect(run.stderr).toBe('');
  const path = join(mkdtempSync(join(tmpdir(), 'layerlab-save-')), 'out.tar');
  writeFileSync(path, await run.session.fs.readFileBuffer(file));
  return path;
}

describe('docker save (Docker 25+ layout)', () => {
  it('is an OCI image layout plus manifest.json that GNU tar and Python read, every blob named by its sha256', async () => {
    const path = await savedArchive('docker pull -q redis:3.2.11-alpine >/dev/null; docker pull -q busybox >/dev/null\ndocker save redis:3.2.11-alpine busybox > /tmp/out.tar', '/tmp/out.tar');
    const members = pythonMembers(path);
    const gnu = execFileSync('tar', ['-tf', path], { encoding: 'utf8' }).trimEnd().split('\n');
    expect(gnu).toEqual(members.map((m) => (m.type === '5' ? `${m.name}/` : m.name)));
    for (const m of members.filter((m) => m.name.startsWith('blobs/sha256/'))) expect(sha256(pythonRead(path, m.name))).toBe(m.name.slice('blobs/sha256/'.length));

    expect(JSON.parse(pythonRead(path, 'oci-layout').toString())).toEqual({ imageLayoutVersion: '1.0.0' });
    const index = JSON.parse(pythonRead(path, 'index.json').toString());
    expect(index.schemaVersion).toBe(2);
    expect(index.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    expect(index.manifests.map((d: { annotations: Record<string, string> }) => d.annotations['io.containerd.image.name'])).toEqual([
      'docker.io/library/redis:3.2.11-alpine',
      'docker.io/library/busybox:latest',
    ]);
    const blobs = new Set(members.map((m) => m.name));
    for (const descriptor of index.manifests) {
      const manifestBytes = pythonRead(path, `blobs/sha256/${descriptor.digest.slice(7)}`);
      expect(manifestBytes.length).toBe(descriptor.size);
      const manifest = JSON.parse(manifestBytes.toString());
      expect(manifest.mediaType).toBe('application/vnd.oci.image.manifest.v1+json');
      const config = JSON.parse(pythonRead(path, `blobs/sha256/${manifest.config.digest.slice(7)}`).toString());
      // Layers are stored uncompressed: each blob's digest is the config's diff_id.
      expect(manifest.layers.map((l: { digest: string }) => l.digest)).toEqual(config.rootfs.diff_ids);
      for (const layer of manifest.layers) {
        expect(layer.mediaType).toBe('application/vnd.oci.image.layer.v1.tar');
        expect(blobs.has(`blobs/sha256/${layer.digest.slice(7)}`)).toBe(true);
      }
    }
    const manifestJson = JSON.parse(pythonRead(path, 'manifest.json').toString());
    expect(manifestJson.map((item: { RepoTags: string[] }) => item.RepoTags)).toEqual([['redis:3.2.11-alpine'], ['busybox:latest']]);
    for (const item of manifestJson) for (const p of [item.Config, ...item.Layers]) expect(blobs.has(p)).toBe(true);
  });

  it('matches a real Docker 25 save of hello-world entry by entry: names, order, kinds, modes, owners, mtimes (modulo digests)', async () => {
    const ours = pythonMembers(await savedArchive('docker pull -q hello-world >/dev/null\ndocker save -o /tmp/hw.tar sha256:bccb7f0641f891f916aac011307e6ccfe4232db2b1028326ac3a70b55598e4e0', '/tmp/hw.tar'));
    const realPath = join(mkdtempSync(join(tmpdir(), 'layerlab-fixture-')), 'v25.tar');
    writeFileSync(realPath, fixture('tarball-hello-world-v25.tar'));
    const real = pythonMembers(realPath);
    // Blob names are digests (sorted); compare what each entry is, not which digest it has.
    const shape = (members: typeof real, created: number, saved: number) =>
      members.map((m) => ({
        name: m.name.replace(HEX64, '<digest>'),
        type: m.type,
        mode: m.mode.toString(8),
        owner: `${m.uid}/${m.gid} ${m.uname}/${m.gname}`,
        mtime: m.mtime === created ? 'created' : m.mtime === saved ? 'saved' : m.mtime === 0 ? 'epoch' : String(m.mtime),
      }));
    const realShape = shape(real, Date.parse('2023-05-02T16:49:27Z') / 1000, real.find((m) => m.name === 'index.json')!.mtime);
    const ourShape = shape(ours, Date.parse('2025-08-08T19:05:17Z') / 1000, Date.UTC(2025, 8, 1) / 1000);
    const byName = (a: { mtime: string }, b: { mtime: string }) => (a.mtime < b.mtime ? -1 : a.mtime > b.mtime ? 1 : 0);
    expect(ourShape.filter((e) => !e.name.startsWith('blobs/sha256/<'))).toEqual(realShape.filter((e) => !e.name.startsWith('blobs/sha256/<')));
    expect(ourShape.filter((e) => e.name.startsWith('blobs/sha256/<')).sort(byName)).toEqual(realShape.filter((e) => e.name.startsWith('blobs/sha256/<')).sort(byName));
  });

  it('writes each layer\'s v1 JSON and v1 ID exactly as Docker 25 did for the fixture', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'layerlab-fixture-')), 'v25.tar');
    writeFileSync(path, fixture('tarball-hello-world-v25.tar'));
    const config = JSON.parse(pythonRead(path, 'blobs/sha256/ee301c921b8aadc002973b2e0c3da17d701dcd994b606769a7e6eaa100b81d44').toString());
    const v1Json = pythonRead(path, 'blobs/sha256/ac09ed77c1b58dc3f93528f17515cb1c5487fa8f304ba2ed54d0f14686f1136e').toString();
    const [layer] = v1Layers(config);
    expect(layer!.json).toBe(v1Json);
    expect(layer!.id).toBe(`sha256:${JSON.parse(v1Json).id}`);
  });

  it('streams to stdout byte for byte what -o writes to a file', async () => {
    const run = await runDocker('docker pull -q busybox >/dev/null\ndocker save -o /tmp/a.tar busybox\ndocker save busybox | sha256sum\nsha256sum < /tmp/a.tar');
    const [piped, file] = run.stdout.trimEnd().split('\n');
    expect(piped).toBe(file);
    expect(piped!.slice(0, 64)).toBe(sha256(await run.session.fs.readFileBuffer('/tmp/a.tar')));
  });

  it('names what it cannot find as the daemon does', async () => {
    const run = await runDocker('docker save nope:1 > /tmp/x.tar; echo $?');
    expect(run.stderr).toBe('Error response from daemon: No such image: nope:1\n');
    expect(run.stdout).toBe('1\n');
  });
});

describe('docker save with LAYERLAB_DOCKER_SAVE_FORMAT=legacy (Docker ≤ 24 layout)', () => {
  it('writes <v1 id>/{VERSION,json,layer.tar}, <config>.json, manifest.json and repositories', async () => {
    const path = await savedArchive('docker pull -q hello-world >/dev/null\nexport LAYERLAB_DOCKER_SAVE_FORMAT=legacy\ndocker save hello-world > /tmp/l.tar', '/tmp/l.tar');
    const entries = pythonMembers(path);
    const members = entries.map((m) => `${m.type} ${m.mode.toString(8)} ${m.name.replace(HEX64, '<id>')}`);
    expect([...members].sort()).toEqual(['0 644 <id>.json', '0 644 <id>/VERSION', '0 644 <id>/json', '0 644 <id>/layer.tar', '0 644 manifest.json', '0 644 repositories', '5 755 <id>']);
    // filepath.Walk order: top-level names sorted, each directory followed by its sorted files.
    const topLevel = [...new Set(entries.map((m) => m.name.split('/')[0]!))];
    expect(topLevel).toEqual([...topLevel].sort());
    const dir = entries.findIndex((m) => m.type === '5');
    expect(entries.slice(dir + 1, dir + 4).map((m) => m.name.split('/')[1])).toEqual(['VERSION', 'json', 'layer.tar']);
    const manifest = JSON.parse(pythonRead(path, 'manifest.json').toString());
    const layerDir = manifest[0].Layers[0].split('/')[0];
    expect(manifest[0].Config).toBe('bccb7f0641f891f916aac011307e6ccfe4232db2b1028326ac3a70b55598e4e0.json');
    expect(JSON.parse(pythonRead(path, 'repositories').toString())).toEqual({ 'hello-world': { latest: layerDir } });
    expect(pythonRead(path, `${layerDir}/VERSION`).toString()).toBe('1.0');
    expect(JSON.parse(pythonRead(path, `${layerDir}/json`).toString()).id).toBe(layerDir);
  });
});

describe('docker load', () => {
  for (const format of ['oci', 'legacy']) {
    it(`loads back what docker save wrote (${format}): same image IDs, tags and layers`, async () => {
      const first = await runDocker(
        `export LAYERLAB_DOCKER_SAVE_FORMAT=${format}\nfor i in redis:3.2.11-alpine alpine:3.7 nginx hello-world; do docker pull -q $i >/dev/null; done\ndocker save -o /tmp/all.tar redis:3.2.11-alpine alpine:3.7 nginx hello-world`,
      );
      const archive = await first.session.fs.readFileBuffer('/tmp/all.tar');
      const daemon = newDaemon();
      const { session } = await runDocker('true', { daemon });
      await session.fs.writeFile('/tmp/all.tar', archive);
      const second = await runDocker('docker load -i /tmp/all.tar\ncat /tmp/all.tar | docker load', { daemon, session });
      const loadedLines = 'Loaded image: redis:3.2.11-alpine\nLoaded image: alpine:3.7\nLoaded image: nginx:latest\nLoaded image: hello-world:latest\n';
      // Loading twice changes nothing and says the same.
      expect(second.stdout).toBe(loadedLines + loadedLines);
      expect(second.stderr).toBe('');
      const originals = first.daemon.list().map((i) => [i.id, i.repoTags.join(','), first.daemon.images.layersOf(i.id).map((l) => `${l.diffId}:${l.tarSize}`).join()]);
      const loaded = daemon.list().map((i) => [i.id, i.repoTags.join(','), daemon.images.layersOf(i.id).map((l) => `${l.diffId}:${l.tarSize}`).join()]);
      expect(loaded).toEqual(originals);
    });
  }

  it('loads a real Docker 25 save (untagged: "Loaded image ID") and a legacy archive with tags', async () => {
    const first = await runDocker('true');
    await first.session.fs.writeFile('/tmp/v25.tar', fixture('tarball-hello-world-v25.tar'));
    await first.session.fs.writeFile('/tmp/legacy.tar', fixture('tarball-test_image_1.tar'));
    const loaded = await runDocker('docker load -i /tmp/v25.tar\ndocker load < /tmp/legacy.tar\ndocker images', { session: first.session });
    expect(loaded.stdout.split('\n').slice(0, 2)).toEqual([
      'Loaded image ID: sha256:ee301c921b8aadc002973b2e0c3da17d701dcd994b606769a7e6eaa100b81d44',
      'Loaded image: bazel/v1/tarball:test_image_1',
    ]);
    expect(loaded.stdout).toContain('<none>             <none>         ee301c921b8a');
  });

  it('renames the old image when a loaded tag was taken', async () => {
    const first = await runDocker('docker pull -q busybox >/dev/null\ndocker tag busybox bazel/v1/tarball:test_image_1');
    await first.session.fs.writeFile('/tmp/legacy.tar', fixture('tarball-test_image_1.tar'));
    const run = await runDocker('docker load -i /tmp/legacy.tar', { session: first.session, daemon: first.daemon });
    expect(run.stdout).toBe(
      'The image bazel/v1/tarball:test_image_1 already exists, renaming the old one with ID sha256:e38c1e556d304c2ddda64111d72712c75399be2cea629f38c2d9b801871d9a42 to empty string\nLoaded image: bazel/v1/tarball:test_image_1\n',
    );
  });

  it('stops at a RepoTags entry that is not a tagged reference, as Docker does, keeping the image untagged', async () => {
    // The legacy fixture with its manifest's RepoTags rewritten by Python's tarfile.
    const retagged = (tags: string[]) =>
      execFileSync('python3', ['-c', String.raw`
import io, json, sys, tarfile
src = tarfile.open(fileobj=io.BytesIO(sys.stdin.buffer.read())); out = io.BytesIO(); dst = tarfile.open(fileobj=out, mode='w')
for m in src.getmembers():
    data = src.extractfile(m).read() if m.isfile() else None
    if m.name == 'manifest.json':
        manifest = json.loads(data); manifest[0]['RepoTags'] = json.loads(sys.argv[1]); data = json.dumps(manifest).encode(); m.size = len(data)
    dst.addfile(m, io.BytesIO(data) if data is not None else None)
dst.close(); sys.stdout.buffer.write(out.getvalue())
`, JSON.stringify(tags)], { input: fixture('tarball-test_image_1.tar') });
    const { session, daemon } = await runDocker('true');
    await session.fs.writeFile('/tmp/control.tar', retagged(['evil\x1b[31mred:lat\nest']));
    await session.fs.writeFile('/tmp/untagged.tar', retagged(['busybox']));
    const run = await runDocker('docker load -i /tmp/control.tar; echo $?; docker load -i /tmp/untagged.tar; echo $?; docker images --format "{{.Repository}}:{{.Tag}}"', { session, daemon });
    expect(run.stderr).toBe('Error response from daemon: invalid reference format\nError response from daemon: invalid tag "busybox"\n');
    expect(run.stdout).toBe('1\n1\n<none>:<none>\n');
  });

  it('fails in one line: empty stdin, a missing file, something that is not an image archive', async () => {
    const run = await runDocker('docker load; echo $?; docker load -i nope.tar; echo $?; echo hello > /tmp/h; docker load < /tmp/h; echo $?');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('requested load from stdin, but stdin is empty');
    expect(lines[1]).toBe('open nope.tar: no such file or directory');
    expect(lines[2]).toMatch(/^Error response from daemon: .+/);
    expect(lines).toHaveLength(3);
    expect(run.stdout).toBe('1\n1\n1\n');
  });
});
