/**
 * `docker push localhost:5000/…` of an uploaded image: each plain layer is gzipped as it streams
 * into the page's spool (a Blob), never held whole in the worker, and the registry keeps that
 * Blob (saved by key, as an upload is); a layer pushed as it was pulled is its own blob. GNU
 * gzip and sha256 are the oracles: the pushed blob unpacks to the layer whose diff_id it has.
 * After a reload the registry still serves it, and `docker pull` brings the image back.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BlobSource, readAll } from '../../src/engine/io/byte-source.ts';
import { writeDockerSave } from './support/docker-save-by-python.ts';
import { MemoryStore, pageDaemon, pageLoad } from './support/page-load.ts';

const work = mkdtempSync(join(tmpdir(), 'layerlab-push-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('docker push of an uploaded image', () => {
  it('gzips each layer into a Blob as it streams, and the registry serves it again after a reload', async () => {
    const archive = join(work, 'two.tar');
    writeDockerSave('two:layers', [{ random: 1_000_000, zeros: 1_000_000 }, { random: 1_000_000, zeros: 1_000_000 }], [{ path: archive }]);
    const store = new MemoryStore();
    const page = await pageLoad(store);
    expect((await page.transfer.uploadArchive(new File([readFileSync(archive)], 'two.tar'))).ok).toBe(true);
    const pushed = await page.run('docker tag two:layers localhost:5000/two:v1 && docker push localhost:5000/two:v1');
    expect(pushed.stderr).toBe('');
    expect(pushed.stdout).toMatch(/^v1: digest: sha256:[0-9a-f]{64} size: \d+$/m);

    const manifest = (await page.daemon.localRegistry.manifest('two', 'v1'))!;
    const layers = (JSON.parse(new TextDecoder().decode(manifest.bytes)) as { layers: { digest: string; size: number }[] }).layers;
    const diffIds = (await page.run("docker inspect -f '{{range .RootFS.Layers}}{{println .}}{{end}}' two:layers")).stdout.trim().split('\n');
    for (const [i, { digest, size }] of layers.entries()) {
      const blob = await page.daemon.localRegistry.blob('two', digest);
      // The spool's Blob: the gzip never sat whole in the worker's heap.
      expect(blob).toBeInstanceOf(BlobSource);
      const bytes = await readAll(blob, 1 << 30);
      expect(bytes.length).toBe(size);
      expect(`sha256:${createHash('sha256').update(bytes).digest('hex')}`).toBe(digest);
      const tar = execFileSync('gzip', ['-dc'], { input: bytes, maxBuffer: 64 << 20 });
      expect(`sha256:${createHash('sha256').update(tar).digest('hex')}`).toBe(diffIds[i]);
    }
    // Pushed again: the same gzip, already there.
    expect((await page.run('docker push localhost:5000/two:v1')).stdout).toContain(`${diffIds[0]!.slice(7, 19)}: Layer already exists`);
    await page.keeper.saveNow();

    // A reload: the registry's blobs come back from the store, and the image pulls from it.
    const again = await pageLoad(store, pageDaemon());
    expect(again.reports).toEqual([]);
    const pulled = await again.run('docker rmi -f two:layers localhost:5000/two:v1 >/dev/null; docker pull -q localhost:5000/two:v1 && docker save localhost:5000/two:v1 | tar -tf - | sort | head -3');
    expect(pulled.stderr).toBe('');
    expect(pulled.stdout.split('\n')[0]).toBe('localhost:5000/two:v1');
    const blob = await again.daemon.localRegistry.blob('two', layers[1]!.digest);
    expect(`sha256:${createHash('sha256').update(await readAll(blob, 1 << 30)).digest('hex')}`).toBe(layers[1]!.digest);

    // Saved again (the registry's Blobs must stay stored: nothing else names them now), and reloaded once more.
    await again.run('docker rmi -f localhost:5000/two:v1 >/dev/null');
    await again.keeper.saveNow();
    const third = await pageLoad(store, pageDaemon());
    expect(third.reports).toEqual([]);
    expect((await third.run('docker pull -q localhost:5000/two:v1')).stdout).toBe('localhost:5000/two:v1\n');
  });
});
