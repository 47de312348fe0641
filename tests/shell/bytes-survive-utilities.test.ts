import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runShell } from './support/run-shell.ts';
import { createShell } from '../../src/shell/create-shell.ts';
import { layerlabCommands } from '../../src/shell/commands/index.ts';

describe('binary data goes through the shell byte for byte', () => {
  it.each([
    'cat r.bin',
    'cat < r.bin',
    'cat r.bin | cat | cat',
    'head -c 4096 r.bin',
    'tail -c 4096 r.bin',
    'cat r.bin > c.bin; cat c.bin',
    'cp r.bin d.bin; cat d.bin',
    'gzip -c r.bin | gunzip',
    'base64 r.bin | base64 -d',
    'cat r.bin | tee t.bin > /dev/null; cat t.bin',
    'busybox cat r.bin',
  ])('%s', async (command) => {
    const data = randomBytes(4096);
    const session = await createShell({ terminal: { stdout: () => {}, stderr: () => {} }, commands: layerlabCommands({}) });
    await session.fs.overlay.writeFile('/root/r.bin', new Uint8Array(data));
    const run = await runShell(`${command} | sha256sum`, { session });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(`${createHash('sha256').update(data).digest('hex')}  -\n`);
  });
});
