import { describe, expect, it } from 'vitest';
import type { FileStat } from '../../src/engine/overlay/file-stat.ts';
import { withMounts } from '../../src/engine/overlay/mounts.ts';
import { OverlayFs } from '../../src/engine/overlay/overlay-fs.ts';
import { pyLayers } from './make-tar.ts';

const bytes = (s: string) => new TextEncoder().encode(s);

async function image(): Promise<OverlayFs> {
  const fs = await OverlayFs.open(
    pyLayers([
      { name: 'bin', type: 'dir' },
      { name: 'bin/busybox', text: 'busybox', mode: 0o755 },
      { name: 'bin/ls', type: 'hardlink', linkname: 'bin/busybox' },
      { name: 'bin/sh', type: 'symlink', linkname: 'busybox' },
      { name: 'etc', type: 'dir' },
      { name: 'etc/hosts', text: 'image hosts' },
      { name: 'etc/passwd', text: 'root:x:0:0' },
      { name: 'data', type: 'dir' },
      { name: 'config', type: 'symlink', linkname: '/etc' },
    ]),
    { now: () => 1_700_000_000 },
  );
  await fs.writeFile('/etc/motd', bytes('upper'));
  await fs.chmod('/etc/passwd', 0o600);
  return fs;
}

/** What `ls -l` did before: `lstat` of each name `readdir` gives. */
function oneByOne(fs: OverlayFs, dir: string): FileStat[] {
  return fs.readdir(dir).map((name) => fs.lstat(`${dir === '/' ? '' : dir}/${name}`));
}

describe('lstatChildren: a directory listing with each name\'s lstat', () => {
  it('is what lstat of each name gives, through symlinked directories and upper-layer changes', async () => {
    const fs = await image();
    for (const dir of ['/', '/bin', '/etc', '/config', '/data']) expect(fs.lstatChildren(dir)).toEqual(oneByOne(fs, dir));
    expect(() => fs.lstatChildren('/etc/hosts')).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
    expect(() => fs.lstatChildren('/nope')).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });

  it('shows a mount point as what is mounted there, as lstat of its path does', async () => {
    const root = await image();
    const files = await OverlayFs.open([]);
    await files.writeFile('/hosts', bytes('127.0.0.1 mounted'), { mode: 0o600 });
    await files.writeFile('/resolv.conf', bytes('nameserver 8.8.8.8'));
    const volume = await OverlayFs.open([]);
    await volume.mkdir('/sub');
    await volume.writeFile('/sub/x', bytes('x'));
    await root.writeFile('/etc/resolv.conf', bytes('')); // the mount point, as the daemon makes it
    const fs = withMounts(root, [
      { target: '/etc/hosts', fs: files, source: '/hosts', readOnly: false },
      { target: '/etc/resolv.conf', fs: files, source: '/resolv.conf', readOnly: false },
      { target: '/data', fs: volume, source: '/', readOnly: false },
    ]);
    for (const dir of ['/etc', '/config', '/data', '/data/sub', '/']) expect(fs.lstatChildren(dir)).toEqual(oneByOne(fs, dir));
    expect(fs.lstatChildren('/etc').find((s) => s.path === '/etc/hosts')).toMatchObject({ size: 17, mode: 0o600 });
  });
});
