import { it } from 'vitest';
import { defineCommand } from 'just-bash';
import { newDaemon } from './support/docker-shell.ts';
import { ShellSession } from '../../src/shell/session.ts';
import { ShellFs } from '../../src/shell/shell-fs.ts';
import { OverlayFs } from '../../src/engine/overlay/overlay-fs.ts';
import { layerlabCommands } from '../../src/shell/commands/index.ts';
it('explore', async () => {
  const daemon = newDaemon();
  await daemon.pull('busybox', () => {});
  const img = daemon.getImage('busybox');
  const overlay = await OverlayFs.open(daemon.images.layersOf(img.id).map((l) => l.layer));
  const ac = new AbortController();
  const probe = defineCommand('probe', async (args, ctx) => ({ stdout: `same=${ctx.signal === ac.signal} has=${!!ctx.signal} env=${ctx.env.get('XX')}\n`, stderr: '', exitCode: 0 }));
  const shell = new ShellSession({ fs: new ShellFs(overlay), terminal: { stdout() {}, stderr() {} }, cwd: '/', commands: [...layerlabCommands(), probe], dialect: 'ash' });
  await overlay.writeFile('/bin/probe', new TextEncoder().encode('\x7fELF\nlayerlab placeholder: this is not the real probe binary.\nlayerlab-program: probe\nversion: 1\nreal-size: 1\n'), { mode: 0o755 });
  await overlay.writeFile('/s.sh', new TextEncoder().encode('#!/bin/sh\necho before\nexec probe\necho after\n'), { mode: 0o755 });
  const dec = new TextDecoder();
  for (const argv of [['probe'], ['sh', '-c', 'probe; exec probe; echo after'], ['/s.sh'], ['sh', '-c', 'echo $(probe) | cat; probe | cat']]) {
    const r = await shell.execProgram(argv, { signal: ac.signal, env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', XX: 'yy' } });
    console.log(argv.join(' '), '=>', r.exitCode, JSON.stringify(dec.decode(r.stdout)), JSON.stringify(dec.decode(r.stderr)));
  }
}, 60000);
