/**
 * A machine to run processes in: an image's layers merged under a writable upper layer, with a
 * shell (just-bash, our commands, the emulated programs) whose filesystem is that overlay.
 * `docker run`/`exec` run a container's processes in one; `docker build` runs each RUN in one.
 */
import type { LayerContents } from '../../engine/image/types.ts';
import { OverlayFs } from '../../engine/overlay/overlay-fs.ts';
import { layerlabCommands } from '../commands/index.ts';
import { emulatedPrograms } from '../emulators/index.ts';
import type { ShellDialectName } from '../programs/shell-dialect.ts';
import { ShellSession, type ShellTerminal } from '../session.ts';
import { ShellFs } from '../shell-fs.ts';

export interface MachineOptions {
  /** The image's layers, bottom first (or `overlay`, a merged filesystem made already). */
  layers?: readonly LayerContents[];
  overlay?: OverlayFs;
  /** The clock in seconds (mtimes of what processes write). */
  now?: () => number;
  /** Where the machine's shell writes (an attached terminal); output-only by default. */
  terminal?: ShellTerminal;
  /** The environment and working directory of the machine's shell. */
  env?: Record<string, string>;
  cwd?: string;
}

export interface Machine {
  readonly overlay: OverlayFs;
  readonly fs: ShellFs;
  readonly shell: ShellSession;
}

const SILENT: ShellTerminal = { stdout: () => {}, stderr: () => {} };

export async function createMachine(options: MachineOptions): Promise<Machine> {
  const overlay = options.overlay ?? (await OverlayFs.open(options.layers ?? [], options.now ? { now: options.now } : {}));
  const fs = new ShellFs(overlay);
  const deps = options.now ? { now: options.now } : {};
  const shell = new ShellSession({
    fs,
    terminal: options.terminal ?? SILENT,
    cwd: options.cwd ?? '/',
    env: options.env ?? { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' },
    commands: [...layerlabCommands(deps), ...emulatedPrograms(deps)],
    dialect: shellDialectOf(overlay),
  });
  return { overlay, fs, shell };
}

/**
 * Whose shell `/bin/sh` is: busybox ash when the file it runs is /bin/busybox — a symlink to it
 * (alpine) or a hard link of it (busybox:latest), as busybox picks the applet by the name it
 * was called through — else a bash-like one (debian's dash words its errors as bash does
 * closely enough for lessons).
 */
export function shellDialectOf(overlay: OverlayFs): ShellDialectName {
  try {
    const sh = overlay.realpath('/bin/sh');
    const busybox = overlay.realpath('/bin/busybox');
    return sh === busybox || overlay.inodeOf(sh) === overlay.inodeOf(busybox) ? 'ash' : 'bash';
  } catch {
    return 'bash';
  }
}
