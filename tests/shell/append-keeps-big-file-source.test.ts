import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MemorySource, readChunks, type ByteSource } from '../../src/engine/io/byte-source.ts';
import { literalBytes, sourceParts } from '../../src/engine/io/source-parts.ts';
import { createShell } from '../../src/shell/create-shell.ts';
import { dockerCommand } from '../../src/shell/commands/docker/index.ts';
import { newDaemon } from '../docker/support/docker-shell.ts';
import { runShell } from './support/run-shell.ts';

async function sha256(sources: ByteSource[]): Promise<string> {
  const hash = createHash('sha256');
  for (const source of sources) for await (const chunk of readChunks(source)) hash.update(chunk);
  return hash.digest('hex');
}

describe('>> onto a big file', () => {
  it('appends after a saved archive without making its pattern bytes: the same bytes as the archive then the text', async () => {
    const session = await createShell({ terminal: { stdout: () => {}, stderr: () => {} }, commands: [dockerCommand(newDaemon())] });
    const saved = await runShell('docker pull -q node:alpine >/dev/null && docker save -o /root/n.tar node:alpine', { session });
    expect(saved.stderr).toBe('');
    const archive = await session.fs.overlay.openFile('/root/n.tar');
    const appended = await runShell('echo tail >> /root/n.tar\nfor i in 1 2 3; do echo $i >> /root/n.tar; done\nstat -c %s /root/n.tar', { session });
    expect(appended.stdout).toBe(`${archive.size + 11}\n`);
    const after = await session.fs.overlay.openFile('/root/n.tar');
    expect(literalBytes(await sourceParts(after))).toBeLessThan(archive.size / 100);
    const text = new TextEncoder().encode('tail\n1\n2\n3\n');
    expect(await sha256([after])).toBe(await sha256([archive, new MemorySource(text)]));
  }, 60_000);
});
