import { describe, expect, it } from 'vitest';
import { FsError } from '../../src/engine/errors.ts';
import { OverlayFs } from '../../src/engine/overlay/overlay-fs.ts';
import { pyLayers, text } from './make-tar.ts';

async function fsOf(...layers: Parameters<typeof pyLayers>): Promise<OverlayFs> {
  return OverlayFs.open(pyLayers(...layers));
}

function paths(fs: OverlayFs): string[] {
  return [...fs.walk('/')].map((s) => (s.type === 'directory' ? s.path + '/' : s.path));
}

function fsCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof FsError) return err.code;
    throw err;
  }
  return undefined;
}

describe('OverlayFs: OCI layer rules', () => {
  it('merges directories and lets an upper file replace a lower one', async () => {
    const fs = await fsOf(
      [{ name: 'etc', type: 'dir' }, { name: 'etc/a', text: 'lower a' }, { name: 'etc/b', text: 'lower b' }],
      [{ name: 'etc', type: 'dir', mode: 0o700 }, { name: 'etc/b', text: 'upper b' }, { name: 'etc/c', text: 'c' }],
    );
    expect(paths(fs)).toEqual(['/etc/', '/etc/a', '/etc/b', '/etc/c']);
    expect(text(await fs.readFile('/etc/a'))).toBe('lower a');
    expect(text(await fs.readFile('etc/b'))).toBe('upper b');
    expect(fs.stat('/etc').mode).toBe(0o700);
    expect(fs.sourceOf('/etc/a')).toBe(0);
    expect(fs.sourceOf('/etc/b')).toBe(1);
    expect(fs.readdir('/etc')).toEqual(['a', 'b', 'c']);
  });

  it('.wh.<name> deletes a lower file or directory and is itself hidden', async () => {
    const fs = await fsOf(
      [{ name: 'a', type: 'dir' }, { name: 'a/x', text: 'x' }, { name: 'a/d', type: 'dir' }, { name: 'a/d/y', text: 'y' }, { name: 'keep', text: 'k' }],
      [{ name: 'a/.wh.x' }, { name: 'a/.wh.d' }],
    );
    expect(paths(fs)).toEqual(['/a/', '/keep']);
    expect(fsCode(() => fs.stat('/a/x'))).toBe('ENOENT');
    expect(fs.exists('/a/d/y')).toBe(false);
  });

  it('a whiteout only deletes lower entries, never ones of its own layer', async () => {
    const fs = await fsOf([{ name: 'f', text: 'lower' }], [{ name: 'f', text: 'same layer' }, { name: '.wh.f' }, { name: 'g', text: 'g' }, { name: '.wh.g' }]);
    expect(text(await fs.readFile('/f'))).toBe('same layer');
    expect(text(await fs.readFile('/g'))).toBe('g');
  });

  it('.wh..wh..opq hides lower children but keeps same-layer ones', async () => {
    const fs = await fsOf(
      [{ name: 'd', type: 'dir' }, { name: 'd/old1', text: '1' }, { name: 'd/sub', type: 'dir' }, { name: 'd/sub/old2', text: '2' }],
      [{ name: 'd', type: 'dir' }, { name: 'd/new', text: 'n' }, { name: 'd/.wh..wh..opq' }],
      [{ name: 'd/newer', text: 'n2' }],
    );
    expect(paths(fs)).toEqual(['/d/', '/d/new', '/d/newer']);
  });

  it('a directory replaced by a file drops the lower subtree, and the reverse', async () => {
    const fs = await fsOf(
      [{ name: 'p', type: 'dir' }, { name: 'p/child', text: 'c' }, { name: 'q', text: 'file q' }],
      [{ name: 'p', text: 'now a file' }, { name: 'q', type: 'dir' }, { name: 'q/inside', text: 'i' }],
    );
    expect(paths(fs)).toEqual(['/p', '/q/', '/q/inside']);
    expect(fs.stat('/p').type).toBe('file');
    expect(fsCode(() => fs.stat('/p/child'))).toBe('ENOTDIR');
  });

  it('applies entries of one layer in archive order: a later duplicate wins', async () => {
    const fs = await fsOf([{ name: 'f', text: 'first' }, { name: 'f', text: 'second' }, { name: 'g', type: 'dir' }, { name: 'g/x', text: 'x' }, { name: 'g', text: 'g is a file' }]);
    expect(text(await fs.readFile('/f'))).toBe('second');
    expect(paths(fs)).toEqual(['/f', '/g']);
  });

  it('synthesises missing parent directories as 0755', async () => {
    const fs = await fsOf([{ name: 'usr/lib/x/file', text: 'deep' }]);
    expect(paths(fs)).toEqual(['/usr/', '/usr/lib/', '/usr/lib/x/', '/usr/lib/x/file']);
    expect(fs.stat('/usr/lib').mode).toBe(0o755);
    expect(fs.sourceOf('/usr/lib')).toBe(0);
  });

  it('normalises names and ignores names that climb out of the root', async () => {
    const fs = await fsOf([{ name: './a', text: 'a' }, { name: '//b', text: 'b' }, { name: 'c/./d', text: 'd' }, { name: '../evil', text: 'no' }, { name: 'e/../../evil2', text: 'no' }]);
    expect(paths(fs)).toEqual(['/a', '/b', '/c/', '/c/d']);
    expect(fs.problems.length).toBe(2);
  });

  it('keeps mode, owner, mtime and device numbers', async () => {
    const fs = await fsOf([{ name: 'bin', type: 'dir' }, { name: 'bin/su', text: '#!', mode: 0o4755, uid: 0, gid: 42, mtime: 1234567890 }, { name: 'null', type: 'chardev' }, { name: 'pipe', type: 'fifo' }]);
    const su = fs.stat('/bin/su');
    expect([su.mode, su.uid, su.gid, su.mtime, su.size]).toEqual([0o4755, 0, 42, 1234567890, 2]);
    expect(fs.lstat('/null').type).toBe('chardev');
    expect(fs.readdirEntries('/')).toEqual([
      { name: 'bin', type: 'directory' },
      { name: 'null', type: 'chardev' },
      { name: 'pipe', type: 'fifo' },
    ]);
  });

  it('resolves hard links within and across layers, and reports a broken one', async () => {
    const fs = await fsOf(
      [{ name: 'orig', text: 'shared bytes', mode: 0o600 }, { name: 'same-layer', type: 'hardlink', linkname: 'orig' }],
      [{ name: 'cross-layer', type: 'hardlink', linkname: 'orig' }, { name: 'broken', type: 'hardlink', linkname: 'nowhere' }],
    );
    expect(text(await fs.readFile('/same-layer'))).toBe('shared bytes');
    expect(text(await fs.readFile('/cross-layer'))).toBe('shared bytes');
    expect(fs.stat('/cross-layer')).toMatchObject({ type: 'file', size: 12, mode: 0o600 });
    expect(fs.stat('/broken').type).toBe('hardlink');
    await expect(fs.readFile('/broken')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(fs.problems.some((p) => p.includes('broken'))).toBe(true);
  });

  it('resolves symlinks inside the image root only', async () => {
    const fs = await fsOf([
      { name: 'etc', type: 'dir' },
      { name: 'etc/passwd', text: 'root:x:0:0' },
      { name: 'abs', type: 'symlink', linkname: '/etc/passwd' },
      { name: 'rel', type: 'symlink', linkname: 'etc/passwd' },
      { name: 'etc/up', type: 'symlink', linkname: '../../../../etc/passwd' },
      { name: 'dirlink', type: 'symlink', linkname: '/etc' },
      { name: 'dangling', type: 'symlink', linkname: '/nope' },
    ]);
    expect(text(await fs.readFile('/abs'))).toBe('root:x:0:0');
    expect(text(await fs.readFile('/rel'))).toBe('root:x:0:0');
    expect(text(await fs.readFile('/etc/up'))).toBe('root:x:0:0');
    expect(fs.realpath('/dirlink/up')).toBe('/etc/passwd');
    expect(fs.readdir('/dirlink')).toEqual(['passwd', 'up']);
    expect(fs.readlink('/abs')).toBe('/etc/passwd');
    expect(fs.lstat('/abs').type).toBe('symlink');
    expect(fs.exists('/dangling')).toBe(false);
    expect(fsCode(() => fs.stat('/dangling'))).toBe('ENOENT');
    expect(fsCode(() => fs.readlink('/etc/passwd'))).toBe('EINVAL');
    expect(fs.realpath('/../../etc/../etc/passwd')).toBe('/etc/passwd');
  });

  it('reports a symlink loop as ELOOP after 40 hops', async () => {
    const fs = await fsOf([
      { name: 'a', type: 'symlink', linkname: 'b' },
      { name: 'b', type: 'symlink', linkname: 'a' },
      ...Array.from({ length: 41 }, (_, i) => ({ name: `c${i}`, type: 'symlink' as const, linkname: i === 40 ? 'target' : `c${i + 1}` })),
      { name: 'target', text: 't' },
    ]);
    expect(fsCode(() => fs.stat('/a'))).toBe('ELOOP');
    expect(fsCode(() => fs.stat('/c1'))).toBeUndefined(); // 40 hops: allowed
    expect(fsCode(() => fs.stat('/c0'))).toBe('ELOOP'); // 41 hops
  });

  it('reports POSIX errors for misuse', async () => {
    const fs = await fsOf([{ name: 'd', type: 'dir' }, { name: 'f', text: 'x' }]);
    expect(fsCode(() => fs.readdir('/f'))).toBe('ENOTDIR');
    expect(fsCode(() => fs.stat('/f/x'))).toBe('ENOTDIR');
    expect(fsCode(() => fs.stat('/missing'))).toBe('ENOENT');
    await expect(fs.readFile('/d')).rejects.toMatchObject({ code: 'EISDIR' });
  });
});
