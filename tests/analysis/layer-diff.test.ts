import { describe, expect, it } from 'vitest';
import { layerChanges } from '../../src/engine/analysis/layer-diff.ts';
import { NotFoundError } from '../../src/engine/errors.ts';
import { pyLayers } from '../overlay/make-tar.ts';

const layers = () =>
  pyLayers(
    [
      { name: 'etc', type: 'dir' },
      { name: 'etc/a', text: 'aaaaa' },
      { name: 'etc/b', text: 'bbb' },
      { name: 'var/log/x', text: 'x'.repeat(10) },
      { name: 'var/log/y', text: 'y'.repeat(20) },
      { name: 'opt/old', text: 'oooo' },
      { name: 'srv', type: 'dir' },
      { name: 'srv/s1', text: 's'.repeat(6) },
      { name: 'srv/sub/s2', text: 's'.repeat(8) },
    ],
    [
      { name: 'etc/a', text: 'a'.repeat(7) },
      { name: 'etc/new', text: 'nn' },
      { name: 'etc/b', type: 'dir' },
      { name: 'etc/b/inner', text: 'i' },
      { name: 'var/log/.wh..wh..opq' },
      { name: 'var/log/z', text: 'z' },
      { name: 'opt/.wh.old' },
      { name: '.wh.srv' },
      { name: '.wh.never-existed' },
    ],
  );

describe('layerChanges', () => {
  it('lists what a layer adds, modifies and removes, in walk order, with sizes', async () => {
    const changes = await layerChanges(layers(), 1);
    expect(changes.map((c) => `${c.kind} ${c.path} ${c.type} ${c.size}`)).toEqual([
      'modified /etc/a file 7',
      'modified /etc/b directory 0',
      'added /etc/b/inner file 1',
      'added /etc/new file 2',
      'removed /opt/old file 4',
      'removed /srv directory 14',
      'removed /var/log/x file 10',
      'removed /var/log/y file 20',
      'added /var/log/z file 1',
    ]);
  });

  it('the first layer only adds', async () => {
    const changes = await layerChanges(layers(), 0);
    expect(new Set(changes.map((c) => c.kind))).toEqual(new Set(['added']));
    expect(changes.map((c) => c.path)).toEqual(['/etc', '/etc/a', '/etc/b', '/opt/old', '/srv', '/srv/s1', '/srv/sub/s2', '/var/log/x', '/var/log/y']);
  });

  it('rejects a layer number the image does not have', async () => {
    await expect(layerChanges(layers(), 2)).rejects.toBeInstanceOf(NotFoundError);
  });
});
