/**
 * What Docker mounts into a container (/etc/hostname, /dev/shm, /proc…) cannot itself be removed
 * or renamed: unlink(2), rmdir(2) and rename(2) of a mount point fail with EBUSY. The oracle is
 * the real rm, rmdir (GNU and BusyBox) on a file and a directory mounted in a private mount
 * namespace (`unshare -m`).
 */
import { execFileSync } from 'node:child_process';
import { describe, expect } from 'vitest';
import { itWithOracles } from '../support/oracles.ts';
import { runInMode } from '../shell/support/three-modes.ts';

/** Each command's stderr on a real mount point: `f` a bind-mounted file, `m` a tmpfs directory. */
function real(commands: string[]): string {
  const script = [
    'set -e',
    'd=$(mktemp -d)',
    'mkdir "$d/m" && touch "$d/f"',
    'mount -t tmpfs none "$d/m" && mount --bind /etc/hostname "$d/f"',
    'cd "$d"',
    'set +e',
    ...commands.map((command) => `${command} 2>&1`),
    'true',
  ].join('\n');
  return execFileSync('unshare', ['-m', 'sh', '-c', script], { encoding: 'utf8' });
}

async function shown(lines: string[]): Promise<string> {
  return (await runInMode('page', [...lines, 'exit'])).shown;
}

describe('mount points are busy', () => {
  itWithOracles(['mount-namespace', 'busybox'], "GNU rm and rmdir on what Docker mounts say `Device or resource busy`", async () => {
    const expected = real(['rm f', 'rmdir m']).replace("'f'", "'/etc/hostname'").replace("'m'", "'/dev/shm'");
    expect(expected).toBe("rm: cannot remove '/etc/hostname': Device or resource busy\nrmdir: failed to remove '/dev/shm': Device or resource busy\n");
    const ours = await shown(['docker pull -q debian >/dev/null', "docker run --rm debian sh -c 'rm /etc/hostname 2>&1; rmdir /dev/shm 2>&1; cat /etc/hostname | wc -l'"]);
    expect(ours).toBe(`${expected}1\n`);
  }, 120_000);

  itWithOracles(['mount-namespace', 'busybox'], 'BusyBox rm says it too, and the file stays', async () => {
    const expected = real(['/bin/busybox rm f']).replace("'f'", "'/etc/hosts'");
    expect(expected).toBe("rm: can't remove '/etc/hosts': Device or resource busy\n");
    const ours = await shown(['docker pull -q busybox >/dev/null', "docker run --rm busybox sh -c 'rm /etc/hosts 2>&1; grep -c localhost /etc/hosts'"]);
    expect(ours).toBe(`${expected}2\n`);
  }, 120_000);
});

/**
 * `rm -r` of a tree that holds mount points, or of files in a read-only mount, fails one name at
 * a time as GNU rm 9.1 and BusyBox rm do, even with -f: each failing name on its own line, the
 * directories above it left without a word, status 1 (`d/m` a tmpfs holding a file, `ro` a
 * read-only tmpfs holding `k/a`).
 */
function realTree(commands: string[]): string {
  const script = [
    'set -e',
    'd=$(mktemp -d)',
    'mkdir -p "$d/t/d/m" "$d/t/d/x" "$d/t/ro" && touch "$d/t/d/f" "$d/t/d/x/g"',
    'mount -t tmpfs none "$d/t/d/m" && touch "$d/t/d/m/inside"',
    'mount -t tmpfs none "$d/t/ro" && mkdir "$d/t/ro/k" && touch "$d/t/ro/k/a" && mount -o remount,ro "$d/t/ro"',
    'cd "$d/t"',
    'set +e',
    ...commands.map((command) => `${command} 2>&1; echo "status $?"`),
    'ls -A d d/m',
  ].join('\n');
  return execFileSync('unshare', ['-m', 'sh', '-c', script], { encoding: 'utf8' });
}

async function oursTree(image: string, commands: string[]): Promise<string> {
  const inside = ['mkdir -p /t/d/x', 'touch /t/d/f /t/d/x/g /t/d/m/inside', 'cd /t', ...commands.map((command) => `${command} 2>&1; echo "status $?"`), 'ls -A d d/m'].join('; ');
  return shown([
    `docker pull -q ${image} >/dev/null`,
    `docker run --rm -v ro:/t/ro ${image} sh -c 'mkdir /t/ro/k; touch /t/ro/k/a'`,
    `docker run --rm -v dm:/t/d/m -v ro:/t/ro:ro ${image} sh -c '${inside}'`,
  ]);
}

describe('rm -r around mounts', () => {
  itWithOracles(['mount-namespace', 'busybox'], 'GNU rm -rf: the mount point busy, each file of a read-only mount refused, status 1', async () => {
    const commands = ['rm -rf d', 'rm -rf ro/k', 'rm -rf ro/nope', 'rmdir d/m'];
    const expected = realTree(commands);
    expect(expected).toContain("rm: cannot remove 'd/m': Device or resource busy\nstatus 1\n");
    expect(expected).toContain("rm: cannot remove 'ro/k/a': Read-only file system\nstatus 1\n");
    expect(await oursTree('debian', commands)).toBe(expected);
  }, 120_000);

  itWithOracles(['mount-namespace', 'busybox'], 'BusyBox rm -rf and rmdir say the same in their words', async () => {
    const expected = realTree(['/bin/busybox rm -rf d', '/bin/busybox rm -rf ro/k', '/bin/busybox rmdir d/m']);
    expect(expected).toContain("rmdir: 'd/m': Device or resource busy\n");
    expect(await oursTree('busybox', ['rm -rf d', 'rm -rf ro/k', 'rmdir d/m'])).toBe(expected);
  }, 120_000);
});
