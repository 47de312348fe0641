import { describe, expect, it } from 'vitest';
import { DigestMismatchError, ImageFormatError, NotFoundError } from '../../src/engine/errors.ts';
import { openArchive } from '../../src/engine/image/archive.ts';
import { verifyImage, type VerifyProgress } from '../../src/engine/image/verify.ts';
import { MemorySource, type ByteSource } from '../../src/engine/io/byte-source.ts';
import { OciLayoutBuilder, gnuTarNames, gzip, json, pyTar, sha256, zstd } from './build-archive.ts';

const open = (bytes: Uint8Array, options = {}) => openArchive(new MemorySource(bytes), options);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** An index of linux/amd64 (gzip layers) and linux/arm64/v8 (zstd layers), tagged `demo:1`. */
function multiPlatformLayout() {
  const builder = new OciLayoutBuilder();
  const amd64 = builder.addImage({
    platform: { os: 'linux', architecture: 'amd64' },
    layers: [
      { files: { 'etc/os-release': 'ID=demo\n', 'bin/sh': 'amd64 shell' }, compression: 'gzip' },
      { files: { 'app/main': 'amd64 app', 'app/data': 'x'.repeat(5000) }, compression: 'gzip' },
    ],
  });
  const arm64 = builder.addImage({
    platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
    layers: [
      { files: { 'etc/os-release': 'ID=demo\n', 'bin/sh': 'arm64 shell' }, compression: 'zstd' },
      { files: { 'app/main': 'arm64 app' }, compression: 'zstd' },
    ],
    config: { Entrypoint: ['/app/main'] },
  });
  const index = builder.addIndex([
    { ...amd64, platform: { os: 'linux', architecture: 'amd64' } },
    { ...arm64, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
  ]);
  const top = { ...index, annotations: { 'io.containerd.image.name': 'docker.io/library/demo:1', 'org.opencontainers.image.ref.name': '1' } };
  return { builder, amd64, arm64, index: top };
}

describe('OCI image layout archives', () => {
  it('an image index of two platforms: linux/amd64 by default, the other by choice', async () => {
    const { builder, amd64, arm64, index } = multiPlatformLayout();
    const archive = await open(builder.build([index]));
    expect(archive.format).toBe('oci-layout');
    expect(archive.platforms).toEqual([
      { platform: 'linux/amd64', manifestDigest: amd64.digest, refs: ['demo:1'], available: true },
      { platform: 'linux/arm64/v8', manifestDigest: arm64.digest, refs: ['demo:1'], available: true },
    ]);
    const img = archive.findImage();
    expect(img.manifestDigest).toBe(amd64.digest);
    expect(img.id).toBe(amd64.config.digest);
    expect(img.repoTags).toEqual(['demo:1']);
    expect(archive.findImage('docker.io/library/demo:1')).toBe(img);
    const arm = archive.findImage('demo:1', 'linux/arm64/v8');
    expect(arm.id).toBe(arm64.config.digest);
    expect(archive.findImage(undefined, 'linux/arm64')).toBe(arm);
    expect(arm.configFile.config?.Entrypoint).toEqual(['/app/main']);
    expect(() => archive.findImage('demo:1', 'linux/s390x')).toThrow(NotFoundError);
  });

  it('gzip and zstd layers: compression from magic bytes, listing equals GNU tar, reads by index', async () => {
    const { builder, amd64, arm64, index } = multiPlatformLayout();
    const archive = await open(builder.build([index]));
    for (const [manifest, compression] of [[amd64, 'gzip'], [arm64, 'zstd']] as const) {
      const img = archive.images.find((i) => i.manifestDigest === manifest.digest)!;
      for (const [i, layer] of img.layers.entries()) {
        expect(layer.compression).toBe(compression);
        expect(layer.digest).toBe(manifest.layers[i]!.digest);
        const tar = builder.layerTars.get(layer.digest)!;
        const index = await layer.index();
        expect([...index].map((e) => e.name)).toEqual(gnuTarNames(tar));
        // the index pass hashed the decompressed tar: the diff_id is verified for free
        expect(layer.verification).toEqual({ blob: 'unchecked', diffId: 'verified' });
      }
      expect(decode(await img.layers[0]!.read(1))).toBe(compression === 'gzip' ? 'amd64 shell' : 'arm64 shell');
      // verifying afterwards only has the blobs left to hash
      expect((await verifyImage(img)).layers.map((l) => l.state)).toEqual(img.layers.map(() => ({ blob: 'verified', diffId: 'verified' })));
    }
    // reading backwards restarts the stream; reading forwards continues it
    const layer = archive.findImage().layers[1]!;
    expect(decode(await layer.read(1))).toBe('x'.repeat(5000));
    expect(decode(await layer.read(0))).toBe('amd64 app');
    expect(decode(await layer.read(1))).toBe('x'.repeat(5000));
  });

  it('nested indexes are followed; the nearest ref annotation names the images', async () => {
    const { builder, index } = multiPlatformLayout();
    const outer = builder.addIndex([index]);
    const archive = await open(builder.build([{ ...outer, annotations: { 'org.opencontainers.image.ref.name': 'registry.example/demo:nested' } }]));
    expect(archive.images).toHaveLength(2);
    // the inner descriptor's own annotation wins over the outer one
    expect(archive.images.map((i) => i.repoTags)).toEqual([['demo:1'], ['demo:1']]);
    // an index without refs of its own passes the outer ref down
    const outerOnly = builder.addIndex([{ ...index, annotations: {} }]);
    const second = await open(builder.build([{ ...outerOnly, annotations: { 'org.opencontainers.image.ref.name': 'registry.example/demo:nested' } }]));
    expect(second.images.map((i) => i.repoTags)).toEqual([['registry.example/demo:nested'], ['registry.example/demo:nested']]);
    expect(archive.findImage().platform).toEqual({ os: 'linux', architecture: 'amd64' });
  });

  it('several images and tags sharing layer blobs: one image per manifest, shared layers opened once', async () => {
    const builder = new OciLayoutBuilder();
    const base = { files: { 'lib/base': 'shared base' } };
    const a = builder.addImage({ layers: [base, { files: { a: 'a' } }] });
    const b = builder.addImage({ layers: [base, { files: { b: 'b' } }] });
    const archive = await open(
      builder.build([
        { ...a, annotations: { 'org.opencontainers.image.ref.name': 'example/a:1' } },
        { ...b, annotations: { 'org.opencontainers.image.ref.name': 'example/b:1' } },
        { ...a, annotations: { 'org.opencontainers.image.ref.name': 'example/a:latest' } },
      ]),
    );
    expect(archive.images.map((i) => i.repoTags)).toEqual([['example/a:1', 'example/a:latest'], ['example/b:1']]);
    expect(archive.platforms.map((p) => p.refs)).toEqual([['example/a:1', 'example/a:latest'], ['example/b:1']]);
    expect(archive.findImage('example/a').manifestDigest).toBe(a.digest);
    expect(archive.findImage('example/a:1').manifestDigest).toBe(a.digest);
    const [imgA, imgB] = archive.images;
    expect(imgA!.layers[0]).toBe(imgB!.layers[0]);
    expect(imgA!.layers[1]).not.toBe(imgB!.layers[1]);
  });

  it('a platform whose manifest blob is left out is listed as unavailable', async () => {
    const { builder, arm64, index } = multiPlatformLayout();
    const archive = await open(builder.build([index], { omit: [arm64.digest] }));
    expect(archive.images).toHaveLength(1);
    expect(archive.platforms.map((p) => [p.platform, p.available])).toEqual([
      ['linux/amd64', true],
      ['linux/arm64/v8', false],
    ]);
  });

  it('a whole-archive gzip or zstd is detected by magic and spooled', async () => {
    const { builder, amd64, index } = multiPlatformLayout();
    const tar = builder.build([index]);
    for (const compressed of [gzip(tar), zstd(tar)]) {
      const archive = await open(compressed);
      expect(archive.findImage().manifestDigest).toBe(amd64.digest);
      let spooled = 0;
      const viaSpool = await open(compressed, {
        spool: async (chunks: AsyncIterable<Uint8Array>): Promise<ByteSource> => {
          const parts: Uint8Array[] = [];
          for await (const chunk of chunks) parts.push(chunk);
          const bytes = new Uint8Array(Buffer.concat(parts));
          spooled = bytes.length;
          return new MemorySource(bytes);
        },
      });
      expect(spooled).toBe(tar.length);
      expect(viaSpool.images).toHaveLength(2);
      await expect(open(compressed, { maxInMemoryBytes: 4096 })).rejects.toThrow(/more than 4096 bytes, too much to hold in memory/);
    }
  });

  it('a corrupted layer blob and a wrong diff_id are reported as mismatch states, not thrown', async () => {
    const builder = new OciLayoutBuilder();
    const good = builder.addImage({ layers: [{ files: { ok: 'fine' } }, { files: { 'wrong-id': 'x' }, wrongDiffId: true }, { files: { corrupt: 'original' } }] });
    // corrupt the third layer's blob in place (same size, so the tar still parses)
    const corruptDigest = good.layers[2]!.digest;
    const blob = builder.blobs.get(corruptDigest)!;
    const damaged = new Uint8Array(blob);
    damaged.set(new TextEncoder().encode('ORIGINAL'), damaged.indexOf(0x6f, 512)); // 'o' of "original" in the data block
    builder.blobs.set(corruptDigest, damaged);
    const img = (await open(builder.build([good]))).images[0]!;
    const progress: VerifyProgress[] = [];
    const report = await verifyImage(img, { onProgress: (p) => progress.push(p) });
    expect(report.ok).toBe(false);
    expect(report.config).toBe('verified');
    expect(report.layers.map((l) => [l.state.blob, l.state.diffId])).toEqual([
      ['verified', 'verified'],
      ['verified', 'mismatch'],
      ['mismatch', 'mismatch'],
    ]);
    expect(report.layers[1]!.state.actualDiffId).toBe(good.layers[1]!.digest);
    expect(report.layers[2]!.state.actualDigest).toBe(sha256(damaged));
    expect(img.layers[2]!.verification.blob).toBe('mismatch');
    expect(progress.at(-1)).toEqual({ layerIndex: 2, layerCount: 3, bytesDone: damaged.length, totalBytes: damaged.length });
    // the damaged file is still readable: a mismatch is shown, not enforced
    expect(decode(await img.layers[2]!.read(0))).toBe('ORIGINAL');
  });

  it('a corrupted compressed layer: blob mismatch, and the decompression error as the note', async () => {
    const builder = new OciLayoutBuilder();
    const m = builder.addImage({ layers: [{ files: { f: 'y'.repeat(10000) }, compression: 'gzip' }] });
    const blob = builder.blobs.get(m.layers[0]!.digest)!;
    const damaged = new Uint8Array(blob);
    for (let i = 20; i < damaged.length - 8; i++) damaged[i] = damaged[i]! ^ 0x55;
    builder.blobs.set(m.layers[0]!.digest, damaged);
    const img = (await open(builder.build([m]))).images[0]!;
    const report = await verifyImage(img);
    expect(report.layers[0]!.state.blob).toBe('mismatch');
    expect(report.layers[0]!.state.diffId).toBe('mismatch');
    expect(report.layers[0]!.state.note).toBeTruthy();
  });

  it('a config whose bytes do not match its digest: configVerification mismatch, ID is what the bytes hash to', async () => {
    const builder = new OciLayoutBuilder();
    const m = builder.addImage({ layers: [{ files: { f: 'f' } }] });
    const config = builder.blobs.get(m.config.digest)!;
    const edited = new TextEncoder().encode(decode(config).replace('/bin/sh', '/bin/zz'));
    builder.blobs.set(m.config.digest, edited);
    const img = (await open(builder.build([m]))).images[0]!;
    expect(img.configVerification).toBe('mismatch');
    expect(img.id).toBe(sha256(edited));
    expect((await verifyImage(img)).config).toBe('mismatch');
  });

  it('a manifest pointing to a missing layer blob or config: ImageFormatError', async () => {
    const builder = new OciLayoutBuilder();
    const m = builder.addImage({ layers: [{ files: { f: 'f' } }] });
    await expect(open(builder.build([m], { omit: [m.layers[0]!.digest] }))).rejects.toThrow(
      new RegExp(`layer 0: blob ${m.layers[0]!.digest} is missing from the archive`),
    );
    await expect(open(builder.build([m], { omit: [m.config.digest] }))).rejects.toThrow(ImageFormatError);
  });

  it('a foreign layer without its blob is reported, not fatal', async () => {
    const builder = new OciLayoutBuilder();
    const foreignTar = pyTar([{ name: 'Files/base', data: 'windows' }]);
    const foreign = { mediaType: 'application/vnd.oci.image.layer.nondistributable.v1.tar', digest: sha256(foreignTar), size: foreignTar.length, urls: ['https://example.com/base'] };
    const own = builder.addBlob(pyTar([{ name: 'app', data: 'app' }]), 'application/vnd.oci.image.layer.v1.tar');
    const config = builder.addBlob(json({ architecture: 'amd64', os: 'windows', rootfs: { type: 'layers', diff_ids: [foreign.digest, own.digest] } }), 'application/vnd.oci.image.config.v1+json');
    const manifest = builder.addBlob(json({ schemaVersion: 2, config, layers: [foreign, own] }), 'application/vnd.oci.image.manifest.v1+json');
    const img = (await open(builder.build([manifest]))).images[0]!;
    expect(img.layers[0]).toMatchObject({ foreign: true, missing: true, urls: ['https://example.com/base'] });
    expect(img.layers[0]!.verification.note).toMatch(/foreign.*https:\/\/example.com\/base/);
    await expect(img.layers[0]!.index()).rejects.toThrow(NotFoundError);
    const report = await verifyImage(img);
    expect(report.layers.map((l) => [l.state.blob, l.state.diffId])).toEqual([['unchecked', 'unchecked'], ['verified', 'verified']]);
    expect(report.ok).toBe(false);
  });

  it('a digest with .. never becomes a path', async () => {
    const builder = new OciLayoutBuilder();
    const m = builder.addImage({ layers: [{ files: { f: 'f' } }] });
    const evil = { ...m, digest: 'sha256:../../etc/passwd' };
    const err = await open(builder.build([evil])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImageFormatError);
    expect((err as Error).message).toBe('index.json.manifests[0].digest: invalid digest "sha256:../../etc/passwd"');
    const upper = { ...m, digest: m.digest.toUpperCase().replace('SHA256', 'sha256') };
    await expect(open(builder.build([upper]))).rejects.toThrow(/invalid digest/);
  });

  it('a manifest blob that is not what its digest says: DigestMismatchError', async () => {
    const builder = new OciLayoutBuilder();
    const m = builder.addImage({ layers: [{ files: { f: 'f' } }] });
    builder.blobs.set(m.digest, new TextEncoder().encode(decode(builder.blobs.get(m.digest)!) + ' '));
    await expect(open(builder.build([m]))).rejects.toThrow(DigestMismatchError);
  });
});

describe('Docker 25+ archives with a populated index.json', () => {
  it('uses the OCI manifests and takes tags from manifest.json', async () => {
    const builder = new OciLayoutBuilder();
    const m = builder.addImage({ layers: [{ files: { hello: 'hi' } }] });
    builder.extra.push({
      name: 'manifest.json',
      data: JSON.stringify([{ Config: `blobs/sha256/${m.config.digest.slice(7)}`, RepoTags: ['hello:v25'], Layers: [`blobs/sha256/${m.layers[0]!.digest.slice(7)}`] }]),
    });
    const archive = await open(builder.build([{ ...m, annotations: { 'io.containerd.image.name': 'docker.io/library/hello:v25', 'org.opencontainers.image.ref.name': 'v25' } }]));
    expect(archive.format).toBe('docker-oci');
    const img = archive.images[0]!;
    expect(img.manifestDigest).toBe(m.digest);
    expect(img.repoTags).toEqual(['hello:v25']);
    expect(img.manifest.mediaType).toBe('application/vnd.oci.image.manifest.v1+json');
  });
});
