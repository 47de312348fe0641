/**
 * The student's machine: a small Debian-like root filesystem, writable, that lives in memory
 * (the page keeps it across reloads separately). Programs the shell can run sit in `/usr/bin`
 * as placeholder binaries, as on a real host, so `which`, `ls /usr/bin` and just-bash's command
 * lookup (which needs `/usr/bin/<name>` to exist) agree.
 */
import { OverlayFs } from '../engine/overlay/overlay-fs.ts';
import { placeholderBinary } from '../catalog/placeholder.ts';
import { withMounts, type Mount } from '../engine/overlay/mounts.ts';
import { devFilesystem, devptsFilesystem, emptyTmpfs, mqueueFilesystem } from './container/dev-fs.ts';
import { ShellFs } from './shell-fs.ts';
import { DEBIAN_BASH_VERSION } from './bash-variables.ts';

export const HOST_NAME = 'layerlab';
export const HOST_HOME = '/root';
export const HOST_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Version shown by placeholder host programs. */
export const HOST_PROGRAM_VERSION = 'layerlab';

/** Names that get a `/usr/bin` placeholder (not just-bash's internal ones). */
export function isProgramName(name: string): boolean {
  return /^[A-Za-z0-9._[+-]+$/.test(name);
}

/**
 * What a fresh Debian 12 (bookworm) install has: base-passwd 3.6.1's users and groups,
 * base-files 12.4's os-release (/etc/os-release links to it, as on Debian), and the hosts file
 * Debian's installer writes (the host's own name on 127.0.1.1).
 */
const TEXT_FILES: Record<string, string> = {
  '/etc/hostname': `${HOST_NAME}\n`,
  '/etc/hosts':
    '127.0.0.1\tlocalhost\n' +
    `127.0.1.1\t${HOST_NAME}\n` +
    '\n' +
    '# The following lines are desirable for IPv6 capable hosts\n' +
    '::1     localhost ip6-localhost ip6-loopback\n' +
    'ff02::1 ip6-allnodes\n' +
    'ff02::2 ip6-allrouters\n',
  '/etc/passwd':
    'root:x:0:0:root:/root:/bin/bash\n' +
    'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n' +
    'bin:x:2:2:bin:/bin:/usr/sbin/nologin\n' +
    'sys:x:3:3:sys:/dev:/usr/sbin/nologin\n' +
    'sync:x:4:65534:sync:/bin:/bin/sync\n' +
    'games:x:5:60:games:/usr/games:/usr/sbin/nologin\n' +
    'man:x:6:12:man:/var/cache/man:/usr/sbin/nologin\n' +
    'lp:x:7:7:lp:/var/spool/lpd:/usr/sbin/nologin\n' +
    'mail:x:8:8:mail:/var/mail:/usr/sbin/nologin\n' +
    'news:x:9:9:news:/var/spool/news:/usr/sbin/nologin\n' +
    'uucp:x:10:10:uucp:/var/spool/uucp:/usr/sbin/nologin\n' +
    'proxy:x:13:13:proxy:/bin:/usr/sbin/nologin\n' +
    'www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n' +
    'backup:x:34:34:backup:/var/backups:/usr/sbin/nologin\n' +
    'list:x:38:38:Mailing List Manager:/var/list:/usr/sbin/nologin\n' +
    'irc:x:39:39:ircd:/run/ircd:/usr/sbin/nologin\n' +
    '_apt:x:42:65534::/nonexistent:/usr/sbin/nologin\n' +
    'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n',
  '/etc/group':
    'root:x:0:\n' +
    'daemon:x:1:\n' +
    'bin:x:2:\n' +
    'sys:x:3:\n' +
    'adm:x:4:\n' +
    'tty:x:5:\n' +
    'disk:x:6:\n' +
    'lp:x:7:\n' +
    'mail:x:8:\n' +
    'news:x:9:\n' +
    'uucp:x:10:\n' +
    'man:x:12:\n' +
    'proxy:x:13:\n' +
    'kmem:x:15:\n' +
    'dialout:x:20:\n' +
    'fax:x:21:\n' +
    'voice:x:22:\n' +
    'cdrom:x:24:\n' +
    'floppy:x:25:\n' +
    'tape:x:26:\n' +
    'sudo:x:27:\n' +
    'audio:x:29:\n' +
    'dip:x:30:\n' +
    'www-data:x:33:\n' +
    'backup:x:34:\n' +
    'operator:x:37:\n' +
    'list:x:38:\n' +
    'irc:x:39:\n' +
    'src:x:40:\n' +
    'shadow:x:42:\n' +
    'utmp:x:43:\n' +
    'video:x:44:\n' +
    'sasl:x:45:\n' +
    'plugdev:x:46:\n' +
    'staff:x:50:\n' +
    'games:x:60:\n' +
    'users:x:100:\n' +
    'nogroup:x:65534:\n',
  '/usr/lib/os-release':
    'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n' +
    'NAME="Debian GNU/Linux"\n' +
    'VERSION_ID="12"\n' +
    'VERSION="12 (bookworm)"\n' +
    'VERSION_CODENAME=bookworm\n' +
    'ID=debian\n' +
    'HOME_URL="https://www.debian.org/"\n' +
    'SUPPORT_URL="https://www.debian.org/support"\n' +
    'BUG_REPORT_URL="https://bugs.debian.org/"\n',
};

/** Symbolic links of the base system (name: target). */
const SYMLINKS: Record<string, string> = {
  // Debian's merged /usr: /bin and /sbin are links into /usr.
  '/bin': 'usr/bin',
  '/sbin': 'usr/sbin',
  '/etc/os-release': '../usr/lib/os-release',
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
  for (const dir of ['/dev', '/etc', '/home', '/root', '/tmp', '/usr/bin', '/usr/lib', '/usr/local/bin', '/usr/sbin', '/var/tmp', '/proc']) {
    await overlay.mkdir(dir, { recursive: true });
  }
  await overlay.chmod('/tmp', 0o1777);
  await overlay.chmod('/var/tmp', 0o1777);
  await overlay.chmod('/root', 0o700);
  for (const [path, target] of Object.entries(SYMLINKS)) await overlay.symlink(target, path);
  for (const [path, text] of Object.entries(TEXT_FILES)) await overlay.writeFile(path, new TextEncoder().encode(text));
  await overlay.writeFile(`${HOST_HOME}/busybox-static`, new TextEncoder().encode(BUSYBOX_STATIC_SCRIPT), { mode: 0o755 });
  for (const name of new Set(options.programs)) {
    if (!isProgramName(name)) continue;
    // The host is Debian 12: its bash is 5.2.15 (what `bash --version` and $BASH_VERSION say).
    const version = name === 'bash' ? DEBIAN_BASH_VERSION : HOST_PROGRAM_VERSION;
    await overlay.writeFile(`/usr/bin/${name}`, placeholderBinary(name, { version, realSize: 0 }), { mode: 0o755 });
  }
  return hostShellFs(overlay, options.now);
}

/**
 * The shell's view of the host's files `overlay`: with udev's devtmpfs on /dev (the devices),
 * devpts (the login's pts/0), /dev/shm and /dev/mqueue, which is no part of what the page saves (persistence snapshots the
 * overlay's own upper layer, never a mount).
 */
export async function hostShellFs(overlay: OverlayFs, now: () => number = () => Math.floor(Date.now() / 1000)): Promise<ShellFs> {
  const mounts: Mount[] = [
    { target: '/dev', fs: await devFilesystem({ now, host: true }), source: '/', readOnly: false },
    { target: '/dev/pts', fs: devptsFilesystem(now, true), source: '/', readOnly: false },
    { target: '/dev/shm', fs: await emptyTmpfs(now, 0o1777), source: '/', readOnly: false },
    { target: '/dev/mqueue', fs: mqueueFilesystem(now), source: '/', readOnly: false },
  ];
  return new ShellFs(withMounts(overlay, mounts));
}
