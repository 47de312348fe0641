/**
 * debian:bookworm (12.11), and the bookworm-slim rootfs nginx builds on, as debuerreotype makes
 * them: one layer, merged /usr (bin, lib, lib64, sbin are symlinks into /usr), the minbase
 * packages' programs and their dpkg database, and the docker-specific apt/dpkg tweaks.
 */
import type { FileTree } from '../file-tree.ts';
import { ImageRecipe } from '../image-recipe.ts';
import { PATH_ENV, ZONEINFO_UTC } from './common.ts';
import { BOOKWORM_DPKG_STATUS } from './debian-dpkg-status.ts';
import { BOOKWORM_TEXT_FILES } from './debian-files.ts';
import { BOOKWORM_BINARIES, BOOKWORM_SCRIPTS } from './debian-programs.ts';

export const DEBIAN_SERIAL = '20250811';
export const DEBIAN_CREATED = '2025-08-11T00:00:00Z';
/** `debian.sh … '@<epoch>'`: debuerreotype's snapshot time, also every file's mtime. */
const EPOCH = 1754870400;

const SLIM_DPKG_EXCLUDES = `# This is the "slim" variant of the Debian base image.
# Many files which are normally unnecessary in containers are excluded,
# and this configuration file keeps them that way.

path-exclude /usr/share/doc/*
# we need to keep copyright files for legal reasons
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
`;

function sources(): string {
  const suite = (uri: string, suites: string) =>
    `Types: deb\n# http://snapshot.debian.org/archive/${uri.split('/').pop()}/${DEBIAN_SERIAL}T000000Z\nURIs: ${uri}\nSuites: ${suites}\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n`;
  return `${suite('http://deb.debian.org/debian', 'bookworm bookworm-updates')}\n${suite('http://deb.debian.org/debian-security', 'bookworm-security')}`;
}

/** base-passwd's masters have `*` where an installed system (with shadow passwords) has `x`. */
const withShadowMarker = (master: string) => master.replace(/^([^:\n]+):\*:/gm, '$1:x:');

export function debianRootfs(tree: FileTree, options: { slim: boolean }): void {
  for (const [link, target] of [['/bin', 'usr/bin'], ['/lib', 'usr/lib'], ['/lib64', 'usr/lib64'], ['/sbin', 'usr/sbin']] as const) tree.symlink(link, target);
  tree.dirs(['/boot', '/dev', '/home', '/media', '/mnt', '/opt', '/proc', '/run', '/srv', '/sys', '/usr/games', '/usr/include', '/usr/libexec', '/usr/src', '/var/backups', '/var/cache/apt/archives/partial', '/var/cache/debconf', '/var/lib/apt/lists/partial', '/var/lib/dpkg/info', '/var/lib/dpkg/updates', '/var/lib/misc', '/var/log/apt', '/var/opt', '/var/spool']);
  tree.dir('/root', { mode: 0o700 }).dir('/tmp', { mode: 0o1777 }).dir('/var/tmp', { mode: 0o1777 }).dir('/run/lock', { mode: 0o1777 });
  tree.dir('/var/local', { mode: 0o2775, gid: 50 }).dir('/var/mail', { mode: 0o2775, gid: 8 });
  tree.dirs(['/usr/local/bin', '/usr/local/etc', '/usr/local/games', '/usr/local/include', '/usr/local/lib', '/usr/local/man', '/usr/local/sbin', '/usr/local/share', '/usr/local/src']);
  tree.symlink('/var/run', '/run').symlink('/var/lock', '/run/lock');

  for (const [path, content] of Object.entries(BOOKWORM_TEXT_FILES)) {
    if (path === '/etc/passwd' || path === '/etc/group') tree.file(path, withShadowMarker(content));
    else if (path === '/etc/shells') tree.file(path, content.replace(/^\/usr\/bin\/tmux\n/m, ''));
    else tree.file(path, content);
  }
  tree.symlink('/etc/os-release', '../usr/lib/os-release');
  const users = withShadowMarker(BOOKWORM_TEXT_FILES['/etc/passwd']!).split('\n').filter(Boolean).map((l) => l.split(':')[0]!);
  tree.file('/etc/shadow', users.map((u) => `${u}:*:20311:0:99999:7:::`).join('\n') + '\n', { mode: 0o640, gid: 42 });
  tree.file('/etc/hostname', '').file('/etc/hosts', '').file('/etc/resolv.conf', '');
  tree.file('/etc/apt/sources.list.d/debian.sources', sources());
  tree.file('/etc/timezone', 'Etc/UTC\n').symlink('/etc/localtime', '/usr/share/zoneinfo/Etc/UTC');
  tree.file('/usr/share/zoneinfo/Etc/UTC', ZONEINFO_UTC).symlink('/usr/share/zoneinfo/UTC', 'Etc/UTC');
  tree.file('/etc/nsswitch.conf', '# /etc/nsswitch.conf\n#\n# Example configuration of GNU Name Service Switch functionality.\n\npasswd:         files\ngroup:          files\nshadow:         files\ngshadow:        files\n\nhosts:          files dns\nnetworks:       files\n\nprotocols:      db files\nservices:       db files\nethers:         db files\nrpc:            db files\n\nnetgroup:       nis\n');
  if (options.slim) tree.file('/etc/dpkg/dpkg.cfg.d/docker', SLIM_DPKG_EXCLUDES);
  tree.symlink('/etc/alternatives/awk', '/usr/bin/mawk').symlink('/usr/bin/awk', '/etc/alternatives/awk');
  tree.symlink('/usr/bin/sh', 'dash').symlink('/usr/bin/rbash', 'bash');

  for (const [path, , version, realSize] of BOOKWORM_BINARIES) {
    const mode = path === '/usr/bin/su' || path === '/usr/bin/passwd' || path === '/usr/bin/chsh' || path === '/usr/bin/chfn' || path === '/usr/bin/mount' || path === '/usr/bin/umount' ? 0o4755 : 0o755;
    tree.binary(path, { version, realSize }, { mode });
  }
  for (const [path, , content] of BOOKWORM_SCRIPTS) tree.script(path, content);
  tree.binary('/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2', { version: '2.36', realSize: 210968 });
  tree.binary('/usr/lib/x86_64-linux-gnu/libc.so.6', { version: '2.36', realSize: 1922136 });
  tree.symlink('/usr/lib64/ld-linux-x86-64.so.2', '../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2');

  tree.file('/var/lib/dpkg/status', BOOKWORM_DPKG_STATUS);
  tree.file('/var/lib/dpkg/available', '').file('/var/lib/dpkg/lock', '', { mode: 0o640 }).file('/var/lib/dpkg/diversions', '');
  tree.file('/var/lib/apt/extended_states', '');
}

export function debianBase(slim: boolean): ImageRecipe {
  const image = new ImageRecipe();
  image.layer(DEBIAN_CREATED, `# debian.sh --arch 'amd64' out/ 'bookworm' '@${EPOCH}'`, (tree) => debianRootfs(tree, { slim }), 'debuerreotype 0.15');
  return image;
}

export async function buildDebian() {
  return debianBase(false).build({
    names: ['docker.io/library/debian:latest', 'docker.io/library/debian:bookworm', 'docker.io/library/debian:12', `docker.io/library/debian:bookworm-${DEBIAN_SERIAL}`],
    config: { Cmd: ['bash'], Env: [PATH_ENV] },
  });
}

