/**
 * busybox:latest's applets are hard links of /bin/busybox (tar type '1' entries in its layer),
 * and stay so wherever the image or a container goes: `ls -l`/`stat` in the container count the
 * links, `docker export`, `docker save` and `docker commit` write them as hard links. The oracles
 * are the real ones: GNU tar extracts the exported bytes onto disk, where the kernel counts the
 * links, Debian's busybox-static lists that tree, and GNU tar archives and lists it again.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containerDaemon } from './containers-support.ts';
import { runDocker } from './support/docker-shell.ts';

function requireTools(): void {
  const missing = [
    ['/bin/busybox', ['true'], 'busybox-static'],
    ['tar', ['--version'], 'tar'],
  ].filter(([program, args]) => {
    const probe = spawnSync(program as string, args as string[]);
    return probe.error !== undefined || probe.status !== 0;
  });
  if (missing.length > 0) throw new Error(`these tests need GNU tar and Debian's busybox-static 1.35: apt-get install -y ${missing.map((m) => m[2]).join(' ')}`);
}

const tar = (args: string[], cwd?: string) => execFileSync('tar', args, { encoding: 'utf8', maxBuffer: 64 << 20, ...(cwd ? { cwd } : {}), env: { ...process.env, TZ: 'UTC' } });
const hardLinkLines = (listing: string) => listing.split('\n').filter((line) => line.startsWith('h'));

let dir: string;
/** `docker export` of a busybox container, and the same bytes extracted by GNU tar. */
let exported: string;
let extracted: string;

beforeAll(async () => {
  requireTools();
  dir = mkdtempSync(join(tmpdir(), 'layerlab-hardlinks-'));
  const run = await runDocker('docker pull -q busybox >/dev/null\ndocker create --name bb busybox >/dev/null\ndocker export bb | cat', { daemon: containerDaemon() });
  exported = join(dir, 'bb.tar');
  writeFileSync(exported, run.stdoutBytes);
  extracted = join(dir, 'rootfs');
  mkdirSync(extracted);
  tar(['-xpf', exported, '-C', extracted]);
}, 60_000);
afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

describe('busybox:latest: every applet is /bin/busybox', () => {
  it('docker export writes the applets as hard links: GNU tar lists `h… link to` lines as for the tree it archives itself', () => {
    const ours = hardLinkLines(tar(['-tvf', exported, '--numeric-owner']));
    // GNU tar writes a file's first name (in name order) with the data, the others as links to it.
    const again = join(dir, 'again.tar');
    tar(['--sort=name', '--numeric-owner', '-cf', again, '-C', extracted, 'bin']);
    const real = hardLinkLines(tar(['-tvf', again, '--numeric-owner']));
    expect(ours.length).toBeGreaterThan(390);
    expect(ours).toEqual(real);
    expect(ours.filter((line) => line.endsWith(' bin/ls link to bin/['))).toHaveLength(1);
  });

  it('ls -l and stat in the container count the links as the kernel does for the extracted tree', async () => {
    const realCount = execFileSync('stat', ['-c', '%h', join(extracted, 'bin/busybox')], { encoding: 'utf8' });
    expect(Number(realCount)).toBeGreaterThan(390);
    const real = spawnSync('/bin/busybox', ['ls', '-l', 'bin/busybox', 'bin/ls', 'bin/sh', 'etc/passwd'], { cwd: extracted, encoding: 'utf8', env: { TZ: 'UTC' } });
    const run = await runDocker(
      'docker pull -q busybox >/dev/null\ndocker run --rm -w / busybox ls -l bin/busybox bin/ls bin/sh etc/passwd\ndocker run --rm busybox stat -c %h /bin/ls',
      { daemon: containerDaemon() },
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(real.stdout + realCount);
  });

  it('ls -i shows one inode number for /bin/busybox and its applets', async () => {
    const run = await runDocker('docker pull -q busybox >/dev/null\ndocker run --rm busybox ls -i /bin/busybox /bin/ls /bin/sh /bin/cat', { daemon: containerDaemon() });
    const inodes = run.stdout.trim().split(/\s+/).filter((_, i) => i % 2 === 0);
    expect(new Set(inodes).size).toBe(1);
  });

  it('BusyBox tar -tv in the container lists the exported hard links as /bin/busybox tar -tv does', async () => {
    const real = spawnSync('/bin/busybox', ['tar', '-tvf', exported], { encoding: 'utf8', env: { TZ: 'UTC' } });
    const run = await runDocker(
      ['docker pull -q busybox >/dev/null', 'docker create --name bb busybox >/dev/null', 'mkdir -p /srv/x', 'docker export -o /srv/x/bb.tar bb', 'docker run --rm -v /srv/x:/x busybox tar -tvf /x/bb.tar'].join('\n'),
      { daemon: containerDaemon() },
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(real.stdout);
    expect(run.stdout).toMatch(/^-rwxr-xr-x 0\/0 +0 \S+ \S+ bin\/ls -> bin\/\[$/m);
  });

  it('docker save keeps the layer\'s hard links, and a commit writes a link made in the container as one', async () => {
    const run = await runDocker(
      [
        'docker pull -q busybox >/dev/null',
        'docker run --name linker busybox ln /etc/passwd /etc/passwd.link',
        'docker commit linker linked >/dev/null',
        'docker run --rm linked stat -c "%h %n" /etc/passwd /etc/passwd.link',
        'docker save busybox linked | cat',
      ].join('\n'),
      { daemon: containerDaemon() },
    );
    const lines = run.stdout.split('\n');
    expect(lines.slice(0, 2)).toEqual(['2 /etc/passwd', '2 /etc/passwd.link']);
    const saved = join(dir, 'saved');
    mkdirSync(saved);
    // What `docker save` wrote: the bytes after the two stat lines.
    const prefix = new TextEncoder().encode(`${lines[0]}\n${lines[1]}\n`).length;
    writeFileSync(join(saved, 'images.tar'), run.stdoutBytes.subarray(prefix));
    tar(['-xf', 'images.tar'], saved);
    const manifest = JSON.parse(readFileSync(join(saved, 'manifest.json'), 'utf8')) as { RepoTags: string[]; Layers: string[] }[];
    const layersOf = (tag: string) => manifest.find((m) => m.RepoTags.includes(tag))!.Layers;
    const busyboxLayer = layersOf('busybox:latest')[0]!;
    expect(hardLinkLines(tar(['-tvf', join(saved, busyboxLayer), '--numeric-owner']))).toEqual(hardLinkLines(tar(['-tvf', exported, '--numeric-owner'])));
    const committed = layersOf('linked:latest').at(-1)!;
    expect(hardLinkLines(tar(['-tvf', join(saved, committed), '--numeric-owner']))).toEqual([expect.stringMatching(/ etc\/passwd\.link link to etc\/passwd$/)]);
  });
});
