/**
 * A deterministic synthetic image for the benchmark: 10 layers, 100k files, a bit over 1 GiB,
 * with overwritten files (wasted space), `.wh.` whiteouts and an opaque directory, written as a
 * `docker save` archive (legacy layout) of uncompressed layers, and as an OCI layout archive of
 * gzip layers. The layer tars
 * are also kept as separate files so GNU tar can list the very same bytes.
 *
 * Generated once per machine into a cache directory (it takes a minute), keyed by GENERATOR_VERSION.
 */
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, existsSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants as zlibConstants, createGzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { encodeTarHeader } from '../../src/engine/tar/write-tar.ts';
import type { TarWriteEntry } from '../../src/engine/tar/write-tar.ts';
import { xorshift32 } from '../support/xorshift.ts';

const GENERATOR_VERSION = 3;
export const LAYER_COUNT = 10;
export const FILES_PER_LAYER = 10_000;
const MTIME = 1_700_000_000;

export interface SyntheticImage {
  dir: string;
  /** The docker-save archive with uncompressed layers. */
  archive: string;
  /** The same image as an OCI layout archive with gzip-compressed layers. */
  gzipArchive: string;
  /** Each layer tar as its own file (for GNU tar). */
  layerTars: string[];
  gzipLayerTars: string[];
  /** Entries over all layers (files, dirs, whiteouts). */
  entryCount: number;
  archiveBytes: number;
}

const prng = xorshift32;

/** A 8 MiB pool of content, half text-like and half random, so gzip ratios are realistic. */
function contentPool(): Uint8Array {
  const pool = new Uint8Array(8 << 20);
  const next = prng(0x5eed);
  const words = ['container', 'layer', 'image', 'overlay', 'whiteout', 'digest', 'manifest', 'config', 'the', 'of', 'and', 'a', 'to', '\n'];
  let pos = 0;
  while (pos < pool.length / 2) {
    const w = words[next() % words.length]! + ' ';
    for (let i = 0; i < w.length && pos < pool.length / 2; i++) pool[pos++] = w.charCodeAt(i);
  }
  while (pos < pool.length) {
    const v = next();
    pool[pos++] = v & 0xff;
    if (pos < pool.length) pool[pos++] = (v >>> 8) & 0xff;
  }
  return pool;
}

interface PlannedEntry {
  entry: TarWriteEntry;
  size: number;
  poolOffset: number;
}

/** The entries of layer `n`: directories first, then files; upper layers overwrite and delete. */
function planLayer(n: number, pool: Uint8Array): PlannedEntry[] {
  const next = prng(1000 + n);
  const out: PlannedEntry[] = [];
  const dirs = 100;
  // Files grouped by directory, 100 to a directory, as `tar -c` of a real tree lists them.
  const dirOf = (file: number) => Math.min(dirs - 1, Math.floor(file / (FILES_PER_LAYER / dirs)));
  const base = `usr/share/pkg${n}`;
  out.push({ entry: { name: `usr/`, type: 'directory', mode: 0o755, mtime: MTIME }, size: 0, poolOffset: 0 });
  out.push({ entry: { name: `usr/share/`, type: 'directory', mode: 0o755, mtime: MTIME }, size: 0, poolOffset: 0 });
  out.push({ entry: { name: `${base}/`, type: 'directory', mode: 0o755, mtime: MTIME }, size: 0, poolOffset: 0 });
  for (let d = 0; d < dirs; d++) {
    out.push({ entry: { name: `${base}/d${d}/`, type: 'directory', mode: 0o755, mtime: MTIME }, size: 0, poolOffset: 0 });
  }
  let files = out.length;
  // Layers above the first rewrite 300 files of the layer below (wasted space) and delete 200.
  if (n > 0) {
    const lower = `usr/share/pkg${n - 1}`;
    for (let i = 0; i < 200; i++) {
      out.push({ entry: { name: `${lower}/d${dirOf(i)}/.wh.f${i}.dat`, mode: 0o644, mtime: MTIME }, size: 0, poolOffset: 0 });
    }
    for (let i = 200; i < 500; i++) {
      const size = 4096 + (next() % 16384);
      out.push({
        entry: { name: `${lower}/d${dirOf(i)}/f${i}.dat`, mode: 0o644, mtime: MTIME + n, size },
        size,
        poolOffset: next() % (pool.length - size),
      });
    }
    // Replace the lower layer's last directory wholesale.
    out.push({ entry: { name: `${lower}/d${dirs - 1}/.wh..wh..opq`, mode: 0o644, mtime: MTIME }, size: 0, poolOffset: 0 });
    files = out.length;
  }
  for (let i = 0; files < FILES_PER_LAYER; i++, files++) {
    // Mostly small files with a long tail: mean about 11 KB, so 100k files make > 1 GiB.
    const r = next() % 100;
    const size = r < 60 ? next() % 4096 : r < 95 ? 4096 + (next() % 24576) : 32768 + (next() % 98304);
    out.push({
      entry: { name: `${base}/d${dirOf(i)}/f${i}.dat`, mode: 0o644, mtime: MTIME, size },
      size,
      poolOffset: next() % (pool.length - size),
    });
  }
  return out;
}

/** Write one layer tar to `path`; returns its sha256 (the diff_id). */
function writeLayer(path: string, plan: PlannedEntry[], pool: Uint8Array): string {
  const hash = createHash('sha256');
  const fd = openSync(path, 'w');
  const write = (bytes: Uint8Array) => {
    hash.update(bytes);
    for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
  };
  const zeros = new Uint8Array(1024);
  for (const { entry, size, poolOffset } of plan) {
    write(encodeTarHeader(entry));
    if (size > 0) {
      write(pool.subarray(poolOffset, poolOffset + size));
      const pad = (512 - (size % 512)) % 512;
      if (pad) write(zeros.subarray(0, pad));
    }
  }
  write(zeros);
  closeSync(fd);
  return 'sha256:' + hash.digest('hex');
}

async function gzipFile(from: string, to: string): Promise<void> {
  await pipeline(createReadStream(from), createGzip({ level: 6, strategy: zlibConstants.Z_DEFAULT_STRATEGY }), createWriteStream(to));
}

/** Streams members into a tar file on disk: small ones from memory, big ones copied from files. */
class ArchiveWriter {
  private readonly fd: number;
  constructor(private readonly path: string) {
    this.fd = openSync(path + '.partial', 'w');
  }
  private write(bytes: Uint8Array): void {
    for (let off = 0; off < bytes.length; ) off += writeSync(this.fd, bytes, off, bytes.length - off);
  }
  private pad(size: number): void {
    const n = (512 - (size % 512)) % 512;
    if (n) this.write(new Uint8Array(n));
  }
  dir(name: string): void {
    this.write(encodeTarHeader({ name, type: 'directory', mode: 0o755, mtime: 0 }));
  }
  bytes(name: string, data: Uint8Array): void {
    this.write(encodeTarHeader({ name, mode: 0o644, mtime: 0, size: data.length }));
    this.write(data);
    this.pad(data.length);
  }
  file(name: string, from: string): void {
    const size = statSync(from).size;
    this.write(encodeTarHeader({ name, mode: 0o644, mtime: 0, size }));
    const src = openSync(from, 'r');
    const buf = Buffer.alloc(8 << 20);
    for (let n; (n = readSync(src, buf, 0, buf.length, null)) > 0; ) this.write(buf.subarray(0, n));
    closeSync(src);
    this.pad(size);
  }
  close(): void {
    this.write(new Uint8Array(1024));
    closeSync(this.fd);
    renameSync(this.path + '.partial', this.path);
  }
}

function imageConfig(diffIds: string[]): Buffer {
  return Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      created: new Date(MTIME * 1000).toISOString(),
      config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: ['/bin/sh'] },
      rootfs: { type: 'layers', diff_ids: diffIds },
      history: diffIds.map((_, i) => ({ created: new Date(MTIME * 1000).toISOString(), created_by: `/bin/sh -c #(nop) ADD layer ${i}` })),
    }),
  );
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

function sha256OfFile(path: string): string {
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(8 << 20);
  for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; ) hash.update(buf.subarray(0, n));
  closeSync(fd);
  return hash.digest('hex');
}

/** A legacy `docker save` archive (manifest.json, repositories, `<id>/layer.tar`) of uncompressed layers. */
function writeDockerSave(path: string, layerFiles: string[], diffIds: string[], tag: string): void {
  const config = imageConfig(diffIds);
  const configId = sha256(config);
  const layerPaths = layerFiles.map((_, i) => `${sha256(Buffer.from(`layer${i}`))}/layer.tar`);
  const [repo, version] = tag.split(':');
  const out = new ArchiveWriter(path);
  layerFiles.forEach((file, i) => {
    out.dir(layerPaths[i]!.split('/')[0]! + '/');
    out.file(layerPaths[i]!, file);
  });
  out.bytes(`${configId}.json`, config);
  out.bytes('manifest.json', Buffer.from(JSON.stringify([{ Config: `${configId}.json`, RepoTags: [tag], Layers: layerPaths }])));
  out.bytes('repositories', Buffer.from(JSON.stringify({ [repo!]: { [version!]: layerPaths.at(-1)!.split('/')[0] } })));
  out.close();
}

/** An OCI image layout archive (index.json, blobs/sha256) of gzip layers, as registries serve them. */
function writeOciLayout(path: string, gzipFiles: string[], diffIds: string[], tag: string): void {
  const config = imageConfig(diffIds);
  const layers = gzipFiles.map((file) => ({
    mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
    digest: `sha256:${sha256OfFile(file)}`,
    size: statSync(file).size,
  }));
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${sha256(config)}`, size: config.length },
      layers,
    }),
  );
  const index = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: `sha256:${sha256(manifest)}`,
        size: manifest.length,
        annotations: { 'org.opencontainers.image.ref.name': tag },
      },
    ],
  };
  const out = new ArchiveWriter(path);
  out.bytes('oci-layout', Buffer.from('{"imageLayoutVersion":"1.0.0"}'));
  out.bytes('index.json', Buffer.from(JSON.stringify(index)));
  out.dir('blobs/');
  out.dir('blobs/sha256/');
  gzipFiles.forEach((file, i) => out.file(`blobs/${layers[i]!.digest.replace(':', '/')}`, file));
  out.bytes(`blobs/sha256/${sha256(config)}`, config);
  out.bytes(`blobs/sha256/${sha256(manifest)}`, manifest);
  out.close();
}

export function syntheticImageDir(): string {
  return join(process.env.LAYERLAB_BENCH_DIR ?? join(tmpdir(), 'layerlab-bench'), `v${GENERATOR_VERSION}`);
}

/** Build the synthetic image (or reuse the cached one). */
export async function syntheticImage(log: (line: string) => void = () => {}): Promise<SyntheticImage> {
  const dir = syntheticImageDir();
  const layerTars = Array.from({ length: LAYER_COUNT }, (_, i) => join(dir, `layer${i}.tar`));
  const gzipLayerTars = layerTars.map((p) => p + '.gz');
  const result: SyntheticImage = {
    dir,
    archive: join(dir, 'image.tar'),
    gzipArchive: join(dir, 'image-oci-gzip.tar'),
    layerTars,
    gzipLayerTars,
    entryCount: 0,
    archiveBytes: 0,
  };
  const meta = join(dir, 'meta.json');
  if (existsSync(meta) && existsSync(result.archive) && existsSync(result.gzipArchive)) {
    const saved = JSON.parse(readFileSync(meta, 'utf8')) as { entryCount: number };
    return { ...result, entryCount: saved.entryCount, archiveBytes: statSync(result.archive).size };
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const pool = contentPool();
  const diffIds: string[] = [];
  let entryCount = 0;
  for (let n = 0; n < LAYER_COUNT; n++) {
    log(`generating layer ${n + 1}/${LAYER_COUNT}`);
    const plan = planLayer(n, pool);
    entryCount += plan.length;
    diffIds.push(writeLayer(layerTars[n]!, plan, pool));
    await gzipFile(layerTars[n]!, gzipLayerTars[n]!);
  }
  log('writing docker save archives');
  writeDockerSave(result.archive, layerTars, diffIds, 'synthetic:latest');
  writeOciLayout(result.gzipArchive, gzipLayerTars, diffIds, 'synthetic:gzip');
  writeFileSync(meta, JSON.stringify({ entryCount }));
  return { ...result, entryCount, archiveBytes: statSync(result.archive).size };
}
