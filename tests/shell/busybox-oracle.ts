/**
 * Debian's busybox-static 1.35 (/bin/busybox) as the oracle for our BusyBox applets: a tree is
 * made on disk by a bash script, and the very same tree (archived with GNU tar) becomes the
 * shell's filesystem, so both sides run on the same names, modes, owners and times (TZ=UTC).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemorySource } from '../../src/engine/io/byte-source.ts';
import { OverlayFs } from '../../src/engine/overlay/overlay-fs.ts';
import { tarLayerContents } from '../../src/engine/overlay/tar-layer.ts';
import { placeholderBinary } from '../../src/catalog/placeholder.ts';
import { layerlabCommands } from '../../src/shell/commands/index.ts';
import { emulatedPrograms } from '../../src/shell/emulators/index.ts';
import { ShellSession } from '../../src/shell/session.ts';
import { ShellFs } from '../../src/shell/shell-fs.ts';
import { FIXED_NOW, runShell, type ShellRun } from './support/run-shell.ts';
import { hasOracle } from '../support/oracles.ts';

/** Whether the oracle is here (the tests that need it fail without it: ../support/oracles.ts). */
export const hasBusybox = hasOracle('busybox');

export interface BusyboxOracle {
  real(command: string): { stdout: string; stderr: string; status: number };
  ours(command: string): Promise<ShellRun>;
  cleanup(): void;
}

/** `setup` (bash) runs in the tree directory, /work/tree on both sides. */
export async function buildBusyboxOracle(setup: string): Promise<BusyboxOracle> {
  const root = mkdtempSync(join(tmpdir(), 'layerlab-busybox-'));
  const tree = join(root, 'work/tree');
  mkdirSync(tree, { recursive: true });
  mkdirSync(join(root, 'etc'));
  execFileSync('bash', ['-c', `cp /etc/passwd /etc/group ${root}/etc/ && ${setup}`], { cwd: tree, env: { ...process.env, TZ: 'UTC' } });
  const tar = execFileSync('tar', ['-C', root, '-cf', '-', '.'], { maxBuffer: 64 << 20 });
  const overlay = await OverlayFs.open([tarLayerContents(new MemorySource(new Uint8Array(tar)))], { now: () => FIXED_NOW });
  const commands = [...layerlabCommands({ now: () => FIXED_NOW }), ...emulatedPrograms({ now: () => FIXED_NOW })];
  await overlay.mkdir('/usr/bin', { recursive: true });
  await overlay.mkdir('/tmp', { recursive: true });
  await overlay.writeFile('/usr/bin/busybox', placeholderBinary('busybox', { version: '1.35.0', realSize: 0 }), { mode: 0o755 });
  const session = new ShellSession({
    fs: new ShellFs(overlay),
    terminal: { stdout: () => {}, stderr: () => {} },
    cwd: '/work/tree',
    env: { HOME: '/root', PATH: '/usr/bin', LANG: 'C.UTF-8' },
    commands,
  });
  return {
    real(command) {
      const result = spawnSync('bash', ['-c', command], { cwd: tree, env: { ...process.env, TZ: 'UTC', LC_ALL: 'C' } });
      return { stdout: result.stdout.toString(), stderr: result.stderr.toString(), status: result.status ?? -1 };
    },
    ours: (command) => runShell(command, { session }),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
