/**
 * Damaged and hostile archives uploaded on the page: each is one plain line (the student's words,
 * then the engine's or the daemon's detail), the images already loaded stay, the file is still
 * in the home directory for `tar -tvf`, and the shell goes on. Each archive is the real fixture
 * changed by Python's tarfile at test time; GNU tar and sha256sum are the oracles for what is
 * wrong with it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../fixtures.ts';
import { writeDockerSave } from './support/docker-save-by-python.ts';
import { MemoryStore, pageLoad } from './support/page-load.ts';

const BUNDLE = fixturePath('images/mutate-overwritten_file.tar');
const KEPT = fixturePath('images/mutate-whiteout_image.tar');
const KEPT_TAG = 'bazel/pkg/v1/mutate:whiteout_image';

/** Rewrites BUNDLE into argv[2] with CHANGE (Python, given `name`, `data`; returns new data, or None to drop the member). */
const REWRITE = String.raw`
import copy, io, json, sys, tarfile
src = tarfile.open(sys.argv[1]); out = tarfile.open(sys.argv[2], 'w', format=tarfile.USTAR_FORMAT)
def change(name, data):
    exec(sys.argv[3], globals(), scope := {'name': name, 'data': data, 'json': json, 'tarfile': tarfile, 'io': io})
    return scope['data']
for m in src.getmembers():
    data = src.extractfile(m).read() if m.isfile() else None
    if data is not None: data = change(m.name, data)
    m2 = copy.copy(m)
    if data is not None: m2.size = len(data)
    out.addfile(m2, io.BytesIO(data) if data is not None else None)
for extra in sys.argv[4:]:
    info = tarfile.TarInfo(extra); info.size = 5; out.addfile(info, io.BytesIO(b'evil\n'))
out.close()
`;

let work: string;
beforeAll(() => {
  if (spawnSync('python3', ['--version']).error) throw new Error('python3 is needed to build the test archives: apt-get install -y python3');
  work = mkdtempSync(join(tmpdir(), 'layerlab-bad-uploads-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function rewritten(name: string, change: string, extraMembers: string[] = []): string {
  const path = join(work, name);
  execFileSync('python3', ['-c', REWRITE, BUNDLE, path, change, ...extraMembers]);
  return path;
}

const upload = (path: string) => new File([readFileSync(path)], path.split('/').pop()!);

/** A page with one image loaded already, the one that must survive. */
async function pageWithAnImage() {
  const page = await pageLoad(new MemoryStore());
  const first = await page.transfer.uploadArchive(upload(KEPT));
  expect(first.ok).toBe(true);
  return page;
}

async function expectNothingLost(page: Awaited<ReturnType<typeof pageLoad>>, fileName: string, path: string) {
  const after = await page.run(`docker images --format "{{.Repository}}:{{.Tag}}"\ntar -tf ${fileName} | head -1\necho still working`);
  const first = spawnSync('tar', ['-tf', path], { encoding: 'utf8' }).stdout.split('\n')[0];
  expect(after.stdout).toBe(`${KEPT_TAG}\n${first}\nstill working\n`);
}

describe('a bad archive uploaded on the page', () => {
  it('cut short: not an image, with the byte where it ends, as GNU tar also fails on it', async () => {
    const path = join(work, 'truncated.tar');
    execFileSync('sh', ['-c', `head -c 30000 '${BUNDLE}' > '${path}'`]);
    const gnu = spawnSync('tar', ['-tf', path], { encoding: 'utf8' });
    expect(gnu.status).toBe(2); // GNU tar: "Unexpected EOF in archive"
    const page = await pageWithAnImage();
    const result = await page.transfer.uploadArchive(upload(path));
    expect(result).toEqual({
      ok: false,
      path: '/root/truncated.tar',
      error: 'this is not a docker save or OCI archive: invalid tar at byte 28160: entry data (10240 bytes) runs past the end of the archive',
    });
    await expectNothingLost(page, 'truncated.tar', path);
  });

  it('a layer changed after its digest was taken: refused as docker load refuses it, naming the digest it has', async () => {
    // One byte of a file inside layer 1 flipped: same sizes, another digest.
    const path = rewritten(
      'wrong-digest.tar',
      String.raw`
if name.startswith('70296') and name.endswith('/layer.tar'):
    layer = tarfile.open(fileobj=io.BytesIO(data))
    member = next(m for m in layer.getmembers() if m.isfile() and m.size > 0)
    data = bytearray(data); data[member.offset_data] ^= 1; data = bytes(data)
`,
    );
    const manifest = JSON.parse(execFileSync('tar', ['-xOf', path, 'manifest.json'], { encoding: 'utf8' })) as { Config: string; Layers: string[] }[];
    const config = JSON.parse(execFileSync('tar', ['-xOf', path, manifest[0]!.Config], { encoding: 'utf8' })) as { rootfs: { diff_ids: string[] } };
    const actual = execFileSync('sha256sum', { input: execFileSync('tar', ['-xOf', path, manifest[0]!.Layers[1]!]) }).toString().split(' ')[0];
    const page = await pageWithAnImage();
    const result = await page.transfer.uploadArchive(upload(path));
    expect(result).toEqual({
      ok: false,
      path: '/root/wrong-digest.tar',
      error: `docker load refused it: invalid diffID for layer 1: expected "${config.rootfs.diff_ids[1]}", got "sha256:${actual}"`,
    });
    await expectNothingLost(page, 'wrong-digest.tar', path);
  });

  it('a changed archive of an image the daemon has: loaded without reading its layers, as docker load skips layers it has', async () => {
    // An image of two layers of 3 MB, and the same archive with one byte of layer 1 flipped (Python's tarfile).
    const original = join(work, 'big-layers.tar');
    const changed = join(work, 'big-layers-changed.tar');
    writeDockerSave('two:layers', [{ random: 3_000_000 }, { random: 3_000_000 }], [{ path: original }, { path: changed, flip: [1, 2000] }]);
    const layers = JSON.parse(
      execFileSync('python3', ['-c', "import json,sys,tarfile; print(json.dumps([[m.offset_data, m.size] for m in tarfile.open(sys.argv[1]) if m.name.endswith('/layer.tar')]))", changed], { encoding: 'utf8' }),
    ) as [number, number][];
    const page = await pageWithAnImage();
    expect((await page.transfer.uploadArchive(upload(original))).ok).toBe(true);
    const saved = async () => (await page.run('docker save two:layers | sha256sum')).stdout;
    const before = await saved();

    // What each read of the upload (or of the stored copy, a slice of it) covers.
    const reads: [number, number][] = [];
    class CountingBlob extends Blob {
      constructor(
        part: Blob,
        private readonly base: number,
      ) {
        super([part]);
      }
      override slice(start = 0, end?: number, type?: string): Blob {
        return new CountingBlob(super.slice(start, end, type), this.base + start);
      }
      override arrayBuffer(): Promise<ArrayBuffer> {
        reads.push([this.base, this.base + this.size]);
        return super.arrayBuffer();
      }
      override stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
        reads.push([this.base, this.base + this.size]);
        return super.stream();
      }
    }
    class CountingFile extends File {
      override slice(start = 0, end?: number, type?: string): Blob {
        return new CountingBlob(super.slice(start, end, type), start);
      }
    }
    const result = await page.transfer.uploadArchive(new CountingFile([readFileSync(changed)], 'big-layers-changed.tar'));
    expect(result).toEqual({ ok: true, path: '/root/big-layers-changed.tar', loaded: ['Loaded image: two:layers'], layersAlreadyHere: 2 });
    // Reading the archive's headers reads ahead into the layers (256 KiB windows, read-tar-index.ts); their 6 MB are not read.
    const layerBytesRead = reads.reduce(
      (sum, [start, end]) => sum + layers.reduce((inLayers, [offset, size]) => inLayers + Math.max(0, Math.min(end, offset + size) - Math.max(start, offset)), 0),
      0,
    );
    expect(reads.length).toBeGreaterThan(0);
    expect(layerBytesRead).toBeLessThan(layers.reduce((sum, [, size]) => sum + size, 0) / 4);
    // The image is the one loaded first, its layers untouched: its docker save has the same bytes.
    expect(await saved()).toBe(before);
    // Into a daemon without the image, the changed archive is refused.
    const fresh = await pageWithAnImage();
    expect(await fresh.transfer.uploadArchive(upload(changed))).toMatchObject({ ok: false, error: expect.stringMatching(/^docker load refused it: invalid diffID for layer 1/) });
  });

  it('a manifest whose Config climbs out with ..: not an image, the path looked up only inside the archive', async () => {
    const path = rewritten(
      'dotdot.tar',
      String.raw`
if name == 'manifest.json':
    manifest = json.loads(data); manifest[0]['Config'] = '../../etc/passwd'; data = json.dumps(manifest).encode()
`,
    );
    const page = await pageWithAnImage();
    const result = await page.transfer.uploadArchive(upload(path));
    expect(result).toEqual({
      ok: false,
      path: '/root/dotdot.tar',
      error: 'this is not a docker save or OCI archive: image 0 (bazel/pkg/v1/mutate:overwritten_file): config ../../etc/passwd: ../../etc/passwd is missing from the archive',
    });
    await expectNothingLost(page, 'dotdot.tar', path);
  });

  it('a member named ../../../tmp/evil beside the image: loaded, as docker load (it unpacks in a chroot), and nothing is written there', async () => {
    const path = rewritten('dotdot-member.tar', 'pass', ['../../../tmp/evil']);
    expect(spawnSync('tar', ['-tf', path], { encoding: 'utf8' }).stdout).toContain('../../../tmp/evil\n');
    const page = await pageWithAnImage();
    const result = await page.transfer.uploadArchive(upload(path));
    expect(result).toEqual({ ok: true, path: '/root/dotdot-member.tar', loaded: ['Loaded image: bazel/pkg/v1/mutate:overwritten_file'] });
    expect((await page.run('ls /tmp/evil /evil; echo $?')).terminal).toBe(
      "ls: cannot access '/tmp/evil': No such file or directory\nls: cannot access '/evil': No such file or directory\n2\n",
    );
  });

  it('a file name with control characters: kept as named, and ls shows it quoted as GNU ls does on a terminal', async () => {
    const page = await pageWithAnImage();
    const name = 'new\x1b[2Jname\t.tar';
    const result = await page.transfer.uploadArchive(new File([readFileSync(BUNDLE)], name));
    expect(result).toEqual({ ok: true, path: `/root/${name}`, loaded: ['Loaded image: bazel/pkg/v1/mutate:overwritten_file'] });
    // GNU ls on a file of that name, with the quoting it uses on a terminal.
    const dir = mkdtempSync(join(work, 'ls-'));
    writeFileSync(join(dir, name), '');
    const gnu = execFileSync('ls', ['--quoting-style=shell-escape'], { cwd: dir, encoding: 'utf8' });
    expect(gnu).toBe("'new'$'\\033''[2Jname'$'\\t''.tar'\n");
    expect((await page.run('ls --quoting-style=shell-escape new*')).stdout).toBe(gnu);
  });

  it('a name already in the home directory: the student’s file stays, the upload goes beside it with -1, -2', async () => {
    const page = await pageWithAnImage();
    await page.run('echo my work > mine.tar; ln -s nowhere mine-1.tar');
    const result = await page.transfer.uploadArchive(new File([readFileSync(BUNDLE)], 'mine.tar'));
    expect(result).toMatchObject({ ok: true, path: '/root/mine-2.tar' });
    const again = await page.transfer.uploadArchive(new File([readFileSync(BUNDLE)], 'mine.tar'));
    expect(again).toMatchObject({ ok: true, path: '/root/mine-3.tar' });
    expect((await page.run('cat mine.tar; readlink mine-1.tar; sha256sum mine-2.tar mine-3.tar | cut -c1-64 | uniq | wc -l')).stdout).toBe('my work\nnowhere\n1\n');
  });
});

describe('a compressed archive that unpacks to more than the browser keeps in memory', () => {
  it('says so and what to do instead (unpack it, load the .tar), and loses nothing', async () => {
    // Chromium's blob store refuses a Blob made in memory past its limit (2 GiB measured in the
    // worker, headless Chromium 156), and the refused part only fails when read. A Blob here
    // that behaves so, with a limit of 40 kB: the gzip of the 51 kB bundle unpacks past it.
    const LIMIT = 40_000;
    const RealBlob = globalThis.Blob;
    let kept = 0;
    class LimitedBlob extends RealBlob {
      private readonly refused: boolean;
      constructor(parts?: BlobPart[], options?: BlobPropertyBag) {
        super(parts, options);
        const made = (parts ?? []).reduce((sum, part) => sum + (ArrayBuffer.isView(part) ? part.byteLength : 0), 0);
        kept += made;
        this.refused = made > 0 && kept > LIMIT;
      }
      override slice(start?: number, end?: number, type?: string): Blob {
        const slice = super.slice(start, end, type);
        return this.refused ? Object.assign(slice, { arrayBuffer: () => Promise.reject(new DOMException('The requested file could not be read', 'NotReadableError')) }) : slice;
      }
    }
    const path = join(work, 'big.tar.gz');
    writeFileSync(path, execFileSync('gzip', ['-c', BUNDLE]));
    const unpacked = readFileSync(BUNDLE).length;
    expect(unpacked).toBeGreaterThan(LIMIT);
    const page = await pageWithAnImage();
    globalThis.Blob = LimitedBlob as typeof Blob;
    let result;
    try {
      result = await page.transfer.uploadArchive(upload(path));
    } finally {
      globalThis.Blob = RealBlob;
    }
    expect(result).toEqual({
      ok: false,
      path: '/root/big.tar.gz',
      error:
        'too big to unpack in this browser: the browser would not keep more than 0 MB in memory. ' +
        'Unpack it on your computer (gunzip big.tar.gz) and load the .tar: a file you pick is read from your disk, whatever its size',
    });
    const after = await page.run(`docker images --format "{{.Repository}}:{{.Tag}}"\ngunzip -c big.tar.gz | tar -tf - | head -1\necho still working`);
    const first = spawnSync('tar', ['-tf', BUNDLE], { encoding: 'utf8' }).stdout.split('\n')[0];
    expect(after.stdout).toBe(`${KEPT_TAG}\n${first}\nstill working\n`);
  });
});
