/**
 * alpine:3.7 (the base of redis:3.2.11-alpine) and alpine:latest (3.22.1): one layer, the
 * release's minirootfs — busybox with its applets as absolute symlinks to /bin/busybox, musl,
 * apk-tools and its database in /lib/apk/db, alpine-baselayout's /etc.
 */
import { apkInstalledDb, apkPackageChecksum, type ApkPackage } from '../apk-db.ts';
import type { FileTree } from '../file-tree.ts';
import { ImageRecipe } from '../image-recipe.ts';
import { BUSYBOX_APPLETS } from './busybox-applets.ts';

import { PATH_ENV } from './common.ts';
const MAINTAINER = 'Natanael Copa <ncopa@alpinelinux.org>';

/** Applets Alpine's busybox config leaves out of the 1.37 defconfig set (some live in busybox-extras). */
const NOT_IN_ALPINE = new Set(
  `ar ascii bootchartd conspy cttyhack devmem dnsd dpkg dpkg-deb fakeidentd freeramdisk fsck.minix ftpd ftpget ftpput
  httpd hush i2cdetect i2cdump i2cget i2cset i2ctransfer inetd lpd lpq lpr makedevs man microcom mim mke2fs mkfs.ext2
  mkfs.minix nanddump nandwrite popmaildir rpm rpm2cpio run-init sendmail start-stop-daemon sulogin tc telnet telnetd
  tftp tftpd ts ubiattach ubidetach ubimkvol ubirename ubirmvol ubirsvol ubiupdatevol udhcpd uevent zcip`.split(/\s+/),
);

interface AlpineRelease {
  version: string;
  /** `v3.7` in repository URLs. */
  branch: string;
  osRelease: string;
  /** Where os-release lives: /etc (3.7) or /usr/lib with an /etc symlink (3.17+). */
  osReleaseInUsrLib: boolean;
  rootShell: string;
  passwd: string;
  group: string;
  repositories: string;
  world: string[];
  keys: string[];
  busybox: string;
  musl: string;
  apkTools: string;
  zlib: string;
  /** libcrypto / libssl: [package name, version, libcrypto file, libssl file]. */
  ssl: [crypto: string, ssl: string, version: string, cryptoFile: string, sslFile: string];
  scanelf: string;
  buildTime: number;
}

const PASSWD_3_7 = `root:x:0:0:root:/root:/bin/ash
bin:x:1:1:bin:/bin:/sbin/nologin
daemon:x:2:2:daemon:/sbin:/sbin/nologin
adm:x:3:4:adm:/var/adm:/sbin/nologin
lp:x:4:7:lp:/var/spool/lpd:/sbin/nologin
sync:x:5:0:sync:/sbin:/bin/sync
shutdown:x:6:0:shutdown:/sbin:/sbin/shutdown
halt:x:7:0:halt:/sbin:/sbin/halt
mail:x:8:12:mail:/var/spool/mail:/sbin/nologin
news:x:9:13:news:/usr/lib/news:/sbin/nologin
uucp:x:10:14:uucp:/var/spool/uucppublic:/sbin/nologin
operator:x:11:0:operator:/root:/bin/sh
man:x:13:15:man:/usr/man:/sbin/nologin
postmaster:x:14:12:postmaster:/var/spool/mail:/sbin/nologin
cron:x:16:16:cron:/var/spool/cron:/sbin/nologin
ftp:x:21:21::/var/lib/ftp:/sbin/nologin
sshd:x:22:22:sshd:/dev/null:/sbin/nologin
at:x:25:25:at:/var/spool/cron/atjobs:/sbin/nologin
squid:x:31:31:Squid:/var/cache/squid:/sbin/nologin
xfs:x:33:33:X Font Server:/etc/X11/fs:/sbin/nologin
games:x:35:35:games:/usr/games:/sbin/nologin
postgres:x:70:70::/var/lib/postgresql:/bin/sh
cyrus:x:85:12::/usr/cyrus:/sbin/nologin
vpopmail:x:89:89::/var/vpopmail:/sbin/nologin
ntp:x:123:123:NTP:/var/empty:/sbin/nologin
smmsp:x:209:209:smmsp:/var/spool/mqueue:/sbin/nologin
guest:x:405:100:guest:/dev/null:/sbin/nologin
nobody:x:65534:65534:nobody:/:/sbin/nologin
`;

const GROUP_3_7 = `root:x:0:root
bin:x:1:root,bin,daemon
daemon:x:2:root,bin,daemon
sys:x:3:root,bin,adm
adm:x:4:root,adm,daemon
tty:x:5:
disk:x:6:root,adm
lp:x:7:lp
mem:x:8:
kmem:x:9:
wheel:x:10:root
floppy:x:11:root
mail:x:12:mail
news:x:13:news
uucp:x:14:uucp
man:x:15:man
cron:x:16:cron
console:x:17:
audio:x:18:
cdrom:x:19:
dialout:x:20:root
ftp:x:21:
sshd:x:22:
input:x:23:
at:x:25:at
tape:x:26:root
video:x:27:root
netdev:x:28:
readproc:x:30:
squid:x:31:squid
xfs:x:33:xfs
kvm:x:34:kvm
games:x:35:
shadow:x:42:
postgres:x:70:
cdrw:x:80:
usb:x:85:
vpopmail:x:89:
users:x:100:games
ntp:x:123:
nofiles:x:200:
smmsp:x:209:smmsp
locate:x:245:
abuild:x:300:
utmp:x:406:
ping:x:999:
nogroup:x:65533:
nobody:x:65534:
`;

const PASSWD_3_22 = `root:x:0:0:root:/root:/bin/sh
bin:x:1:1:bin:/bin:/sbin/nologin
daemon:x:2:2:daemon:/sbin:/sbin/nologin
lp:x:4:7:lp:/var/spool/lpd:/sbin/nologin
sync:x:5:0:sync:/sbin:/bin/sync
shutdown:x:6:0:shutdown:/sbin:/sbin/shutdown
halt:x:7:0:halt:/sbin:/sbin/halt
mail:x:8:12:mail:/var/mail:/sbin/nologin
news:x:9:13:news:/usr/lib/news:/sbin/nologin
uucp:x:10:14:uucp:/var/spool/uucppublic:/sbin/nologin
cron:x:16:16:cron:/var/spool/cron:/sbin/nologin
ftp:x:21:21::/var/lib/ftp:/sbin/nologin
sshd:x:22:22:sshd:/dev/null:/sbin/nologin
games:x:35:35:games:/usr/games:/sbin/nologin
ntp:x:123:123:NTP:/var/empty:/sbin/nologin
guest:x:405:100:guest:/dev/null:/sbin/nologin
nobody:x:65534:65534:nobody:/:/sbin/nologin
`;

const GROUP_3_22 = `root:x:0:root
bin:x:1:root,bin,daemon
daemon:x:2:root,bin,daemon
sys:x:3:root,bin
adm:x:4:root,daemon
tty:x:5:
disk:x:6:root
lp:x:7:lp
kmem:x:9:
wheel:x:10:root
floppy:x:11:root
mail:x:12:mail
news:x:13:news
uucp:x:14:uucp
cron:x:16:cron
audio:x:18:
cdrom:x:19:
dialout:x:20:root
ftp:x:21:
sshd:x:22:
input:x:23:
tape:x:26:root
video:x:27:root
netdev:x:28:
kvm:x:34:kvm
games:x:35:
shadow:x:42:
www-data:x:82:
users:x:100:games
ntp:x:123:
abuild:x:300:
utmp:x:406:
ping:x:999:
nogroup:x:65533:
nobody:x:65534:
`;

export const ALPINE_3_7: AlpineRelease = {
  version: '3.7.0',
  branch: 'v3.7',
  osRelease: `NAME="Alpine Linux"
ID=alpine
VERSION_ID=3.7.0
PRETTY_NAME="Alpine Linux v3.7"
HOME_URL="http://alpinelinux.org"
BUG_REPORT_URL="http://bugs.alpinelinux.org"
`,
  osReleaseInUsrLib: false,
  rootShell: '/bin/ash',
  passwd: PASSWD_3_7,
  group: GROUP_3_7,
  repositories: 'http://dl-cdn.alpinelinux.org/alpine/v3.7/main\nhttp://dl-cdn.alpinelinux.org/alpine/v3.7/community\n',
  world: ['alpine-baselayout', 'alpine-keys', 'apk-tools', 'busybox', 'libc-utils'],
  keys: ['alpine-devel@lists.alpinelinux.org-4a6a0840.rsa.pub', 'alpine-devel@lists.alpinelinux.org-5243ef4b.rsa.pub', 'alpine-devel@lists.alpinelinux.org-5261cecb.rsa.pub'],
  busybox: '1.27.2-r7',
  musl: '1.1.18-r2',
  apkTools: '2.8.2-r0',
  zlib: '1.2.11-r1',
  ssl: ['libressl2.6-libcrypto', 'libressl2.6-libssl', '2.6.3-r0', 'libcrypto.so.42.0.0', 'libssl.so.44.0.1'],
  scanelf: '1.2.2-r1',
  buildTime: 1512052260,
};

export const ALPINE_3_22: AlpineRelease = {
  version: '3.22.1',
  branch: 'v3.22',
  osRelease: `NAME="Alpine Linux"
ID=alpine
VERSION_ID=3.22.1
PRETTY_NAME="Alpine Linux v3.22"
HOME_URL="https://alpinelinux.org/"
BUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"
`,
  osReleaseInUsrLib: true,
  rootShell: '/bin/sh',
  passwd: PASSWD_3_22,
  group: GROUP_3_22,
  repositories: 'https://dl-cdn.alpinelinux.org/alpine/v3.22/main\nhttps://dl-cdn.alpinelinux.org/alpine/v3.22/community\n',
  world: ['alpine-baselayout', 'alpine-keys', 'alpine-release', 'apk-tools', 'busybox', 'ca-certificates-bundle', 'libc-utils'],
  keys: [
    'alpine-devel@lists.alpinelinux.org-4a6a0840.rsa.pub',
    'alpine-devel@lists.alpinelinux.org-5261cecb.rsa.pub',
    'alpine-devel@lists.alpinelinux.org-6165ee59.rsa.pub',
  ],
  busybox: '1.37.0-r18',
  musl: '1.2.5-r10',
  apkTools: '2.14.9-r2',
  zlib: '1.3.1-r2',
  ssl: ['libcrypto3', 'libssl3', '3.5.1-r0', 'libcrypto.so.3', 'libssl.so.3'],
  scanelf: '1.3.8-r1',
  buildTime: 1752563400,
};

const upstreamVersion = (apkVersion: string) => apkVersion.replace(/-r\d+$/, '');

/** Alpine's applets, each an absolute symlink to /bin/busybox. */
function busyboxSymlinks(tree: FileTree): void {
  for (const [dir, applets] of Object.entries(BUSYBOX_APPLETS)) {
    for (const applet of applets) {
      if (applet === 'busybox' || NOT_IN_ALPINE.has(applet)) continue;
      tree.symlink(`/${dir}/${applet}`, '/bin/busybox');
    }
  }
}

/** The minirootfs of an Alpine release, as its single layer. */
export function alpineRootfs(tree: FileTree, release: AlpineRelease): void {
  const r = release;
  const ver = (v: string) => ({ version: upstreamVersion(v), realSize: 0 });
  tree.dirs(['/dev', '/home', '/media/cdrom', '/media/floppy', '/media/usb', '/mnt', '/opt', '/proc', '/run', '/srv', '/sys']);
  tree.dir('/root', { mode: 0o700 }).dir('/tmp', { mode: 0o1777 }).dir('/var/tmp', { mode: 0o1777 });
  tree.dirs(['/usr/local/bin', '/usr/local/lib', '/usr/local/share', '/usr/share', '/usr/lib', '/var/cache/misc', '/var/empty', '/var/lib/misc', '/var/local', '/var/lock/subsys', '/var/log', '/var/mail', '/var/opt', '/var/spool/mail']);
  tree.dirs(['/etc/conf.d', '/etc/init.d', '/etc/modprobe.d', '/etc/modules-load.d', '/etc/network/if-up.d', '/etc/network/if-down.d', '/etc/opt', '/etc/periodic/15min', '/etc/periodic/daily', '/etc/periodic/hourly', '/etc/periodic/monthly', '/etc/periodic/weekly', '/etc/profile.d', '/etc/ssl/certs', '/etc/sysctl.d', '/lib/firmware', '/lib/mdev', '/lib/modules-load.d']);
  tree.dir('/etc/crontabs', { mode: 0o755 });
  tree.symlink('/var/run', '/run').symlink('/var/spool/cron/crontabs', '/etc/crontabs');

  // busybox and its applets
  tree.binary('/bin/busybox', { version: upstreamVersion(r.busybox), realSize: r.version.startsWith('3.7') ? 796480 : 808712 });
  busyboxSymlinks(tree);
  tree.binary('/bin/bbsuid', ver(r.busybox), { mode: 0o4111 });
  tree.binary('/usr/bin/ssl_client', { ...ver(r.busybox), realSize: 14232 });

  // musl and musl-utils
  tree.binary('/lib/ld-musl-x86_64.so.1', { program: 'ld-musl-x86_64.so.1', version: upstreamVersion(r.musl), realSize: r.version.startsWith('3.7') ? 571920 : 657288 });
  tree.symlink('/lib/libc.musl-x86_64.so.1', 'ld-musl-x86_64.so.1');
  tree.symlink('/usr/bin/ldd', '/lib/ld-musl-x86_64.so.1');
  tree.binary('/usr/bin/getconf', { version: upstreamVersion(r.musl), realSize: 34568 });
  tree.binary('/usr/bin/getent', { version: upstreamVersion(r.musl), realSize: 47736 });
  tree.binary('/usr/bin/iconv', { version: upstreamVersion(r.musl), realSize: 22248 });
  tree.script('/sbin/ldconfig', '#!/bin/sh\nscanelf -qS "$@" | while read SONAME FILE; do\n\tln -fs "${FILE##*/}" "${FILE%/*}/$SONAME"\ndone\n');

  // zlib, TLS libraries, apk-tools, scanelf
  const [zlibMajor] = [upstreamVersion(r.zlib)];
  tree.binary(`/lib/libz.so.${zlibMajor}`, { program: 'libz.so.1', version: zlibMajor, realSize: 100400 });
  tree.symlink('/lib/libz.so.1', `libz.so.${zlibMajor}`);
  const [cryptoPkg, sslPkg, sslVersion, cryptoFile, sslFile] = r.ssl;
  tree.binary(`/lib/${cryptoFile}`, { program: 'libcrypto', version: upstreamVersion(sslVersion), realSize: r.version.startsWith('3.7') ? 2318248 : 5324432 });
  tree.binary(`/lib/${sslFile}`, { program: 'libssl', version: upstreamVersion(sslVersion), realSize: r.version.startsWith('3.7') ? 449560 : 676712 });
  if (r.version.startsWith('3.7')) {
    tree.symlink('/lib/libcrypto.so.42', cryptoFile).symlink('/lib/libssl.so.44', sslFile);
    tree.file('/etc/ssl/openssl.cnf', '# LibreSSL default configuration\n[ req ]\ndefault_bits\t\t= 2048\ndistinguished_name\t= req_distinguished_name\n\n[ req_distinguished_name ]\ncountryName\t\t\t= Country Name (2 letter code)\n');
  } else {
    tree.file('/etc/ssl/openssl.cnf', '# OpenSSL example configuration file.\n# See doc/man5/config.pod for more info.\n\nopenssl_conf = openssl_init\n\n[openssl_init]\nproviders = provider_sect\n\n[provider_sect]\ndefault = default_sect\n\n[default_sect]\nactivate = 1\n');
    tree.file('/etc/ssl/certs/ca-certificates.crt', '# Placeholder bundle: the real one holds ~140 PEM certificates from Mozilla\'s store.\n');
    tree.symlink('/etc/ssl/cert.pem', 'certs/ca-certificates.crt');
  }
  tree.binary('/sbin/apk', { version: upstreamVersion(r.apkTools), realSize: r.version.startsWith('3.7') ? 218816 : 68608 });
  tree.binary('/usr/bin/scanelf', { version: upstreamVersion(r.scanelf), realSize: 79192 });
  tree.binary('/sbin/mkmntdirs', { version: '3', realSize: 14232 });

  // alpine-baselayout's /etc
  tree.file(r.osReleaseInUsrLib ? '/usr/lib/os-release' : '/etc/os-release', r.osRelease);
  if (r.osReleaseInUsrLib) tree.symlink('/etc/os-release', '../usr/lib/os-release');
  tree.file('/etc/alpine-release', `${r.version}\n`);
  tree.file('/etc/issue', `Welcome to Alpine Linux ${r.branch.slice(1)}\nKernel \\r on an \\m (\\l)\n\n`);
  tree.file('/etc/motd', `Welcome to Alpine!\n\nThe Alpine Wiki contains a large amount of how-to guides and general\ninformation about administrating Alpine systems.\nSee <https://wiki.alpinelinux.org/>.\n\nYou can setup the system with the command: setup-alpine\n\nYou may change this message by editing /etc/motd.\n\n`);
  tree.file('/etc/passwd', r.passwd).file('/etc/group', r.group);
  tree.file('/etc/shadow', r.passwd.split('\n').filter(Boolean).map((l) => `${l.split(':')[0]}:${l.startsWith('root:') ? '*' : '!'}::0:::::`).join('\n') + '\n', { mode: 0o640, gid: 42 });
  tree.file('/etc/shells', '# valid login shells\n/bin/sh\n/bin/ash\n');
  tree.file('/etc/hostname', 'localhost\n');
  tree.file('/etc/hosts', '127.0.0.1\tlocalhost localhost.localdomain\n::1\t\tlocalhost localhost.localdomain\n');
  tree.file('/etc/fstab', '/dev/cdrom\t/media/cdrom\tiso9660\tnoauto,ro 0 0\n/dev/usbdisk\t/media/usb\tvfat\tnoauto,ro 0 0\n');
  tree.symlink('/etc/mtab', '../proc/mounts');
  tree.file('/etc/profile', `export CHARSET=UTF-8\nexport PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nexport PAGER=less\nexport PS1='\\h:\\w\\$ '\numask 022\n\nfor script in /etc/profile.d/*.sh ; do\n\tif [ -r $script ] ; then\n\t\t. $script\n\tfi\ndone\n`);
  tree.file('/etc/profile.d/color_prompt.sh.disabled', '# Setup a red prompt for root and a green one for users.\n# rename this file to color_prompt.sh to actually enable it\nNORMAL="\\[\\e[0m\\]"\nRED="\\[\\e[1;31m\\]"\nGREEN="\\[\\e[1;32m\\]"\nif [ "$USER" = root ]; then\n\tPS1="$RED\\h [$NORMAL\\w$RED]# $NORMAL"\nelse\n\tPS1="$GREEN\\h [$NORMAL\\w$GREEN]\\$ $NORMAL"\nfi\n');
  tree.file('/etc/inittab', '# /etc/inittab\n\n::sysinit:/sbin/openrc sysinit\n::sysinit:/sbin/openrc boot\n::wait:/sbin/openrc default\n\n# Set up a couple of getty\'s\ntty1::respawn:/sbin/getty 38400 tty1\ntty2::respawn:/sbin/getty 38400 tty2\n\n# Stuff to do for the 3-finger salute\n::ctrlaltdel:/sbin/reboot\n\n# Stuff to do before rebooting\n::shutdown:/sbin/openrc shutdown\n');
  tree.file('/etc/modules', 'af_packet\nipv6\n');
  tree.file('/etc/securetty', 'console\ntty1\ntty2\ntty3\ntty4\ntty5\ntty6\n');
  tree.file('/etc/sysctl.conf', '# content of this file will override /etc/sysctl.d/*\n');
  tree.file('/lib/sysctl.d/00-alpine.conf', '# Prevents SYN DOS attacks. Applies to ipv6 as well, despite name.\nnet.ipv4.tcp_syncookies = 1\n\n# Prevents ip spoofing.\nnet.ipv4.conf.default.rp_filter = 1\nnet.ipv4.conf.all.rp_filter = 1\n\n# Only groups within this id range can use ping.\nnet.ipv4.ping_group_range=999 59999\n\nkernel.panic = 120\n');
  tree.file('/etc/protocols', '# Internet (IP) protocols\n\nip\t0\tIP\t\t# internet protocol, pseudo protocol number\nicmp\t1\tICMP\t\t# internet control message protocol\ntcp\t6\tTCP\t\t# transmission control protocol\nudp\t17\tUDP\t\t# user datagram protocol\nipv6\t41\tIPv6\t\t# Internet Protocol, version 6\nipv6-icmp 58\tIPv6-ICMP\t# ICMP for IPv6\n');
  tree.file('/etc/services', '# Network services, Internet style\n\nftp\t\t21/tcp\nssh\t\t22/tcp\t\t\t\t# SSH Remote Login Protocol\ntelnet\t\t23/tcp\nsmtp\t\t25/tcp\t\tmail\ndomain\t\t53/tcp\t\t\t\t# Domain Name Server\ndomain\t\t53/udp\nhttp\t\t80/tcp\t\twww\t\t# WorldWideWeb HTTP\nhttps\t\t443/tcp\t\t\t\t# http protocol over TLS/SSL\nredis\t\t6379/tcp\n');
  tree.file('/etc/crontabs/root', '# do daily/weekly/monthly maintenance\n# min\thour\tday\tmonth\tweekday\tcommand\n*/15\t*\t*\t*\t*\trun-parts /etc/periodic/15min\n0\t*\t*\t*\t*\trun-parts /etc/periodic/hourly\n0\t2\t*\t*\t*\trun-parts /etc/periodic/daily\n0\t3\t*\t*\t6\trun-parts /etc/periodic/weekly\n0\t5\t1\t*\t*\trun-parts /etc/periodic/monthly\n\n', { mode: 0o600 });
  tree.file('/etc/udhcpd.conf', '# Sample udhcpd configuration file (/etc/udhcpd.conf)\n\n# The start and end of the IP lease block\nstart\t\t192.168.0.20\nend\t\t192.168.0.254\n\n# The interface that udhcpd will use\ninterface\teth0\n');
  tree.file('/etc/logrotate.d/acpid', '/var/log/acpid.log {\n\tmissingok\n\tnotifempty\n\tsharedscripts\n\tpostrotate\n\t\t/etc/init.d/acpid --ifstarted restart || true\n\tendscript\n}\n');

  // apk's own files
  tree.file('/etc/apk/arch', 'x86_64\n');
  tree.file('/etc/apk/repositories', r.repositories);
  tree.file('/etc/apk/world', `${r.world.join('\n')}\n`);
  tree.dir('/etc/apk/protected_paths.d');
  for (const key of r.keys) {
    tree.file(`/etc/apk/keys/${key}`, `-----BEGIN PUBLIC KEY-----\n(placeholder: Alpine's ${key.replace(/\.rsa\.pub$/, '')} RSA signing key)\n-----END PUBLIC KEY-----\n`);
  }
  tree.file('/lib/apk/db/lock', '', { mode: 0o600 });
  // busybox's trigger re-creates applet links when a package touches these directories.
  tree.file('/lib/apk/db/triggers', `${apkPackageChecksum('busybox', r.busybox)} /bin /usr/bin /sbin /usr/sbin /lib/modules/*\n`);
  tree.file('/lib/apk/db/scripts.tar', new Uint8Array(0));

  const pkg = (p: Omit<ApkPackage, 'maintainer' | 'buildTime' | 'size' | 'installedSize'> & Partial<ApkPackage>): ApkPackage => ({
    maintainer: MAINTAINER,
    buildTime: r.buildTime,
    size: p.files.reduce((n, f) => n + (tree.describe(f)?.size ?? 0), 0) + 4096,
    installedSize: p.files.reduce((n, f) => n + (tree.describe(f)?.size ?? 0), 0) + 8192,
    ...p,
  });
  const packages: ApkPackage[] = [
    pkg({ name: 'musl', version: r.musl, description: 'the musl c library (libc) implementation', url: 'https://musl.libc.org/', license: 'MIT', provides: ['so:libc.musl-x86_64.so.1=1'], files: ['/lib/ld-musl-x86_64.so.1', '/lib/libc.musl-x86_64.so.1'] }),
    pkg({ name: 'busybox', version: r.busybox, description: 'Size optimized toolbox of many common UNIX utilities', url: 'https://busybox.net/', license: 'GPL-2.0-only', depends: ['so:libc.musl-x86_64.so.1'], provides: ['/bin/sh', 'cmd:busybox=' + upstreamVersion(r.busybox)], files: ['/bin/busybox', '/etc/securetty', '/etc/udhcpd.conf', '/etc/logrotate.d/acpid', '/etc/network/if-up.d', '/etc/network/if-down.d'].filter((f) => tree.describe(f)?.type === 'file') }),
    pkg({ name: 'alpine-baselayout', version: r.version.startsWith('3.7') ? '3.0.5-r2' : '3.7.0-r0', description: 'Alpine base dir structure and init scripts', url: 'https://git.alpinelinux.org/cgit/aports/tree/main/alpine-baselayout', license: 'GPL-2.0-only', depends: ['/bin/sh', 'so:libc.musl-x86_64.so.1'], files: ['/etc/hosts', '/etc/sysctl.conf', '/etc/group', '/etc/protocols', '/etc/fstab', '/etc/mtab', '/etc/profile', '/etc/shadow', '/etc/shells', '/etc/inittab', '/etc/passwd', '/etc/motd', '/etc/services', '/etc/hostname', '/etc/modules', '/etc/crontabs/root', '/etc/profile.d/color_prompt.sh.disabled', '/lib/sysctl.d/00-alpine.conf', '/sbin/mkmntdirs', '/var/run', '/var/spool/cron/crontabs'] }),
    pkg({ name: 'alpine-keys', version: r.version.startsWith('3.7') ? '2.1-r1' : '2.5-r0', description: 'Public keys for Alpine Linux packages', url: 'https://alpinelinux.org', license: 'MIT', files: r.keys.map((k) => `/etc/apk/keys/${k}`) }),
    pkg({ name: cryptoPkg, version: sslVersion, description: r.version.startsWith('3.7') ? 'libressl libcrypto library' : 'Crypto library from openssl', url: r.version.startsWith('3.7') ? 'http://www.libressl.org/' : 'https://www.openssl.org/', license: r.version.startsWith('3.7') ? 'custom' : 'Apache-2.0', origin: r.version.startsWith('3.7') ? 'libressl' : 'openssl', depends: ['so:libc.musl-x86_64.so.1'], files: [`/lib/${cryptoFile}`, '/etc/ssl/openssl.cnf', ...(r.version.startsWith('3.7') ? ['/lib/libcrypto.so.42'] : [])] }),
    pkg({ name: sslPkg, version: sslVersion, description: r.version.startsWith('3.7') ? 'libressl libssl library' : 'SSL/TLS library from openssl', url: r.version.startsWith('3.7') ? 'http://www.libressl.org/' : 'https://www.openssl.org/', license: r.version.startsWith('3.7') ? 'custom' : 'Apache-2.0', origin: r.version.startsWith('3.7') ? 'libressl' : 'openssl', depends: ['so:libc.musl-x86_64.so.1', `so:${cryptoFile}`], files: [`/lib/${sslFile}`, ...(r.version.startsWith('3.7') ? ['/lib/libssl.so.44'] : [])] }),
    pkg({ name: 'zlib', version: r.zlib, description: 'A compression/decompression Library', url: 'https://zlib.net/', license: 'Zlib', depends: ['so:libc.musl-x86_64.so.1'], provides: ['so:libz.so.1=1'], files: [`/lib/libz.so.${zlibMajor}`, '/lib/libz.so.1'] }),
    pkg({ name: 'apk-tools', version: r.apkTools, description: 'Alpine Package Keeper - package manager for alpine', url: 'https://gitlab.alpinelinux.org/alpine/apk-tools', license: 'GPL-2.0-only', depends: ['musl>=1.1', 'ca-certificates-bundle', 'so:libc.musl-x86_64.so.1', `so:${cryptoFile}`, `so:${sslFile}`, 'so:libz.so.1'], files: ['/sbin/apk'] }),
    pkg({ name: 'scanelf', version: r.scanelf, description: 'Scan ELF binaries for stuff', url: 'https://wiki.gentoo.org/wiki/Hardened/PaX_Utilities', license: 'GPL-2.0-only', origin: 'pax-utils', depends: ['so:libc.musl-x86_64.so.1'], files: ['/usr/bin/scanelf'] }),
    pkg({ name: 'musl-utils', version: r.musl, description: 'the musl c library (libc) implementation', url: 'https://musl.libc.org/', license: 'MIT AND BSD-2-Clause AND GPL-2.0-or-later', origin: 'musl', depends: ['scanelf', 'so:libc.musl-x86_64.so.1'], files: ['/sbin/ldconfig', '/usr/bin/getconf', '/usr/bin/getent', '/usr/bin/iconv', '/usr/bin/ldd'] }),
    pkg({ name: 'libc-utils', version: r.version.startsWith('3.7') ? '0.7.1-r0' : '0.7.2-r5', description: 'Meta package to pull in correct libc', url: 'https://alpinelinux.org', license: 'BSD-2-Clause AND BSD-3-Clause', origin: 'libc-dev', depends: ['musl-utils'], files: [] }),
    pkg({ name: 'ssl_client', version: r.busybox, description: 'EXternal ssl_client for busybox wget', url: 'https://busybox.net/', license: 'GPL-2.0-only', origin: 'busybox', depends: ['so:libc.musl-x86_64.so.1', `so:${sslFile}`], files: ['/usr/bin/ssl_client'] }),
  ];
  if (r.osReleaseInUsrLib) {
    packages.push(pkg({ name: 'alpine-release', version: `${r.version}-r0`, description: 'Alpine release data', url: 'https://alpinelinux.org', license: 'MIT', origin: 'alpine-base', files: ['/etc/alpine-release', '/etc/issue', '/etc/os-release', '/usr/lib/os-release'] }));
    packages.push(pkg({ name: 'ca-certificates-bundle', version: '20250619-r0', description: 'Pre generated bundle of Mozilla certificates', url: 'https://www.mozilla.org/en-US/about/governance/policies/security-group/certs/', license: 'MPL-2.0 AND MIT', origin: 'ca-certificates', files: ['/etc/ssl/cert.pem', '/etc/ssl/certs/ca-certificates.crt'] }));
  }
  tree.file('/lib/apk/db/installed', apkInstalledDb(packages, tree));
}

const MINIROOTFS_3_7_CREATED = '2018-01-09T21:10:58.579708634Z';

export function alpine37(): ImageRecipe {
  const image = new ImageRecipe();
  image.layer(MINIROOTFS_3_7_CREATED, (layer) => `/bin/sh -c #(nop) ADD file:${layer.diffId.slice(7)} in / `, (tree) => alpineRootfs(tree, ALPINE_3_7));
  image.meta('2018-01-09T21:10:58.783893826Z', '/bin/sh -c #(nop)  CMD ["/bin/sh"]');
  return image;
}

export async function buildAlpine37() {
  return alpine37().build({
    names: ['docker.io/library/alpine:3.7'],
    config: { Env: [PATH_ENV], Cmd: ['/bin/sh'] },
    extra: { docker_version: '17.06.2-ce' },
  });
}

export async function buildAlpineLatest() {
  return alpine322().build({ names: ['docker.io/library/alpine:latest', 'docker.io/library/alpine:3.22', 'docker.io/library/alpine:3.22.1'], config: { Env: [PATH_ENV], Cmd: ['/bin/sh'] } });
}


const MINIROOTFS_3_22_CREATED = '2025-07-15T11:14:03Z';

/** alpine:3.22 as the images built FROM it see it: the minirootfs layer and its CMD. */
let alpine322Recipe: ImageRecipe | undefined;

export function alpine322(): ImageRecipe {
  // One recipe (so one layer tree, built once) for every image FROM it; ImageRecipe copies its base's steps.
  if (alpine322Recipe) return alpine322Recipe;
  const image = (alpine322Recipe = new ImageRecipe());
  image.layer(MINIROOTFS_3_22_CREATED, 'ADD alpine-minirootfs-3.22.1-x86_64.tar.gz / # buildkit', (tree) => alpineRootfs(tree, ALPINE_3_22), 'buildkit.dockerfile.v0');
  image.meta(MINIROOTFS_3_22_CREATED, 'CMD ["/bin/sh"]', 'buildkit.dockerfile.v0');
  return image;
}
