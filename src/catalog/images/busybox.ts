/**
 * busybox:latest as docker-library/busybox builds it (latest/glibc, BusyBox 1.37.0 on Debian):
 * one layer; every applet a hard link to the one busybox binary in /bin (`busybox --install
 * /bin` without -s), glibc and its NSS modules in /lib, buildroot's skeleton /etc files.
 */
import { ImageRecipe } from '../image-recipe.ts';
import { BUSYBOX_APPLETS } from './busybox-applets.ts';
import { DEBIAN_NSSWITCH, PATH_ENV, ZONEINFO_UTC } from './common.ts';

const CREATED = '2024-09-26T21:31:42Z';
const GLIBC = '2.40';

const PASSWD = `root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
bin:x:2:2:bin:/bin:/bin/false
sys:x:3:3:sys:/dev:/bin/false
sync:x:4:100:sync:/bin:/bin/sync
mail:x:8:8:mail:/var/spool/mail:/bin/false
www-data:x:33:33:www-data:/var/www:/bin/false
operator:x:37:37:Operator:/var:/bin/false
nobody:x:65534:65534:nobody:/home:/bin/false
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
kmem:x:9:
wheel:x:10:root
cdrom:x:11:
dialout:x:18:
floppy:x:19:
video:x:28:
audio:x:29:
tape:x:32:
www-data:x:33:
operator:x:37:
utmp:x:43:
plugdev:x:46:
staff:x:50:
lock:x:54:
netdev:x:82:
users:x:100:
nobody:x:65534:
`;

// buildroot's shadow, with root's empty password locked (CVE-2019-5021).
const SHADOW = PASSWD.split('\n')
  .filter(Boolean)
  .map((line) => `${line.split(':')[0]}:${line.startsWith('root:') ? '*' : ''}:::::::`)
  .join('\n')
  .concat('\n');

export async function buildBusybox() {
  const image = new ImageRecipe();
  image.layer(CREATED, 'BusyBox 1.37.0 (glibc), Debian 13', (tree) => {
    tree.binary('/bin/busybox', { version: '1.37.0', realSize: 1103848 });
    for (const applet of Object.values(BUSYBOX_APPLETS).flat()) {
      if (applet !== 'busybox') tree.hardlink(`/bin/${applet}`, '/bin/busybox');
    }
    tree.binary('/bin/getconf', { version: GLIBC, realSize: 35320 });
    tree.dir('/dev').dir('/home').dir('/root', { mode: 0o700 }).dir('/tmp', { mode: 0o1777 }).dir('/usr/bin');
    tree.dir('/var/spool/mail', { uid: 8, gid: 8 }).dir('/var/www', { uid: 33, gid: 33 });
    tree.symlink('/usr/bin/env', '../../bin/env');
    tree.file('/etc/passwd', PASSWD).file('/etc/group', GROUP).file('/etc/shadow', SHADOW, { mode: 0o600 });
    tree.file('/etc/nsswitch.conf', DEBIAN_NSSWITCH).file('/etc/localtime', ZONEINFO_UTC);
    tree.dir('/etc/network/if-up.d').dir('/etc/network/if-down.d').dir('/etc/network/if-pre-up.d').dir('/etc/network/if-post-down.d');
    const lib = (name: string, realSize: number) => tree.binary(`/lib/${name}`, { program: name, version: GLIBC, realSize });
    lib('ld-linux-x86-64.so.2', 236616);
    lib('libc.so.6', 2003408);
    lib('libm.so.6', 964720);
    lib('libnss_compat.so.2', 43680);
    lib('libnss_dns.so.2', 14480);
    lib('libnss_files.so.2', 14480);
    lib('libnss_hesiod.so.2', 26768);
    lib('libpthread.so.0', 14480);
    lib('libresolv.so.2', 68104);
    tree.symlink('/lib64', 'lib');
  });
  return image.build({
    names: ['docker.io/library/busybox:latest', 'docker.io/library/busybox:1.37.0', 'docker.io/library/busybox:glibc'],
    config: { Cmd: ['sh'], Env: [PATH_ENV] },
    created: CREATED,
  });
}
