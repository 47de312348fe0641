/**
 * The worker's engine service, run in Node: what the page is sent for real archives, checked
 * against independent oracles (GNU tar, python3 tarfile, sha256sum, gzip).
 */
import { execFileSync } from 'node:child_process';
import { openAsBlob, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ArchiveSummary, VerifyProgress } from '../../src/worker/engine-api.ts';
import { createEngineService } from '../../src/worker/engine-service.ts';
import { fixturePath } from '../fixtures.ts';

const HELLO_WORLD = fixturePath('images/tarball-hello-world-v25.tar');

function tarMember(archive: string, member: string): Buffer {
  return execFileSync('tar', ['-xOf', archive, member], { maxBuffer: 64 << 20 });
}

function sha256sum(bytes: Uint8Array): string {
  return `sha256:${execFileSync('sha256sum', { input: bytes }).toString().split(' ')[0]}`;
}

/** Offset of a member's data in the archive, according to python's tarfile. */
function memberDataOffset(archive: string, member: string): number {
  const script = 'import sys, tarfile\nprint(tarfile.open(sys.argv[1]).getmember(sys.argv[2]).offset_data)';
  return Number(execFileSync('python3', ['-c', script, archive, member]).toString().trim());
}

/** docker save's manifest.json, read by GNU tar: the oracle for what the archive holds. */
const dockerManifest = JSON.parse(tarMember(HELLO_WORLD, 'manifest.json').toString()) as {
  Config: string;
  Layers: string[];
}[];
const [helloManifest] = dockerManifest;
if (!helloManifest) throw new Error('fixture manifest.json lists no image');
const helloLayerPath = helloManifest.Layers[0]!;
const helloLayerDigest = sha256sum(tarMember(HELLO_WORLD, helloLayerPath));
const helloConfig = tarMember(HELLO_WORLD, helloManifest.Config);
const helloConfigJson = JSON.parse(helloConfig.toString()) as { rootfs: { diff_ids: string[] } };

/** A Blob whose reads each take `ms` longer: makes an open finish later than another. */
function slowBlob(blob: Blob, ms: number): Blob {
  const wrap = (b: Blob): Blob =>
    ({
      size: b.size,
      slice: (start?: number, end?: number) => wrap(b.slice(start, end)),
      arrayBuffer: () => new Promise((resolve) => setTimeout(() => resolve(b.arrayBuffer()), ms)),
    }) as Blob;
  return wrap(blob);
}

async function openFixture(service = createEngineService()): Promise<ArchiveSummary> {
  return service.open(await openAsBlob(HELLO_WORLD), 'hello.tar');
}

describe('engine service: open', () => {
  it('summarises hello-world as the archive says', async () => {
    const summary = await openFixture();
    expect(summary.fileName).toBe('hello.tar');
    expect(summary.fileSize).toBe(readFileSync(HELLO_WORLD).length);
    expect(summary.format).toBe('docker-oci');
    expect(summary.images).toHaveLength(1);
    const [image] = summary.images;
    expect(image!.id).toBe(sha256sum(helloConfig));
    expect(image!.repoTags).toEqual([]);
    expect(image!.config.platform).toBe('linux/arm64');
    expect(image!.config.cmd).toEqual(['/hello']);
    expect(image!.config.entrypoint).toBeUndefined();
    expect(image!.config.env).toEqual(['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin']);
    expect(image!.layers.map((l) => l.digest)).toEqual([helloLayerDigest]);
    expect(image!.layers.map((l) => l.diffId)).toEqual(helloConfigJson.rootfs.diff_ids);
    expect(image!.layers[0]!.size).toBe(tarMember(HELLO_WORLD, helloLayerPath).length);
    expect(image!.layers[0]!.createdBy).toBe('COPY hello / # buildkit');
    // Plain JSON only: it must survive structured cloning to the page unchanged.
    expect(structuredClone(summary)).toEqual(summary);
  });

  it('opens a gzip-compressed archive by spooling it', async () => {
    const gz = execFileSync('gzip', ['-c', HELLO_WORLD], { maxBuffer: 64 << 20 });
    const summary = await createEngineService().open(new Blob([gz]), 'hello.tar.gz');
    expect(summary.fileSize).toBe(gz.length);
    expect(summary.images.map((i) => i.layers.map((l) => l.digest))).toEqual([[helloLayerDigest]]);
  });

  it('keeps the latest of two overlapping opens, whichever finishes last', async () => {
    const service = createEngineService();
    const slow = service.open(slowBlob(await openAsBlob(HELLO_WORLD), 50), 'first.tar');
    const fast = openFixture(service);
    const [first, second] = await Promise.all([slow, fast]);
    await expect(service.verify(second.archiveId, 0)).resolves.toMatchObject({ allVerified: true });
    await expect(service.verify(first.archiveId, 0)).rejects.toThrow(/no longer open/);
  });

  it('rejects random bytes with one line, and stays usable', async () => {
    const service = createEngineService();
    const good = await openFixture(service);
    const noise = new Uint8Array(64 * 1024).map((_, i) => (i * 2654435761) >>> 24);
    const failure = await service.open(new Blob([noise]), 'noise.bin').then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(Error);
    const message = (failure as Error).message;
    expect(message).not.toBe('');
    expect(message).not.toContain('\n');
    expect((failure as Error).stack).toBe('');
    // Opening another file closed the first.
    await expect(service.verify(good.archiveId, 0)).rejects.toThrow(/no longer open/);
    const again = await openFixture(service);
    expect(again.archiveId).not.toBe(good.archiveId);
    await expect(service.verify(again.archiveId, 0)).resolves.toMatchObject({ allVerified: true });
    await expect(service.verify(again.archiveId, 7)).rejects.toThrow(/no image #7/);
  });
});

describe('engine service: verify', () => {
  it('verifies the config and every layer of hello-world', async () => {
    const service = createEngineService();
    const { archiveId } = await openFixture(service);
    const result = await service.verify(archiveId, 0);
    expect(result.configCheck).toBe('verified');
    expect(result.layers.map((l) => [l.blob, l.diffIdCheck])).toEqual([['verified', 'verified']]);
    expect(result.allVerified).toBe(true);
  });

  it('reports progress, ending each layer at its full size', async () => {
    const service = createEngineService();
    const { archiveId, images } = await openFixture(service);
    const progress: VerifyProgress[] = [];
    await service.verify(archiveId, 0, (p) => progress.push(p));
    const size = images[0]!.layers[0]!.size;
    expect(progress.at(-1)).toEqual({ layerIndex: 0, layerCount: 1, bytesDone: size, totalBytes: size });
    expect(progress.every((p) => p.bytesDone <= p.totalBytes)).toBe(true);
  });

  it('reports a mismatch, with the digest actually computed, when a layer byte is flipped', async () => {
    const bytes = new Uint8Array(readFileSync(HELLO_WORLD));
    const at = memberDataOffset(HELLO_WORLD, helloLayerPath) + 600; // inside the layer's first file
    bytes[at] = bytes[at]! ^ 0xff;
    const layerSize = tarMember(HELLO_WORLD, helloLayerPath).length;
    const tamperedLayer = bytes.subarray(at - 600, at - 600 + layerSize);

    const service = createEngineService();
    const { archiveId } = await service.open(new Blob([bytes]), 'tampered.tar');
    const result = await service.verify(archiveId, 0);
    expect(result.allVerified).toBe(false);
    const [layer] = result.layers;
    expect(layer!.blob).toBe('mismatch');
    expect(layer!.actualDigest).toBe(sha256sum(tamperedLayer));
    expect(result.configCheck).toBe('verified');
  });
});

describe('engine service: analyze', () => {
  it('finds no waste in a single-layer image', async () => {
    const service = createEngineService();
    const { archiveId } = await openFixture(service);
    const report = await service.analyze(archiveId, 0);
    expect(report.wastedBytes).toBe(0);
    expect(report.efficiency).toBe(1);
    expect(report.inefficientFiles).toEqual([]);
    expect(report.inefficientFileCount).toBe(0);
    expect(report.sizeBytes).toBeGreaterThan(0);
  });
});
