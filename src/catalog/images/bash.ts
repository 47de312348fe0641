/**
 * bash:5.3.3-alpine3.22 (tags 5.3, 5, latest) as tianon/docker-bash's 5.3/Dockerfile builds it
 * with buildkit: the alpine base, GNU bash 5.3 (patched to 5.3.3) built into /usr/local with
 * its loadable builtins and headers, ncurses as its runtime dependency, then the entrypoint.
 * /bin/sh stays BusyBox's ash; `bash` (first on PATH) is /usr/local/bin/bash.
 *
 * Sizes: the real image is about 12.5 MB in `docker images` (amd64): the alpine base and ~4 MB
 * from the build (bash ~1.3 MB, its loadables and headers, libncursesw and terminfo); sizes of
 * the files are approximate.
 */
import { ImageRecipe, runLine } from '../image-recipe.ts';
import { alpine322 } from './alpine.ts';
import { alpinePackage, apkAdded, BUILDKIT, standInData } from './alpine-packages.ts';
import { PATH_ENV } from './common.ts';

export const BASH_VERSION = '5.3.3';
const CREATED = '2025-08-13T22:05:12Z';

/** tianon/docker-bash's docker-entrypoint.sh. */
export const BASH_ENTRYPOINT = `#!/usr/bin/env bash
set -Eeuo pipefail

# first arg is \`-f\` or \`--some-option\`
# or there are no args
if [ "$#" -eq 0 ] || [ "\${1#-}" != "$1" ]; then
	# docker run bash -c 'echo hi'
	exec bash "$@"
fi

exec "$@"
`;

const BUILD_RUN = `set -eux; \\
	\\
	apk add --no-cache --virtual .build-deps \\
		bison \\
		coreutils \\
		dpkg-dev dpkg \\
		gcc \\
		libc-dev \\
		make \\
		ncurses-dev \\
		tar \\
	; \\
	\\
	wget -O bash.tar.gz "https://ftp.gnu.org/gnu/bash/bash-$_BASH_BASELINE.tar.gz"; \\
	wget -O bash.tar.gz.sig "https://ftp.gnu.org/gnu/bash/bash-$_BASH_BASELINE.tar.gz.sig"; \\
	\\
	: "\${_BASH_BASELINE_PATCH:=0}" "\${_BASH_LATEST_PATCH:=0}"; \\
	if [ "$_BASH_LATEST_PATCH" -gt "$_BASH_BASELINE_PATCH" ]; then \\
		mkdir -p bash-patches; \\
		first="$(printf '%03d' "$(( _BASH_BASELINE_PATCH + 1 ))")"; \\
		last="$(printf '%03d' "$_BASH_LATEST_PATCH")"; \\
		majorMinor="\${_BASH_VERSION%.*}"; \\
		for patch in $(seq -w "$first" "$last"); do \\
			url="https://ftp.gnu.org/gnu/bash/bash-$majorMinor-patches/bash\${majorMinor//./}-$patch"; \\
			wget -O "bash-patches/$patch" "$url"; \\
			wget -O "bash-patches/$patch.sig" "$url.sig"; \\
		done; \\
	fi; \\
	\\
	apk add --no-cache --virtual .gpg-deps gnupg; \\
	export GNUPGHOME="$(mktemp -d)"; \\
# gpg: key 64EA74AB: public key "Chet Ramey <chet@cwru.edu>" imported
	gpg --batch --keyserver keyserver.ubuntu.com --recv-keys 7C0135FB088AAF6C66C650B9BB5869F064EA74AB; \\
	gpg --batch --verify bash.tar.gz.sig bash.tar.gz; \\
	rm bash.tar.gz.sig; \\
	if [ -d bash-patches ]; then \\
		for sig in bash-patches/*.sig; do \\
			p="\${sig%.sig}"; \\
			gpg --batch --verify "$sig" "$p"; \\
			rm "$sig"; \\
		done; \\
	fi; \\
	gpgconf --kill all; \\
	rm -rf "$GNUPGHOME"; \\
	apk del --no-network .gpg-deps; \\
	\\
	mkdir -p /usr/src/bash; \\
	tar \\
		--extract \\
		--file=bash.tar.gz \\
		--strip-components=1 \\
		--directory=/usr/src/bash \\
	; \\
	rm bash.tar.gz; \\
	\\
	if [ -d bash-patches ]; then \\
		apk add --no-cache --virtual .patch-deps patch; \\
		for p in bash-patches/*; do \\
			patch \\
				--directory=/usr/src/bash \\
				--input="$(readlink -f "$p")" \\
				--strip=0 \\
			; \\
			rm "$p"; \\
		done; \\
		rmdir bash-patches; \\
		apk del --no-network .patch-deps; \\
	fi; \\
	\\
	cd /usr/src/bash; \\
	gnuArch="$(dpkg-architecture --query DEB_BUILD_GNU_TYPE)"; \\
	./configure \\
		--build="$gnuArch" \\
		--enable-readline \\
		--with-curses \\
# musl does not implement brk/sbrk (they simply return -ENOMEM)
#   bash: xmalloc: locale.c:81: cannot allocate 18 bytes (0 bytes allocated)
		--without-bash-malloc \\
	|| { \\
		cat >&2 config.log; \\
		false; \\
	}; \\
	make -j "$(nproc)"; \\
	make install; \\
	cd /; \\
	rm -r /usr/src/bash; \\
	\\
# delete a few installed bits for smaller image size
	rm -rf \\
		/usr/local/share/doc/bash/*.html \\
		/usr/local/share/info \\
		/usr/local/share/locale \\
		/usr/local/share/man \\
	; \\
	\\
	runDeps="$( \\
		scanelf --needed --nobanner --format '%n#p' --recursive /usr/local \\
			| tr ',' '\\n' \\
			| sort -u \\
			| awk 'system("[ -e /usr/local/lib/" $1 " ]") == 0 { next } { print "so:" $1 }' \\
	)"; \\
	apk add --no-cache --virtual .bash-rundeps $runDeps; \\
	apk del --no-network .build-deps; \\
	\\
	[ "$(which bash)" = '/usr/local/bin/bash' ]; \\
	bash --version; \\
	[ "$(bash -c 'echo "\${BASH_VERSION%%[^0-9.]*}"')" = "$_BASH_VERSION" ]; \\
	bash -c 'help' > /dev/null`;

/** bash's loadable builtins (examples/loadables, installed to /usr/local/lib/bash). */
const LOADABLES = ['accept', 'basename', 'csv', 'cut', 'dirname', 'dsv', 'fdflags', 'fltexpr', 'finfo', 'getconf', 'head', 'id', 'kv', 'ln', 'logname', 'mkdir', 'mkfifo', 'mktemp', 'mypid', 'pathchk', 'print', 'printenv', 'push', 'realpath', 'rm', 'rmdir', 'seq', 'setpgid', 'sleep', 'stat', 'strftime', 'strptime', 'sync', 'tee', 'truefalse', 'tty', 'uname', 'unlink', 'whoami'];

export async function buildBash() {
  const base = alpine322();
  const image = new ImageRecipe(base);
  const env = ['_BASH_VERSION=5.3.3', '_BASH_BASELINE=5.3', '_BASH_BASELINE_PATCH=0', '_BASH_LATEST_PATCH=3'];
  for (const e of env) image.meta(CREATED, `ENV ${e}`, BUILDKIT);
  image.layer(CREATED, `RUN /bin/sh -c ${runLine(BUILD_RUN)} # buildkit`, (tree) => {
    const version = { version: BASH_VERSION };
    tree.binary('/usr/local/bin/bash', { ...version, realSize: 1_330_000 });
    tree.file('/usr/local/bin/bashbug', standInData('bashbug, the bug-report script', 7_200), { mode: 0o755 });
    for (const name of LOADABLES) tree.binary(`/usr/local/lib/bash/${name}`, { ...version, program: `${name} (bash loadable builtin)`, realSize: 18_000 });
    tree.file('/usr/local/lib/bash/Makefile.inc', standInData('the Makefile fragment for building loadables', 3_900));
    tree.file('/usr/local/lib/bash/loadables.h', standInData('the loadables header', 2_000));
    tree.file('/usr/local/lib/pkgconfig/bash.pc', `prefix=/usr/local\nexec_prefix=\${prefix}\nincludedir=\${prefix}/include\nlibdir=\${exec_prefix}/lib\n\nloadablesdir=\${libdir}/bash\nheadersdir=\${includedir}/bash\n\nName: bash\nDescription: Bash headers for bash loadable builtins\nVersion: 5.3-release\nURL: https://www.gnu.org/software/bash\nCFLAGS: -DHAVE_CONFIG_H -DSHELL -I\${headersdir} -I\${headersdir}/builtins -I\${headersdir}/include\n`);
    tree.file('/usr/local/include/bash/bashansi.h', standInData("bash's headers under include/bash (for loadable builtins)", 560_000));
    for (const [doc, size] of [['CHANGES', 480_000], ['COMPAT', 24_000], ['FAQ', 74_000], ['INTRO', 3_000], ['NEWS', 170_000], ['POSIX', 13_000], ['RBASH', 1_700], ['README', 3_700]] as const) {
      tree.file(`/usr/local/share/doc/bash/${doc}`, standInData(`bash's ${doc}`, size));
    }
    tree.binary('/usr/lib/libncursesw.so.6.5', { program: 'libncursesw.so.6', version: '6.5', realSize: 380_000 });
    tree.symlink('/usr/lib/libncursesw.so.6', 'libncursesw.so.6.5');
    tree.file('/etc/terminfo/x/xterm-256color', standInData('ncurses-terminfo-base: xterm-256color (one of ~40 terminal descriptions)', 3_900));
    tree.file('/etc/terminfo/l/linux', standInData('ncurses-terminfo-base: the other terminal descriptions', 90_000));
    apkAdded(tree, base.steps[0]!.layer!, ['.bash-rundeps'], (t) => [
      alpinePackage(t, { name: 'ncurses-terminfo-base', version: '6.5_p20250503-r0', description: 'Descriptions of common terminals', url: 'https://invisible-island.net/ncurses/', license: 'X11', origin: 'ncurses', files: ['/etc/terminfo/x/xterm-256color', '/etc/terminfo/l/linux'] }),
      alpinePackage(t, { name: 'libncursesw', version: '6.5_p20250503-r0', description: 'Console display library (libncursesw)', url: 'https://invisible-island.net/ncurses/', license: 'X11', origin: 'ncurses', depends: ['ncurses-terminfo-base', 'so:libc.musl-x86_64.so.1'], provides: ['so:libncursesw.so.6=6.5'], files: ['/usr/lib/libncursesw.so.6', '/usr/lib/libncursesw.so.6.5'] }),
    ]);
  }, BUILDKIT);
  image.layer(CREATED, 'COPY docker-entrypoint.sh /usr/local/bin/ # buildkit', (tree) => tree.script('/usr/local/bin/docker-entrypoint.sh', BASH_ENTRYPOINT), BUILDKIT);
  image.meta(CREATED, 'ENTRYPOINT ["docker-entrypoint.sh"]', BUILDKIT);
  image.meta(CREATED, 'CMD ["bash"]', BUILDKIT);
  return image.build({
    names: [`docker.io/library/bash:${BASH_VERSION}-alpine3.22`, 'docker.io/library/bash:5.3', 'docker.io/library/bash:5', 'docker.io/library/bash:latest', `docker.io/library/bash:${BASH_VERSION}`],
    config: { Env: [PATH_ENV, ...env], Entrypoint: ['docker-entrypoint.sh'], Cmd: ['bash'] },
  });
}
