/**
 * The terminal's own ways of turning an uploaded archive into images keep its bytes where they
 * are: `docker load -i big.tar.gz` decompresses into a Blob (as the page's daemon is made, see
 * src/worker/workspaces.ts) that the session stores once, with the layers as its windows, and
 * `docker import big.tar` makes the uploaded tar itself the layer, read by chunks, and `docker
 * commit` of a container the upload was copied into keeps it as a window in the new layer. Saving reads
 * none of their bytes; after a reload sha256sum on the layer the page gives back agrees.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { bytesOutsideBlobs, countBlobReads } from './support/store-costs.ts';
import { compressed, generateImage, GENERATED_TAG, pickedFile, sha256sum } from './support/generated-image.ts';
import { MemoryStore, pageLoad } from './support/page-load.ts';

const LAYER_BYTES = 3 << 20;

async function downloadedLayerSha(page: Awaited<ReturnType<typeof pageLoad>>, image: string, dir: string): Promise<string> {
  const { blob } = await page.transfer.downloadLayer(image, 0);
  const path = join(dir, `${image}-layer.tar`);
  writeFileSync(path, new Uint8Array(await blob.arrayBuffer()));
  return sha256sum(path);
}

describe('archives the terminal loads from an upload, saved', () => {
  it('docker commit of a container an upload was copied into: the new layer holds the file as a range of the upload', async () => {
    const image = generateImage(LAYER_BYTES, onTestFinished);
    const store = new MemoryStore();
    const first = await pageLoad(store);
    expect(await first.transfer.uploadArchive(pickedFile(image.archive))).toMatchObject({ ok: true });
    const made = await first.run(`docker create --name keeper ${GENERATED_TAG} >/dev/null && docker cp -q big.tar keeper:/x.tar && docker commit keeper committed:1 >/dev/null && docker rm keeper >/dev/null && rm big.tar`);
    expect(made.stderr).toBe('');
    const reads = countBlobReads();
    await first.keeper.saveNow();
    reads.stop();
    expect(first.reports).toEqual([]);
    expect(reads.total()).toBeLessThan(64 * 1024);
    expect(bytesOutsideBlobs(store.data)).toBeLessThan(LAYER_BYTES / 4);
    expect([...store.data.values()].filter((v) => v instanceof Blob)).toHaveLength(1);

    const second = await pageLoad(store);
    expect(second.reports).toEqual([]);
    const { blob } = await second.transfer.downloadLayer('committed:1', 1);
    const layerTar = join(image.dir, 'committed-layer.tar');
    writeFileSync(layerTar, new Uint8Array(await blob.arrayBuffer()));
    const extracted = join(image.dir, 'committed');
    mkdirSync(extracted);
    execFileSync('tar', ['-xf', layerTar, '-C', extracted]);
    expect(sha256sum(join(extracted, 'x.tar'))).toBe(sha256sum(image.archive));
  }, 120_000);

  it('docker load -i of a gzip upload: the decompressed archive is stored once, as a Blob, the layer as its window', async () => {
    const image = generateImage(LAYER_BYTES, onTestFinished);
    const packed = compressed(image.archive, 'gzip');
    const store = new MemoryStore();
    const first = await pageLoad(store);
    expect(await first.transfer.uploadArchive(pickedFile(packed))).toMatchObject({ ok: true });
    const loaded = await first.run(`docker rmi ${GENERATED_TAG} >/dev/null && docker load -i big.tar.gz`);
    expect(loaded.stdout).toBe(`Loaded image: ${GENERATED_TAG}\n`);

    const reads = countBlobReads();
    await first.keeper.saveNow();
    reads.stop();
    expect(first.reports).toEqual([]);
    expect(reads.total()).toBeLessThan(64 * 1024);
    expect([...store.data.keys()]).not.toContain(`blob:sha256:${image.diffHex}`);
    expect(bytesOutsideBlobs(store.data)).toBeLessThan(LAYER_BYTES / 4);
    // The file as uploaded, and the archive the terminal's load decompressed it to (the upload's own is no longer named).
    const blobs = [...store.data.values()].filter((v): v is Blob => v instanceof Blob).map((b) => b.size).sort((a, b) => a - b);
    expect(blobs).toEqual([statSync(packed).size, statSync(image.archive).size]);

    const second = await pageLoad(store);
    expect(second.reports).toEqual([]);
    expect(await downloadedLayerSha(second, GENERATED_TAG, image.dir)).toBe(image.diffHex);
  }, 120_000);

  it('docker import of an upload: the layer is the uploaded tar, read by chunks and saved as its range', async () => {
    const image = generateImage(LAYER_BYTES, onTestFinished);
    const store = new MemoryStore();
    const first = await pageLoad(store);
    expect(await first.transfer.uploadArchive(pickedFile(image.archive))).toMatchObject({ ok: true });
    const reads = countBlobReads();
    const imported = await first.run(`docker import big.tar imp:1 >/dev/null && docker rmi ${GENERATED_TAG} >/dev/null && rm big.tar`);
    expect(imported.stderr).toBe('');
    expect(reads.largest()).toBeLessThanOrEqual(1 << 20);
    reads.sizes.length = 0;
    await first.keeper.saveNow();
    reads.stop();
    expect(first.reports).toEqual([]);
    expect(reads.total()).toBeLessThan(64 * 1024);
    expect(bytesOutsideBlobs(store.data)).toBeLessThan(LAYER_BYTES / 4);
    expect([...store.data.values()].filter((v) => v instanceof Blob)).toHaveLength(1);

    const second = await pageLoad(store);
    expect(second.reports).toEqual([]);
    // docker import takes a plain tar as the layer, byte for byte (moby registers the stream as given).
    expect(await downloadedLayerSha(second, 'imp:1', image.dir)).toBe(sha256sum(image.archive));
  }, 120_000);
});
