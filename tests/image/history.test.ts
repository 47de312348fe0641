import { describe, expect, it } from 'vitest';
import { openArchive } from '../../src/engine/image/archive.ts';
import { historyMismatch, imageHistory } from '../../src/engine/image/history.ts';
import { setConfigFile } from '../../src/engine/image/mutate.ts';
import { FileSource } from '../../src/node/file-source.ts';
import { fixturePath } from '../fixtures.ts';

const open = async (name: string) => (await openArchive(FileSource.open(fixturePath(`images/${name}`)))).images;

describe('imageHistory joins history entries to layers', () => {
  it('test_link: one entry per layer, in order', async () => {
    const img = (await open('tarball-test_link.tar'))[1]!;
    expect(imageHistory(img).map((h) => [h.created_by, h.layerIndex])).toEqual([
      ['bazel build ...', 0],
      ['/bin/sh -c #(nop) ADD file:31f0f7fb6b901307b3d575464f66e9aefce9cfc94db1cac4d6e9bc7a10e0f5a2 in / ', 1],
    ]);
    expect(historyMismatch(img)).toBeUndefined();
  });

  it('a config without history: one placeholder per layer, and says so', async () => {
    const [base] = await open('tarball-test_link.tar');
    const { history: _, ...withoutHistory } = base!.configFile;
    const img = setConfigFile(base!, withoutHistory);
    expect(imageHistory(img)).toEqual([{ comment: '(no history entry for this layer)', layerIndex: 0 }]);
    expect(historyMismatch(img)).toBe('the image config has no history');
  });

  it('more layer-creating entries than layers: the extra entries get no layer, and it says so', async () => {
    const [base] = await open('tarball-test_image_1.tar');
    const img = setConfigFile(base!, {
      ...base!.configFile,
      history: [{ created_by: 'RUN a' }, { created_by: 'ENV x=1', empty_layer: true }, { created_by: 'RUN b' }],
    });
    expect(imageHistory(img).map((h) => h.layerIndex)).toEqual([0, undefined, undefined]);
    expect(historyMismatch(img)).toBe('the history lists 2 layer-creating entries but the image has 1 layers');
  });
});
