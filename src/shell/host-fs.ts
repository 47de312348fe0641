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
export const HOST_PROGRAM_VERSION = 'layerlab';

/** Names that get a `/usr/bin` placeholder (not just-bash's internal ones). */
export function isProgramName(name: string): boolean {
  return /^[A-Za-z0-9._[+-]+$/.test(name);
}

const TEXT_FILES: Record<string, string> = {
  '/etc/hostname': `${HOST_NAME}\n`,
  '/etc/passwd': 'root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n',
  '/etc/group': 'root:x:0:\nnogroup:x:65534:\n',
  '/etc/os-release':
    'PRETTY_NAME="layerlab (Debian-like playground host)"\nNAME="layerlab"\nID=layerlab\nID_LIKE=debian\nHOME_URL="https://github.com/"\n',
};

/**
 * The workshop's script, moby's contrib/mkimage/busybox-static (Apache-2.0, Docker, Inc.) as
 * workshops of the time copied it — the revision at
 * https://raw.githubusercontent.com/moby/moby/a575b0b1384b2ba89b79cbd7e770fbeb616758b3/contrib/mkimage/busybox-static
 * (a later revision broke the module loop: `modules=$((…))`) — byte for byte, so the lesson's
 * `./busybox-static busybox` runs unchanged from /root.
 */
const BUSYBOX_STATIC_SCRIPT = `#!/usr/bin/env bash
set -e

rootfsDir="$1"
shift

busybox="$(which busybox 2>/dev/null || true)"
if [ -z "$busybox" ]; then
	echo >&2 'error: busybox: not found'
	echo >&2 '  install it with your distribution "busybox-static" package'
	exit 1
fi
if ! ldd "$busybox" 2>&1 | grep -q 'not a dynamic executable'; then
	echo >&2 "error: '$busybox' appears to be a dynamic executable"
	echo >&2 '  you should install your distribution "busybox-static" package instead'
	exit 1
fi

mkdir -p "$rootfsDir/bin"
rm -f "$rootfsDir/bin/busybox" # just in case
cp "$busybox" "$rootfsDir/bin/busybox"

(
	cd "$rootfsDir"

	IFS=$'\\n'
	modules=( $(bin/busybox --list-modules) )
	unset IFS

	for module in "\${modules[@]}"; do
		mkdir -p "$(dirname "$module")"
		ln -sf /bin/busybox "$module"
	done
)
`;

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
  await overlay.writeFile(`${HOST_HOME}/busybox-static`, new TextEncoder().encode(BUSYBOX_STATIC_SCRIPT), { mode: 0o755 });
  for (const name of new Set(options.programs)) {
    if (!isProgramName(name)) continue;
    await overlay.writeFile(`/usr/bin/${name}`, placeholderBinary(name, { version: HOST_PROGRAM_VERSION, realSize: 0 }), { mode: 0o755 });
  }
  return new ShellFs(overlay);
}
