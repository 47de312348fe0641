/**
 * The student's machine: a small Debian-like root filesystem, writable, that lives in memory
 * (the page keeps it across reloads separately). Programs the shell can run sit in `/usr/bin`
 * as placeholder binaries, as on a real host, so `which`, `ls /usr/bin` and just-bash's command
 * lookup (which needs `/usr/bin/<name>` to exist) agree.
 */
import { OverlayFs } from '../engine/overlay/overlay-fs.ts';
import { placeholderBinary } from '../catalog/placeholder.ts';
import { ShellFs } from './shell-fs.ts';

export const HOST_NAME = 'layerlab';
export const HOST_HOME = '/root';
export const HOST_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Version shown by placeholder host programs. */
const HOST_PROGRAM_VERSION = 'layerlab';

const TEXT_FILES: Record<string, string> = {
  '/etc/hostname': `${HOST_NAME}\n`,
  '/etc/passwd': 'root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n',
  '/etc/group': 'root:x:0:\nnogroup:x:65534:\n',
  '/etc/os-release':
    'PRETTY_NAME="layerlab (Debian-like playground host)"\nNAME="layerlab"\nID=layerlab\nID_LIKE=debian\nHOME_URL="https://github.com/"\n',
};

export interface HostFsOptions {
  /** Names of the programs the shell provides (just-bash's utilities and ours). */
  programs: Iterable<string>;
  /** The clock for mtimes, in seconds (tests fix it). */
  now?: () => number;
}

export async function createHostFs(options: HostFsOptions): Promise<ShellFs> {
  const overlay = await OverlayFs.open([], options.now ? { now: options.now } : {});
  for (const dir of ['/dev', '/etc', '/home', '/root', '/tmp', '/usr/bin', '/usr/local/bin', '/usr/sbin', '/var/tmp', '/proc']) {
    await overlay.mkdir(dir, { recursive: true });
  }
  await overlay.chmod('/tmp', 0o1777);
  await overlay.chmod('/var/tmp', 0o1777);
  await overlay.chmod('/root', 0o700);
  // Debian's merged /usr: /bin and /sbin are links into /usr.
  await overlay.symlink('usr/bin', '/bin');
  await overlay.symlink('usr/sbin', '/sbin');
  for (const [path, text] of Object.entries(TEXT_FILES)) await overlay.writeFile(path, new TextEncoder().encode(text));
  for (const name of new Set(options.programs)) {
    if (!/^[A-Za-z0-9._[+-]+$/.test(name)) continue;
    await overlay.writeFile(`/usr/bin/${name}`, placeholderBinary(name, { version: HOST_PROGRAM_VERSION, realSize: 0 }), { mode: 0o755 });
  }
  return new ShellFs(overlay);
}
