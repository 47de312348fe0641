import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../src/engine/image/archive.ts';
import { writeOciLayout, type LayoutImage } from '../../src/engine/image/oci-layout-writer.ts';
import { verifyImage } from '../../src/engine/image/verify.ts';
import { MemorySource } from '../../src/engine/io/byte-source.ts';
import { gzip, pyTar } from './build-archive.ts';

const sha256 = (bytes: Uint8Array) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** An image made with independent tools (Python tarfile, gzip, node:crypto). */
function image(names: string[], layers: Uint8Array[], tars: Uint8Array[]): LayoutImage {
  const config = json({ architecture: 'amd64', os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: tars.map(sha256) } });
  const manifest = json({
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: config.length, digest: sha256(config) },
    layers: layers.map((l) => ({ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: l.length, digest: sha256(l) })),
  });
  return { names, manifest, config, layers };
}

function twoImages(): LayoutImage[] {
  const baseTar = pyTar([{ name: 'etc/os-release', data: 'ID=demo\n' }]);
  const appTar = pyTar([{ name: 'app/main', data: 'app' }]);
  const base = gzip(baseTar);
  const app = gzip(appTar);
  return [image(['docker.io/library/demo:1', 'docker.io/library/demo:latest'], [base], [baseTar]), image(['docker.io/library/app:2.0'], [base, app], [baseTar, appTar])];
}

describe('writeOciLayout', () => {
  it('stores each blob once under its sha256 and lists one annotated descriptor per name', async () => {
    const images = twoImages();
    const files = await writeOciLayout(images);
    const blobs = [...files.keys()].filter((p) => p.startsWith('blobs/'));
    // 2 manifests + 2 configs + 2 distinct layers (the base layer is shared)
    expect(blobs).toHaveLength(6);
    for (const path of blobs) expect(`sha256:${path.slice('blobs/sha256/'.length)}`).toBe(sha256(files.get(path)!));
    expect(JSON.parse(decode(files.get('oci-layout')!))).toEqual({ imageLayoutVersion: '1.0.0' });
    const index = JSON.parse(decode(files.get('index.json')!));
    expect(index.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    expect(index.manifests.map((m: { annotations: Record<string, string> }) => m.annotations)).toEqual([
      { 'io.containerd.image.name': 'docker.io/library/demo:1', 'org.opencontainers.image.ref.name': '1' },
      { 'io.containerd.image.name': 'docker.io/library/demo:latest', 'org.opencontainers.image.ref.name': 'latest' },
      { 'io.containerd.image.name': 'docker.io/library/app:2.0', 'org.opencontainers.image.ref.name': '2.0' },
    ]);
    expect(index.manifests[0].digest).toBe(sha256(images[0]!.manifest));
    expect(index.manifests[0].mediaType).toBe('application/vnd.docker.distribution.manifest.v2+json');
    expect(files.has('manifest.json')).toBe(false);
  });

  it('writes a layout the engine opens and verifies, tags and all', async () => {
    const files = await writeOciLayout(twoImages(), { dockerManifest: true });
    const tar = pyTar([...files].map(([name, data]) => ({ name, data })));
    const archive = await openArchive(new MemorySource(tar));
    expect(archive.format).toBe('docker-oci');
    expect(archive.findImage('demo:latest').repoTags).toEqual(['demo:1', 'demo:latest']);
    for (const img of archive.images) expect((await verifyImage(img)).ok).toBe(true);
    expect(JSON.parse(decode(files.get('manifest.json')!))[1]).toMatchObject({ RepoTags: ['app:2.0'] });
  });

  it('refuses a manifest that names other blobs than the ones given', async () => {
    const [first, second] = twoImages();
    await expect(writeOciLayout([{ ...first!, layers: second!.layers }])).rejects.toThrow(/does not match/);
  });
});
