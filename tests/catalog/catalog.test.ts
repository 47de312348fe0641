import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/catalog/build-catalog.ts';
import { parsePlaceholder } from '../../src/catalog/placeholder.ts';
import { openArchive, type ImageArchive } from '../../src/engine/image/archive.ts';
import type { Image } from '../../src/engine/image/types.ts';
import { verifyImage } from '../../src/engine/image/verify.ts';
import { MemorySource } from '../../src/engine/io/byte-source.ts';
import { OverlayFs } from '../../src/engine/overlay/overlay-fs.ts';
import { writeTar } from '../../src/engine/tar/write-tar.ts';
import committedDigests from './digests.json';

const CATALOG_DIR = fileURLToPath(new URL('../../public/catalog/', import.meta.url));
const TAGS = Object.keys(committedDigests);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const sha256 = (bytes: Uint8Array) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

function committedFiles(): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const walk = (dir: string, prefix: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path, `${prefix}${name}/`);
      else files.set(`${prefix}${name}`, new Uint8Array(readFileSync(path)));
    }
  };
  walk(CATALOG_DIR, '');
  return files;
}

let built: Map<string, Uint8Array>;
let archive: ImageArchive;
const merged = new Map<string, OverlayFs>();

async function fsOf(tag: string): Promise<{ image: Image; fs: OverlayFs }> {
  const image = archive.findImage(tag);
  let fs = merged.get(image.id);
  if (!fs) merged.set(image.id, (fs = await OverlayFs.open(image.layers)));
  return { image, fs };
}

beforeAll(async () => {
  built = await buildCatalog();
  // The layout as a tarball, the way the engine opens any OCI layout archive.
  const tar = writeTar([...built].map(([name, data]) => ({ name, data })));
  archive = await openArchive(new MemorySource(tar));
});

describe('the bundled image catalog', () => {
  it('rebuilds byte for byte into the committed public/catalog (no hand edits, no stale blobs)', () => {
    const committed = committedFiles();
    expect([...committed.keys()].sort()).toEqual([...built.keys()].sort());
    for (const [path, bytes] of built) expect(sha256(committed.get(path)!), path).toBe(sha256(bytes));
  });

  it('names every blob by its sha256 (checked with node:crypto)', () => {
    for (const [path, bytes] of built) {
      if (path.startsWith('blobs/')) expect(`sha256:${path.split('/').pop()}`).toBe(sha256(bytes));
    }
  });

  it('keeps each tag at its committed manifest digest and image ID', () => {
    const index = JSON.parse(decode(built.get('index.json')!)) as { manifests: { digest: string; annotations: Record<string, string> }[] };
    const actual: Record<string, { manifest: string; imageId: string }> = {};
    for (const entry of index.manifests) {
      const manifest = JSON.parse(decode(built.get(`blobs/sha256/${entry.digest.slice(7)}`)!)) as { config: { digest: string } };
      actual[entry.annotations['io.containerd.image.name']!.replace('docker.io/library/', '')] = { manifest: entry.digest, imageId: manifest.config.digest };
    }
    expect(actual).toEqual(committedDigests);
  });

  it('stays under 2 MB in total', () => {
    const total = [...built.values()].reduce((n, b) => n + b.length, 0);
    console.log(`public/catalog: ${total} bytes`);
    expect(total).toBeLessThan(2 * 1024 * 1024);
  });

  it('lists the tags the lessons pull, with the annotations docker save writes', () => {
    for (const tag of ['redis:3.2.11-alpine', 'redis:latest', 'busybox:latest', 'alpine:latest', 'alpine:3.7', 'hello-world:latest', 'nginx:latest', 'debian:latest', 'debian:bookworm', 'ubuntu:18.04']) {
      expect(TAGS).toContain(tag);
    }
    const index = JSON.parse(decode(built.get('index.json')!)) as { manifests: { annotations: Record<string, string> }[] };
    expect(index.manifests[0]!.annotations).toEqual({ 'io.containerd.image.name': 'docker.io/library/redis:3.2.11-alpine', 'org.opencontainers.image.ref.name': '3.2.11-alpine' });
  });

  it('shares the alpine 3.7 layer between alpine:3.7 and redis, and the layer blobs use Docker media types', () => {
    const redis = archive.findImage('redis:3.2.11-alpine');
    const alpine = archive.findImage('alpine:3.7');
    expect(redis.layers[0]!.digest).toBe(alpine.layers[0]!.digest);
    expect(redis.manifest.mediaType).toBe('application/vnd.docker.distribution.manifest.v2+json');
    expect(redis.manifest.config.mediaType).toBe('application/vnd.docker.container.image.v1+json');
    expect(new Set(redis.manifest.layers.map((l) => l.mediaType))).toEqual(new Set(['application/vnd.docker.image.rootfs.diff.tar.gzip']));
  });

  it.each(TAGS)('%s opens with the engine and verifies (config, blobs and diff_ids)', async (tag) => {
    const image = archive.findImage(tag);
    const report = await verifyImage(image);
    expect(report.ok).toBe(true);
    const { fs } = await fsOf(tag);
    expect(fs.problems).toEqual([]);
  });

  it('every layer blob lists without error in GNU tar and Python tarfile, with the same names as the engine', { timeout: 120_000 }, async () => {
    for (const image of archive.images) {
      for (const layer of image.layers) {
        const blob = built.get(`blobs/sha256/${layer.digest.slice(7)}`)!;
        // Layers over 100 MB are zstd (src/catalog/zstd-layer.ts): the zstd CLI is their oracle.
        const tar = layer.mediaType.endsWith('+zstd') ? new Uint8Array(execFileSync('zstd', ['-d', '-c'], { input: blob, maxBuffer: 1 << 30 })) : new Uint8Array(gunzipSync(blob));
        const gnu = execFileSync('tar', ['-tvf', '-'], { input: tar, maxBuffer: 1 << 26 }).toString().trim().split('\n');
        const python = execFileSync('python3', ['-c', 'import sys, tarfile, io\nwith tarfile.open(fileobj=io.BytesIO(sys.stdin.buffer.read())) as t:\n  print("\\n".join(m.name for m in t.getmembers()))'], { input: tar, maxBuffer: 1 << 26 })
          .toString()
          .trim()
          .split('\n');
        const ours = [...(await layer.index())].map((e) => e.name.replace(/\/$/, ''));
        expect(gnu.length).toBe(ours.length);
        expect(python).toEqual(ours);
      }
    }
  });
});

describe('what students look at', () => {
  it('redis:3.2.11-alpine: six layers and the real config', async () => {
    const { image, fs } = await fsOf('redis:3.2.11-alpine');
    expect(image.layers).toHaveLength(6);
    const config = image.configFile.config!;
    expect(config.Entrypoint).toEqual(['docker-entrypoint.sh']);
    expect(config.Cmd).toEqual(['redis-server']);
    expect(config.ExposedPorts).toEqual({ '6379/tcp': {} });
    expect(config.Volumes).toEqual({ '/data': {} });
    expect(config.WorkingDir).toBe('/data');
    expect(config.Env).toContain('REDIS_VERSION=3.2.11');
    const history = image.configFile.history!;
    expect(history.filter((h) => !h.empty_layer)).toHaveLength(6);
    expect(history.map((h) => h.created_by)).toContain('/bin/sh -c addgroup -S redis && adduser -S -G redis redis');
    expect(history.some((h) => h.created_by!.startsWith('/bin/sh -c set -ex; \t\tapk add --no-cache --virtual .build-deps'))).toBe(true);
    // the files
    expect(parsePlaceholder(await fs.readFile('/usr/local/bin/redis-server'))).toEqual({ program: 'redis-server', version: '3.2.11', realSize: 5810600 });
    expect(parsePlaceholder(await fs.readFile('/sbin/su-exec'))?.program).toBe('su-exec');
    expect(decode(await fs.readFile('/usr/local/bin/docker-entrypoint.sh'))).toContain('exec su-exec redis "$0" "$@"');
    expect(fs.stat('/usr/local/bin/docker-entrypoint.sh').mode & 0o111).not.toBe(0);
    expect(fs.stat('/data')).toMatchObject({ type: 'directory', uid: 100, gid: 101 });
    expect(decode(await fs.readFile('/etc/passwd'))).toMatch(/^redis:x:100:101:/m);
    const installed = decode(await fs.readFile('/lib/apk/db/installed'));
    expect(installed).toMatch(/^P:su-exec$/m);
    expect(installed).toMatch(/^P:musl$\nV:1\.1\.18-r2$/m);
    expect(fs.readlink('/bin/ls')).toBe('/bin/busybox');
    expect(decode(await fs.readFile('/etc/os-release'))).toContain('VERSION_ID=3.7.0');
  });

  it('the apk database checksums (Z:Q1…) are the SHA-1 of the files (node:crypto)', async () => {
    const { fs } = await fsOf('alpine:latest');
    const db = decode(await fs.readFile('/lib/apk/db/installed'));
    let dir = '';
    let file = '';
    let checked = 0;
    for (const line of db.split('\n')) {
      if (line.startsWith('F:')) dir = line.slice(2);
      else if (line.startsWith('R:')) file = `/${dir}/${line.slice(2)}`;
      else if (line.startsWith('Z:Q1')) {
        const st = fs.lstat(file);
        const bytes = st.type === 'symlink' ? new TextEncoder().encode(fs.readlink(file)) : await fs.readFile(file);
        expect(line.slice(4), file).toBe(createHash('sha1').update(bytes).digest('base64'));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('busybox:latest: the applets are hard links of one binary in /bin', async () => {
    const { image, fs } = await fsOf('busybox:latest');
    expect(image.configFile.config!.Cmd).toEqual(['sh']);
    const entries = [...(await image.layers[0]!.index())];
    const ls = entries.find((e) => e.name === 'bin/ls')!;
    expect(ls.type).toBe('hardlink');
    expect(entries.find((e) => e.name === ls.linkname)!.type).toBe('file');
    expect(fs.readdir('/bin').length).toBeGreaterThan(300);
    expect(parsePlaceholder(await fs.readFile('/bin/sh'))?.program).toBe('busybox');
    expect(fs.stat('/tmp').mode & 0o7777).toBe(0o1777);
  });

  it('nginx:latest: config, entrypoint scripts and log symlinks', async () => {
    const { image, fs } = await fsOf('nginx:latest');
    expect(image.layers).toHaveLength(7);
    expect(image.configFile.config).toMatchObject({ Entrypoint: ['/docker-entrypoint.sh'], Cmd: ['nginx', '-g', 'daemon off;'], StopSignal: 'SIGQUIT', ExposedPorts: { '80/tcp': {} } });
    expect(fs.readlink('/var/log/nginx/access.log')).toBe('/dev/stdout');
    expect(fs.readlink('/var/log/nginx/error.log')).toBe('/dev/stderr');
    expect(decode(await fs.readFile('/etc/nginx/nginx.conf'))).toContain('include /etc/nginx/conf.d/*.conf;');
    expect(decode(await fs.readFile('/etc/nginx/conf.d/default.conf'))).toContain('root   /usr/share/nginx/html;');
    expect(decode(await fs.readFile('/usr/share/nginx/html/index.html'))).toContain('<h1>Welcome to nginx!</h1>');
    expect(fs.readdir('/docker-entrypoint.d')).toEqual(['10-listen-on-ipv6-by-default.sh', '15-local-resolvers.envsh', '20-envsubst-on-templates.sh', '30-tune-worker-processes.sh']);
    expect(decode(await fs.readFile('/docker-entrypoint.sh'))).toMatch(/^#!\/bin\/sh\n/);
    expect(parsePlaceholder(await fs.readFile('/usr/sbin/nginx'))?.version).toBe('1.29.1');
    expect(decode(await fs.readFile('/etc/passwd'))).toMatch(/^nginx:x:101:101:nginx user:\/nonexistent:\/bin\/false$/m);
    expect(image.configFile.history!.map((h) => h.created_by)).toContain('STOPSIGNAL SIGQUIT');
  });

  it('debian:latest: merged /usr, dpkg status, apt sources', async () => {
    const { fs } = await fsOf('debian:latest');
    expect(fs.readlink('/bin')).toBe('usr/bin');
    expect(parsePlaceholder(await fs.readFile('/bin/bash'))?.program).toBe('bash');
    expect(parsePlaceholder(await fs.readFile('/usr/bin/apt-get'))?.program).toBe('apt-get');
    expect(decode(await fs.readFile('/etc/os-release'))).toContain('VERSION_CODENAME=bookworm');
    const status = decode(await fs.readFile('/var/lib/dpkg/status'));
    expect(status).toMatch(/^Package: libc6$/m);
    expect(status).toMatch(/^Package: apt$/m);
    expect(decode(await fs.readFile('/etc/apt/sources.list.d/debian.sources'))).toContain('Suites: bookworm bookworm-updates');
  });

  it('ubuntu:18.04, hello-world, alpine:latest', async () => {
    const ubuntu = await fsOf('ubuntu:18.04');
    expect(decode(await ubuntu.fs.readFile('/etc/os-release'))).toContain('VERSION_ID="18.04"');
    expect(ubuntu.fs.lstat('/bin').type).toBe('directory');
    const hello = await fsOf('hello-world:latest');
    expect(hello.image.configFile.config!.Cmd).toEqual(['/hello']);
    expect(parsePlaceholder(await hello.fs.readFile('/hello'))?.program).toBe('hello');
    const alpine = await fsOf('alpine:latest');
    expect(decode(await alpine.fs.readFile('/etc/alpine-release'))).toBe('3.22.1\n');
    expect(alpine.fs.readlink('/bin/sh')).toBe('/bin/busybox');
  });
});
