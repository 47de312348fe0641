/**
 * The real tools as oracles for the shell's metadata tools: one tree is built on disk (files,
 * directories, symlinks, a fifo, devices, setuid/setgid/sticky modes, owners 0 and 1000, fixed
 * mtimes, odd names), archived with GNU tar, and that archive is the lower layer of the shell's
 * filesystem — so both sides see the very same metadata. The real command runs in the temp
 * directory (bash, TZ=UTC), ours in the shell at the same relative place.
 *
 * Hard links are left out: our filesystem reports no link counts for them (see src/shell/commands/shared/ext4-estimates.ts).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getCommandNames } from 'just-bash';
import { placeholderBinary } from '../../src/catalog/placeholder.ts';
import { MemorySource } from '../../src/engine/io/byte-source.ts';
import { OverlayFs } from '../../src/engine/overlay/overlay-fs.ts';
import { tarLayerContents } from '../../src/engine/overlay/tar-layer.ts';
import { layerlabCommands } from '../../src/shell/commands/index.ts';
import { ShellSession } from '../../src/shell/session.ts';
import { ShellFs } from '../../src/shell/shell-fs.ts';
import { runShell, type ShellRun } from './support/run-shell.ts';

/** Where the tree sits, below the temp directory and in the shell. */
export const TREE_DIR = '/work/tree';

const DAY = 86400;

export interface RealRun {
  stdout: string;
  stderr: string;
  status: number;
}

export interface FsOracle {
  /** Whether device nodes could be made (mknod needs root). */
  devices: boolean;
  real(command: string, locale?: string): RealRun;
  ours(command: string): Promise<ShellRun>;
  cleanup(): void;
}

export async function buildFsOracle(): Promise<FsOracle> {
  const now = Math.floor(Date.now() / 1000);
  const root = mkdtempSync(join(tmpdir(), 'layerlab-fs-tools-'));
  const tree = join(root, TREE_DIR);
  const at = (name: string) => join(tree, name);
  mkdirSync(join(root, 'etc'));
  copyFileSync('/etc/passwd', join(root, 'etc/passwd'));
  copyFileSync('/etc/group', join(root, 'etc/group'));
  mkdirSync(at('dir/sub'), { recursive: true });
  mkdirSync(at('sticky'));
  mkdirSync(at('sticky-closed'));
  mkdirSync(at('setgid-dir'));
  const bigBin = new Uint8Array(9000);
  for (let i = 0; i < bigBin.length; i++) bigBin[i] = i >= 2000 && i < 6000 ? 0 : (i * 7) & 0xff;
  const files: Record<string, string | Uint8Array> = {
    'dir/sub/deep.txt': 'deep\n',
    'dir/.hidden': 'h\n',
    'dir/notes.md': '# notes\r\nline two\r\n',
    empty: '',
    'hello.txt': 'hello\n',
    'big.bin': bigBin,
    'block.bin': 'b'.repeat(4096),
    'block1.bin': 'b'.repeat(4097),
    'run.sh': '#!/bin/sh\necho hi\n',
    'tool.py': '#!/usr/bin/env python3\nprint(1)\n',
    setuid: 'x\n',
    'setgid-noexec': 'y\n',
    owned: 'mine\n',
    'mixed-owner': 'ours\n',
    future: 'later\n',
    'with space': 'a b\n',
    'ctl\x01name': 'odd\n',
    'no-newline': 'abc',
    'long-line.txt': `${'x'.repeat(400)}\n`,
    'utf8.txt': 'héllo wörld\n',
    'data.json': '{"a": [1, 2]}\n',
    'sticky/inside': 'in\n',
  };
  for (const [name, content] of Object.entries(files)) writeFileSync(at(name), content);
  symlinkSync('hello.txt', at('link-file'));
  symlinkSync('dir', at('link-dir'));
  symlinkSync('nowhere', at('dangling'));
  const sh = (command: string) => execFileSync('bash', ['-c', command], { cwd: tree, stdio: ['ignore', 'pipe', 'pipe'] });
  sh('mkfifo fifo && gzip -9 -n -c hello.txt > plain.gz && cp hello.txt named && gzip named');
  sh('tar -cf archive.tar hello.txt && tar --format=ustar -cf ustar.tar hello.txt');
  let devices = true;
  try {
    sh('mknod null c 1 3 && mknod disk b 8 0 && chmod 660 disk');
  } catch {
    devices = false;
  }
  const modes: Record<string, number> = {
    'big.bin': 0o600,
    'run.sh': 0o755,
    'tool.py': 0o755,
    setuid: 0o4755,
    'setgid-noexec': 0o2644,
    sticky: 0o1777,
    'sticky-closed': 0o1770,
    'setgid-dir': 0o2775,
    'dir/sub': 0o700,
  };
  for (const [name, mode] of Object.entries(modes)) chmodSync(at(name), mode);
  sh('chown 1000:1000 owned && chown 0:1000 mixed-owner && chown -h 1000:0 dangling');
  // Mtimes: a spread of recent, old (shown with the year) and future times; directories last.
  const names = sh('find . -mindepth 1 -depth -print0').toString().split('\0').filter(Boolean);
  names.forEach((name, i) => {
    const when = name === './future' ? now + 30 * DAY : i % 3 === 0 ? now - 400 * DAY - i * 3607 : now - (i + 1) * 86_111;
    sh(`touch -h -d @${when} '${name.replace(/'/g, "'\\''")}'`);
  });
  sh(`touch -d @${now - 90 * DAY} . .. && chmod 755 . ..`);
  const tar = execFileSync('tar', ['-C', root, '-cf', '-', '.'], { maxBuffer: 64 << 20 });

  const overlay = await OverlayFs.open([tarLayerContents(new MemorySource(new Uint8Array(tar)))], { now: () => now });
  const commands = layerlabCommands({ now: () => now });
  await overlay.mkdir('/usr/bin', { recursive: true });
  await overlay.mkdir('/tmp', { recursive: true });
  await overlay.mkdir('/dev', { recursive: true });
  for (const name of new Set([...getCommandNames(), ...commands.map((c) => c.name)])) {
    if (/^[A-Za-z0-9._[+-]+$/.test(name)) await overlay.writeFile(`/usr/bin/${name}`, placeholderBinary(name, { version: 'test', realSize: 0 }), { mode: 0o755 });
  }
  const session = new ShellSession({
    fs: new ShellFs(overlay),
    terminal: { stdout: () => {}, stderr: () => {} },
    cwd: TREE_DIR,
    env: { HOME: '/root', PATH: '/usr/bin', LANG: 'C.UTF-8' },
    commands,
  });

  return {
    devices,
    real(command, locale = 'C') {
      const result = spawnSync('bash', ['-c', command], { cwd: tree, env: { ...process.env, TZ: 'UTC', LC_ALL: locale }, maxBuffer: 64 << 20 });
      return { stdout: result.stdout.toString('latin1'), stderr: result.stderr.toString('latin1'), status: result.status ?? -1 };
    },
    ours: (command) => runShell(`cd ${TREE_DIR}\n${command}`, { session }),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Our run's outputs in the same latin1 view as `real` (names are bytes on both sides). */
export function asReal(run: ShellRun): RealRun {
  const latin1 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
  return { stdout: Buffer.from(run.stdoutBytes).toString('latin1'), stderr: latin1(run.stderr), status: run.status };
}
