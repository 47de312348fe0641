import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createShell } from '../../src/shell/create-shell.ts';
import { dockerCommand } from '../../src/shell/commands/docker/index.ts';
import { FIXED_NOW } from '../shell/support/run-shell.ts';
import { runDocker } from './support/docker-shell.ts';
import { containerDaemon } from './containers-support.ts';

/** A busybox container `box` (exited) whose /data holds a.txt and sub/b. */
const SETUP = ['docker pull -q busybox >/dev/null', 'docker run --name box busybox sh -c "mkdir -p /data/sub && echo hello > /data/a.txt && echo deep > /data/sub/b && chmod 640 /data/a.txt"'];

function gnuTar(bytes: Uint8Array, ...args: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'layerlab-cp-'));
  writeFileSync(join(dir, 'x.tar'), bytes);
  return execFileSync('tar', [...args, '-f', join(dir, 'x.tar')], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
}

describe('docker cp', () => {
  it('streams a container path as a tar GNU tar reads, named from the base name, sized as the summary says', async () => {
    const run = await runDocker([...SETUP, 'docker cp box:/data -'].join('\n'), { daemon: containerDaemon() });
    expect(run.stderr).toBe('');
    expect(gnuTar(run.stdoutBytes, '-t').split('\n').filter(Boolean).sort()).toEqual(['data/', 'data/a.txt', 'data/sub/', 'data/sub/b']);
    expect(gnuTar(run.stdoutBytes, '-xO', 'data/sub/b')).toBe('deep\n');
    // moby's tar headers carry no user or group names (FileInfoHeaderNoLookups).
    expect(gnuTar(run.stdoutBytes, '-tv', 'data/a.txt')).toMatch(/^-rw-r----- 0\/0 +6 /);

    const file = await runDocker([...SETUP, 'docker cp box:data/a.txt - > /root/a.tar', 'wc -c < /root/a.tar', 'docker cp box:/data/a.txt /root/x'].join('\n'), { daemon: containerDaemon() });
    const tarSize = Number(file.stdout.trim());
    // One header block, one data block, two end blocks: Go's tar writer pads no further.
    expect(tarSize).toBe(4 * 512);
    expect(file.stderr).toBe('Successfully copied 2.05kB to /root/x\n');
  });

  it("follows moby's path rules: file to file or dir, dir to new or existing dir, DIR/. copies the contents", async () => {
    const run = await runDocker(
      [
        ...SETUP,
        'cd /root',
        'docker cp -q box:/data/a.txt x',
        'mkdir d && docker cp -q box:/data/a.txt d',
        'docker cp -q box:/data new',
        'mkdir e && docker cp -q box:/data e',
        'mkdir f && docker cp -q box:/data/. f',
        'echo old > g && docker cp -q box:/data/a.txt g',
        'find x d new e f g | sort',
        'cat g',
      ].join('\n'),
      { daemon: containerDaemon() },
    );
    const copied = run.session.fs.overlay.stat('/root/x');
    expect([copied.mode & 0o777, copied.uid]).toEqual([0o640, 0]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      ['d', 'd/a.txt', 'e', 'e/data', 'e/data/a.txt', 'e/data/sub', 'e/data/sub/b', 'f', 'f/a.txt', 'f/sub', 'f/sub/b', 'g', 'new', 'new/a.txt', 'new/sub', 'new/sub/b', 'x', 'hello'].join('\n') + '\n',
    );
  });

  it('words errors as docker does, with status 1', async () => {
    const run = await runDocker(
      [
        ...SETUP,
        'cd /root',
        'docker cp box:/nope x; echo "status $?"',
        'docker cp box:/data/a.txt /root/missing/x; echo "status $?"',
        'docker cp box:/data/a.txt /root/newdir/; echo "status $?"',
        'touch file && docker cp box:/data file; echo "status $?"',
        'docker cp nope:/x y; echo "status $?"',
        'docker cp x y; echo "status $?"',
        'docker cp box:/a box:/b; echo "status $?"',
        'docker cp /root/none box:/tmp; echo "status $?"',
        'docker cp file box:/no/such/dir; echo "status $?"',
      ].join('\n'),
      { daemon: containerDaemon() },
    );
    expect(run.stderr).toBe(
      [
        'Error response from daemon: Could not find the file /nope in container box',
        'stat /root/missing: no such file or directory',
        'no such directory',
        'cannot copy directory',
        'Error response from daemon: No such container: nope',
        'must specify at least one container source',
        'copying between containers is not supported',
        'lstat /root/none: no such file or directory',
        'Error response from daemon: Could not find the file /no/such in container box',
        '',
      ].join('\n'),
    );
    expect(run.stdout).toBe('status 1\n'.repeat(9));
  });

  it('copies into a stopped or running container: the upper layer gets it, owned by root unless -a', async () => {
    const daemon = containerDaemon();
    const session = await createShell({ terminal: { stdout: () => {}, stderr: () => {} }, commands: [dockerCommand(daemon)], now: () => FIXED_NOW });
    const host = session.fs.overlay;
    await host.mkdir('/root/site/css', { recursive: true });
    await host.writeFile('/root/site/index.html', new TextEncoder().encode('body\n'));
    await host.writeFile('/root/site/css/s.css', new TextEncoder().encode('a\n'));
    for (const path of ['/root/site', '/root/site/css', '/root/site/index.html', '/root/site/css/s.css']) await host.chown(path, 1000, 1000);
    const run = await runDocker(
      [
        ...SETUP,
        'docker run -d --name up busybox sleep 100 >/dev/null',
        'cd /root',
        'docker cp site box:/srv',
        'docker cp -a site/index.html up:/tmp/',
        'docker diff box',
        'docker exec up stat -c "%u:%g %n" /tmp/index.html',
        'docker stop -t 0 up >/dev/null',
      ].join('\n'),
      { daemon, session },
    );
    expect(run.stderr).toMatch(/^Successfully copied \S+kB to box:\/srv\nSuccessfully copied 2.05kB to up:\/tmp\/\n$/);
    expect(run.stdout).toContain('A /srv\nA /srv/css\nA /srv/css/s.css\nA /srv/index.html\n');
    expect(run.stdout).toContain('1000:1000 /tmp/index.html\n');
    const fs = daemon.containers.get('box').rootfs;
    expect(new TextDecoder().decode(await fs.readFile('/srv/css/s.css'))).toBe('a\n');
    expect(fs.stat('/srv/index.html').uid).toBe(0);
  });

  it('extracts a tar from stdin (made by GNU tar) into a container directory, and refuses a non-directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'layerlab-cp-in-'));
    mkdirSync(join(dir, 'pkg'));
    writeFileSync(join(dir, 'pkg', 'run.sh'), '#!/bin/sh\necho run\n', { mode: 0o755 });
    execFileSync('tar', ['--owner=0', '--group=0', '-cf', join(dir, 'in.tar'), '-C', dir, 'pkg']);
    const daemon = containerDaemon();
    const session = await createShell({ terminal: { stdout: () => {}, stderr: () => {} }, commands: [dockerCommand(daemon)], now: () => FIXED_NOW });
    await session.fs.overlay.writeFile('/root/in.tar', readFileSync(join(dir, 'in.tar')));
    const run = await runDocker([...SETUP, 'docker cp -q - box:/tmp < /root/in.tar', 'docker cp - box:/data/a.txt < /root/in.tar; echo "status $?"'].join('\n'), { daemon, session });
    expect(run.stderr).toBe('destination "box:/data/a.txt" must be a directory\n');
    expect(run.stdout).toBe('status 1\n');
    const fs = daemon.containers.get('box').rootfs;
    expect(new TextDecoder().decode(await fs.readFile('/tmp/pkg/run.sh'))).toBe('#!/bin/sh\necho run\n');
    expect(fs.stat('/tmp/pkg/run.sh').mode & 0o777).toBe(0o755);
  });
});
