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
