import { describe, expect, it } from 'vitest';
import { ImageFormatError, LayerlabError } from '../../src/engine/errors.ts';
import { openArchive } from '../../src/engine/image/archive.ts';
import { verifyImage } from '../../src/engine/image/verify.ts';
import { MemorySource } from '../../src/engine/io/byte-source.ts';
import { pyTar, sha256, type TarMember } from './build-archive.ts';

const open = (members: TarMember[]) => openArchive(new MemorySource(pyTar(members)));

const LAYER = pyTar([{ name: 'file', data: 'content' }]);
const ID_A = 'a'.repeat(64);
const ID_B = 'b'.repeat(64);
const config = (diffIds: string[]) => JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: diffIds } });
const manifest = (layers: string[], cfg = 'config.json') => JSON.stringify([{ Config: cfg, RepoTags: ['t:1'], Layers: layers }]);

async function failure(members: TarMember[]): Promise<LayerlabError> {
  const err = await open(members).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(LayerlabError);
  expect((err as Error).message).not.toContain('\n');
  return err as LayerlabError;
}

describe('malformed docker save archives give one-line ImageFormatErrors', () => {
  it('manifest.json that is not JSON', async () => {
    const err = await failure([{ name: 'manifest.json', data: '[{"Config": ' }]);
    expect(err).toBeInstanceOf(ImageFormatError);
    expect(err.message).toMatch(/^manifest.json is not valid JSON/);
  });

  it('manifest.json of the wrong shape', async () => {
    expect((await failure([{ name: 'manifest.json', data: '{"Config": "x"}' }])).message).toBe('manifest.json must be a JSON array, not an object');
    expect((await failure([{ name: 'manifest.json', data: '[]' }])).message).toMatch(/empty list/);
    expect((await failure([{ name: 'manifest.json', data: '[{"Config": 7}]' }])).message).toBe('manifest.json[0].Config must be a string, not a number');
    expect((await failure([{ name: 'manifest.json', data: '[{"Config": "c", "Layers": [null]}]' }])).message).toBe('manifest.json[0].Layers[0] must be a string, not null');
  });

  it('a missing config', async () => {
    const err = await failure([{ name: 'manifest.json', data: manifest([]) }]);
    expect(err.message).toBe('image 0 (t:1): config config.json: config.json is missing from the archive');
  });

  it('a config that is not an image config', async () => {
    const err = await failure([
      { name: 'manifest.json', data: manifest([]) },
      { name: 'config.json', data: '{"os": "linux"}' },
    ]);
    expect(err.message).toBe('image 0 (t:1): config.rootfs must be a JSON object, not a undefined');
  });

  it('diff_ids that do not match the layer count', async () => {
    const err = await failure([
      { name: 'manifest.json', data: manifest(['l/layer.tar']) },
      { name: 'config.json', data: config([]) },
      { name: 'l/layer.tar', data: LAYER },
    ]);
    expect(err.message).toBe('image 0 (t:1): the config lists 0 diff_ids but manifest.json lists 1 layers');
  });

  it('a diff_id that is not a digest', async () => {
    const err = await failure([
      { name: 'manifest.json', data: manifest(['l/layer.tar']) },
      { name: 'config.json', data: config(['sha256:../../x']) },
    ]);
    expect(err.message).toMatch(/rootfs.diff_ids\[0\]: invalid digest/);
  });

  it('a missing layer', async () => {
    const err = await failure([
      { name: 'manifest.json', data: manifest(['l/layer.tar']) },
      { name: 'config.json', data: config([sha256(LAYER)]) },
    ]);
    expect(err.message).toBe('image 0 (t:1): layer 0: l/layer.tar is missing from the archive');
  });

  it('layer links that loop or leave the archive', async () => {
    const base: TarMember[] = [
      { name: 'manifest.json', data: manifest(['a/layer.tar']) },
      { name: 'config.json', data: config([sha256(LAYER)]) },
    ];
    const loop = await failure([...base, { name: 'a/layer.tar', type: 'symlink', target: '../b/layer.tar' }, { name: 'b/layer.tar', type: 'symlink', target: '../a/layer.tar' }]);
    expect(loop.message).toBe('a/layer.tar: too many levels of links inside the archive');
    const escape = await failure([...base, { name: 'a/layer.tar', type: 'symlink', target: '../../../etc/passwd' }]);
    expect(escape.message).toBe('a/layer.tar: link points outside the archive');
  });

  it('a hard-linked layer path resolves to its target', async () => {
    const archive = await open([
      { name: 'manifest.json', data: manifest(['a/layer.tar', 'b/layer.tar']) },
      { name: 'config.json', data: config([sha256(LAYER), sha256(LAYER)]) },
      { name: 'b/layer.tar', data: LAYER },
      { name: 'a/layer.tar', type: 'hardlink', target: 'b/layer.tar' },
    ]);
    const report = await verifyImage(archive.images[0]!);
    expect(report.ok).toBe(true);
  });

  it('a JSON member above the size cap is refused before it is read', async () => {
    const big = `[${' '.repeat(16 * 1024 * 1024)}]`;
    const err = await failure([{ name: 'manifest.json', data: big }]);
    expect(err.message).toBe(`manifest.json is ${big.length} bytes, more than the 16777216 allowed`);
  });

  it('an archive that is not a tar at all', async () => {
    await expect(openArchive(new MemorySource(new TextEncoder().encode('hello, not a tar'.repeat(100))))).rejects.toThrow(LayerlabError);
  });
});

describe('legacy archives rebuilt from repositories + layer json', () => {
  const layerA = pyTar([{ name: 'base', data: 'base layer' }]);
  const layerB = pyTar([{ name: 'top', data: 'top layer' }]);
  const v1 = (id: string, parent?: string, cmd = 'ADD base /') =>
    JSON.stringify({ id, ...(parent ? { parent } : {}), created: '2020-01-01T00:00:00Z', container_config: { Cmd: ['/bin/sh', '-c', cmd] }, config: { Env: ['A=1'] }, architecture: 'amd64', os: 'linux' });

  it('derives a config from the parent chain when no stored config matches', async () => {
    const archive = await open([
      { name: 'repositories', data: JSON.stringify({ 'old/image': { latest: ID_B } }) },
      { name: `${ID_A}/json`, data: v1(ID_A) },
      { name: `${ID_A}/layer.tar`, data: layerA },
      { name: `${ID_B}/json`, data: v1(ID_B, ID_A, 'ADD top /') },
      { name: `${ID_B}/layer.tar`, data: layerB },
    ]);
    const img = archive.images[0]!;
    expect(img.repoTags).toEqual(['old/image:latest']);
    expect(img.configFile.rootfs.diff_ids).toEqual([sha256(layerA), sha256(layerB)]);
    expect(img.configFile.config).toEqual({ Env: ['A=1'] });
    expect(img.configFile.id).toBeUndefined();
    expect(img.configFile.parent).toBeUndefined();
    expect(img.configFile.history?.map((h) => h.created_by)).toEqual(['/bin/sh -c ADD base /', '/bin/sh -c ADD top /']);
    expect(img.id).toBe(sha256(img.rawConfig));
    expect((await verifyImage(img)).ok).toBe(true);
  });

  it('a parent loop or a missing layer json is a clear error', async () => {
    const loop = await failure([
      { name: 'repositories', data: JSON.stringify({ r: { t: ID_A } }) },
      { name: `${ID_A}/json`, data: v1(ID_A, ID_B) },
      { name: `${ID_B}/json`, data: v1(ID_B, ID_A) },
    ]);
    expect(loop.message).toBe(`image r:t: layer ${ID_A} is its own ancestor`);
    const missing = await failure([{ name: 'repositories', data: JSON.stringify({ r: { t: ID_A } }) }]);
    expect(missing.message).toBe(`image r:t: layer ${ID_A}/json: ${ID_A}/json is missing from the archive`);
    const badId = await failure([{ name: 'repositories', data: JSON.stringify({ r: { t: '../etc' } }) }]);
    expect(badId.message).toBe('repositories.r.t: invalid layer id "../etc"');
  });
});
