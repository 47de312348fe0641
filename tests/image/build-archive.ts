/**
 * Test-time builders for image archives, written with independent tools: Python's tarfile for
 * tars, the gzip and zstd CLIs for compression, node:crypto for digests. None of the engine's
 * own code is used to make the inputs it is tested on.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAKE_TAR = fileURLToPath(new URL('./make_tar.py', import.meta.url));

export type TarMember =
  | { name: string; type?: 'file'; data?: Uint8Array | string }
  | { name: string; type: 'dir' }
  | { name: string; type: 'symlink' | 'hardlink'; target: string };

export function pyTar(members: TarMember[]): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'layerlab-test-'));
  const out = join(dir, 'out.tar');
  try {
    const spec = {
      out,
      members: members.map((m) =>
        'data' in m && m.data !== undefined ? { ...m, data: Buffer.from(m.data).toString('base64') } : m,
      ),
    };
    execFileSync('python3', [MAKE_TAR], { input: JSON.stringify(spec) });
    return new Uint8Array(readFileSync(out));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function gzip(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(execFileSync('gzip', ['-c', '-n'], { input: bytes, maxBuffer: 1 << 30 }));
}

export function zstd(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(execFileSync('zstd', ['-c', '-q'], { input: bytes, maxBuffer: 1 << 30 }));
}

export function sha256(bytes: Uint8Array | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

export const json = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));

export interface BuiltDescriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: { os: string; architecture: string; variant?: string };
  annotations?: Record<string, string>;
  urls?: string[];
}

export interface ImageSpec {
  /** Each layer as a list of files. */
  layers: { files: Record<string, string>; compression?: 'none' | 'gzip' | 'zstd'; wrongDiffId?: boolean }[];
  platform?: { os: string; architecture: string; variant?: string };
  config?: Record<string, unknown>;
}

const LAYER_MEDIA_TYPE = { none: 'application/vnd.oci.image.layer.v1.tar', gzip: 'application/vnd.oci.image.layer.v1.tar+gzip', zstd: 'application/vnd.oci.image.layer.v1.tar+zstd' };

/** Collects blobs and writes an OCI image layout tar. */
export class OciLayoutBuilder {
  readonly blobs = new Map<string, Uint8Array>();
  /** Extra members (e.g. manifest.json for a Docker 25+ archive). */
  readonly extra: TarMember[] = [];
  /** The uncompressed tar of each layer added, by blob digest. */
  readonly layerTars = new Map<string, Uint8Array>();

  addBlob(bytes: Uint8Array, mediaType: string): BuiltDescriptor {
    const digest = sha256(bytes);
    this.blobs.set(digest, bytes);
    return { mediaType, digest, size: bytes.length };
  }

  /** An image: layers, config and manifest blobs. Returns the manifest's descriptor. */
  addImage(spec: ImageSpec): BuiltDescriptor & { config: BuiltDescriptor; layers: BuiltDescriptor[] } {
    const diffIds: string[] = [];
    const layers = spec.layers.map((layer) => {
      const tar = pyTar(Object.entries(layer.files).map(([name, data]) => ({ name, data })));
      const compression = layer.compression ?? 'none';
      const blob = compression === 'gzip' ? gzip(tar) : compression === 'zstd' ? zstd(tar) : tar;
      diffIds.push(layer.wrongDiffId ? sha256('not this layer') : sha256(tar));
      const descriptor = this.addBlob(blob, LAYER_MEDIA_TYPE[compression]);
      this.layerTars.set(descriptor.digest, tar);
      return descriptor;
    });
    const platform = spec.platform ?? { os: 'linux', architecture: 'amd64' };
    const config = this.addBlob(
      json({
        ...platform,
        created: '2024-01-02T03:04:05Z',
        config: { Env: ['PATH=/usr/bin:/bin'], Cmd: ['/bin/sh'], ...spec.config },
        rootfs: { type: 'layers', diff_ids: diffIds },
        history: spec.layers.map((_, i) => ({ created_by: `layer ${i}` })),
      }),
      'application/vnd.oci.image.config.v1+json',
    );
    const manifest = this.addBlob(
      json({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config, layers }),
      'application/vnd.oci.image.manifest.v1+json',
    );
    return { ...manifest, platform, config, layers };
  }

  addIndex(manifests: BuiltDescriptor[]): BuiltDescriptor {
    return this.addBlob(
      json({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests }),
      'application/vnd.oci.image.index.v1+json',
    );
  }

  /** The layout as a tar; `index` is the top-level index.json's manifests. */
  build(index: BuiltDescriptor[], options: { omit?: string[] } = {}): Uint8Array {
    const members: TarMember[] = [
      { name: 'oci-layout', data: JSON.stringify({ imageLayoutVersion: '1.0.0' }) },
      { name: 'index.json', data: JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: index }) },
      { name: 'blobs', type: 'dir' },
      { name: 'blobs/sha256', type: 'dir' },
    ];
    for (const [digest, bytes] of this.blobs) {
      if (options.omit?.includes(digest)) continue;
      members.push({ name: `blobs/sha256/${digest.slice(7)}`, data: bytes });
    }
    return pyTar([...members, ...this.extra]);
  }
}

export function tarMember(archive: string, member: string): Uint8Array {
  return new Uint8Array(execFileSync('tar', ['-xOf', archive, member], { maxBuffer: 1 << 30 }));
}

/** `sha256sum` of a member of an archive on disk, as `sha256:<hex>` (GNU tar + coreutils as the oracle). */
export function memberSha256(archive: string, member: string): string {
  const out = execFileSync('sh', ['-c', 'tar -xOf "$1" "$2" | sha256sum', 'sh', archive, member]).toString();
  return `sha256:${out.split(' ')[0]}`;
}

/** GNU tar's listing of a tar held in memory. */
export function gnuTarNames(tar: Uint8Array): string[] {
  return execFileSync('tar', ['-tf', '-'], { input: tar }).toString().split('\n').filter(Boolean);
}
