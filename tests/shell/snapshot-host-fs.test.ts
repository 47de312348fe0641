import { describe, expect, it } from 'vitest';
import { getCommandNames } from 'just-bash';
import { createHostFs } from '../../src/shell/host-fs.ts';
import { sourceFromParts } from '../../src/engine/io/source-parts.ts';
import { restoreHostFs, snapshotHostFs, type HostSnapshot } from '../../src/shell/snapshot.ts';
import type { ShellFs } from '../../src/shell/shell-fs.ts';
import { FIXED_NOW, runShell } from './support/run-shell.ts';
import { createShell } from '../../src/shell/create-shell.ts';

const programs = getCommandNames();
const LATER = FIXED_NOW + 86_400;

/** Every saved path with what lstat says of it, and each file's bytes (as hex) and inode. */
function describeTree(fs: ShellFs): string[] {
  const overlay = fs.overlay;
  const out: string[] = [];
  const visit = (dir: string) => {
    for (const name of overlay.readdir(dir)) {
      const path = dir === '/' ? `/${name}` : `${dir}/${name}`;
      // /dev is udev's devtmpfs, mounted anew at each start (tests/shell/host-dev.test.ts): not saved.
      if (path === '/dev') continue;
      const s = overlay.lstat(path);
      out.push(`${path} ${s.type} ${s.mode.toString(8)} ${s.uid}:${s.gid} ${s.mtime} ${s.linkname} ${s.devmajor},${s.devminor} ${s.size}`);
      if (s.type === 'directory') visit(path);
    }
  };
  visit('/');
  return out;
}

async function studentTree(): Promise<ShellFs> {
  const fs = await createHostFs({ programs, now: () => FIXED_NOW });
  const o = fs.overlay;
  await o.mkdir('/root/empty/nested', { recursive: true });
  await o.chmod('/root/empty', 0o2750);
  await o.writeFile('/root/all-bytes.bin', Uint8Array.from({ length: 512 }, (_, i) => i % 256), { mode: 0o600 });
  await o.writeFile('/root/setuid', new TextEncoder().encode('#!/bin/sh\n'), { mode: 0o4755 });
  await o.chown('/root/setuid', 1000, 50);
  await o.link('/root/setuid', '/root/hard');
  await o.symlink('../etc/hostname', '/root/link');
  await o.symlink('/nowhere', '/root/dangling');
  await o.chown('/root/dangling', 7, 8, { follow: false });
  await o.mknod('/root/fifo', 'fifo', 0o644);
  await o.mknod('/root/null2', 'chardev', 0o666, 1, 3);
  await o.rm('/etc/os-release');
  await o.rm('/root/busybox-static');
  await o.rm('/usr/bin/grep');
  await o.utimes('/root/all-bytes.bin', 1_000_000_000);
  await o.utimes('/root/link', 1_234_567_890, { follow: false });
  await o.utimes('/root/empty', 1_111_111_111);
  return fs;
}

describe('host filesystem snapshot → restore', () => {
  it('brings back every path with its type, mode, owner, mtime, link target, device numbers and bytes, and the deletions', async () => {
    const fs = await studentTree();
    const snapshot = await snapshotHostFs(fs, programs);
    const restored = await restoreHostFs(structuredClone(snapshot), { programs, now: () => LATER });
    expect(describeTree(restored)).toEqual(describeTree(fs));
    // The same state gives the same tar, byte for byte.
    expect((await snapshotHostFs(restored, programs)).tar).toEqual(snapshot.tar);
    expect(await restored.overlay.readFile('/root/all-bytes.bin')).toEqual(await fs.overlay.readFile('/root/all-bytes.bin'));
    expect(restored.overlay.exists('/etc/os-release')).toBe(false);
    expect(restored.overlay.exists('/usr/bin/grep')).toBe(false);
  });

  it('keeps a hard link one file: writing through one name changes the other', async () => {
    const restored = await restoreHostFs(await snapshotHostFs(await studentTree(), programs), { programs, now: () => LATER });
    expect(restored.overlay.inodeOf('/root/hard')).toBe(restored.overlay.inodeOf('/root/setuid'));
    const shell = await createShell({ terminal: { stdout: () => {}, stderr: () => {} }, fs: restored, now: () => LATER });
    const run = await runShell('echo changed >> /root/hard\ncat /root/setuid', { session: shell });
    expect(run.stdout).toBe('#!/bin/sh\nchanged\n');
  });

  it('gives programs layerlab gained since the snapshot their /usr/bin placeholder, and leaves deleted ones deleted', async () => {
    const snapshot = await snapshotHostFs(await studentTree(), programs);
    const restored = await restoreHostFs(snapshot, { programs: [...programs, 'newtool'], now: () => LATER });
    expect(restored.overlay.exists('/usr/bin/newtool')).toBe(true);
    expect(restored.overlay.exists('/usr/bin/grep')).toBe(false);
  });

  it('still restores format 1, which held the tar as one array', async () => {
    const fs = await studentTree();
    const snapshot = await snapshotHostFs(fs, programs);
    const tar = await sourceFromParts(snapshot.tar).read(0, Number.MAX_SAFE_INTEGER);
    expect(tar).toEqual(fs.overlay.exportUpperLayer());
    const restored = await restoreHostFs({ format: 1, programs, tar }, { programs, now: () => LATER });
    expect(describeTree(restored)).toEqual(describeTree(fs));
  });

  it('refuses an old format, a damaged tar or something else, with one clear line', async () => {
    const snapshot = await snapshotHostFs(await studentTree(), programs);
    const options = { programs };
    await expect(restoreHostFs({ ...snapshot, format: 0 }, options)).rejects.toThrow('the saved files are in format 0, this layerlab reads format 2');
    await expect(restoreHostFs('nonsense', options)).rejects.toThrow('the saved files are not a snapshot');
    const head = (await sourceFromParts(snapshot.tar).read(0, 700)).slice();
    head[148] = head[148]! ^ 0x10; // the first header's checksum
    const damaged: HostSnapshot = { ...snapshot, tar: [head] };
    await expect(restoreHostFs(damaged, options)).rejects.toThrow(/^the saved files are not a readable tar/);
  });
});
