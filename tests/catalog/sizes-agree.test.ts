/**
 * Sizes that add up: a placeholder binary is as long as the real one, so every tool that
 * measures an image tells the same story — `docker images`, `docker history`, `docker system
 * df`, `docker inspect`, `ls -l`, `wc -c`, `du -s` in a container, `docker save | wc -c`, GNU
 * `tar -tv` of the saved layers, and dive's efficiency totals. The oracles are GNU tar,
 * coreutils' sha256sum and Python's tarfile (tests/docker/support/unpacked-size.py) run on the
 * archive `docker save -o` wrote, copied out of the playground's filesystem chunk by chunk.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeEfficiency } from '../../src/engine/analysis/efficiency.ts';
import { openArchive } from '../../src/engine/image/archive.ts';
import { bytesInMemory, MemorySource, readChunks } from '../../src/engine/io/byte-source.ts';
import { ConcatSource } from '../../src/engine/io/concat-source.ts';
import { FileSource } from '../../src/node/file-source.ts';
import type { ShellSession } from '../../src/shell/session.ts';
import { newDaemon, runDocker } from '../docker/support/docker-shell.ts';

const UNPACKED_SIZE = new URL('../docker/support/unpacked-size.py', import.meta.url).pathname;

for (const tool of ['tar', 'sha256sum', 'python3']) {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`]);
  } catch {
    throw new Error(`these tests need ${tool} as an oracle: apt-get install -y ${tool === 'sha256sum' ? 'coreutils' : tool}`);
  }
}

/** `<bytes> <human>` from the Python oracle, for some layer tars. */
function oracleSize(precision: number, tars: readonly string[]): { bytes: number; human: string } {
  const [bytes, human] = execFileSync('python3', [UNPACKED_SIZE, String(precision), ...tars], { encoding: 'utf8' }).trim().split(' ');
  return { bytes: Number(bytes), human: human! };
}

/** GNU `tar -tv` lines as { mode, size, name, and a hard link's target }. */
function gnuListing(tar: string): { mode: string; size: number; name: string; linkTo?: string }[] {
  return execFileSync('tar', ['-tvf', tar], { encoding: 'utf8', maxBuffer: 1 << 26 })
    .trimEnd()
    .split('\n')
    .map((line) => {
      const [mode, , size, , , ...rest] = line.split(/\s+/);
      const [name, linkTo] = rest.join(' ').split(' link to ');
      return { mode: mode!, size: Number(size), name: name!, ...(linkTo !== undefined ? { linkTo } : {}) };
    });
}

/**
 * `saveOverhead`: how much more `docker save` writes than SIZE, at most. Tar spends a 512-byte
 * header on every entry, so busybox's ~400 hard-linked applets cost about 5 % more, as in a
 * real save of it.
 */
const IMAGES = [
  { tag: 'redis:3.2.11-alpine', binary: '/usr/local/bin/redis-server', saveOverhead: 0.05 },
  { tag: 'busybox:latest', binary: '/bin/busybox', saveOverhead: 0.06 },
];

describe.each(IMAGES)('$tag: sizes agree everywhere', ({ tag, binary, saveOverhead }) => {
  const daemon = newDaemon();
  let session: ShellSession | undefined;
  const sh = async (script: string) => {
    const run = await runDocker(script, { daemon, ...(session ? { session } : {}) });
    session = run.session;
    expect(run.stderr, script).toBe('');
    return run.stdout;
  };
  let dir: string;
  let archive: string;
  let layers: string[];
  let config: { history: { empty_layer?: boolean }[] };
  let inspectSize: number;

  beforeAll(async () => {
    await sh(`docker pull -q ${tag} >/dev/null`);
    await sh(`docker save -o /tmp/image.tar ${tag}`);
    inspectSize = Number(await sh(`docker inspect --format '{{.Size}}' ${tag}`));
    // Copied out with the engine's reader, a chunk at a time, as a download would.
    dir = mkdtempSync(join(tmpdir(), 'layerlab-sizes-'));
    archive = join(dir, 'image.tar');
    const fd = openSync(archive, 'w');
    for await (const chunk of readChunks(await session!.fs.openFile('/tmp/image.tar'))) writeSync(fd, chunk);
    closeSync(fd);
    mkdirSync(join(dir, 'x'));
    execFileSync('tar', ['-xf', archive, '-C', join(dir, 'x')]);
    const manifest = JSON.parse(readFileSync(join(dir, 'x/manifest.json'), 'utf8')) as [{ Config: string; Layers: string[] }];
    layers = manifest[0].Layers.map((path) => join(dir, 'x', path));
    config = JSON.parse(readFileSync(join(dir, 'x', manifest[0].Config), 'utf8'));
  }, 120_000);

  it('docker inspect, docker images and docker system df show the unpacked size Python measures in the saved layers', async () => {
    expect(inspectSize).toBe(oracleSize(3, layers).bytes);
    expect((await sh(`docker images --format '{{.Size}}' ${tag}`)).trim()).toBe(oracleSize(3, layers).human);
    expect(await sh(`docker system df --format '{{.Type}} {{.Size}}' | head -1`)).toBe(`Images ${oracleSize(4, layers).human}\n`);
  });

  it('docker history gives each layer the size of its saved tar, and they add up', async () => {
    let next = 0;
    const expected = config.history.map((h) => (h.empty_layer ? '0B' : oracleSize(3, [layers[next++]!]).human));
    expect(next).toBe(layers.length);
    expect((await sh(`docker history --format '{{.Size}}' ${tag}`)).trimEnd().split('\n')).toEqual(expected.reverse());
    expect(layers.reduce((n, layer) => n + oracleSize(3, [layer]).bytes, 0)).toBe(inspectSize);
  });

  it('ls -l, wc -c and sha256sum in a container match GNU tar -tv and sha256sum of the file GNU tar extracts from the saved layer', async () => {
    const layer = layers.find((l) => gnuListing(l).some((e) => e.name === binary.slice(1)))!;
    // A hard link's data is under the first name the layer gives the file (busybox: `bin/[`).
    const linked = gnuListing(layer).find((e) => e.name === binary.slice(1))!;
    const name = linked.linkTo ?? linked.name;
    const listed = gnuListing(layer).find((e) => e.name === name && e.mode.startsWith('-'))!;
    expect(listed.size).toBeGreaterThan(500_000);
    const ls = (await sh(`docker run --rm ${tag} ls -l ${binary}`)).trim().split(/\s+/);
    expect(Number(ls[4])).toBe(listed.size);
    expect(await sh(`docker run --rm ${tag} wc -c ${binary}`)).toBe(`${listed.size} ${binary}\n`);
    const out = join(dir, 'extracted');
    mkdirSync(out);
    execFileSync('tar', ['-xf', layer, '-C', out, name]);
    expect(statSync(join(out, name)).size).toBe(listed.size);
    const real = execFileSync('sha256sum', [join(out, name)], { encoding: 'utf8' }).split(' ')[0];
    expect(await sh(`docker run --rm ${tag} sha256sum ${binary}`)).toBe(`${real}  ${binary}\n`);
  });

  it('du -s / in a container is the image size rounded up to blocks (within 5 %)', async () => {
    const kib = Number((await sh(`docker run --rm ${tag} du -s /`)).split(/\s+/)[0]);
    expect(kib * 1024).toBeGreaterThanOrEqual(inspectSize);
    expect(kib * 1024).toBeLessThan(inspectSize * 1.05);
  });

  it('docker save | wc -c is the saved file, GNU tar lists each layer at its tar size, and it is close to SIZE', async () => {
    const piped = Number(await sh(`docker save ${tag} | wc -c`));
    expect(piped).toBe(statSync(archive).size);
    expect((await sh('ls -l /tmp/image.tar')).split(/\s+/)[4]).toBe(String(piped));
    expect(piped).toBeGreaterThan(inspectSize);
    expect((piped - inspectSize) / inspectSize).toBeLessThan(saveOverhead);
    const listing = gnuListing(archive);
    for (const layer of layers) expect(listing.find((e) => join(dir, 'x', e.name) === layer)!.size).toBe(statSync(layer).size);
  });

  it("dive's totals count the same bytes: the tar header sizes GNU tar lists", async () => {
    const image = (await openArchive(FileSource.open(archive))).images[0]!;
    const report = await analyzeEfficiency(image.layers);
    const headerSizes = layers.flatMap(gnuListing).reduce((n, e) => n + e.size, 0);
    expect(report.sizeBytes).toBe(headerSizes);
    // What dive counts and overlay2's size differ only by symlink targets.
    expect(Math.abs(report.sizeBytes - inspectSize) / inspectSize).toBeLessThan(0.01);
  });

  it('the saved file in the playground holds layers as pattern runs, not expanded bytes', async () => {
    const saved = await session!.fs.openFile('/tmp/image.tar');
    expect(saved.size).toBe(statSync(archive).size);
    expect(bytesInMemory(saved)).toBeUndefined();
    const parts = saved instanceof ConcatSource ? saved.parts : [saved];
    const inMemory = parts.filter((p) => p instanceof MemorySource).reduce((n, p) => n + p.size, 0);
    expect(inMemory).toBeLessThan(Math.min(512 * 1024, saved.size / 10));
  });
});
