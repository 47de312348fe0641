/**
 * ubuntu:18.04 (bionic-20230530, the last build of 18.04): one layer from Canonical's cloud
 * image rootfs, before usr-merge (/bin, /sbin and /lib are real directories).
 */
import type { FileTree } from '../file-tree.ts';
import { ImageRecipe } from '../image-recipe.ts';
import { PATH_ENV, ZONEINFO_UTC } from './common.ts';

const CREATED = '2023-05-30T09:32:09.432301537Z';

const OS_RELEASE = `NAME="Ubuntu"
VERSION="18.04.6 LTS (Bionic Beaver)"
ID=ubuntu
ID_LIKE=debian
PRETTY_NAME="Ubuntu 18.04.6 LTS"
VERSION_ID="18.04"
HOME_URL="https://www.ubuntu.com/"
SUPPORT_URL="https://help.ubuntu.com/"
BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"
VERSION_CODENAME=bionic
UBUNTU_CODENAME=bionic
`;

const PASSWD = `root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
bin:x:2:2:bin:/bin:/usr/sbin/nologin
sys:x:3:3:sys:/dev:/usr/sbin/nologin
sync:x:4:65534:sync:/bin:/bin/sync
games:x:5:60:games:/usr/games:/usr/sbin/nologin
man:x:6:12:man:/var/cache/man:/usr/sbin/nologin
lp:x:7:7:lp:/var/spool/lpd:/usr/sbin/nologin
mail:x:8:8:mail:/var/mail:/usr/sbin/nologin
news:x:9:9:news:/var/spool/news:/usr/sbin/nologin
uucp:x:10:10:uucp:/var/spool/uucp:/usr/sbin/nologin
proxy:x:13:13:proxy:/bin:/usr/sbin/nologin
www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
backup:x:34:34:backup:/var/backups:/usr/sbin/nologin
list:x:38:38:Mailing List Manager:/var/list:/usr/sbin/nologin
irc:x:39:39:ircd:/var/run/ircd:/usr/sbin/nologin
gnats:x:41:41:Gnats Bug-Reporting System (admin):/var/lib/gnats:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
_apt:x:100:65534::/nonexistent:/usr/sbin/nologin
`;

const GROUP = `root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
adm:x:4:
tty:x:5:
disk:x:6:
lp:x:7:
mail:x:8:
news:x:9:
uucp:x:10:
man:x:12:
proxy:x:13:
kmem:x:15:
dialout:x:20:
fax:x:21:
voice:x:22:
cdrom:x:24:
floppy:x:25:
tape:x:26:
sudo:x:27:
audio:x:29:
dip:x:30:
www-data:x:33:
backup:x:34:
operator:x:37:
list:x:38:
irc:x:39:
src:x:40:
gnats:x:41:
shadow:x:42:
utmp:x:43:
video:x:44:
sasl:x:45:
plugdev:x:46:
staff:x:50:
games:x:60:
users:x:100:
nogroup:x:65534:
`;

const SOURCES_LIST = `# See http://help.ubuntu.com/community/UpgradeNotes for how to upgrade to
# newer versions of the distribution.
deb http://archive.ubuntu.com/ubuntu/ bionic main restricted
# deb-src http://archive.ubuntu.com/ubuntu/ bionic main restricted

## Major bug fix updates produced after the final release of the
## distribution.
deb http://archive.ubuntu.com/ubuntu/ bionic-updates main restricted
# deb-src http://archive.ubuntu.com/ubuntu/ bionic-updates main restricted

## N.B. software from this repository is ENTIRELY UNSUPPORTED by the Ubuntu
## team, and may not be under a free licence. Please satisfy yourself as to
## your rights to use the software. Also, please note that software in
## universe WILL NOT receive any review or updates from the Ubuntu security
## team.
deb http://archive.ubuntu.com/ubuntu/ bionic universe
deb http://archive.ubuntu.com/ubuntu/ bionic-updates universe

deb http://security.ubuntu.com/ubuntu/ bionic-security main restricted
deb http://security.ubuntu.com/ubuntu/ bionic-security universe
deb http://security.ubuntu.com/ubuntu/ bionic-security multiverse
`;

/** Programs by package: [package, version, [path, real size]...]. */
const PROGRAMS: [string, string, [string, number][]][] = [
  ['bash', '4.4.18-2ubuntu1.3', [['/bin/bash', 1113504]]],
  ['dash', '0.5.8-2.10', [['/bin/dash', 121432]]],
  ['coreutils', '8.28-1ubuntu1', [
    ['/bin/cat', 35064], ['/bin/chgrp', 63672], ['/bin/chmod', 59608], ['/bin/chown', 67768], ['/bin/cp', 153976], ['/bin/date', 104024],
    ['/bin/dd', 76000], ['/bin/df', 84776], ['/bin/echo', 35000], ['/bin/false', 30904], ['/bin/ln', 67808], ['/bin/ls', 133792],
    ['/bin/mkdir', 80504], ['/bin/mv', 149880], ['/bin/pwd', 35128], ['/bin/readlink', 43192], ['/bin/rm', 63704], ['/bin/rmdir', 40536],
    ['/bin/sleep', 35000], ['/bin/touch', 96312], ['/bin/true', 30904], ['/bin/uname', 35032], ['/usr/bin/env', 35000], ['/usr/bin/head', 43224],
    ['/usr/bin/id', 47416], ['/usr/bin/sort', 113080], ['/usr/bin/tail', 68888], ['/usr/bin/wc', 43224], ['/usr/bin/whoami', 31032],
  ]],
  ['grep', '3.1-2build1', [['/bin/grep', 219456]]],
  ['sed', '4.4-2', [['/bin/sed', 109000]]],
  ['tar', '1.29b-2ubuntu0.4', [['/bin/tar', 423312]]],
  ['gzip', '1.6-5ubuntu1.2', [['/bin/gzip', 101560]]],
  ['util-linux', '2.31.1-0.4ubuntu3.7', [['/bin/mount', 43088], ['/bin/umount', 26696], ['/bin/more', 39128]]],
  ['hostname', '3.20', [['/bin/hostname', 18504]]],
  ['login', '1:4.5-1ubuntu2.3', [['/bin/login', 52664], ['/bin/su', 44664]]],
  ['dpkg', '1.19.0.5ubuntu2.4', [['/usr/bin/dpkg', 297448], ['/usr/bin/dpkg-query', 154592], ['/usr/bin/dpkg-deb', 154784]]],
  ['apt', '1.6.17', [['/usr/bin/apt', 18928], ['/usr/bin/apt-get', 47560], ['/usr/bin/apt-cache', 84048], ['/usr/bin/apt-config', 26768], ['/usr/bin/apt-mark', 55080]]],
  ['findutils', '4.6.0+git+20170828-2', [['/usr/bin/find', 238080], ['/usr/bin/xargs', 75992]]],
  ['mawk', '1.3.3-17ubuntu3', [['/usr/bin/mawk', 125432]]],
  ['perl-base', '5.26.1-6ubuntu0.7', [['/usr/bin/perl', 2101336]]],
  ['passwd', '1:4.5-1ubuntu2.3', [['/usr/bin/passwd', 59640], ['/usr/sbin/useradd', 122216], ['/usr/sbin/groupadd', 71680], ['/usr/sbin/usermod', 126512]]],
  ['libc-bin', '2.27-3ubuntu1.6', [['/sbin/ldconfig.real', 1000824], ['/usr/bin/getent', 35040], ['/usr/bin/locale', 59096]]],
  ['libc6', '2.27-3ubuntu1.6', [['/lib/x86_64-linux-gnu/ld-2.27.so', 179152], ['/lib/x86_64-linux-gnu/libc-2.27.so', 2030928]]],
];

const DPKG_STATUS = PROGRAMS.map(
  ([pkg, version]) => `Package: ${pkg}\nStatus: install ok installed\nPriority: required\nArchitecture: amd64\nMaintainer: Ubuntu Developers <ubuntu-devel-discuss@lists.ubuntu.com>\nVersion: ${version}\n`,
).join('\n');

function bionicRootfs(tree: FileTree): void {
  tree.dirs(['/boot', '/dev', '/home', '/media', '/mnt', '/opt', '/proc', '/run', '/srv', '/sys', '/usr/games', '/usr/include', '/usr/local/bin', '/usr/local/sbin', '/usr/local/share', '/usr/src', '/var/backups', '/var/cache/apt/archives/partial', '/var/lib/apt/lists/partial', '/var/lib/dpkg/info', '/var/log', '/var/opt', '/var/spool']);
  tree.dir('/root', { mode: 0o700 }).dir('/tmp', { mode: 0o1777 }).dir('/var/tmp', { mode: 0o1777 }).dir('/var/local', { mode: 0o2775, gid: 50 }).dir('/var/mail', { mode: 0o2775, gid: 8 });
  tree.dir('/run/lock', { mode: 0o1777 }).symlink('/var/run', '/run').symlink('/var/lock', '/run/lock');
  tree.symlink('/lib64/ld-linux-x86-64.so.2', '/lib/x86_64-linux-gnu/ld-2.27.so');
  for (const [, version, files] of PROGRAMS) {
    for (const [path, realSize] of files) {
      const mode = ['/bin/su', '/bin/mount', '/bin/umount', '/usr/bin/passwd'].includes(path) ? 0o4755 : 0o755;
      tree.binary(path, { program: path.split('/').pop()!.replace(/\.real$/, ''), version: version.replace(/^\d+:/, ''), realSize }, { mode });
    }
  }
  tree.symlink('/bin/sh', 'dash').symlink('/bin/rbash', 'bash').symlink('/usr/bin/awk', '/etc/alternatives/awk').symlink('/etc/alternatives/awk', '/usr/bin/mawk');
  tree.symlink('/lib/x86_64-linux-gnu/libc.so.6', 'libc-2.27.so');
  tree.script('/sbin/ldconfig', '#!/bin/sh\n\nif  test $# = 0\t\t\t\t\t\t\t\\\n    && test x"$LDCONFIG_NOTRIGGER" = x\t\t\t\t\t\\\n    && test x"$DPKG_MAINTSCRIPT_PACKAGE" != x\t\t\t\t\\\n    && dpkg-trigger --check-supported 2>/dev/null\nthen\n\tif dpkg-trigger --no-await ldconfig; then\n\t\tif test x"$LDCONFIG_TRIGGER_DEBUG" != x; then\n\t\t\techo "ldconfig: wrapper deferring update (trigger activated)"\n\t\tfi\n\t\texit 0\n\tfi\nfi\n\nexec /sbin/ldconfig.real "$@"\n');
  tree.file('/usr/lib/os-release', OS_RELEASE).symlink('/etc/os-release', '../usr/lib/os-release');
  tree.file('/etc/lsb-release', 'DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=18.04\nDISTRIB_CODENAME=bionic\nDISTRIB_DESCRIPTION="Ubuntu 18.04.6 LTS"\n');
  tree.file('/etc/debian_version', 'buster/sid\n').file('/etc/issue', 'Ubuntu 18.04.6 LTS \\n \\l\n\n').file('/etc/issue.net', 'Ubuntu 18.04.6 LTS\n');
  tree.file('/etc/passwd', PASSWD).file('/etc/group', GROUP);
  tree.file('/etc/shadow', PASSWD.split('\n').filter(Boolean).map((l) => `${l.split(':')[0]}:*:19508:0:99999:7:::`).join('\n') + '\n', { mode: 0o640, gid: 42 });
  tree.file('/etc/shells', '# /etc/shells: valid login shells\n/bin/sh\n/bin/bash\n/bin/rbash\n/bin/dash\n');
  tree.file('/etc/hostname', '').file('/etc/hosts', '').file('/etc/resolv.conf', '');
  tree.file('/etc/apt/sources.list', SOURCES_LIST);
  tree.file('/etc/timezone', 'Etc/UTC\n').symlink('/etc/localtime', '/usr/share/zoneinfo/Etc/UTC').file('/usr/share/zoneinfo/Etc/UTC', ZONEINFO_UTC);
  tree.file('/etc/dpkg/dpkg.cfg.d/excludes', '# Drop all man pages\npath-exclude=/usr/share/man/*\n\n# Drop all translations\npath-exclude=/usr/share/locale/*/LC_MESSAGES/*.mo\n\n# Drop all documentation ...\npath-exclude=/usr/share/doc/*\n\n# ... except copyright files ...\npath-include=/usr/share/doc/*/copyright\n');
  tree.file('/var/lib/dpkg/status', DPKG_STATUS).file('/var/lib/dpkg/available', '');
}

const nop = (instruction: string) => `/bin/sh -c #(nop) ${instruction}`;

export async function buildUbuntu1804() {
  const image = new ImageRecipe();
  image.meta('2023-05-30T09:32:07.263012271Z', nop(' ARG RELEASE'));
  image.meta('2023-05-30T09:32:07.339419208Z', nop(' ARG LAUNCHPAD_BUILD_ARCH'));
  image.meta('2023-05-30T09:32:07.418447044Z', nop(' LABEL org.opencontainers.image.ref.name=ubuntu'));
  image.meta('2023-05-30T09:32:07.493513394Z', nop(' LABEL org.opencontainers.image.version=18.04'));
  image.layer('2023-05-30T09:32:09.155024893Z', (layer) => nop(`ADD file:${layer.diffId.slice(7)} in / `), bionicRootfs);
  image.meta(CREATED, nop(' CMD ["/bin/bash"]'));
  return image.build({
    names: ['docker.io/library/ubuntu:18.04', 'docker.io/library/ubuntu:bionic', 'docker.io/library/ubuntu:bionic-20230530'],
    config: {
      Env: [PATH_ENV],
      Cmd: ['/bin/bash'],
      Labels: { 'org.opencontainers.image.ref.name': 'ubuntu', 'org.opencontainers.image.version': '18.04' },
    },
    extra: { docker_version: '20.10.21' },
  });
}
