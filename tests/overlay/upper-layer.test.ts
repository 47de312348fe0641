import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { FsError } from '../../src/engine/errors.ts';
import { OverlayFs } from '../../src/engine/overlay/overlay-fs.ts';
import { memoryLayer, pyLayers, text } from './make-tar.ts';
import { snapshot } from './tree-snapshot.ts';

const bytes = (s: string) => new TextEncoder().encode(s);

function base() {
  return pyLayers(
    [
      { name: 'etc', type: 'dir' },
      { name: 'etc/hosts', text: '127.0.0.1 localhost' },
      { name: 'etc/passwd', text: 'root:x:0:0', mode: 0o644 },
      { name: 'var', type: 'dir' },
      { name: 'var/cache', type: 'dir' },
      { name: 'var/cache/a', text: 'cached a' },
      { name: 'var/cache/b', text: 'cached b' },
      { name: 'opt', type: 'dir' },
      { name: 'opt/tool', text: 'tool v1', mode: 0o755 },
      { name: 'usr', type: 'dir' },
      { name: 'usr/old', type: 'dir' },
      { name: 'usr/old/x', text: 'x' },
    ],
    [{ name: 'etc/motd', text: 'hello' }],
  );
}

async function mutated(): Promise<OverlayFs> {
  const fs = await OverlayFs.open(base(), { now: () => 1_700_000_000 });
  await fs.writeFile('/etc/hosts', bytes('10.0.0.1 db')); // modify a lower file
  await fs.mkdir('/srv/app/data', { recursive: true });
  await fs.writeFile('/srv/app/data/new.txt', bytes('new'));
  await fs.rm('/etc/motd'); // delete a lower file
  await fs.rm('/var/cache', { recursive: true }); // delete, then re-create, a lower dir
  await fs.mkdir('/var/cache');
  await fs.writeFile('/var/cache/fresh', bytes('fresh'));
  await fs.rename('/opt/tool', '/opt/tool2'); // rename a lower file
  await fs.symlink('/opt/tool2', '/opt/tool');
  await fs.chmod('/etc/passwd', 0o600);
  await fs.link('/srv/app/data/new.txt', '/srv/app/hardlink');
  await fs.rm('/usr/old', { recursive: true }); // a deleted dir: one whiteout, not one per child
  return fs;
}

describe('OverlayFs upper layer (copy-on-write)', () => {
  it('reads see the upper layer first; the lower layers are untouched', async () => {
    const fs = await mutated();
    expect(text(await fs.readFile('/etc/hosts'))).toBe('10.0.0.1 db');
    expect(text(await fs.readFile('/opt/tool'))).toBe('tool v1');
    expect(fs.lstat('/opt/tool').type).toBe('symlink');
    expect(fs.stat('/etc/passwd').mode).toBe(0o600);
    expect(fs.readdir('/var/cache')).toEqual(['fresh']);
    expect(fs.exists('/etc/motd')).toBe(false);
    expect(fs.sourceOf('/etc/hosts')).toBe(2);
    expect(fs.sourceOf('/etc/passwd')).toBe(2);
    expect(fs.sourceOf('/var')).toBe(0);
    // Hard links share one node: a write through one name shows through the other.
    await fs.writeFile('/srv/app/hardlink', bytes('via link'));
    expect(text(await fs.readFile('/srv/app/data/new.txt'))).toBe('via link');

    const fresh = await OverlayFs.open(base());
    expect(text(await fresh.readFile('/etc/hosts'))).toBe('127.0.0.1 localhost');
  });

  it('lists changes like docker diff, in walk order', async () => {
    const fs = await mutated();
    expect(fs.upperChanges().map((c) => `${c.kind} ${c.path}`)).toEqual([
      'C /etc',
      'C /etc/hosts',
      'D /etc/motd',
      'C /etc/passwd',
      'C /opt',
      'C /opt/tool', // a lower file, renamed away, then replaced by a symlink
      'A /opt/tool2',
      'A /srv',
      'A /srv/app',
      'A /srv/app/data',
      'A /srv/app/data/new.txt',
      'A /srv/app/hardlink',
      'C /usr',
      'D /usr/old',
      'C /var',
      'C /var/cache',
      'A /var/cache/fresh',
    ]);
  });

  it('exports the upper layer as a tar GNU tar reads, with whiteouts and an opaque marker', async () => {
    const fs = await mutated();
    const tar = fs.exportUpperLayer();
    const listing = execFileSync('tar', ['-tvf', '-'], { input: tar, encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
    const names = listing.trim().split('\n').map((line) => line.replace(/^.*? \d\d:\d\d /, ''));
    expect(names).toEqual([
      'etc/',
      'etc/hosts',
      'etc/.wh.motd',
      'etc/passwd',
      'opt/',
      'opt/tool -> /opt/tool2',
      'opt/tool2',
      'srv/',
      'srv/app/',
      'srv/app/data/',
      'srv/app/data/new.txt',
      'srv/app/hardlink link to srv/app/data/new.txt',
      'usr/',
      'usr/.wh.old',
      'var/',
      'var/cache/',
      'var/cache/.wh..wh..opq',
      'var/cache/fresh',
    ]);
    expect(listing).toMatch(/-rw------- 0\/0 +10 2023-11-14 22:13 etc\/passwd/);
    // Deterministic: the same state gives the same bytes.
    expect(fs.exportUpperLayer()).toEqual(tar);
  });

  it('re-opening the layers plus the exported upper layer gives the same merged tree', async () => {
    const fs = await mutated();
    const reopened = await OverlayFs.open([...base(), memoryLayer(fs.exportUpperLayer())]);
    expect(await snapshot(reopened)).toEqual(await snapshot(fs));
    expect(reopened.problems).toEqual([]);
  });

  it('truncate, utimes and chown copy a lower file up', async () => {
    const fs = await OverlayFs.open(base(), { now: () => 5 });
    await fs.truncate('/etc/hosts', 3);
    await fs.utimes('/etc/hosts', 42);
    await fs.chown('/etc/hosts', 1000, 100);
    expect(text(await fs.readFile('/etc/hosts'))).toBe('127');
    expect(fs.stat('/etc/hosts')).toMatchObject({ size: 3, mtime: 42, uid: 1000, gid: 100, layer: 2 });
    const reopened = await OverlayFs.open([...base(), memoryLayer(fs.exportUpperLayer())]);
    expect(await snapshot(reopened)).toEqual(await snapshot(fs));
  });

  it('reports POSIX errors for impossible changes', async () => {
    const fs = await OverlayFs.open(base());
    const code = async (p: Promise<unknown>) => p.then(() => undefined, (err: unknown) => (err instanceof FsError ? err.code : String(err)));
    expect(await code(fs.writeFile('/nope/file', bytes('x')))).toBe('ENOENT');
    expect(await code(fs.writeFile('/etc', bytes('x')))).toBe('EISDIR');
    expect(await code(fs.mkdir('/etc'))).toBe('EEXIST');
    expect(await code(fs.mkdir('/etc/hosts/x', { recursive: true }))).toBe('ENOTDIR');
    expect(await code(fs.rm('/var'))).toBe('ENOTEMPTY');
    expect(await code(fs.rm('/missing'))).toBe('ENOENT');
    expect(await code(fs.rm('/missing', { force: true }))).toBeUndefined();
    expect(await code(fs.rename('/var', '/var/cache/inside'))).toBe('EINVAL');
    expect(await code(fs.rename('/etc/hosts', '/var'))).toBe('EISDIR');
    expect(await code(fs.link('/etc', '/etc2'))).toBe('EPERM');
    expect(await code(fs.symlink('x', '/etc/hosts'))).toBe('EEXIST');
    expect(fs.upperChanges()).toEqual([]);
  });
});
