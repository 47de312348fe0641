/**
 * An archive uploaded on the page lands in the shown workspace as `docker load` would put it,
 * plus a file in the home directory; both are kept once, as the upload's Blob, across a reload.
 * The oracle for the file listing is GNU tar on the fixture itself.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { storedUploadsOf, type SourcePart } from '../../src/engine/io/source-parts.ts';
import { HOST_KEY } from '../../src/worker/persistence.ts';
import { UPLOAD_KEY_PREFIX } from '../../src/worker/stored-upload.ts';
import { fixturePath } from '../fixtures.ts';
import { MemoryStore, pageLoad } from './support/page-load.ts';

/** Layer `i` (from the bottom) of the fixture image, as GNU tar extracts it. */
function layerOf(i: number): Buffer {
  const manifest = JSON.parse(execFileSync('tar', ['-xOf', fixturePath(BUNDLE), 'manifest.json'], { encoding: 'utf8' })) as { Layers: string[] }[];
  return execFileSync('tar', ['-xOf', fixturePath(BUNDLE), manifest[0]!.Layers[i]!], { maxBuffer: 1 << 26 });
}

function fixtureFile(rel: string, name = rel.split('/').pop()!): File {
  return new File([readFileSync(fixturePath(rel))], name, { lastModified: 1_700_000_000_000 });
}

const BUNDLE = 'images/mutate-overwritten_file.tar';
const TAG = 'bazel/pkg/v1/mutate:overwritten_file';

describe('an upload into the shown workspace', () => {
  it('loads the tags as docker load does and puts the file in the home directory', async () => {
    const page = await pageLoad(new MemoryStore());
    const progress: string[] = [];
    const result = await page.transfer.uploadArchive(fixtureFile(BUNDLE), (p) => progress.push(p.phase));
    expect(result).toEqual({ ok: true, path: '/root/mutate-overwritten_file.tar', loaded: [`Loaded image: ${TAG}`] });
    expect(progress).toContain('verifying');
    const images = await page.run('docker images --format "{{.Repository}}:{{.Tag}}"');
    expect(images.stdout).toBe(`${TAG}\n`);
    const listing = await page.run('tar -tf mutate-overwritten_file.tar');
    expect(listing.stdout).toBe(execFileSync('tar', ['-tf', fixturePath(BUNDLE)], { encoding: 'utf8' }));
    const again = await page.run('docker load -i mutate-overwritten_file.tar');
    expect(again.stdout).toBe(`Loaded image: ${TAG}\n`);
  }, 30_000);

  it('is kept once, as the upload, and survives a reload', async () => {
    const store = new MemoryStore();
    const first = await pageLoad(store);
    await first.transfer.uploadArchive(fixtureFile(BUNDLE));
    await first.keeper.saveNow();
    const keys = [...store.data.keys()];
    expect(keys.filter((k) => k.startsWith(UPLOAD_KEY_PREFIX))).toHaveLength(1);
    // Neither layer is written again as a blob of its own, and the host snapshot holds the file empty.
    for (const layer of first.daemon.images.layersOf(first.daemon.getImage(TAG).id)) expect(keys).not.toContain(`blob:${layer.layer.digest}`);
    expect((store.data.get(HOST_KEY) as { stored?: unknown }).stored).toEqual([['root/mutate-overwritten_file.tar', expect.any(String)]]);

    const second = await pageLoad(store);
    expect(second.reports).toEqual([]);
    const look = await second.run('docker images --format "{{.Repository}}:{{.Tag}} {{.ID}}" | sort\nsha256sum mutate-overwritten_file.tar');
    const id = first.daemon.getImage(TAG).id.slice(7, 19);
    const sha = execFileSync('sha256sum', [fixturePath(BUNDLE)], { encoding: 'utf8' }).split(' ')[0];
    expect(look.stdout).toBe(`${TAG} ${id}\n${sha}  mutate-overwritten_file.tar\n`);
    // The layers read from the stored upload: docker save writes each under its digest.
    const diffIds = first.daemon.images.layersOf(first.daemon.getImage(TAG).id).map((l) => l.diffId.slice(7));
    const layers = await second.run(diffIds.map((hex) => `docker save ${TAG} | tar -xOf - blobs/sha256/${hex} | sha256sum`).join('\n'));
    expect(layers.stdout).toBe(diffIds.map((hex) => `${hex}  -\n`).join(''));

    // Removed from both the daemon and the home directory: the stored upload goes at the next save after a reload.
    await second.run(`rm mutate-overwritten_file.tar\ndocker rmi ${TAG}`);
    await second.keeper.saveNow();
    expect([...store.data.keys()].filter((k) => k.startsWith(UPLOAD_KEY_PREFIX))).toHaveLength(0);
  }, 30_000);

  it('files made from it (docker save -o, cp) are kept across a reload too, without copying the upload', async () => {
    const store = new MemoryStore();
    const first = await pageLoad(store);
    await first.transfer.uploadArchive(fixtureFile(BUNDLE));
    const made = await first.run(`docker save -o saved.tar ${TAG} && cp mutate-overwritten_file.tar copy.tar && sha256sum saved.tar copy.tar`);
    await first.keeper.saveNow();
    expect(first.reports).toEqual([]);
    // The copy names the upload; the saved archive is its headers and windows of the upload, in the host tar.
    const host = store.data.get(HOST_KEY) as { stored: [string, string][]; tar: SourcePart[] };
    const stored = new Map(host.stored);
    expect(stored.get('root/copy.tar')).toBe(stored.get('root/mutate-overwritten_file.tar'));
    expect([...stored.keys()].sort()).toEqual(['root/copy.tar', 'root/mutate-overwritten_file.tar']);
    expect(storedUploadsOf(host.tar)).toEqual([stored.get('root/copy.tar')]);
    expect([...store.data.keys()].filter((k) => k.startsWith(UPLOAD_KEY_PREFIX))).toHaveLength(1);
    const second = await pageLoad(store);
    expect(second.reports).toEqual([]);
    const again = await second.run('sha256sum saved.tar copy.tar');
    expect(again.stdout).toBe(made.stdout);
  }, 30_000);

  it('an upload gone from the browser\'s storage is one line, and the shell starts fresh', async () => {
    const store = new MemoryStore();
    const first = await pageLoad(store);
    await first.transfer.uploadArchive(fixtureFile(BUNDLE));
    await first.keeper.saveNow();
    const key = [...store.data.keys()].find((k) => k.startsWith(UPLOAD_KEY_PREFIX))!;
    store.data.delete(key);
    const second = await pageLoad(store);
    expect(second.reports).toEqual([
      "layerlab: your saved work was not restored: the uploaded file /root/mutate-overwritten_file.tar cannot be read (it is not in this browser's storage any more); " +
        "the saved images are damaged: the uploaded archive a layer is kept in cannot be read (it is not in this browser's storage any more); starting fresh",
    ]);
    expect((await second.run('docker images -q | wc -l')).stdout).toBe('0\n');
  }, 30_000);

  it('an upload the browser cannot keep (its storage is full) works until a reload, and never damages what was saved', async () => {
    const store = new MemoryStore();
    const first = await pageLoad(store);
    await first.run('echo kept > notes.txt');
    await first.keeper.saveNow();
    const setMany = store.setMany.bind(store);
    store.setMany = async (entries) => {
      if (entries.some(([, value]) => value instanceof Blob || (value instanceof Uint8Array && value.length > 4096))) throw new Error('QuotaExceededError');
      return setMany(entries);
    };
    const result = await first.transfer.uploadArchive(fixtureFile(BUNDLE));
    expect(result.ok && result.loaded.at(-1)).toBe("this browser could not keep it (QuotaExceededError): it is gone after a reload");
    expect((await first.run(`docker images -q ${TAG} | wc -l`)).stdout).toBe('1\n');
    store.setMany = setMany;
    const second = await pageLoad(store);
    expect(second.reports).toEqual([]);
    expect((await second.run('cat notes.txt')).stdout).toBe('kept\n');
  }, 30_000);

  it('an image saved in the page, downloaded and uploaded again runs', async () => {
    const page = await pageLoad(new MemoryStore());
    await page.run('docker pull -q busybox');
    const saved = await page.transfer.downloadImage('busybox');
    await page.run('docker rmi -f busybox');
    const result = await page.transfer.uploadArchive(new File([saved.blob], saved.fileName));
    expect(result).toEqual({ ok: true, path: '/root/busybox.tar', loaded: ['Loaded image: busybox:latest'] });
    const ran = await page.run('docker run --rm busybox echo hi from busybox');
    expect(ran.terminal).toBe('hi from busybox\n');
  }, 30_000);

  it('says in plain words when the archive is no image, and keeps what was loaded', async () => {
    const page = await pageLoad(new MemoryStore());
    await page.transfer.uploadArchive(fixtureFile(BUNDLE));
    const result = await page.transfer.uploadArchive(fixtureFile('tar/gnu.tar'));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/^this is not a docker save or OCI archive: [^\n]+$/);
    const images = await page.run('docker images -q | wc -l\ntar -tf gnu.tar');
    expect(images.stdout).toBe(`1\n${execFileSync('tar', ['-tf', fixturePath('tar/gnu.tar')], { encoding: 'utf8' })}`);
  }, 30_000);
});

describe('download', () => {
  it('hands the page a Blob with the file bytes', async () => {
    const page = await pageLoad(new MemoryStore());
    await page.transfer.uploadArchive(fixtureFile(BUNDLE));
    const run = await page.run('printf "hello\\n" > note.txt\ndownload note.txt mutate-overwritten_file.tar');
    expect(run.terminal).toBe('');
    expect(page.downloads.map((d) => d.fileName)).toEqual(['note.txt', 'mutate-overwritten_file.tar']);
    expect(new TextDecoder().decode(await page.downloads[0]!.blob.arrayBuffer())).toBe('hello\n');
    expect(Buffer.from(await page.downloads[1]!.blob.arrayBuffer()).equals(readFileSync(fixturePath(BUNDLE)))).toBe(true);
  }, 30_000);

  it('fails as coreutils commands fail, and the shell goes on', async () => {
    const page = await pageLoad(new MemoryStore());
    const run = await page.run('download\ndownload nope /tmp\necho still here');
    expect(run.terminal).toBe(
      "download: missing file operand\nTry 'download --help' for more information.\n" +
        'download: nope: No such file or directory\ndownload: /tmp: Is a directory\nstill here\n',
    );
  }, 30_000);

  it('gives the transfer API files, layers and docker save archives', async () => {
    const page = await pageLoad(new MemoryStore());
    await page.transfer.uploadArchive(fixtureFile(BUNDLE));
    const layer = await page.transfer.downloadLayer(TAG, 1);
    expect(Buffer.from(await layer.blob.arrayBuffer()).equals(layerOf(1))).toBe(true);
    const image = await page.transfer.downloadImage(TAG);
    expect(image.fileName).toBe('mutate_overwritten_file.tar');
    const listing = execFileSync('tar', ['-t'], { input: Buffer.from(await image.blob.arrayBuffer()), encoding: 'utf8' });
    expect(listing).toContain('manifest.json');
    await expect(page.transfer.downloadImage('nope')).rejects.toThrow('No such image: nope');
  }, 30_000);
});
