/**
 * python:3.13.7-alpine3.22 (tags 3.13-alpine3.22, 3.13-alpine, alpine) as docker-library/python's
 * 3.13/alpine3.22/Dockerfile builds it with buildkit: the alpine base, ca-certificates and tzdata,
 * the CPython build under /usr/local (shared libpython, stripped, tests and .pyc removed, pip
 * installed), then the unversioned symlinks (python, pip, …).
 *
 * Sizes: the real image is about 45 MB in `docker images` (amd64). The build layer is about
 * 35 MB: libpython and the lib-dynload extension modules are placeholders at their sizes; the
 * pure-Python standard library and pip are listed by their main packages, each file carrying its
 * package's bytes (approximate sizes, documented here, not the thousands of real files).
 * PYTHON_SHA256 (upstream's checksum of the source tarball) is not reproduced: its value says so.
 */
import { ImageRecipe, runLine } from '../image-recipe.ts';
import { alpine322 } from './alpine.ts';
import { alpinePackage, apkAdded, BUILDKIT, NOT_REPRODUCED, standInData } from './alpine-packages.ts';
import type { FileTree } from '../file-tree.ts';

export const PYTHON_VERSION = '3.13.7';
const GPG_KEY = '7169605F62C751356D054A26A821E680E5FA6305';
const PIP_VERSION = '25.2';
const CREATED = '2025-08-15T01:12:33Z';
const PYTHON_PATH_ENV = 'PATH=/usr/local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

const RUNTIME_RUN = `set -eux; \\
	apk add --no-cache \\
		ca-certificates \\
		tzdata \\
	;`;

const BUILD_RUN = `set -eux; \\
	\\
	apk add --no-cache --virtual .build-deps \\
		gnupg \\
		tar \\
		xz \\
		\\
		bluez-dev \\
		bzip2-dev \\
		dpkg-dev dpkg \\
		findutils \\
		gcc \\
		gdbm-dev \\
		libc-dev \\
		libffi-dev \\
		libnsl-dev \\
		libtirpc-dev \\
		linux-headers \\
		make \\
		ncurses-dev \\
		openssl-dev \\
		pax-utils \\
		readline-dev \\
		sqlite-dev \\
		tcl-dev \\
		tk \\
		tk-dev \\
		util-linux-dev \\
		xz-dev \\
		zlib-dev \\
	; \\
	\\
	wget -O python.tar.xz "https://www.python.org/ftp/python/\${PYTHON_VERSION%%[a-z]*}/Python-$PYTHON_VERSION.tar.xz"; \\
	wget -O python.tar.xz.asc "https://www.python.org/ftp/python/\${PYTHON_VERSION%%[a-z]*}/Python-$PYTHON_VERSION.tar.xz.asc"; \\
	GNUPGHOME="$(mktemp -d)"; export GNUPGHOME; \\
	gpg --batch --keyserver hkps://keys.openpgp.org --recv-keys "$GPG_KEY"; \\
	gpg --batch --verify python.tar.xz.asc python.tar.xz; \\
	gpgconf --kill all; \\
	rm -rf "$GNUPGHOME" python.tar.xz.asc; \\
	mkdir -p /usr/src/python; \\
	tar --extract --directory /usr/src/python --strip-components=1 --file python.tar.xz; \\
	rm python.tar.xz; \\
	\\
	cd /usr/src/python; \\
	gnuArch="$(dpkg-architecture --query DEB_BUILD_GNU_TYPE)"; \\
	./configure \\
		--build="$gnuArch" \\
		--enable-loadable-sqlite-extensions \\
		--enable-option-checking=fatal \\
		--enable-shared \\
		$(test "\${gnuArch%%-*}" != 'riscv64' && echo '--with-lto') \\
		--with-ensurepip \\
	; \\
	nproc="$(nproc)"; \\
	EXTRA_CFLAGS="-DTHREAD_STACK_SIZE=0x100000"; \\
	LDFLAGS="\${LDFLAGS:--Wl},--strip-all"; \\
		arch="$(apk --print-arch)"; \\
		case "$arch" in \\
			x86_64|aarch64) \\
				EXTRA_CFLAGS="\${EXTRA_CFLAGS:-} -fno-omit-frame-pointer -mno-omit-leaf-frame-pointer"; \\
				;; \\
			x86) \\
				;; \\
			*) \\
				EXTRA_CFLAGS="\${EXTRA_CFLAGS:-} -fno-omit-frame-pointer"; \\
				;; \\
		esac; \\
	make -j "$nproc" \\
		"EXTRA_CFLAGS=\${EXTRA_CFLAGS:-}" \\
		"LDFLAGS=\${LDFLAGS:-}" \\
	; \\
	rm python; \\
	make -j "$nproc" \\
		"EXTRA_CFLAGS=\${EXTRA_CFLAGS:-}" \\
		"LDFLAGS=\${LDFLAGS:--Wl},-rpath='\\$\\$ORIGIN/../lib'" \\
		python \\
	; \\
	make install; \\
	\\
	cd /; \\
	rm -rf /usr/src/python; \\
	\\
	find /usr/local -depth \\
		\\( \\
			\\( -type d -a \\( -name test -o -name tests -o -name idle_test \\) \\) \\
			-o \\( -type f -a \\( -name '*.pyc' -o -name '*.pyo' -o -name 'libpython*.a' \\) \\) \\
		\\) -exec rm -rf '{}' + \\
	; \\
	\\
	find /usr/local -type f -executable -not \\( -name '*tkinter*' \\) -exec scanelf --needed --nobanner --format '%n#p' '{}' ';' \\
		| tr ',' '\\n' \\
		| sort -u \\
		| awk 'system("[ -e /usr/local/lib/" $1 " ]") == 0 { next } { print "so:" $1 }' \\
		| xargs -rt apk add --no-network --virtual .python-rundeps \\
	; \\
	apk del --no-network .build-deps; \\
	\\
	export PYTHONDONTWRITEBYTECODE=1; \\
	python3 --version; \\
	pip3 --version`;

const LINKS_RUN = `set -eux; \\
	for src in idle3 pydoc3 python3 python3-config; do \\
		dst="$(echo "$src" | tr -d 3)"; \\
		[ -s "/usr/local/bin/$src" ]; \\
		[ ! -e "/usr/local/bin/$dst" ]; \\
		ln -svT "$src" "/usr/local/bin/$dst"; \\
	done`;

/** The pure-Python standard library's main packages and modules, with approximate sizes (bytes). */
const STDLIB: [string, number][] = [
  ['asyncio/__init__.py', 1_050_000], ['collections/__init__.py', 60_000], ['concurrent/futures/__init__.py', 160_000], ['ctypes/__init__.py', 210_000],
  ['email/__init__.py', 780_000], ['encodings/__init__.py', 1_600_000], ['ensurepip/_bundled/pip-25.2-py3-none-any.whl', 1_750_000], ['html/__init__.py', 170_000],
  ['http/__init__.py', 420_000], ['idlelib/__init__.py', 1_900_000], ['importlib/__init__.py', 430_000], ['json/__init__.py', 90_000], ['logging/__init__.py', 250_000],
  ['multiprocessing/__init__.py', 540_000], ['pydoc_data/topics.py', 830_000], ['re/__init__.py', 150_000], ['sqlite3/__init__.py', 70_000], ['tkinter/__init__.py', 740_000],
  ['tomllib/__init__.py', 40_000], ['unittest/__init__.py', 420_000], ['urllib/__init__.py', 200_000], ['venv/__init__.py', 80_000], ['xml/__init__.py', 780_000],
  ['zoneinfo/__init__.py', 40_000], ['argparse.py', 101_000], ['os.py', 41_000], ['pathlib/__init__.py', 110_000], ['typing.py', 130_000], ['subprocess.py', 89_000],
  ['_pydecimal.py', 230_000], ['__others__', 0],
];

function pythonInstall(tree: FileTree): void {
  const version = { version: PYTHON_VERSION };
  tree.binary('/usr/local/bin/python3.13', { ...version, program: 'python3', realSize: 14_000 });
  tree.symlink('/usr/local/bin/python3', 'python3.13');
  tree.script('/usr/local/bin/python3.13-config', '#!/bin/sh\n\n# Keep this script in sync with python-config.in\n\nexit_with_usage ()\n{\n    local USAGE="Usage: $0 --prefix|--exec-prefix|--includes|--libs|--cflags|--ldflags|--extension-suffix|--help|--abiflags|--configdir|--embed"\n    if [ "$1" -eq 0 ]; then\n        echo "$USAGE"\n    else\n        echo "$USAGE" >&2\n    fi\n    exit $1\n}\n');
  tree.symlink('/usr/local/bin/python3-config', 'python3.13-config');
  const pipScript = '#!/usr/local/bin/python3.13\n# -*- coding: utf-8 -*-\nimport re\nimport sys\nfrom pip._internal.cli.main import main\nif __name__ == \'__main__\':\n    sys.argv[0] = re.sub(r\'(-script\\.pyw|\\.exe)?$\', \'\', sys.argv[0])\n    sys.exit(main())\n';
  for (const name of ['pip', 'pip3', 'pip3.13']) tree.script(`/usr/local/bin/${name}`, pipScript);
  tree.script('/usr/local/bin/idle3.13', '#!/usr/local/bin/python3.13\n\nfrom idlelib.pyshell import main\nif __name__ == \'__main__\':\n    main()\n');
  tree.symlink('/usr/local/bin/idle3', 'idle3.13');
  tree.script('/usr/local/bin/pydoc3.13', '#!/usr/local/bin/python3.13\n\nimport pydoc\nif __name__ == \'__main__\':\n    pydoc.cli()\n');
  tree.symlink('/usr/local/bin/pydoc3', 'pydoc3.13');
  tree.binary('/usr/local/lib/libpython3.13.so.1.0', { ...version, program: 'libpython3.13.so.1.0', realSize: 5_600_000 });
  tree.symlink('/usr/local/lib/libpython3.13.so', 'libpython3.13.so.1.0');
  tree.binary('/usr/local/lib/libpython3.so', { ...version, program: 'libpython3.so', realSize: 14_000 });
  tree.file('/usr/local/lib/pkgconfig/python-3.13.pc', `prefix=/usr/local\nexec_prefix=\${prefix}\nlibdir=\${exec_prefix}/lib\nincludedir=\${prefix}/include\n\nName: Python\nDescription: Build a C extension for Python\nRequires:\nVersion: 3.13\nLibs.private: -ldl\nLibs:\nCflags: -I\${includedir}/python3.13\n`);
  const lib = '/usr/local/lib/python3.13';
  for (const [path, size] of STDLIB) {
    if (path === '__others__') tree.file(`${lib}/__future__.py`, standInData('the other ~200 top-level standard library modules', 6_400_000));
    else tree.file(`${lib}/${path}`, standInData(`the standard library's ${path.replace(/\/__init__\.py$/, '/ package')}`, size));
  }
  for (const [module, size] of [['_asyncio', 300_000], ['_ctypes', 390_000], ['_decimal', 640_000], ['_elementtree', 190_000], ['_hashlib', 170_000], ['_json', 140_000], ['_sqlite3', 310_000], ['_ssl', 470_000], ['_tkinter', 210_000], ['_datetime', 430_000], ['_pickle', 390_000], ['array', 210_000], ['math', 270_000], ['pyexpat', 370_000], ['select', 90_000], ['unicodedata', 1_200_000], ['zlib', 110_000]] as const) {
    tree.binary(`${lib}/lib-dynload/${module}.cpython-313-x86_64-linux-musl.so`, { ...version, program: module, realSize: size });
  }
  tree.file(`${lib}/site-packages/README.txt`, 'This directory exists so that 3rd party packages can be installed\nhere.  Read the source for site.py for more details.\n');
  tree.file(`${lib}/site-packages/pip-${PIP_VERSION}.dist-info/METADATA`, `Metadata-Version: 2.4\nName: pip\nVersion: ${PIP_VERSION}\nSummary: The PyPA recommended tool for installing Python packages.\n`);
  tree.file(`${lib}/site-packages/pip/__init__.py`, standInData('pip 25.2 (pip/_internal and pip/_vendor, ~900 modules)', 10_300_000));
  tree.file(`${lib}/config-3.13-x86_64-linux-musl/Makefile`, standInData("the interpreter build's Makefile", 170_000));
  tree.file('/usr/local/include/python3.13/Python.h', standInData('the C API headers under include/python3.13/', 1_250_000));
  tree.file('/usr/local/share/man/man1/python3.13.1', standInData("python's man page", 24_000));
  tree.symlink('/usr/local/share/man/man1/python3.1', 'python3.13.1');
}

/** The runtime libraries apk adds as `.python-rundeps` (scanelf's so: needs of the build). */
const RUNDEPS: [string, string, string, string, number][] = [
  ['libbz2', '1.0.8-r6', 'Shared library for bz2', '/usr/lib/libbz2.so.1.0.8', 70_000],
  ['libffi', '3.4.8-r0', 'portable, high level programming interface to various calling conventions', '/usr/lib/libffi.so.8.1.4', 43_000],
  ['gdbm', '1.24-r0', 'GNU dbm is a set of database routines that use extensible hashing', '/usr/lib/libgdbm.so.6.0.0', 58_000],
  ['libncursesw', '6.5_p20250503-r0', 'Console display library (libncursesw)', '/usr/lib/libncursesw.so.6.5', 380_000],
  ['readline', '8.2.13-r1', 'GNU readline library', '/usr/lib/libreadline.so.8.2', 280_000],
  ['sqlite-libs', '3.49.2-r1', 'Sqlite3 library', '/usr/lib/libsqlite3.so.0.8.6', 1_450_000],
  ['xz-libs', '5.8.1-r0', 'Library and CLI tools for XZ and LZMA compressed files (libraries)', '/usr/lib/liblzma.so.5.8.1', 180_000],
  ['libuuid', '2.41-r9', 'DCE compatible Universally Unique Identifier library', '/usr/lib/libuuid.so.1.3.0', 38_000],
  ['libtirpc', '1.3.5-r0', 'Transport Independent RPC library (SunRPC replacement)', '/usr/lib/libtirpc.so.3.0.0', 180_000],
  ['libnsl', '2.0.1-r1', 'Public client interface library for NIS(YP) and NIS+', '/usr/lib/libnsl.so.3.0.0', 50_000],
  ['tcl', '8.6.16-r0', 'The Tcl scripting language', '/usr/lib/libtcl8.6.so', 1_650_000],
  ['tk', '8.6.16-r0', 'GUI toolkit for the Tcl scripting language', '/usr/lib/libtk8.6.so', 1_500_000],
];

export async function buildPython() {
  const base = alpine322();
  const image = new ImageRecipe(base);
  image.meta(CREATED, 'ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', BUILDKIT);
  const runtimeLayer = image.layer(CREATED, `RUN /bin/sh -c ${runLine(RUNTIME_RUN)} # buildkit`, (tree) => {
    tree.file('/etc/ssl/certs/ca-certificates.crt', standInData("Mozilla's CA bundle (ca-certificates), ~140 PEM certificates", 222_000));
    tree.dir('/usr/share/ca-certificates/mozilla');
    tree.file('/usr/share/ca-certificates/mozilla/ISRG_Root_X1.crt', standInData("Let's Encrypt's ISRG Root X1 (one of the ~140 certificates)", 1_939));
    tree.file('/etc/ca-certificates.conf', standInData('the list of enabled certificates', 6_300));
    tree.binary('/usr/sbin/update-ca-certificates', { version: '20250619', realSize: 30_000 });
    tree.file('/usr/share/zoneinfo/tzdata.zi', standInData('tzdata 2025b, the compact zone source', 107_000));
    tree.file('/usr/share/zoneinfo/zone1970.tab', standInData('tzdata 2025b zone table', 17_000));
    tree.file('/usr/share/zoneinfo/leap-seconds.list', standInData('tzdata leap seconds', 4_900));
    tree.file('/usr/share/zoneinfo/Europe/Berlin', standInData('tzdata 2025b Europe/Berlin (one of ~600 zone files)', 705));
    tree.file('/usr/share/zoneinfo/America/New_York', standInData('tzdata 2025b America/New_York', 1_744));
    tree.file('/usr/share/zoneinfo/Asia/Tokyo', standInData('tzdata 2025b Asia/Tokyo', 213));
    tree.file('/usr/share/zoneinfo/posixrules', standInData('the other ~600 zone files of tzdata 2025b, listed here as one', 1_150_000));
    tree.symlink('/usr/share/zoneinfo/UTC', 'Etc/UTC');
    tree.file('/usr/share/zoneinfo/Etc/UTC', standInData('tzdata Etc/UTC', 111));
    apkAdded(tree, base.steps[0]!.layer!, ['ca-certificates', 'tzdata'], (t) => [
      alpinePackage(t, { name: 'ca-certificates', version: '20250619-r0', description: 'Common CA certificates PEM files from Mozilla', url: 'https://www.mozilla.org/en-US/about/governance/policies/security-group/certs/', license: 'MPL-2.0 AND MIT', depends: ['ca-certificates-bundle', 'so:libc.musl-x86_64.so.1', 'so:libcrypto.so.3'], files: ['/etc/ca-certificates.conf', '/usr/sbin/update-ca-certificates', '/usr/share/ca-certificates/mozilla/ISRG_Root_X1.crt'] }),
      alpinePackage(t, { name: 'tzdata', version: '2025b-r0', description: 'Timezone data', url: 'https://www.iana.org/time-zones', license: 'Public-Domain', files: ['/usr/share/zoneinfo/tzdata.zi', '/usr/share/zoneinfo/zone1970.tab', '/usr/share/zoneinfo/leap-seconds.list', '/usr/share/zoneinfo/Europe/Berlin', '/usr/share/zoneinfo/America/New_York', '/usr/share/zoneinfo/Asia/Tokyo', '/usr/share/zoneinfo/posixrules', '/usr/share/zoneinfo/UTC', '/usr/share/zoneinfo/Etc/UTC'] }),
    ]);
  }, BUILDKIT);
  image.meta(CREATED, `ENV GPG_KEY=${GPG_KEY}`, BUILDKIT);
  image.meta(CREATED, `ENV PYTHON_VERSION=${PYTHON_VERSION}`, BUILDKIT);
  image.meta(CREATED, `ENV PYTHON_SHA256=${NOT_REPRODUCED}`, BUILDKIT);
  image.layer(CREATED, `RUN /bin/sh -c ${runLine(BUILD_RUN)} # buildkit`, (tree) => {
    pythonInstall(tree);
    for (const [, , , path, size] of RUNDEPS) {
      tree.binary(path, { program: path.split('/').pop()!.replace(/\.so.*/, '.so'), version: RUNDEPS.find((r) => r[3] === path)![1].replace(/-r\d+$/, ''), realSize: size });
    }
    tree.file('/usr/share/terminfo/x/xterm', standInData("ncurses-terminfo-base's xterm entry", 3_900));
    apkAdded(tree, runtimeLayer, ['.python-rundeps'], (t) =>
      RUNDEPS.map(([name, version, description, path]) => alpinePackage(t, { name, version, description, url: 'https://alpinelinux.org', license: 'see the package', depends: ['so:libc.musl-x86_64.so.1'], files: [path] })),
    );
  }, BUILDKIT);
  image.layer(CREATED, `RUN /bin/sh -c ${runLine(LINKS_RUN)} # buildkit`, (tree) => {
    for (const name of ['idle', 'pydoc', 'python', 'python-config']) tree.symlink(`/usr/local/bin/${name}`, name.replace(/(-config)?$/, '3$1'));
  }, BUILDKIT);
  image.meta(CREATED, 'CMD ["python3"]', BUILDKIT);
  return image.build({
    names: [`docker.io/library/python:${PYTHON_VERSION}-alpine3.22`, 'docker.io/library/python:3.13-alpine3.22', 'docker.io/library/python:3.13-alpine', 'docker.io/library/python:alpine', 'docker.io/library/python:3-alpine'],
    config: { Env: [PYTHON_PATH_ENV, `GPG_KEY=${GPG_KEY}`, `PYTHON_VERSION=${PYTHON_VERSION}`, `PYTHON_SHA256=${NOT_REPRODUCED}`], Cmd: ['python3'] },
  });
}
