/**
 * `OverlayFs.linkCount` (st_nlink) and `inodeOf` for hard links: the same layers extracted by
 * GNU tar onto disk, one after the other, whiteouts applied with `rm` and the upper layer's
 * link made with `ln`, and the kernel's link counts read back with `stat`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OverlayFs } from '../../src/engine/overlay/overlay-fs.ts';
import { memoryLayer, pyTar, type PyEntry } from './make-tar.ts';

const LOWER: PyEntry[] = [
  { name: 'bin', type: 'dir' },
  { name: 'bin/busybox', text: 'multi-call' },
  { name: 'bin/ls', type: 'hardlink', linkname: 'bin/busybox' },
  { name: 'bin/sh', type: 'hardlink', linkname: 'bin/busybox' },
  { name: 'bin/cat', type: 'hardlink', linkname: 'bin/busybox' },
  { name: 'etc', type: 'dir' },
  { name: 'etc/passwd', text: 'root:x:0:0::/root:/bin/sh\n' },
];
/** Deletes one applet, replaces another by a file of its own, and links a new name to a lower file. */
const UPPER: PyEntry[] = [
  { name: 'bin', type: 'dir' },
  { name: 'bin/.wh.cat' },
  { name: 'bin/ls', text: 'a real ls' },
  { name: 'etc', type: 'dir' },
  { name: 'etc/passwd-', type: 'hardlink', linkname: 'etc/passwd' },
];
const FILES = ['/bin/busybox', '/bin/ls', '/bin/sh', '/etc/passwd', '/etc/passwd-'];

/** What the kernel says of the same layers extracted in order (and `shell`, run in the tree after). */
function onDisk(layers: Uint8Array[], paths: string[], shell = 'true'): Record<string, number> {
  const dir = mkdtempSync(join(tmpdir(), 'layerlab-nlink-'));
  try {
    const root = join(dir, 'root');
    mkdirSync(root);
    layers.forEach((tar, i) => {
      writeFileSync(join(dir, `${i}.tar`), tar);
      execFileSync('tar', ['-xf', join(dir, `${i}.tar`), '-C', root]);
      // OCI whiteouts: `.wh.NAME` deletes NAME of the layers below, then itself.
      execFileSync('bash', ['-c', 'find . -name ".wh.*" | while read -r w; do rm -rf "$(dirname "$w")/${w##*/.wh.}" "$w"; done'], { cwd: root });
    });
    execFileSync('bash', ['-c', shell], { cwd: root });
    const out = execFileSync('stat', ['-c', '/%n %h', ...paths.map((f) => f.slice(1))], { cwd: root, encoding: 'utf8' });
    return Object.fromEntries(out.trim().split('\n').map((line) => [line.split(' ')[0]!, Number(line.split(' ')[1])]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const countsOf = (fs: OverlayFs, paths: string[]) => Object.fromEntries(paths.map((path) => [path, fs.linkCount(path)]));

describe('OverlayFs counts the names of hard-linked files as the kernel counts them', () => {
  it('one layer: every name of a file has its count, and the same inode', async () => {
    const lower = pyTar(LOWER);
    const fs = await OverlayFs.open([memoryLayer(lower)]);
    const paths = ['/bin/busybox', '/bin/cat', '/bin/ls', '/bin/sh', '/etc/passwd'];
    const real = onDisk([lower], paths);
    expect(real['/bin/ls']).toBe(4);
    expect(countsOf(fs, paths)).toEqual(real);
    expect(new Set(['/bin/busybox', '/bin/ls', '/bin/sh', '/bin/cat'].map((p) => fs.inodeOf(p))).size).toBe(1);
    expect(fs.inodeOf('/etc/passwd')).not.toBe(fs.inodeOf('/bin/busybox'));
  });

  it('a later layer deletes a name, replaces one, and links a new name to a file below it', async () => {
    const lower = pyTar(LOWER);
    const upper = pyTar(UPPER);
    const fs = await OverlayFs.open([memoryLayer(lower), memoryLayer(upper)]);
    const real = onDisk([lower, upper], FILES);
    expect(real['/bin/busybox']).toBe(2);
    expect(countsOf(fs, FILES)).toEqual(real);
  });

  it('the writable layer: ln adds a name, rm takes one away', async () => {
    const lower = pyTar(LOWER);
    const upper = pyTar(UPPER);
    const fs = await OverlayFs.open([memoryLayer(lower), memoryLayer(upper)]);
    // The files linked here are the layers' own, so a copy-up (which overlayfs makes without
    // the file's other names) changes nothing the disk would not show.
    await fs.rm('/etc/passwd-');
    await fs.link('/etc/passwd', '/etc/shadow');
    const real = onDisk([lower, upper], [...FILES, '/etc/shadow'], 'rm etc/passwd- && ln etc/passwd etc/shadow && ln etc/passwd etc/passwd-');
    await fs.link('/etc/passwd', '/etc/passwd-');
    expect(countsOf(fs, [...FILES, '/etc/shadow'])).toEqual(real);
    expect(fs.inodeOf('/etc/shadow')).toBe(fs.inodeOf('/etc/passwd'));
    await fs.rm('/etc/shadow');
    expect(fs.linkCount('/etc/passwd')).toBe(2);
  });
});
