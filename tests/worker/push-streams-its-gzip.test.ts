/**
 * `docker push localhost:5000/…` of an uploaded image: each plain layer is gzipped as it streams
 * into the page's spool (a Blob), never held whole in the worker, and the registry keeps that
 * Blob (saved by key, as an upload is); a layer pushed as it was pulled is its own blob. GNU
 * gzip and sha256sum are the oracles: the pushed blob unpacks to the layer whose diff_id it has.
 * After a reload the registry still serves it, and `docker pull` brings the image back.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BlobSource, readAll } from '../../src/engine/io/byte-source.ts';
import { MemoryStore, pageDaemon, pageLoad } from './support/page-load.ts';

/** argv[1]: a docker save (legacy layout) of two plain layers of 2 MB tagged two:layers. */
const TWO_LAYERS = String.raw`
import hashlib, io, json, os, sys, tarfile
layers = []
for i in range(2):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode='w', format=tarfile.USTAR_FORMAT) as t:
        data = os.urandom(1_000_000) + bytes(1_000_000)
        info = tarfile.TarInfo(f'data/file{i}.bin'); info.size = len(data); info.mtime = 1700000000
        t.addfile(info, io.BytesIO(data))
    layers.append(buf.getvalue())
diff_ids = ['sha256:' + hashlib.sha256(l).hexdigest() for l in layers]
config = json.dumps({'architecture': 'amd64', 'os': 'linux', 'config': {}, 'rootfs': {'type': 'layers', 'diff_ids': diff_ids}}).encode()
config_name = hashlib.sha256(config).hexdigest() + '.json'
manifest = json.dumps([{'Config': config_name, 'RepoTags': ['two:layers'], 'Layers': [d[7:] + '/layer.tar' for d in diff_ids]}]).encode()
with tarfile.open(sys.argv[1], 'w', format=tarfile.USTAR_FORMAT) as t:
    for name, data in [(d[7:] + '/layer.tar', l) for d, l in zip(diff_ids, layers)] + [(config_name, config), ('manifest.json', manifest)]:
        info = tarfile.TarInfo(name); info.size = len(data); info.mtime = 1700000000
        t.addfile(info, io.BytesIO(data))
`;

const work = mkdtempSync(join(tmpdir(), 'layerlab-push-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('docker push of an uploaded image', () => {
  it('gzips each layer into a Blob as it streams, and the registry serves it again after a reload', async () => {
    if (spawnSync('python3', ['--version']).error) throw new Error('python3 is needed to make the test image: apt-get install -y python3');
    const archive = join(work, 'two.tar');
    execFileSync('python3', ['-c', TWO_LAYERS, archive]);
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
