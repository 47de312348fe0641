/**
 * The host's /dev: udev's devices mounted over the host's files, behaving as on this machine
 * (GNU tar, coreutils and the kernel's devices here are the oracles), and never in what the
 * page saves of the host.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { layerlabCommands } from '../../src/shell/commands/index.ts';
import { sourceFromParts } from '../../src/engine/io/source-parts.ts';
import { restoreHostFs, snapshotHostFs } from '../../src/shell/snapshot.ts';
import { tempDir } from '../tar/oracles.ts';
import { runShell } from './support/run-shell.ts';

const host = (script: string) => runShell(script, { commands: layerlabCommands() });

/** `sh -c script` on this machine, in an empty directory, in the C locale. */
function native(script: string): { stdout: string; stderr: string; status: number } {
  const dir = tempDir('layerlab-dev-');
  try {
    const r = spawnSync('sh', ['-c', script], { cwd: dir.path, env: { PATH: process.env.PATH, LC_ALL: 'C' }, encoding: 'utf8' });
    if (r.error) throw new Error(`sh is needed for this test: ${r.error.message}`);
    return { stdout: r.stdout, stderr: r.stderr, status: r.status ?? -1 };
  } finally {
    dir.remove();
  }
}

describe('the host\'s /dev', () => {
  it('`tar -xf /dev/null` reads an empty archive as GNU tar does here: same words, same exit status', async () => {
    const script = 'tar -xf /dev/null; echo "status $?"';
    const oracle = native(script);
    if (!oracle.stderr.startsWith('tar: ')) throw new Error(`GNU tar is needed for this test (apt-get install -y tar); got: ${oracle.stderr}`);
    const r = await host(script);
    expect(r.stdout).toBe(oracle.stdout);
    expect(r.stderr).toBe(oracle.stderr);
  });

  it('reads of /dev/urandom and /dev/zero are as long as the reader takes; /dev/null is empty and swallows', async () => {
    const script =
      'head -c 8 /dev/urandom | wc -c; head -c 16 /dev/urandom | wc -c; head -c 100000 /dev/zero | wc -c; cat /dev/zero | head -c 5 | od -An -c; ' +
      'echo gone > /dev/null; wc -c < /dev/null; cat /dev/null; echo "null $?"';
    const oracle = native(script);
    const r = await host(script);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(oracle.stdout);
  });

  it('`head -c N` of an endless device and `cat DEVICE | head -c N` give all N bytes, past one 1 MiB block, as GNU head does here', async () => {
    const script =
      'head -c 2000000 /dev/urandom | wc -c; head -c 5 /dev/zero | od -An -c; cat /dev/zero | head -c 3000000 | wc -c; ' +
      'head -c 2500000 /dev/zero | sha256sum; head --bytes=1500000 /dev/urandom | head -c 1200000 | wc -c';
    const oracle = native(script);
    if (!oracle.stdout.startsWith('2000000\n')) throw new Error(`GNU coreutils (head, wc, od, sha256sum) are needed for this test (apt-get install -y coreutils); got: ${oracle.stdout}${oracle.stderr}`);
    const r = await host(script);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(oracle.stdout);
  });

  it('`cat /dev/zero` with no reader\'s count ends after one 1 MiB read instead of hanging the tab', async () => {
    const r = await host('cat /dev/zero | wc -c; echo "cat $?"; cat /dev/urandom | wc -c');
    expect(r.stdout).toBe('1048576\ncat 0\n1048576\n');
  });

  it('a write to /dev/full fails (ENOSPC) with the exit status it has here', async () => {
    const script = 'echo x > /dev/full; echo "full $?"';
    const r = await host(script);
    expect(r.stdout).toBe(native(script).stdout);
    expect(r.stderr).toMatch(/: No space left on device\n$/);
  });

  it('urandom gives different bytes each read; two reads of zero are equal', async () => {
    const r = await host('head -c 32 /dev/urandom | sha256sum; head -c 32 /dev/urandom | sha256sum; head -c 32 /dev/zero | sha256sum');
    const [a, b, zero] = r.stdout.split('\n');
    expect(a).not.toBe(b);
    expect(zero).toBe(`${native('head -c 32 /dev/zero | sha256sum').stdout.trim()}`);
  });

  it('`ls -l /dev` shows the character devices with their numbers, the links runc and udev make, tty in group tty', async () => {
    const r = await host('ls -l /dev');
    const lines = r.stdout.split('\n');
    const line = (name: string) => lines.find((l) => l.endsWith(` ${name}`) || l.includes(` ${name} -> `));
    expect(line('null')).toMatch(/^crw-rw-rw- 1 root root 1, 3 /);
    expect(line('zero')).toMatch(/^crw-rw-rw- 1 root root 1, 5 /);
    expect(line('full')).toMatch(/^crw-rw-rw- 1 root root 1, 7 /);
    expect(line('random')).toMatch(/^crw-rw-rw- 1 root root 1, 8 /);
    expect(line('urandom')).toMatch(/^crw-rw-rw- 1 root root 1, 9 /);
    expect(line('tty')).toMatch(/^crw-rw-rw- 1 root tty +5, 0 /);
    expect(line('stdin')).toMatch(/ stdin -> \/proc\/self\/fd\/0$/);
    expect(line('fd')).toMatch(/ fd -> \/proc\/self\/fd$/);
    expect(line('shm')).toMatch(/^drwxrwxrwt /);
  });

  it('what the page saves of the host holds no device, and a restored host has its /dev again', async () => {
    const r = await host('echo kept > /root/f; touch /dev/shm/gone');
    const programs = ['tar'];
    const snapshot = await snapshotHostFs(r.session.fs, programs);
    const dir = tempDir('layerlab-snap-');
    try {
      const path = join(dir.path, 'host.tar');
      writeFileSync(path, await sourceFromParts(snapshot.tar).read(0, Number.MAX_SAFE_INTEGER));
      const listing = spawnSync('tar', ['-tf', path], { encoding: 'utf8' });
      if (listing.error) throw new Error('GNU tar is needed for this test: apt-get install -y tar');
      const names = listing.stdout.split('\n');
      expect(names).toContain('root/f');
      expect(names.filter((n) => n.startsWith('dev/') && n !== 'dev/')).toEqual([]);
    } finally {
      dir.remove();
    }
    const restored = await restoreHostFs(snapshot, { programs });
    expect(await restored.readFile('/root/f')).toBe('kept\n');
    expect((await restored.readFileBuffer('/dev/zero')).subarray(0, 4)).toEqual(new Uint8Array(4));
    expect(restored.overlay.statIfExists('/dev/null')?.type).toBe('chardev');
    expect(restored.overlay.readdir('/dev/shm')).toEqual([]);
  });
});
