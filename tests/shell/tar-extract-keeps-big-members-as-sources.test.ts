import { describe, expect, it } from 'vitest';
import { literalBytes, sourceParts } from '../../src/engine/io/source-parts.ts';
import { createShell } from '../../src/shell/create-shell.ts';
import { layerlabCommands } from '../../src/shell/commands/index.ts';
import { newDaemon } from '../docker/support/docker-shell.ts';
import { runShell } from './support/run-shell.ts';

describe('tar -xf of a saved image archive', () => {
  it('extracts the layer blobs as windows on the archive, pattern runs never made, and each blob has its sha256 for a name', async () => {
    const session = await createShell({ terminal: { stdout: () => {}, stderr: () => {} }, commands: layerlabCommands({ docker: newDaemon() }) });
    const r = await runShell(
      'docker pull -q node:alpine >/dev/null && docker save -o /root/n.tar node:alpine && mkdir /x && tar -xf /root/n.tar -C /x\n' +
        'cd /x/blobs/sha256 && for f in *; do echo "$f  $f"; done > /tmp/sums && sha256sum -c /tmp/sums | grep -c ": OK$"; ls | wc -l',
      { session },
    );
    expect(r.stderr).toBe('');
    const [ok, all] = r.stdout.trim().split('\n');
    expect(ok).toBe(all);
    const archive = await session.fs.overlay.openFile('/root/n.tar');
    let biggest = 0;
    let literal = 0;
    for (const name of session.fs.overlay.readdir('/x/blobs/sha256')) {
      const blob = await session.fs.overlay.openFile(`/x/blobs/sha256/${name}`);
      biggest = Math.max(biggest, blob.size);
      literal += literalBytes(await sourceParts(blob));
    }
    expect(biggest).toBeGreaterThan(100_000_000);
    expect(literal).toBeLessThan(archive.size / 100);
  }, 60_000);
});
