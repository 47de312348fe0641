import { describe, expect, it } from 'vitest';
import { ImageFormatError } from '../../src/engine/errors.ts';
import { openArchive } from '../../src/engine/image/archive.ts';
import { imageHistory } from '../../src/engine/image/history.ts';
import { appendLayer, layerFromTar, setConfig } from '../../src/engine/image/mutate.ts';
import { verifyImage } from '../../src/engine/image/verify.ts';
import { FileSource } from '../../src/node/file-source.ts';
import { fixturePath } from '../fixtures.ts';
import { gnuTarNames, gzip, pyTar, sha256 } from './build-archive.ts';

const base = async () => (await openArchive(FileSource.open(fixturePath('images/tarball-test_image_1.tar')))).images[0]!;

describe('pure image mutations', () => {
  it('layerFromTar: digest and diff_id are the sha256 of the tar; entries and contents readable', async () => {
    const tar = pyTar([{ name: 'etc/motd', data: 'hello from layerlab\n' }, { name: 'etc', type: 'dir' }]);
    const layer = layerFromTar(tar);
    expect(layer.digest).toBe(sha256(tar));
    expect(layer.diffId).toBe(sha256(tar));
    expect(layer.compression).toBe('none');
    expect([...(await layer.index())].map((e) => e.name)).toEqual(gnuTarNames(tar));
    expect(new TextDecoder().decode(await layer.read(0))).toBe('hello from layerlab\n');
    expect(() => layerFromTar(gzip(tar))).toThrow(ImageFormatError);
  });

  it('appendLayer returns a new image with a new config, ID, diff_ids, history and manifest', async () => {
    const image = await base();
    const before = { id: image.id, diffIds: [...image.configFile.rootfs.diff_ids], raw: image.rawConfig.slice() };
    const layer = layerFromTar(pyTar([{ name: 'new-file', data: 'new' }]));
    const next = appendLayer(image, layer, { created_by: 'COPY new-file /' });
    expect(next.layers).toEqual([...image.layers, layer]);
    expect(next.configFile.rootfs.diff_ids).toEqual([...before.diffIds, layer.diffId]);
    expect(next.id).toBe(sha256(next.rawConfig));
    expect(next.id).not.toBe(image.id);
    expect(next.manifest.config.digest).toBe(next.id);
    expect(next.manifest.layers.at(-1)).toEqual({ mediaType: layer.mediaType, digest: layer.digest, size: layer.size });
    expect(imageHistory(next).at(-1)).toEqual({ created_by: 'COPY new-file /', layerIndex: 1 });
    expect(next.repoTags).toEqual(image.repoTags);
    // the original is untouched
    expect(image.id).toBe(before.id);
    expect(image.configFile.rootfs.diff_ids).toEqual(before.diffIds);
    expect(image.rawConfig).toEqual(before.raw);
    expect((await verifyImage(next)).ok).toBe(true);
  });

  it('setConfig merges into the container config and drops keys set to undefined', async () => {
    const image = await base();
    const a = setConfig(image, { Cmd: ['/bin/app'], Env: ['A=1'], WorkingDir: '/srv', Labels: { x: 'y' } });
    expect(a.configFile.config).toMatchObject({ Cmd: ['/bin/app'], Env: ['A=1'], WorkingDir: '/srv', Labels: { x: 'y' } });
    const b = setConfig(a, { WorkingDir: undefined });
    expect(b.configFile.config).not.toHaveProperty('WorkingDir');
    expect(b.id).toBe(sha256(b.rawConfig));
    expect(JSON.parse(new TextDecoder().decode(b.rawConfig))).toEqual(b.configFile);
    expect(b.layers).toBe(a.layers);
    expect(image.configFile.config).toEqual({});
  });
});
