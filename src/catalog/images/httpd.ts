/**
 * httpd:2.4.65 (tags 2.4, 2, latest, 2.4.65-bookworm) as docker-library/httpd's 2.4/Dockerfile
 * builds it with buildkit on debian:bookworm-slim: /usr/local/apache2 made and owned by www-data,
 * the runtime libraries from apt, Apache built from source (its build dependencies purged), the
 * httpd-foreground script.
 *
 * Sizes: the real image is about 148 MB in `docker images` (amd64): the slim base, then ~12 MB
 * of apt packages (ca-certificates, libaprutil1-ldap, libldap-common and their dependencies) and
 * ~60 MB from the build layer (Apache itself, ~10 MB, and the libraries apt keeps for it —
 * libxml2 brings ICU, ~36 MB). The libraries are placeholders at approximate sizes; Apache's
 * manual-free tree (conf/, htdocs/, icons/, error/, modules/) is listed by its main files.
 * HTTPD_SHA256 (upstream's checksum of the tarball) is not reproduced: its value says so.
 */
import { ImageRecipe, runLine } from '../image-recipe.ts';
import { PATH_ENV } from './common.ts';
import { debianBase } from './debian.ts';
import { BUILDKIT, NOT_REPRODUCED, standInData } from './alpine-packages.ts';

export const HTTPD_VERSION = '2.4.65';
const CREATED = '2025-07-23T20:51:42Z';
const PREFIX = '/usr/local/apache2';
const HTTPD_PATH_ENV = `PATH=${PREFIX}/bin:${PATH_ENV.slice(5)}`;
const LIB = '/usr/lib/x86_64-linux-gnu';

/** docker-library/httpd's httpd-foreground. */
export const HTTPD_FOREGROUND = `#!/bin/sh
set -e

# Apache gets grumpy about PID files pre-existing
rm -f /usr/local/apache2/logs/httpd.pid

exec httpd -DFOREGROUND "$@"
`;

const APT_RUN = `set -eux; \\
	apt-get update; \\
	apt-get install -y --no-install-recommends \\
# https://github.com/docker-library/httpd/issues/214
		ca-certificates \\
		libaprutil1-ldap \\
# https://github.com/docker-library/httpd/issues/209
		libldap-common \\
	; \\
	rm -rf /var/lib/apt/lists/*`;

const BUILD_RUN = `set -eux; \\
	\\
# mod_http2 mod_lua mod_proxy_html mod_xml2enc
# https://anonscm.debian.org/cgit/pkg-apache/apache2.git/tree/debian/control?id=adb6f181257af28ee67af15fc49d2699a0080d4c
	savedAptMark="$(apt-mark showmanual)"; \\
	apt-get update; \\
	apt-get install -y --no-install-recommends \\
		bzip2 \\
		dpkg-dev \\
		gcc \\
		libapr1-dev \\
		libaprutil1-dev \\
		libbrotli-dev \\
		libcurl4-openssl-dev \\
		libjansson-dev \\
		liblua5.2-dev \\
		libnghttp2-dev \\
		libpcre2-dev \\
		libssl-dev \\
		libxml2-dev \\
		make \\
		wget \\
		zlib1g-dev \\
	; \\
	rm -r /var/lib/apt/lists/*; \\
	\\
	ddist() { \\
		local f="$1"; shift; \\
		local distFile="$1"; shift; \\
		local success=; \\
		local distUrl=; \\
		for distUrl in \\
			'https://www.apache.org/dyn/closer.cgi?action=download&filename=' \\
			https://downloads.apache.org/ \\
			https://www-us.apache.org/dist/ \\
			https://www.apache.org/dist/ \\
			https://archive.apache.org/dist/ \\
		; do \\
			if wget -O "$f" "$distUrl$distFile" && [ -s "$f" ]; then \\
				success=1; \\
				break; \\
			fi; \\
		done; \\
		[ -n "$success" ]; \\
	}; \\
	\\
	ddist 'httpd.tar.bz2' "httpd/httpd-$HTTPD_VERSION.tar.bz2"; \\
	echo "$HTTPD_SHA256 *httpd.tar.bz2" | sha256sum -c -; \\
	\\
# see https://httpd.apache.org/download.cgi#verify
	ddist 'httpd.tar.bz2.asc' "httpd/httpd-$HTTPD_VERSION.tar.bz2.asc"; \\
	export GNUPGHOME="$(mktemp -d)"; \\
	for key in \\
# gpg: key 791485A8: public key "Jim Jagielski (Release Signing Key) <jim@apache.org>" imported
		A93D62ECC3C8EA12DB220EC934EA76E6791485A8 \\
# gpg: key 995E35221AD84DFF: public key "Daniel Ruggeri (https://home.apache.org/~druggeri/) <druggeri@apache.org>" imported
		B9E8213AEFB861AF35A41F2C995E35221AD84DFF \\
# gpg: key 5D49FA5F81DBAE8D: public key "Stefan Eissing (icing) <stefan@eissing.org>" imported
		C55AB7B9139EB2263CD1AABC19B033D1760C227B \\
	; do \\
		gpg --batch --keyserver keyserver.ubuntu.com --recv-keys "$key"; \\
	done; \\
	gpg --batch --verify httpd.tar.bz2.asc httpd.tar.bz2; \\
	command -v gpgconf && gpgconf --kill all || :; \\
	rm -rf "$GNUPGHOME" httpd.tar.bz2.asc; \\
	\\
	mkdir -p src; \\
	tar -xf httpd.tar.bz2 -C src --strip-components=1; \\
	rm httpd.tar.bz2; \\
	cd src; \\
	\\
	patches() { \\
		while [ "$#" -gt 0 ]; do \\
			local patchFile="$1"; shift; \\
			local patchSha256="$1"; shift; \\
			ddist "$patchFile" "httpd/patches/apply_to_$HTTPD_VERSION/$patchFile"; \\
			echo "$patchSha256 *$patchFile" | sha256sum -c -; \\
			patch -p0 < "$patchFile"; \\
			rm -f "$patchFile"; \\
		done; \\
	}; \\
	patches $HTTPD_PATCHES; \\
	\\
	gnuArch="$(dpkg-architecture --query DEB_BUILD_GNU_TYPE)"; \\
	CFLAGS="$(dpkg-buildflags --get CFLAGS)"; \\
	CPPFLAGS="$(dpkg-buildflags --get CPPFLAGS)"; \\
	LDFLAGS="$(dpkg-buildflags --get LDFLAGS)"; \\
	./configure \\
		--build="$gnuArch" \\
		--prefix="$HTTPD_PREFIX" \\
# https://httpd.apache.org/docs/2.4/programs/configure.html
# Caveat: --enable-mods-shared=all does not actually build all modules. To build all modules then, use:
		--enable-mods-shared='all ssl ldap cache proxy authn_alias mem_cache file_cache authnz_ldap charset_lite dav_lock disk_cache' \\
	; \\
	make -j "$(nproc)"; \\
	make install; \\
	\\
	cd ..; \\
	rm -r src man manual; \\
	\\
	sed -ri \\
		-e 's!^(\\s*CustomLog)\\s+\\S+!\\1 /proc/self/fd/1!g' \\
		-e 's!^(\\s*ErrorLog)\\s+\\S+!\\1 /proc/self/fd/2!g' \\
		-e 's!^(\\s*TransferLog)\\s+\\S+!\\1 /proc/self/fd/1!g' \\
		-e 's!^(\\s*User)\\s+daemon\\s*$!\\1 www-data!g' \\
		-e 's!^(\\s*Group)\\s+daemon\\s*$!\\1 www-data!g' \\
		"$HTTPD_PREFIX/conf/httpd.conf" \\
		"$HTTPD_PREFIX/conf/extra/httpd-ssl.conf" \\
	; \\
	grep -E '^\\s*User www-data$' "$HTTPD_PREFIX/conf/httpd.conf"; \\
	grep -E '^\\s*Group www-data$' "$HTTPD_PREFIX/conf/httpd.conf"; \\
	\\
# reset apt-mark's "manual" list so that "purge --auto-remove" will remove all build dependencies
	apt-mark auto '.*' > /dev/null; \\
	[ -z "$savedAptMark" ] || apt-mark manual $savedAptMark; \\
	find /usr/local -type f -executable -exec ldd '{}' ';' \\
		| awk '/=>/ { so = $(NF-1); if (index(so, "/usr/local/") == 1) { next }; gsub("^/(usr/)?", "", so); printf "*%s\\n", so }' \\
		| sort -u \\
		| xargs -r dpkg-query --search \\
		| cut -d: -f1 \\
		| sort -u \\
		| xargs -r apt-mark manual \\
	; \\
	apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false; \\
	\\
# smoke test
	httpd -v`;

/**
 * The shared libraries the two apt steps leave, approximate sizes (bytes). GnuTLS and its
 * dependencies, and libdb5.3, come with the slim base (apt and PAM need them).
 */
const APT_LIBS: [string, string, number][] = [
  ['libaprutil1-ldap', 'apr-util-1/apr_ldap-1.so', 30_000], ['libldap-2.5-0', 'libldap-2.5.so.0.1.11', 380_000], ['libldap-2.5-0', 'liblber-2.5.so.0.1.11', 60_000],
  ['libsasl2-2', 'libsasl2.so.2.0.25', 120_000], ['libapr1', 'libapr-1.so.0.7.2', 250_000], ['libaprutil1', 'libaprutil-1.so.0.6.3', 200_000],
  ['libssl3', 'libssl.so.3', 700_000], ['libssl3', 'libcrypto.so.3', 4_700_000], ['libexpat1', 'libexpat.so.1.8.10', 200_000],
];
const BUILD_LIBS: [string, string, number][] = [
  ['libicu72', 'libicudata.so.72.1', 31_000_000], ['libicu72', 'libicui18n.so.72.1', 3_400_000], ['libicu72', 'libicuuc.so.72.1', 2_100_000],
  ['libxml2', 'libxml2.so.2.9.14', 1_900_000], ['libcurl4', 'libcurl.so.4.8.0', 750_000], ['libkrb5-3', 'libkrb5.so.3.3', 900_000], ['libk5crypto3', 'libk5crypto.so.3.1', 200_000],
  ['libgssapi-krb5-2', 'libgssapi_krb5.so.2.2', 350_000], ['libkrb5support0', 'libkrb5support.so.0.1', 60_000], ['libkeyutils1', 'libkeyutils.so.1.10', 20_000],
  ['libssh2-1', 'libssh2.so.1.0.1', 280_000], ['librtmp1', 'librtmp.so.1', 120_000], ['libpsl5', 'libpsl.so.5.3.4', 80_000], ['libnghttp2-14', 'libnghttp2.so.14.24.1', 170_000],
  ['libbrotli1', 'libbrotlienc.so.1.0.9', 800_000], ['libbrotli1', 'libbrotlicommon.so.1.0.9', 140_000], ['libbrotli1', 'libbrotlidec.so.1.0.9', 50_000],
  ['libjansson4', 'libjansson.so.4.14.0', 60_000], ['liblua5.2-0', 'liblua5.2.so.0.0.0', 220_000], ['liblzma5', 'liblzma.so.5.4.1', 170_000], ['libpcre2-8-0', 'libpcre2-8.so.0.11.2', 600_000],
];

/** Apache's modules (the `all ssl ldap …` set), approximate sizes. */
const MODULES = ['access_compat', 'actions', 'alias', 'allowmethods', 'auth_basic', 'auth_digest', 'auth_form', 'authn_anon', 'authn_core', 'authn_dbd', 'authn_dbm', 'authn_file', 'authn_socache', 'authnz_fcgi', 'authnz_ldap', 'authz_core', 'authz_dbd', 'authz_dbm', 'authz_groupfile', 'authz_host', 'authz_owner', 'authz_user', 'autoindex', 'brotli', 'buffer', 'cache', 'cache_disk', 'cache_socache', 'cgid', 'charset_lite', 'data', 'dav', 'dav_fs', 'dav_lock', 'dbd', 'deflate', 'dialup', 'dir', 'dumpio', 'echo', 'env', 'expires', 'ext_filter', 'file_cache', 'filter', 'headers', 'heartbeat', 'heartmonitor', 'http2', 'ident', 'include', 'info', 'lbmethod_bybusyness', 'lbmethod_byrequests', 'lbmethod_bytraffic', 'lbmethod_heartbeat', 'ldap', 'log_config', 'log_debug', 'log_forensic', 'logio', 'lua', 'macro', 'md', 'mime', 'mime_magic', 'negotiation', 'proxy', 'proxy_ajp', 'proxy_balancer', 'proxy_connect', 'proxy_express', 'proxy_fcgi', 'proxy_fdpass', 'proxy_ftp', 'proxy_hcheck', 'proxy_html', 'proxy_http', 'proxy_http2', 'proxy_scgi', 'proxy_uwsgi', 'proxy_wstunnel', 'ratelimit', 'reflector', 'remoteip', 'reqtimeout', 'request', 'rewrite', 'sed', 'session', 'session_cookie', 'session_crypto', 'session_dbd', 'setenvif', 'slotmem_plain', 'slotmem_shm', 'socache_dbm', 'socache_memcache', 'socache_redis', 'socache_shmcb', 'speling', 'ssl', 'status', 'substitute', 'unique_id', 'unixd', 'userdir', 'usertrack', 'version', 'vhost_alias', 'watchdog', 'xml2enc'];
const BIG_MODULES: Record<string, number> = { ssl: 1_000_000, http2: 1_200_000, md: 1_500_000, proxy_http2: 400_000, lua: 420_000, proxy: 560_000, dav: 400_000, rewrite: 280_000, cache: 300_000, include: 260_000, ldap: 260_000, proxy_balancer: 260_000, autoindex: 200_000 };

export async function buildHttpd() {
  const image = new ImageRecipe(debianBase(true));
  image.meta(CREATED, `ENV HTTPD_PREFIX=${PREFIX}`, BUILDKIT);
  image.meta(CREATED, `ENV ${HTTPD_PATH_ENV}`, BUILDKIT);
  image.layer(CREATED, `RUN /bin/sh -c mkdir -p "$HTTPD_PREFIX" && chown www-data:www-data "$HTTPD_PREFIX" # buildkit`, (tree) => {
    tree.dir(PREFIX, { uid: 33, gid: 33 });
  }, BUILDKIT);
  image.meta(CREATED, `WORKDIR ${PREFIX}`, BUILDKIT);
  image.layer(CREATED, `RUN /bin/sh -c ${runLine(APT_RUN)} # buildkit`, (tree) => {
    for (const [pkg, file, size] of APT_LIBS) tree.binary(`${LIB}/${file}`, { program: file.split('/').pop()!, version: pkg, realSize: size });
    tree.binary('/usr/bin/openssl', { version: '3.0.17', realSize: 1_000_000 });
    tree.file('/etc/ssl/certs/ca-certificates.crt', standInData("Mozilla's CA bundle (ca-certificates), ~140 PEM certificates", 222_000));
    tree.file('/usr/share/ca-certificates/mozilla/ISRG_Root_X1.crt', standInData("Let's Encrypt's ISRG Root X1 (one of the ~140 certificates)", 1_939));
    tree.file('/usr/share/ca-certificates/mozilla/.others', standInData("the other ~140 certificates of Mozilla's store", 265_000));
    tree.file('/etc/ldap/ldap.conf', '#\n# LDAP Defaults\n#\n\n# See ldap.conf(5) for details\n# This file should be world readable but not world writable.\n\n#BASE\tdc=example,dc=com\n#URI\tldap://ldap.example.com ldap://ldap-provider.example.com:666\n\n#SIZELIMIT\t12\n#TIMELIMIT\t15\n#DEREF\t\tnever\n\n# TLS certificates (needed for GnuTLS)\nTLS_CACERT\t/etc/ssl/certs/ca-certificates.crt\n');
    tree.file('/usr/share/doc/.apt-packages', standInData('the changelogs, copyrights and dpkg info files of the ~25 packages installed', 1_200_000));
  }, BUILDKIT);
  image.meta(CREATED, `ENV HTTPD_VERSION=${HTTPD_VERSION}`, BUILDKIT);
  image.meta(CREATED, `ENV HTTPD_SHA256=${NOT_REPRODUCED}`, BUILDKIT);
  image.meta(CREATED, 'ENV HTTPD_PATCHES=', BUILDKIT);
  image.layer(CREATED, `RUN /bin/sh -c ${runLine(BUILD_RUN)} # buildkit`, (tree) => {
    for (const [pkg, file, size] of BUILD_LIBS) tree.binary(`${LIB}/${file}`, { program: file, version: pkg, realSize: size });
    const version = { version: HTTPD_VERSION };
    tree.binary(`${PREFIX}/bin/httpd`, { ...version, realSize: 2_700_000 });
    for (const [tool, size] of [['ab', 110_000], ['checkgid', 20_000], ['fcgistarter', 30_000], ['htcacheclean', 60_000], ['htdbm', 40_000], ['htdigest', 30_000], ['htpasswd', 40_000], ['httxt2dbm', 20_000], ['logresolve', 20_000], ['rotatelogs', 40_000]] as const) {
      tree.binary(`${PREFIX}/bin/${tool}`, { ...version, realSize: size });
    }
    tree.script(`${PREFIX}/bin/apachectl`, '#!/bin/sh\n#\n# Licensed to the Apache Software Foundation (ASF) under one or more\n# contributor license agreements.\n#\n# Apache control script designed to allow an easy command line interface\n# to controlling Apache.  Written by Marc Slemko, 1997/08/23\n');
    tree.file(`${PREFIX}/bin/apxs`, standInData('apxs, the APache eXtenSion tool (a Perl script)', 25_000), { mode: 0o755 });
    tree.script(`${PREFIX}/bin/envvars`, `# envvars-std - default environment variables for apachectl\n#\n# This file is generated from envvars-std.in\n#\nif test "x$LD_LIBRARY_PATH" != "x" ; then\n  LD_LIBRARY_PATH="${PREFIX}/lib:$LD_LIBRARY_PATH"\nelse\n  LD_LIBRARY_PATH="${PREFIX}/lib"\nfi\nexport LD_LIBRARY_PATH\n#\n`);
    for (const module of MODULES) tree.binary(`${PREFIX}/modules/mod_${module}.so`, { ...version, program: `mod_${module}.so`, realSize: BIG_MODULES[module] ?? 60_000 });
    tree.file(`${PREFIX}/modules/httpd.exp`, standInData("the server's exported symbols", 15_000));
    tree.file(`${PREFIX}/conf/httpd.conf`, standInData("Apache's default httpd.conf (Listen 80, User/Group www-data, ErrorLog /proc/self/fd/2, CustomLog /proc/self/fd/1 common, DocumentRoot /usr/local/apache2/htdocs)", 20_000));
    tree.file(`${PREFIX}/conf/mime.types`, standInData("Apache's MIME type map", 60_000)).file(`${PREFIX}/conf/magic`, standInData('mod_mime_magic data', 13_000));
    for (const extra of ['autoindex', 'dav', 'default', 'info', 'languages', 'manual', 'mpm', 'multilang-errordoc', 'ssl', 'userdir', 'vhosts']) {
      tree.file(`${PREFIX}/conf/extra/httpd-${extra}.conf`, standInData(`Apache's conf/extra/httpd-${extra}.conf`, 3_000));
    }
    tree.file(`${PREFIX}/conf/original/httpd.conf`, standInData("the unmodified httpd.conf (and extra/ under conf/original)", 60_000));
    tree.file(`${PREFIX}/htdocs/index.html`, '<html><body><h1>It works!</h1></body></html>\n');
    tree.script(`${PREFIX}/cgi-bin/printenv`, '#\n\n# To permit this cgi, replace # on the first line above with the\n# appropriate #!/path/to/perl shebang, and on Unix / Linux also\n# set this script executable with chmod 755.\n', { mode: 0o644 });
    tree.file(`${PREFIX}/error/HTTP_NOT_FOUND.html.var`, standInData('the multi-language error documents under error/', 190_000));
    tree.file(`${PREFIX}/icons/apache_pb.png`, standInData('the icons under icons/ (autoindex and the powered-by logos)', 1_100_000));
    tree.file(`${PREFIX}/include/httpd.h`, standInData("Apache's and APR's C headers under include/", 1_100_000));
    tree.file(`${PREFIX}/build/config_vars.mk`, standInData('the build variables apxs reads', 12_000));
    tree.dir(`${PREFIX}/logs`);
    tree.file('/usr/share/doc/.build-libs', standInData('the changelogs and copyrights of the libraries kept for httpd', 900_000));
  }, BUILDKIT);
  image.meta(CREATED, 'STOPSIGNAL SIGWINCH', BUILDKIT);
  image.layer(CREATED, 'COPY httpd-foreground /usr/local/bin/ # buildkit', (tree) => tree.script('/usr/local/bin/httpd-foreground', HTTPD_FOREGROUND), BUILDKIT);
  image.meta(CREATED, 'EXPOSE map[80/tcp:{}]', BUILDKIT);
  image.meta(CREATED, 'CMD ["httpd-foreground"]', BUILDKIT);
  return image.build({
    names: [`docker.io/library/httpd:${HTTPD_VERSION}`, 'docker.io/library/httpd:2.4', 'docker.io/library/httpd:2', 'docker.io/library/httpd:latest', `docker.io/library/httpd:${HTTPD_VERSION}-bookworm`],
    config: {
      ExposedPorts: { '80/tcp': {} },
      Env: [HTTPD_PATH_ENV, `HTTPD_PREFIX=${PREFIX}`, `HTTPD_VERSION=${HTTPD_VERSION}`, `HTTPD_SHA256=${NOT_REPRODUCED}`, 'HTTPD_PATCHES='],
      Cmd: ['httpd-foreground'],
      WorkingDir: PREFIX,
      StopSignal: 'SIGWINCH',
    },
  });
}
