import { describe, expect, it } from 'vitest';
import { MergedLayers, OverlayFs } from '../../src/engine/overlay/overlay-fs.ts';
import { pyLayers } from './make-tar.ts';
import { snapshot } from './tree-snapshot.ts';

const bytes = (s: string) => new TextEncoder().encode(s);
const NOW = { now: () => 1_700_000_000 };

function image() {
  return pyLayers(
    [
      { name: 'bin', type: 'dir' },
      { name: 'bin/busybox', text: 'busybox', mode: 0o755 },
      { name: 'bin/ls', type: 'hardlink', linkname: 'bin/busybox' },
      { name: 'bin/sh', type: 'hardlink', linkname: 'bin/busybox' },
      { name: 'etc', type: 'dir' },
      { name: 'etc/hosts', text: '127.0.0.1 localhost' },
      { name: 'var', type: 'dir' },
      { name: 'var/cache', type: 'dir' },
      { name: 'var/cache/a', text: 'cached a' },
      { name: 'usr', type: 'dir' },
      { name: 'usr/lib', type: 'dir' },
      { name: 'usr/lib/libc.so', text: 'libc' },
      { name: 'lib', type: 'symlink', linkname: 'usr/lib' },
    ],
    [{ name: 'etc/motd', text: 'hello' }],
  );
}

/** Changes touching shared directories every way: add, replace, delete, re-create, rename, link. */
async function changeOne(fs: OverlayFs): Promise<void> {
  await fs.writeFile('/etc/hosts', bytes('10.0.0.1 db'));
  await fs.writeFile('/etc/new', bytes('new'));
  await fs.rm('/etc/motd');
  await fs.rm('/bin/ls');
  await fs.rm('/var/cache', { recursive: true });
  await fs.mkdir('/var/cache');
  await fs.writeFile('/var/cache/fresh', bytes('fresh'));
  await fs.rename('/usr/lib', '/usr/lib64');
  await fs.link('/bin/busybox', '/bin/cat');
  await fs.symlink('/usr/lib64', '/lib64');
}

async function changeTwo(fs: OverlayFs): Promise<void> {
  await fs.rm('/etc', { recursive: true });
  await fs.mkdir('/srv/www', { recursive: true });
  await fs.writeFile('/bin/sh', bytes('#!/bin/dash'));
  await fs.chmod('/var/cache/a', 0o600);
}

describe('filesystems over one image share its merged layers (containers of one image)', () => {
  it('each changes on its own, exactly as a filesystem that merged the layers itself', async () => {
    const lower = await MergedLayers.open(image());
    const one = OverlayFs.over(lower, NOW);
    const two = OverlayFs.over(lower, NOW);
    const untouched = OverlayFs.over(lower, NOW);
    const pristine = await snapshot(await OverlayFs.open(image(), NOW));
    expect(await snapshot(one)).toEqual(pristine);

    await changeOne(one);
    await changeTwo(two);

    // The same changes on filesystems that merged the layers themselves are the oracle.
    const ownOne = await OverlayFs.open(image(), NOW);
    await changeOne(ownOne);
    const ownTwo = await OverlayFs.open(image(), NOW);
    await changeTwo(ownTwo);
    expect(await snapshot(one)).toEqual(await snapshot(ownOne));
    expect(await snapshot(two)).toEqual(await snapshot(ownTwo));
    expect(one.upperChanges()).toEqual(ownOne.upperChanges());
    expect(two.upperChanges()).toEqual(ownTwo.upperChanges());
    expect(one.exportUpperLayer()).toEqual(ownOne.exportUpperLayer());

    // Neither saw the other's changes, and the shared layers did not change: a new one is pristine.
    expect(one.readdir('/etc')).toEqual(['hosts', 'new']);
    expect(two.exists('/etc')).toBe(false);
    expect(await snapshot(untouched)).toEqual(pristine);
    expect(await snapshot(OverlayFs.over(lower, NOW))).toEqual(pristine);
    expect(untouched.inodeOf('/bin/ls')).toBe(untouched.inodeOf('/bin/busybox'));
  });
});
