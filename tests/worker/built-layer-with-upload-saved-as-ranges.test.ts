/**
 * `docker build` with `COPY big.tar /` of an uploaded archive: the build reads the file by
 * chunks, and the layer holds it as a window of the stored upload, so saving the session writes the upload's key and range, not its
 * bytes, and reads none of them. After a reload the layer has the same digest, and GNU tar and
 * sha256sum on the layer the page gives back find the uploaded bytes in it.
 */
import { execFileSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { DaemonSnapshot } from '../../src/engine/docker/snapshot.ts';
import { DAEMON_KEY } from '../../src/worker/persistence.ts';
import { UPLOAD_KEY_PREFIX } from '../../src/worker/stored-upload.ts';
import { bytesOutsideBlobs, countBlobReads } from './support/store-costs.ts';
import { generateImage, GENERATED_TAG, pickedFile, sha256sum } from './support/generated-image.ts';
import { MemoryStore, pageLoad } from './support/page-load.ts';

const LAYER_BYTES = 3 << 20;

describe('a layer built with an uploaded file COPY\'d in, saved', () => {
  it('stores the file as a range of the upload, reads none of it, and gives the same layer back after a reload', async () => {
    const image = generateImage(LAYER_BYTES, onTestFinished);
    const store = new MemoryStore();
    const first = await pageLoad(store);
    expect(await first.transfer.uploadArchive(pickedFile(image.archive))).toMatchObject({ ok: true });
    const buildReads = countBlobReads();
    const built = await first.run(
      'docker pull -q busybox >/dev/null && mkdir ctx && cp big.tar ctx/ && printf "FROM busybox\\nCOPY big.tar /\\n" > ctx/Dockerfile && docker build -q -t withbig ctx >/dev/null',
    );
    buildReads.stop();
    expect(built.stderr).toBe('');
    // The build hashes the file for its cache key and the layer for its digest by chunks, never whole.
    expect(buildReads.largest()).toBeLessThanOrEqual(1 << 20);
    // The built layer is now the upload's only user.
    await first.run('docker rmi big:latest >/dev/null; rm -r big.tar ctx');
    const layers = first.daemon.images.layersOf(first.daemon.getImage('withbig').id);
    const top = layers.at(-1)!;

    const reads = countBlobReads();
    await first.keeper.saveNow();
    reads.stop();
    expect(first.reports).toEqual([]);
    expect(reads.total()).toBeLessThan(64 * 1024);
    expect([...store.data.keys()].filter((k) => k.startsWith(UPLOAD_KEY_PREFIX))).toHaveLength(1);
    // The layer's blob is its tar headers plus the upload's key and range.
    expect(bytesOutsideBlobs(store.data.get(`blob:${top.layer.digest}`))).toBeLessThan(16 * 1024);
    expect(bytesOutsideBlobs(store.data)).toBeLessThan(LAYER_BYTES / 4);
    const saved = store.data.get(DAEMON_KEY) as DaemonSnapshot;
    expect(saved.images.find((i) => i.id === first.daemon.getImage('withbig').id)!.layers.at(-1)!.uploads).toHaveLength(1);

    const second = await pageLoad(store);
    expect(second.reports).toEqual([]);
    const again = second.daemon.images.layersOf(second.daemon.getImage('withbig').id).at(-1)!;
    expect([again.diffId, again.layer.digest]).toEqual([top.diffId, top.layer.digest]);
    // The layer as the explorer's download gives it, checked by sha256sum and GNU tar.
    const download = await second.transfer.downloadLayer('withbig', layers.length - 1);
    const layerTar = join(image.dir, 'downloaded-layer.tar');
    writeFileSync(layerTar, new Uint8Array(await download.blob.arrayBuffer()));
    expect(`sha256:${sha256sum(layerTar)}`).toBe(top.diffId);
    expect(execFileSync('tar', ['-tvf', layerTar], { encoding: 'utf8' })).toMatch(new RegExp(` ${statSync(image.archive).size} .* big\\.tar\\n$`));
    const extracted = join(image.dir, 'extracted');
    execFileSync('mkdir', [extracted]);
    execFileSync('tar', ['-xf', layerTar, '-C', extracted]);
    expect(sha256sum(join(extracted, 'big.tar'))).toBe(sha256sum(image.archive));

    // Saved again after the reload, the upload is still named; with the image gone, it goes.
    await second.run('echo again > notes.txt');
    await second.keeper.saveNow();
    expect([...store.data.keys()].filter((k) => k.startsWith(UPLOAD_KEY_PREFIX))).toHaveLength(1);
    await second.run('docker rmi withbig >/dev/null');
    await second.keeper.saveNow();
    expect([...store.data.keys()].filter((k) => k.startsWith(UPLOAD_KEY_PREFIX))).toHaveLength(0);
  }, 120_000);

  it('ADD of the uploaded tar unpacks its members as windows of the upload: saved as ranges, the same files after a reload', async () => {
    const image = generateImage(LAYER_BYTES, onTestFinished);
    const store = new MemoryStore();
    const first = await pageLoad(store);
    expect(await first.transfer.uploadArchive(pickedFile(image.archive))).toMatchObject({ ok: true });
    const reads = countBlobReads();
    const built = await first.run(
      'docker pull -q busybox >/dev/null && mkdir ctx && cp big.tar ctx/ && printf "FROM busybox\\nADD big.tar /unpacked/\\n" > ctx/Dockerfile && docker build -q -t unpacked ctx >/dev/null',
    );
    reads.stop();
    expect(built.stderr).toBe('');
    expect(reads.largest()).toBeLessThanOrEqual(1 << 20);
    await first.run(`docker rmi ${GENERATED_TAG} >/dev/null; rm -r big.tar ctx`);
    const saveReads = countBlobReads();
    await first.keeper.saveNow();
    saveReads.stop();
    expect(first.reports).toEqual([]);
    expect(saveReads.total()).toBeLessThan(64 * 1024);
    expect(bytesOutsideBlobs(store.data)).toBeLessThan(LAYER_BYTES / 4);

    const second = await pageLoad(store);
    expect(second.reports).toEqual([]);
    const layers = second.daemon.images.layersOf(second.daemon.getImage('unpacked').id);
    const { blob } = await second.transfer.downloadLayer('unpacked', layers.length - 1);
    const layerTar = join(image.dir, 'add-layer.tar');
    writeFileSync(layerTar, new Uint8Array(await blob.arrayBuffer()));
    const extracted = join(image.dir, 'add-extracted');
    execFileSync('mkdir', [extracted]);
    execFileSync('tar', ['-xf', layerTar, '-C', extracted]);
    // GNU tar made the archive's layer; ADD put it at unpacked/<diff>/layer.tar.
    expect(sha256sum(join(extracted, 'unpacked', image.diffHex, 'layer.tar'))).toBe(image.diffHex);
  }, 120_000);
});
