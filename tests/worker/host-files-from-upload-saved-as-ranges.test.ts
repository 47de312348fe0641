/**
 * Host files made from an uploaded archive without copying its bytes (a member `tar -xf`
 * takes out of it, a `docker save -o` of the image loaded from it) are saved as windows of the
 * stored upload, by key and range: the save reads none of their bytes and stores no second
 * Blob. After a reload they read the same bytes, checked by sha256sum and GNU tar on what the
 * page's download gives.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { HOST_KEY } from '../../src/worker/persistence.ts';
import { UPLOAD_KEY_PREFIX } from '../../src/worker/stored-upload.ts';
import { bytesOutsideBlobs, countBlobReads } from './support/store-costs.ts';
import { generateImage, GENERATED_TAG, pickedFile, sha256sum } from './support/generated-image.ts';
import { MemoryStore, pageLoad } from './support/page-load.ts';

const LAYER_BYTES = 3 << 20;

describe('host files made from an upload, saved', () => {
  it('are windows of the upload: nothing read or stored again, the same bytes after a reload', async () => {
    const image = generateImage(LAYER_BYTES, onTestFinished);
    const store = new MemoryStore();
    const first = await pageLoad(store);
    expect(await first.transfer.uploadArchive(pickedFile(image.archive))).toMatchObject({ ok: true });
    const made = await first.run(`mkdir x && tar -xf big.tar -C x && docker save -o s.tar ${GENERATED_TAG} && sha256sum s.tar`);
    expect(made.stderr).toBe('');
    const savedSha = made.stdout;
    // The files are now the upload's only users.
    await first.run(`docker rmi ${GENERATED_TAG} >/dev/null; rm big.tar`);

    const reads = countBlobReads();
    await first.keeper.saveNow();
    reads.stop();
    expect(first.reports).toEqual([]);
    expect(reads.total()).toBe(0);
    expect([...store.data.values()].filter((v) => v instanceof Blob)).toHaveLength(1);
    expect(bytesOutsideBlobs(store.data.get(HOST_KEY))).toBeLessThan(LAYER_BYTES / 4);

    const second = await pageLoad(store);
    expect(second.reports).toEqual([]);
    const back = await second.run(`sha256sum s.tar x/${image.diffHex}/layer.tar`);
    expect(back.stdout).toBe(`${savedSha}${image.diffHex}  x/${image.diffHex}/layer.tar\n`);
    const download = join(image.dir, 'downloaded-s.tar');
    // The download is made of slices of the stored upload and its small parts: the upload's bytes are not read to make it.
    const downloadReads = countBlobReads();
    const progress: number[] = [];
    const { blob } = await second.transfer.downloadFile('s.tar', (p) => progress.push(p.bytesDone));
    downloadReads.stop();
    expect(downloadReads.total()).toBeLessThan(LAYER_BYTES / 4);
    expect(progress.at(-1)).toBe(blob.size);
    writeFileSync(download, new Uint8Array(await blob.arrayBuffer()));
    expect(`${sha256sum(download)}  s.tar\n`).toBe(savedSha);
    const layer = execFileSync('tar', ['-xOf', download, `blobs/sha256/${image.diffHex}`], { maxBuffer: 64 << 20 });
    writeFileSync(join(image.dir, 'layer-from-s.tar'), layer);
    expect(sha256sum(join(image.dir, 'layer-from-s.tar'))).toBe(image.diffHex);

    // Saved again after the reload, still one upload; with both files gone, none.
    await second.run('echo again > notes.txt');
    await second.keeper.saveNow();
    expect([...store.data.keys()].filter((k) => k.startsWith(UPLOAD_KEY_PREFIX))).toHaveLength(1);
    await second.run('rm -r s.tar x');
    await second.keeper.saveNow();
    expect([...store.data.keys()].filter((k) => k.startsWith(UPLOAD_KEY_PREFIX))).toHaveLength(0);
  }, 120_000);
});
