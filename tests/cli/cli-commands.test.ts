import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../fixtures.ts';
import { runBin, runCli } from './run-cli.ts';

const image = (name: string) => fixturePath(`images/${name}`);
const work = mkdtempSync(join(tmpdir(), 'layerlab-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Extract a member of a tar with GNU tar. */
const member = (archive: string, name: string) => execFileSync('tar', ['-xOf', archive, name]);

describe('layerlab tar', () => {
  const listable = readdirSync(fixturePath('tar')).filter(
    (f) => f.endsWith('.tar') && spawnSync('tar', ['-tvf', fixturePath(`tar/${f}`)], { env: { TZ: 'UTC' } }).status === 0,
  );

  it.each(listable)('prints exactly what `TZ=UTC tar -tvf` prints for %s', async (file) => {
    const path = fixturePath(`tar/${file}`);
    const expected = execFileSync('tar', ['-tvf', path], { env: { TZ: 'UTC', LC_ALL: 'C.UTF-8' } }).toString('utf8');
    const r = await runCli('tar', path);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(expected);
  });

  it('lists gzip and zstd compressed tars by their magic bytes, whatever their name', async () => {
    const plain = fixturePath('tar/gnu.tar');
    writeFileSync(join(work, 'gnu.dat'), execFileSync('gzip', ['-c', plain]));
    writeFileSync(join(work, 'gnu.bin'), execFileSync('zstd', ['-c', plain]));
    const expected = (await runCli('tar', plain)).stdout;
    expect((await runCli('tar', join(work, 'gnu.dat'))).stdout).toBe(expected);
    expect((await runCli('tar', join(work, 'gnu.bin'))).stdout).toBe(expected);
  });

  it('--json gives every field of every entry, as Python tarfile reads them', async () => {
    const path = fixturePath('tar/pax.tar');
    const python = JSON.parse(
      execFileSync('python3', ['-c', `
import json, sys, tarfile
with tarfile.open(sys.argv[1]) as t:
    print(json.dumps([dict(name=m.name, size=m.size, mode=m.mode, uid=m.uid, gid=m.gid, uname=m.uname, gname=m.gname, mtime=m.mtime, linkname=m.linkname) for m in t]))
`, path]).toString(),
    ) as Record<string, unknown>[];
    const ours = JSON.parse((await runCli('tar', path, '--json')).stdout) as Record<string, unknown>[];
    expect(ours.map(({ name, size, mode, uid, gid, uname, gname, mtime, linkname }) => ({ name, size, mode, uid, gid, uname, gname, mtime, linkname }))).toEqual(python);
    expect(ours.every((e) => typeof e.type === 'string')).toBe(true);
  });

  it.each(['neg-size.tar', 'issue10968.tar', 'pax-bad-hdr-file.tar'])('rejects malformed %s with one line naming the byte offset', async (file) => {
    const r = await runCli('tar', fixturePath(`tar/${file}`));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^layerlab: invalid tar at byte \d+: .+\n$/);
  });
});

describe('layerlab inspect', () => {
  it('reports IDs that are the sha256 of the config blobs, tags and verified layers (legacy save)', async () => {
    const archive = image('tarball-test_bundle.tar');
    const manifest = JSON.parse(member(archive, 'manifest.json').toString()) as { Config: string; RepoTags: string[]; Layers: string[] }[];
    const r = await runCli('inspect', archive, '--json');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as { format: string; images: { id: string; repoTags: string[]; layers: { diffId: string; verification: { blob: string; diffId: string } }[] }[] };
    expect(report.format).toBe('docker-legacy');
    expect(report.images).toHaveLength(manifest.length);
    for (const entry of manifest) {
      const id = 'sha256:' + createHash('sha256').update(member(archive, entry.Config)).digest('hex');
      const found = report.images.find((i) => i.id === id)!;
      expect(found.repoTags).toEqual(entry.RepoTags);
      expect(found.layers.map((l) => l.diffId)).toEqual(entry.Layers.map((l) => 'sha256:' + createHash('sha256').update(member(archive, l)).digest('hex')));
      expect(found.layers.every((l) => l.verification.blob === 'verified' && l.verification.diffId === 'verified')).toBe(true);
    }
  });

  it('reads a Docker 25+ save (OCI layout + manifest.json)', async () => {
    const r = await runCli('inspect', image('tarball-hello-world-v25.tar'), '--json');
    const report = JSON.parse(r.stdout) as { format: string; images: { id: string; config: { Cmd: string[] } }[] };
    expect(report.format).toBe('docker-oci');
    expect(report.images[0]!.id).toBe('sha256:ee301c921b8aadc002973b2e0c3da17d701dcd994b606769a7e6eaa100b81d44');
    expect(report.images[0]!.config.Cmd).toEqual(['/hello']);
  });

  it('text output names the format, tags, ID and each layer with its verification', async () => {
    const r = await runCli('inspect', image('mutate-whiteout_image.tar'));
    expect(r.stdout).toContain('docker save (legacy layout)');
    expect(r.stdout).toContain('bazel/pkg/v1/mutate:whiteout_image');
    expect(r.stdout.match(/blob verified, diff_id verified/g)).toHaveLength(3);
  });

  it('escapes control characters an archive put in a tag or the config, as it escapes file names', async () => {
    // The whiteout fixture with a RepoTag and an Env value that would clear and retitle the terminal.
    const path = join(work, 'control.tar');
    execFileSync('python3', ['-c', String.raw`
import hashlib, io, json, sys, tarfile
src = tarfile.open(sys.argv[1]); dst = tarfile.open(sys.argv[2], 'w')
names = {m.name: m for m in src.getmembers()}
manifest = json.loads(src.extractfile('manifest.json').read())
config = json.loads(src.extractfile(manifest[0]['Config']).read())
config.setdefault('config', {})['Env'] = ['A=[2J]0;pwned']
blob = json.dumps(config).encode(); name = hashlib.sha256(blob).hexdigest() + '.json'
manifest[0]['Config'] = name; manifest[0]['RepoTags'] = ['tag[31m:red']
def add(n, data): info = tarfile.TarInfo(n); info.size = len(data); dst.addfile(info, io.BytesIO(data))
for m in src.getmembers():
    if m.isfile() and m.name.endswith('/layer.tar'): add(m.name, src.extractfile(m).read())
add(name, blob); add('manifest.json', json.dumps(manifest).encode())
dst.close()
`, image('mutate-whiteout_image.tar'), path]);
    const inspect = await runCli('inspect', path);
    const verify = await runCli('verify', path);
    expect(inspect.stdout).toContain('Tags:         tag\\033[31m:red\n');
    expect(inspect.stdout).toContain('Env:          A=\\033[2J\\033]0;pwned\\a\n');
    expect(verify.stdout).toMatch(/^tag\\033\[31m:red: config verified\n/);
    for (const out of [inspect.stdout, verify.stdout]) expect(out).not.toMatch(/[\0-\x09\x0b-\x1f\x7f]/);
  });

  it('a null manifest.json is one clear error line', async () => {
    const r = await runCli('inspect', image('tarball-null_manifest.tar'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^layerlab: .*manifest\.json.*\n$/);
  });
});

describe('layerlab ls, cat, tree', () => {
  it('ls -R shows the merged filesystem: files of lower layers deleted by whiteouts are gone', async () => {
    const r = await runCli('ls', image('mutate-whiteout_image.tar'), '-R', '--json');
    const paths = (JSON.parse(r.stdout) as { path: string }[]).map((e) => e.path);
    expect(paths).toEqual(['/bar.txt']);
  });

  it("ls --layer N shows that layer's own entries, whiteout markers included", async () => {
    const r = await runCli('ls', image('mutate-whiteout_image.tar'), '--layer', '1', '-R', '--json');
    expect((JSON.parse(r.stdout) as { path: string }[]).map((e) => e.path)).toEqual(['/.wh.foo.txt']);
  });

  it('ls prints mode, owner, size, date and path like ls -ln', async () => {
    const r = await runCli('ls', image('tarball-test_image_1.tar'));
    expect(r.stdout).toMatch(/^-r-xr-xr-x 0 0 4 1970-01-01 00:00 \/bar\n/m);
  });

  it('cat prints a file byte for byte, following symlinks inside the image', async () => {
    const archive = image('mutate-overwritten_file.tar');
    const tree = await runCli('tree', archive);
    expect(tree.stdout).toMatch(/files?\n$/);
    // GNU tar's view of the layers (manifest.json's order): foo.txt is a file in the first one,
    // replaced in the second by a symlink to bar.txt.
    const layers = (JSON.parse(member(archive, 'manifest.json').toString()) as { Layers: string[] }[])[0]!.Layers.map((layer) => member(archive, layer));
    const [first, second] = [layers[0]!, layers[1]!];
    expect(execFileSync('tar', ['-tvf', '-'], { input: second }).toString()).toContain(' ./foo.txt -> bar.txt\n');
    const bar = execFileSync('tar', ['-xOf', '-', './bar.txt'], { input: second });
    const oldFoo = execFileSync('tar', ['-xOf', '-', './foo.txt'], { input: first });
    expect(bar).not.toEqual(oldFoo);
    for (const path of ['/foo.txt', '/bar.txt']) {
      const r = await runCli('cat', archive, path);
      expect(r.status).toBe(0);
      expect(Buffer.from(r.stdoutBytes)).toEqual(bar);
    }
  });

  it('cat of a missing path or a directory fails with the coreutils message', async () => {
    const missing = await runCli('cat', image('tarball-test_image_1.tar'), '/nope');
    expect(missing.stderr).toBe('layerlab: /nope: No such file or directory\n');
    const dir = await runCli('cat', image('tarball-test_image_1.tar'), '/');
    expect(dir.stderr).toBe('layerlab: /: Is a directory\n');
  });

  it('tree draws the tree and counts directories and files as tree 2.1 does (the top directory counts)', async () => {
    const r = await runCli('tree', image('tarball-test_image_1.tar'));
    expect(r.stdout).toBe('/\n├── bar\n└── foo\n\n1 directory, 2 files\n');
  });
});

describe('layerlab diff and analyze', () => {
  it('diff --layer shows a whiteout as a removal', async () => {
    const r = await runCli('diff', image('mutate-whiteout_image.tar'), '--layer', '1', '--json');
    expect(JSON.parse(r.stdout)).toEqual([expect.objectContaining({ kind: 'removed', path: '/foo.txt' })]);
  });

  it('analyze --json has the dive keys', async () => {
    const r = await runCli('analyze', image('mutate-overwritten_file.tar'), '--json');
    const report = JSON.parse(r.stdout) as Record<string, unknown>;
    for (const key of ['sizeBytes', 'userSizeBytes', 'wastedBytes', 'userWastedPercent', 'efficiency', 'inefficientFiles']) {
      expect(report).toHaveProperty(key);
    }
  });

  it('--layer out of range is a clear error', async () => {
    const r = await runCli('diff', image('mutate-whiteout_image.tar'), '--layer', '7');
    expect(r.stderr).toBe('layerlab: no layer 7: the image has 3 (0 to 2)\n');
  });
});

describe('layerlab verify', () => {
  it('exits 0 when every digest matches', async () => {
    const r = await runCli('verify', image('tarball-test_link.tar'));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('blob verified, diff_id verified');
  });

  it('exits 1 and names the layer when a layer was tampered with', async () => {
    // Change one byte inside the first layer's content, leaving the tar structure intact.
    const bytes = readFileSync(image('tarball-test_image_1.tar'));
    const manifest = JSON.parse(member(image('tarball-test_image_1.tar'), 'manifest.json').toString()) as { Layers: string[] }[];
    const layer = member(image('tarball-test_image_1.tar'), manifest[0]!.Layers[0]!);
    const at = bytes.indexOf(layer.subarray(512, 512 + 64)); // first file's content inside the layer
    expect(at).toBeGreaterThan(0);
    const tampered = Buffer.from(bytes);
    tampered[at] = tampered[at]! ^ 0x20;
    const path = join(work, 'tampered.tar');
    writeFileSync(path, tampered);
    const r = await runCli('verify', path);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/layer 0 .*mismatch/);
    expect(r.stderr).toMatch(/^layerlab: verification failed: \d+ digest checks? did not pass\n$/);
  });
});

describe('bin/layerlab', () => {
  it('runs from a clean install with no build step, and errors are one line without a stack trace', () => {
    const ok = runBin(['tar', fixturePath('tar/gnu.tar')]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('small.txt');
    for (const args of [['inspect', '/no/such/file.tar'], ['frobnicate'], ['ls'], ['tar', fixturePath('tar/neg-size.tar')]]) {
      const r = runBin(args);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/^layerlab: [^\n]+\n$/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('--help lists every command', () => {
    const r = runBin(['--help']);
    for (const name of ['inspect', 'ls', 'cat', 'tree', 'diff', 'analyze', 'verify', 'tar']) expect(r.stdout).toContain(`  ${name}`);
  });
});
