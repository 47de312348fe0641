/**
 * A container process runs as its user: what `docker run -u`, `docker exec -u` and an
 * interactive `docker run -it -u` shell create belongs to that user, in the container's own
 * layer (seen by the container and by `docker export`, read back with GNU tar).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { layerlabCommands } from '../../src/shell/commands/index.ts';
import { runShell } from '../shell/support/run-shell.ts';
import { containerDaemon } from './containers-support.ts';

/** With all our commands (GNU tar's --numeric-owner included), as the playground has them. */
const run = (script: string) => runShell(`docker pull -q busybox >/dev/null\n${script}`, { commands: layerlabCommands({ docker: containerDaemon() }) });

describe('files belong to the process that makes them', () => {
  it('docker run -u, docker exec -u and root side by side', async () => {
    const r = await run(
      [
        "docker run --name c1 -u 1000:1000 busybox sh -c 'touch /tmp/by-run; mkdir /tmp/dir-by-run'",
        'docker run -d --name srv busybox sleep 1000 >/dev/null',
        'docker exec -u nobody srv sh -c "echo x > /tmp/by-exec"',
        'docker exec srv touch /tmp/by-root',
        "docker exec srv stat -c '%u:%g %n' /tmp/by-exec /tmp/by-root",
        "docker export c1 | tar -tvf - --numeric-owner tmp/ | awk '{print $1, $2, $6}' | sort",
      ].join('\n'),
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('65534:65534 /tmp/by-exec\n0:0 /tmp/by-root\n-rw-r--r-- 1000/1000 tmp/by-run\ndrwxr-xr-x 1000/1000 tmp/dir-by-run/\ndrwxrwxrwt 0/0 tmp/\n');
  });

  it('an interactive shell started with -u is that user: id, and what it writes', async () => {
    const r = await run(['docker run -it --name i1 -u 1000:1000 busybox sh', 'id', 'touch /tmp/typed', 'exit', 'docker export i1 > /tmp/i1.tar'].join('\n'));
    expect(r.stdout).toContain('uid=1000 gid=1000 groups=1000\n');
    const dir = mkdtempSync(join(tmpdir(), 'layerlab-user-'));
    try {
      const tar = r.session.fs.overlay;
      writeFileSync(join(dir, 'i1.tar'), await tar.readFile('/tmp/i1.tar'));
      const listing = execFileSync('tar', ['-tvf', join(dir, 'i1.tar'), '--numeric-owner', 'tmp/typed'], { encoding: 'utf8' });
      expect(listing).toMatch(/^-rw-r--r-- 1000\/1000 +0 /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
