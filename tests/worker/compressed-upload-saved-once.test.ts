/**
 * A compressed archive uploaded on the page (`docker save big | gzip > big.tar.gz`, or zstd) is
 * decompressed into a Blob of its own to be loaded. Saving the session stores that Blob once, as
 * it is, beside the uploaded file, and the layers as windows of it: no layer is written again as
 * a blob of its own, and the save reads none of their bytes. After a reload the layer and the
 * file in it have the same sha256 as GNU tar and sha256sum give for the archive made outside.
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import type { UploadProgress } from '../../src/worker/transfer-api.ts';
import { describe, expect, it, onTestFinished } from 'vitest';
import { BlobSource, SliceSource } from '../../src/engine/io/byte-source.ts';
import { UPLOAD_KEY_PREFIX } from '../../src/worker/stored-upload.ts';
import { bytesOutsideBlobs, countBlobReads } from './support/store-costs.ts';
import { compressed, generateImage, GENERATED_TAG, pickedFile, sha256sum } from './support/generated-image.ts';
import { MemoryStore, pageLoad } from './support/page-load.ts';

const LAYER_BYTES = 3 << 20;

const uploadsIn = (store: MemoryStore) => [...store.data].filter(([key]) => key.startsWith(UPLOAD_KEY_PREFIX)).map(([, blob]) => blob as Blob);

async function sha256OfBlob(blob: Blob): Promise<string> {
  return createHash('sha256').update(new Uint8Array(await blob.arrayBuffer())).digest('hex');
}

describe('a compressed upload, saved', () => {
  for (const tool of ['gzip', 'zstd'] as const) {
    it(`(${tool}) keeps the file and its decompressed archive once each, the layer as a window, read by no save`, async () => {
      const image = generateImage(LAYER_BYTES, onTestFinished);
      const packed = compressed(image.archive, tool);
      const store = new MemoryStore();
      const first = await pageLoad(store);
      // The upload (which saves the session at its end) reads the file once to decompress it and
      // the archive once to verify its layer (plus the stored file's read-ahead); a save that
      // read the layer again would read it twice.
      const uploadReads = countBlobReads();
      const progress: UploadProgress[] = [];
      const uploaded = await first.transfer.uploadArchive(pickedFile(packed), (p) => progress.push(p));
      uploadReads.stop();
      expect(uploaded).toMatchObject({ ok: true, loaded: [`Loaded image: ${GENERATED_TAG}`] });
      // The status says how much it has unpacked (the compressed file's bytes read would stop at its size): at the end, the archive's.
      const unpacked = progress.filter((p) => p.phase === 'decompressing');
      expect(unpacked.at(-1)?.bytesDone).toBe(statSync(image.archive).size);
      expect(uploadReads.total()).toBeLessThan(statSync(packed).size + statSync(image.archive).size + LAYER_BYTES / 2);

      const reads = countBlobReads();
      await first.run('echo notes > notes.txt');
      await first.keeper.saveNow();
      reads.stop();
      expect(first.reports).toEqual([]);
      // Headers at most: no layer byte is read to be saved.
      expect(reads.total()).toBeLessThan(64 * 1024);
      expect([...store.data.keys()]).not.toContain(`blob:sha256:${image.diffHex}`);
      // The host's files and the daemon's records: far less than one copy of the layer.
      expect(bytesOutsideBlobs(store.data)).toBeLessThan(LAYER_BYTES / 4);
      // The upload as picked, and the archive it decompresses to (GNU tar made it), byte for byte.
      const stored = uploadsIn(store);
      expect(stored.map((b) => b.size).sort((a, b) => a - b)).toEqual([statSync(packed).size, statSync(image.archive).size]);
      const archiveBlob = stored.find((b) => b.size === statSync(image.archive).size)!;
      expect(await sha256OfBlob(archiveBlob)).toBe(sha256sum(image.archive));
      // The layer reads from the stored copy from now on (the browser may let the spooled one go).
      const layerBlob = first.daemon.images.layersOf(first.daemon.getImage(GENERATED_TAG).id)[0]!.layer.blob as SliceSource;
      expect((layerBlob.parent as BlobSource).blob).toBe(archiveBlob);

      const second = await pageLoad(store);
      expect(second.reports).toEqual([]);
      const name = packed.split('/').pop()!;
      const look = await second.run(
        `docker images --format '{{.Repository}}:{{.Tag}}'\nsha256sum ${name}\n` +
          `docker save ${GENERATED_TAG} | tar -xOf - blobs/sha256/${image.diffHex} | sha256sum\n` +
          `docker save ${GENERATED_TAG} | tar -xOf - blobs/sha256/${image.diffHex} | tar -xOf - payload.bin | sha256sum`,
      );
      expect(look.stdout).toBe(`${GENERATED_TAG}\n${sha256sum(packed)}  ${name}\n${image.diffHex}  -\n${image.payloadSha256}  -\n`);

      // Saved again after the reload, nothing is stored twice; with the image and file gone, both uploads go.
      await second.run('echo more >> notes.txt');
      await second.keeper.saveNow();
      expect(uploadsIn(store)).toHaveLength(2);
      await second.run(`docker rmi ${GENERATED_TAG} >/dev/null\nrm ${name}`);
      await second.keeper.saveNow();
      expect(uploadsIn(store)).toHaveLength(0);
    }, 120_000);
  }
});
