import { describe, expect, it } from 'vitest';
import { ImageFormatError } from '../../src/engine/errors.ts';
import { openArchive } from '../../src/engine/image/archive.ts';
import { historyMismatch, imageHistory } from '../../src/engine/image/history.ts';
import type { Image } from '../../src/engine/image/types.ts';
import { verifyImage } from '../../src/engine/image/verify.ts';
import { FileSource } from '../../src/node/file-source.ts';
import { fixturePath } from '../fixtures.ts';
import { gnuTarNames, gzip, memberSha256, tarMember, zstd } from './build-archive.ts';
import { MemorySource } from '../../src/engine/io/byte-source.ts';

const image = (name: string) => fixturePath(`images/${name}`);
const open = (name: string) => openArchive(FileSource.open(image(name)));

async function layerNames(img: Image, i: number): Promise<string[]> {
  return [...(await img.layers[i]!.index())].map((entry) => entry.name);
}

describe('legacy docker save (manifest.json + <id>/layer.tar)', () => {
  it.each(['tarball-test_image_1.tar', 'tarball-test_image_2.tar', 'tarball-test_load_manifest.tar'])(
    '%s: one image whose ID is the sha256 of its config member',
    async (name) => {
      const archive = await open(name);
      expect(archive.format).toBe('docker-legacy');
      expect(archive.images).toHaveLength(1);
      const img = archive.images[0]!;
      const manifest = JSON.parse(new TextDecoder().decode(tarMember(image(name), 'manifest.json')))[0];
      expect(img.id).toBe(memberSha256(image(name), manifest.Config));
      expect(img.repoTags).toEqual(manifest.RepoTags);
      expect(img.configVerification).toBe('verified');
      expect(img.platform).toEqual({ os: 'linux', architecture: 'amd64' });
      // the synthesised manifest names the layer by its (uncompressed) digest
      const layerPath = manifest.Layers[0];
      const digest = memberSha256(image(name), layerPath);
      expect(img.layers[0]!.digest).toBe(digest);
      expect(img.manifest.layers[0]).toEqual({ mediaType: 'application/vnd.docker.image.rootfs.diff.tar', digest, size: 10240 });
      expect(img.manifest.config.digest).toBe(img.id);
      expect(await layerNames(img, 0)).toEqual(gnuTarNames(tarMember(image(name), layerPath)));
      const report = await verifyImage(img);
      expect(report.ok).toBe(true);
      expect(img.layers[0]!.verification).toEqual({ blob: 'verified', diffId: 'verified' });
    },
  );

  it('test_bundle: both images and both tags, sharing nothing but the archive', async () => {
    const archive = await open('tarball-test_bundle.tar');
    expect(archive.images.map((i) => i.repoTags)).toEqual([['test_image_2'], ['test_image_1']]);
    const one = archive.findImage('test_image_1');
    expect(one.id).toBe(memberSha256(image('tarball-test_bundle.tar'), '6e0b05049ed9c17d02e1a55e80d6599dbfcce7f4f4b022e3c673e685789c470e.json'));
    expect(archive.findImage('test_image_2:latest').id).toBe('sha256:930705ce23e3b6ed4c08746b6fe880089c864fbaf62482702ae3fdd66b8c7fe9');
    expect(archive.findImage('930705ce23e3').repoTags).toEqual(['test_image_2']);
    expect(archive.platforms).toEqual([
      { platform: 'linux/amd64', refs: ['test_image_2'], available: true },
      { platform: 'linux/amd64', refs: ['test_image_1'], available: true },
    ]);
    expect(() => archive.findImage('nope')).toThrow(/no image nope in the archive \(it has: test_image_2, test_image_1\)/);
    // a LayerSources entry for a diff_id the image does not have is ignored
    for (const img of archive.images) expect((await verifyImage(img)).ok).toBe(true);
  });

  it('test_link: layer paths that are symlinks to other members are resolved inside the archive', async () => {
    const archive = await open('tarball-test_link.tar');
    const img = archive.findImage('bazel/v1/tarball:test_image_3');
    expect(img.layers).toHaveLength(2);
    // b159…/layer.tar -> ../6e77…/layer.tar
    const target = '6e77476643c3155b1e9ae07dd5a4c8288bdb6590c131c222b7a3f277dec1e266/layer.tar';
    expect(img.layers[0]!.diffId).toBe(memberSha256(image('tarball-test_link.tar'), target));
    expect(await layerNames(img, 0)).toEqual(gnuTarNames(tarMember(image('tarball-test_link.tar'), target)));
    const report = await verifyImage(img);
    expect(report.layers.map((l) => l.state)).toEqual([
      { blob: 'verified', diffId: 'verified' },
      { blob: 'verified', diffId: 'verified' },
    ]);
    expect(archive.findImage('bazel/v1/tarball:test_image_1').layers).toHaveLength(1);
  });

  it('mutate-whiteout_dir: gzip layers named *.tar.gz and a config named sha256:<hex>', async () => {
    const name = 'mutate-whiteout_dir.tar';
    const archive = await open(name);
    const img = archive.images[0]!;
    expect(img.repoTags).toEqual(['localhost:5000/whiteout:latest']);
    expect(img.id).toBe('sha256:92f1e3d53acdc7e137e73869abc4e87aba6614440a31723423790ca0d5db9111');
    expect(img.configVerification).toBe('verified');
    expect(img.layers.map((l) => l.compression)).toEqual(['gzip', 'gzip', 'gzip', 'gzip']);
    const manifest = JSON.parse(new TextDecoder().decode(tarMember(image(name), 'manifest.json')))[0];
    for (const [i, layer] of img.layers.entries()) {
      expect(layer.digest).toBe(memberSha256(image(name), manifest.Layers[i]));
      expect(layer.mediaType).toBe('application/vnd.docker.image.rootfs.diff.tar.gzip');
      const gunzipped = new Uint8Array(
        (await import('node:zlib')).gunzipSync(tarMember(image(name), manifest.Layers[i])),
      );
      expect(await layerNames(img, i)).toEqual(gnuTarNames(gunzipped));
      // the layer is named by path, so opening it hashed the blob and its tar in one pass
      expect(layer.verification).toEqual({ blob: 'verified', diffId: 'verified' });
    }
    expect((await verifyImage(img)).ok).toBe(true);
  });

  it.each(['mutate-whiteout_image.tar', 'mutate-overwritten_file.tar', 'mutate-source_image.tar'])('%s opens and verifies', async (name) => {
    const archive = await open(name);
    expect(archive.images).toHaveLength(1);
    const img = archive.images[0]!;
    expect(img.layers.length).toBe(img.configFile.rootfs.diff_ids.length);
    expect((await verifyImage(img)).ok).toBe(true);
  });

  it('history with empty_layer entries maps the real entries to layers', async () => {
    const img = (await open('mutate-source_image_with_empty_layer_history.tar')).images[0]!;
    const history = imageHistory(img);
    expect(history.map((h) => [h.created_by, h.layerIndex])).toEqual([
      ['/bin/sh -c #(nop)  CMD ["/bin/sh"]', undefined],
      ['bazel build ...', 0],
    ]);
    expect(historyMismatch(img)).toBeUndefined();
  });
});

describe('docker save | gzip', () => {
  it.each(['gzip', 'zstd'] as const)('a %s-compressed docker-save archive opens to the same image', async (kind) => {
    const { readFileSync } = await import('node:fs');
    const raw = new Uint8Array(readFileSync(image('tarball-test_bundle.tar')));
    const compressed = kind === 'gzip' ? gzip(raw) : zstd(raw);
    const archive = await openArchive(new MemorySource(compressed));
    const plain = await open('tarball-test_bundle.tar');
    expect(archive.images.map((i) => i.id)).toEqual(plain.images.map((i) => i.id));
    expect((await verifyImage(archive.findImage('test_image_1'))).ok).toBe(true);
  });
});

describe('Docker 25+ docker save (OCI layout + manifest.json)', () => {
  it('hello-world-v25: one image from manifest.json when index.json lists none', async () => {
    const name = 'tarball-hello-world-v25.tar';
    const archive = await open(name);
    expect(archive.format).toBe('docker-oci');
    expect(archive.images).toHaveLength(1);
    const img = archive.images[0]!;
    const configPath = 'blobs/sha256/ee301c921b8aadc002973b2e0c3da17d701dcd994b606769a7e6eaa100b81d44';
    expect(img.id).toBe(memberSha256(image(name), configPath));
    expect(img.platform).toEqual({ os: 'linux', architecture: 'arm64' });
    expect(img.configFile.config?.Cmd).toEqual(['/hello']);
    expect(img.configFile.config?.WorkingDir).toBe('/');
    expect(img.layers[0]!.mediaType).toBe('application/vnd.oci.image.layer.v1.tar');
    expect(img.layers[0]!.digest).toBe('sha256:12660636fe55438cc3ae7424da7ac56e845cdb52493ff9cf949c47a7f57f8b43');
    expect(await layerNames(img, 0)).toEqual(['hello']);
    expect(new TextDecoder().decode((await img.layers[0]!.read(0)).subarray(0, 4))).toBe('\x7fELF');
    expect(imageHistory(img).map((h) => h.layerIndex)).toEqual([0, undefined]);
    expect(archive.findImage(undefined, 'linux/arm64/v8')).toBe(img);
    expect(() => archive.findImage(undefined, 'linux/amd64')).toThrow(/no image for platform linux\/amd64.*linux\/arm64/);
    expect((await verifyImage(img)).ok).toBe(true);
  });
});

describe('legacy archives without manifest.json', () => {
  it('no_manifest: rebuilt from repositories and the layer json chain, finding the stored config', async () => {
    const name = 'tarball-no_manifest.tar';
    const archive = await open(name);
    expect(archive.format).toBe('docker-legacy');
    const img = archive.images[0]!;
    expect(img.repoTags).toEqual(['bazel/v1/tarball:test_image']);
    expect(img.id).toBe(memberSha256(image(name), '47b20a5c857d1adc47d5ee911b1e73f8fdd17e81459f7d241a918ff797d3ef9e.json'));
    expect(img.layers[0]!.diffId).toBe(
      memberSha256(image(name), 'c47412cb682fcf4ae43f536a788069f78552f928a55eeb09ba1455e0f9a2306e/layer.tar'),
    );
    expect((await verifyImage(img)).ok).toBe(true);
  });
});

describe('archives that are not (valid) images', () => {
  it('null_manifest: a clear ImageFormatError', async () => {
    const err = await open('tarball-null_manifest.tar').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImageFormatError);
    expect((err as Error).message).toBe('manifest.json is null: the archive lists no images');
  });

  it.each(['tarball-content.tar', 'crane-content.tar'])('%s (a plain layer tar) is refused clearly', async (name) => {
    await expect(open(name)).rejects.toThrow(ImageFormatError);
    await expect(open(name)).rejects.toThrow(/not an image archive/);
  });
});
