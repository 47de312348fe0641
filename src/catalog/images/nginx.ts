/**
 * nginx:latest — mainline 1.29.1 on debian:bookworm-slim, as nginxinc/docker-nginx's
 * mainline/debian/Dockerfile builds it with buildkit: the slim base, one big RUN installing the
 * nginx.org packages, then one layer per COPY of the entrypoint and its /docker-entrypoint.d
 * scripts.
 */
import { encodeUtf8 } from '../../engine/platform.ts';
import { ImageRecipe, runLine } from '../image-recipe.ts';
import { PATH_ENV } from './common.ts';
import { debianBase } from './debian.ts';
import { BOOKWORM_DPKG_STATUS } from './debian-dpkg-status.ts';
import { BOOKWORM_TEXT_FILES } from './debian-files.ts';
import {
  DEFAULT_CONF,
  ENTRYPOINT_SH,
  ENVSUBST_ON_TEMPLATES_SH,
  ERROR_HTML,
  INDEX_HTML,
  LISTEN_ON_IPV6_SH,
  LOCAL_RESOLVERS_ENVSH,
  MIME_TYPES,
  NGINX_CONF,
  TUNE_WORKER_PROCESSES_SH,
} from './nginx-files.ts';

/** The release both nginx:latest (bookworm) and nginx:alpine were built from. */
export const NGINX_VERSION = '1.29.1';
export const NJS_VERSION = '0.9.1';
const RELEASE = '1~bookworm';
const BUILDKIT = 'buildkit.dockerfile.v0';
const CREATED = '2025-08-13T18:27:41Z';
export const MAINTAINER = 'NGINX Docker Maintainers <docker-maint@nginx.com>';

const INSTALL_RUN = `set -x \\
# create nginx user/group first, to be consistent throughout docker variants
    && groupadd --system --gid 101 nginx \\
    && useradd --system --gid nginx --no-create-home --home /nonexistent --comment "nginx user" --shell /bin/false --uid 101 nginx \\
    && apt-get update \\
    && apt-get install --no-install-recommends --no-install-suggests -y gnupg1 ca-certificates \\
    && \\
    NGINX_GPGKEYS="573BFD6B3D8FBC641079A6ABABF5BD827BD9BF62 8540A6F18833A80E9C1653A42FD21310B49F6B46 9E9BE90EACBCDE69FE9B204CBCDCD8A38D88A2B3"; \\
    NGINX_GPGKEY_PATH=/etc/apt/keyrings/nginx-archive-keyring.gpg; \\
    export GNUPGHOME="$(mktemp -d)"; \\
    found=''; \\
    for NGINX_GPGKEY in $NGINX_GPGKEYS; do \\
    for server in \\
        hkp://keyserver.ubuntu.com:80 \\
        pgp.mit.edu \\
    ; do \\
        echo "Fetching GPG key $NGINX_GPGKEY from $server"; \\
        gpg1 --batch --keyserver "$server" --keyserver-options timeout=10 --recv-keys "$NGINX_GPGKEY" && found=yes && break; \\
    done; \\
    test -z "$found" && echo >&2 "error: failed to fetch GPG key $NGINX_GPGKEY" && exit 1; \\
    done; \\
    gpg1 --batch --export $NGINX_GPGKEYS > "$NGINX_GPGKEY_PATH" ; \\
    rm -rf "$GNUPGHOME"; \\
    apt-get remove --purge --auto-remove -y gnupg1 && rm -rf /var/lib/apt/lists/* \\
    && dpkgArch="$(dpkg --print-architecture)" \\
    && nginxPackages=" \\
        nginx=\${NGINX_VERSION}-\${PKG_RELEASE} \\
        nginx-module-xslt=\${NGINX_VERSION}-\${DYNPKG_RELEASE} \\
        nginx-module-geoip=\${NGINX_VERSION}-\${DYNPKG_RELEASE} \\
        nginx-module-image-filter=\${NGINX_VERSION}-\${DYNPKG_RELEASE} \\
        nginx-module-njs=\${NGINX_VERSION}+\${NJS_VERSION}-\${NJS_RELEASE} \\
    " \\
    && case "$dpkgArch" in \\
        amd64|arm64) \\
# arches officialy built by upstream
            echo "deb [signed-by=$NGINX_GPGKEY_PATH] https://nginx.org/packages/mainline/debian/ bookworm nginx" >> /etc/apt/sources.list.d/nginx.list \\
            && apt-get update \\
            ;; \\
        *) \\
# we're on an architecture upstream doesn't officially build for
# let's build binaries from the published packaging sources
# new directory for storing sources and .deb files
            tempDir="$(mktemp -d)" \\
            && chmod 777 "$tempDir" \\
# (777 to ensure APT's "_apt" user can access it too)
            \\
# save list of currently-installed packages so build dependencies can be cleanly removed later
            && savedAptMark="$(apt-mark showmanual)" \\
            \\
# build .deb files from upstream's packaging sources
            && apt-get update \\
            && apt-get install --no-install-recommends --no-install-suggests -y \\
                curl \\
                devscripts \\
                equivs \\
                git \\
                libxml2-utils \\
                lsb-release \\
                xsltproc \\
            && ( \\
                cd "$tempDir" \\
                && REVISION="\${NGINX_VERSION}-\${PKG_RELEASE}" \\
                && REVISION=\${REVISION%~*} \\
                && curl -f -L -O https://github.com/nginx/pkg-oss/archive/\${REVISION}.tar.gz \\
                && PKGOSSCHECKSUM="43ecd667d9039c9ab0fab9068c16b37825b15f7d4ef6ea8f36a41378bdf1a198463c751f8b76cfe2aef7ffa8dd9f88f180b958a8189d770258b5a97dc302daf4 *\${REVISION}.tar.gz" \\
                && if [ "$(openssl sha512 -r \${REVISION}.tar.gz)" = "$PKGOSSCHECKSUM" ]; then \\
                    echo "pkg-oss tarball checksum verification succeeded!"; \\
                else \\
                    echo "pkg-oss tarball checksum verification failed!"; \\
                    exit 1; \\
                fi \\
                && tar xzvf \${REVISION}.tar.gz \\
                && cd pkg-oss-\${REVISION} \\
                && cd debian \\
                && for target in base module-geoip module-image-filter module-njs module-xslt; do \\
                    make rules-$target; \\
                    mk-build-deps --install --tool="apt-get -o Debug::pkgProblemResolver=yes --no-install-recommends --yes" \\
                        debuild-$target/nginx-$NGINX_VERSION/debian/control; \\
                done \\
                && make base module-geoip module-image-filter module-njs module-xslt \\
            ) \\
# we don't remove APT lists here because they get re-downloaded and removed later
            \\
# reset apt-mark's "manual" list so that "purge --auto-remove" will remove all build dependencies
# (which is done after we install the built packages so we don't have to redownload any overlapping dependencies)
            && apt-mark showmanual | xargs apt-mark auto > /dev/null \\
            && { [ -z "$savedAptMark" ] || apt-mark manual $savedAptMark; } \\
            \\
# create a temporary local APT repo to install from (so that dependency resolution can be handled by APT, as it should be)
            && ls -lAFh "$tempDir" \\
            && ( cd "$tempDir" && dpkg-scanpackages . > Packages ) \\
            && grep '^Package: ' "$tempDir/Packages" \\
            && echo "deb [ trusted=yes ] file://$tempDir ./" > /etc/apt/sources.list.d/temp.list \\
# work around the following APT issue by using "Acquire::GzipIndexes=false" (overriding "/etc/apt/apt.conf.d/docker-gzip-indexes")
#   Could not open file /var/lib/apt/lists/partial/_tmp_tmp.ODWljpQfkE_._Packages - open (13: Permission denied)
#   ...
#   E: Failed to fetch store:/var/lib/apt/lists/partial/_tmp_tmp.ODWljpQfkE_._Packages  Could not open file /var/lib/apt/lists/partial/_tmp_tmp.ODWljpQfkE_._Packages - open (13: Permission denied)
            && apt-get -o Acquire::GzipIndexes=false update \\
            ;; \\
    esac \\
    \\
    && apt-get install --no-install-recommends --no-install-suggests -y \\
                        $nginxPackages \\
                        gettext-base \\
                        curl \\
    && apt-get remove --purge --auto-remove -y && rm -rf /var/lib/apt/lists/* /etc/apt/sources.list.d/nginx.list \\
    \\
# if we have leftovers from building, let's purge them (including extra, unnecessary build deps)
    && if [ -n "$tempDir" ]; then \\
        apt-get purge -y --auto-remove \\
        && rm -rf "$tempDir" /etc/apt/sources.list.d/temp.list; \\
    fi \\
# forward request and error logs to docker log collector
    && ln -sf /dev/stdout /var/log/nginx/access.log \\
    && ln -sf /dev/stderr /var/log/nginx/error.log \\
# create a docker-entrypoint.d directory
    && mkdir /docker-entrypoint.d`;

/**
 * dpkg status stanzas the RUN adds (trimmed to nginx, gettext-base and curl; the last two as a
 * bookworm system has them). nginx's Conffiles md5s are left out rather than made up.
 */
const NGINX_DPKG_STATUS = `Package: nginx
Status: install ok installed
Priority: optional
Section: httpd
Installed-Size: 3516
Maintainer: NGINX Packaging <nginx-packaging@f5.com>
Architecture: amd64
Version: ${NGINX_VERSION}-${RELEASE}
Replaces: nginx-common, nginx-core
Provides: httpd, nginx, nginx-r${NGINX_VERSION}
Depends: libc6 (>= 2.34), libcrypt1 (>= 1:4.1.0), libpcre2-8-0 (>= 10.22), libssl3 (>= 3.0.0), zlib1g (>= 1:1.1.4), lsb-base (>= 3.0-6), adduser
Conflicts: nginx-common, nginx-core
Description: high performance web server
 nginx [engine x] is an HTTP and reverse proxy server, as well as
 a mail proxy server.
Homepage: https://nginx.org

Package: gettext-base
Status: install ok installed
Priority: standard
Section: utils
Installed-Size: 645
Maintainer: Santiago Vila <sanvila@debian.org>
Architecture: amd64
Multi-Arch: foreign
Source: gettext
Version: 0.21-12
Depends: libc6 (>= 2.34)
Description: GNU Internationalization utilities for the base system
 This package includes the gettext and ngettext programs which allow
 other packages to internationalize the messages given by shell scripts.
Homepage: https://www.gnu.org/software/gettext/

Package: curl
Status: install ok installed
Priority: optional
Section: web
Installed-Size: 489
Maintainer: Alessandro Ghedini <ghedo@debian.org>
Architecture: amd64
Multi-Arch: foreign
Version: 7.88.1-10+deb12u14
Depends: libc6 (>= 2.34), libcurl4 (= 7.88.1-10+deb12u14), zlib1g (>= 1:1.1.4)
Description: command line tool for transferring data with URL syntax
 curl is a command line tool for transferring data with URL syntax, supporting
 DICT, FILE, FTP, FTPS, GOPHER, HTTP, HTTPS, IMAP, IMAPS, LDAP, LDAPS, POP3,
 POP3S, RTMP, RTSP, SCP, SFTP, SMTP, SMTPS, TELNET and TFTP.
 .
 curl supports SSL certificates, HTTP POST, HTTP PUT, FTP uploading, HTTP form
 based upload, proxies, cookies, user+password authentication (Basic, Digest,
 NTLM, Negotiate, kerberos...), file transfer resume, proxy tunneling and a
 busload of other useful tricks.
Homepage: https://curl.se/

`;

const copy = (from: string, to: string) => `COPY ${from} ${to} # buildkit`;

export async function buildNginx() {
  const image = new ImageRecipe(debianBase(true));
  image.meta(CREATED, `LABEL maintainer=${MAINTAINER}`, BUILDKIT);
  const env = [`NGINX_VERSION=${NGINX_VERSION}`, `NJS_VERSION=${NJS_VERSION}`, `NJS_RELEASE=${RELEASE}`, `PKG_RELEASE=${RELEASE}`, `DYNPKG_RELEASE=${RELEASE}`];
  for (const e of env) image.meta(CREATED, `ENV ${e}`, BUILDKIT);
  image.layer(CREATED, `RUN /bin/sh -c ${runLine(INSTALL_RUN)} # buildkit`, (tree) => {
    const withNginxUser = (master: string, line: string) => `${master.replace(/^([^:\n]+):\*:/gm, '$1:x:')}${line}\n`;
    tree.file('/etc/passwd', withNginxUser(BOOKWORM_TEXT_FILES['/etc/passwd']!, 'nginx:x:101:101:nginx user:/nonexistent:/bin/false'));
    tree.file('/etc/group', withNginxUser(BOOKWORM_TEXT_FILES['/etc/group']!, 'nginx:x:101:'));
    const nginx = { version: NGINX_VERSION };
    tree.binary('/usr/sbin/nginx', { ...nginx, realSize: 1553600 });
    tree.binary('/usr/sbin/nginx-debug', { ...nginx, program: 'nginx', realSize: 1626784 });
    for (const [module, realSize] of [['ngx_http_geoip_module', 24096], ['ngx_http_image_filter_module', 28192], ['ngx_http_js_module', 2093056], ['ngx_http_xslt_filter_module', 28192], ['ngx_stream_geoip_module', 19992], ['ngx_stream_js_module', 2060288]] as const) {
      tree.binary(`/usr/lib/nginx/modules/${module}.so`, { program: module, version: NGINX_VERSION, realSize });
    }
    tree.file('/etc/nginx/nginx.conf', NGINX_CONF).file('/etc/nginx/conf.d/default.conf', DEFAULT_CONF).file('/etc/nginx/mime.types', MIME_TYPES);
    tree.file('/etc/nginx/fastcgi_params', 'fastcgi_param  QUERY_STRING       $query_string;\nfastcgi_param  REQUEST_METHOD     $request_method;\nfastcgi_param  CONTENT_TYPE       $content_type;\nfastcgi_param  CONTENT_LENGTH     $content_length;\n');
    tree.file('/etc/nginx/scgi_params', 'scgi_param  REQUEST_METHOD     $request_method;\nscgi_param  REQUEST_URI        $request_uri;\nscgi_param  QUERY_STRING       $query_string;\nscgi_param  CONTENT_TYPE       $content_type;\n');
    tree.file('/etc/nginx/uwsgi_params', 'uwsgi_param  QUERY_STRING       $query_string;\nuwsgi_param  REQUEST_METHOD     $request_method;\nuwsgi_param  CONTENT_TYPE       $content_type;\nuwsgi_param  CONTENT_LENGTH     $content_length;\n');
    tree.symlink('/etc/nginx/modules', '../../usr/lib/nginx/modules');
    tree.file('/usr/share/nginx/html/index.html', INDEX_HTML).file('/usr/share/nginx/html/50x.html', ERROR_HTML);
    tree.dir('/var/cache/nginx').dir('/var/log/nginx');
    tree.symlink('/var/log/nginx/access.log', '/dev/stdout').symlink('/var/log/nginx/error.log', '/dev/stderr');
    tree.dir('/docker-entrypoint.d');
    tree.binary('/usr/bin/curl', { version: '7.88.1', realSize: 277368 });
    tree.binary('/usr/bin/envsubst', { version: '0.21', realSize: 35168 });
    tree.binary('/usr/bin/gettext', { version: '0.21', realSize: 35168 });
    tree.file('/etc/apt/keyrings/nginx-archive-keyring.gpg', encodeUtf8('(placeholder: the nginx.org signing keys, an OpenPGP keyring)\n'));
    tree.file('/var/lib/dpkg/status', BOOKWORM_DPKG_STATUS + NGINX_DPKG_STATUS);
  }, BUILDKIT);
  const scripts: [string, string, string][] = [
    ['docker-entrypoint.sh', '/', ENTRYPOINT_SH],
    ['10-listen-on-ipv6-by-default.sh', '/docker-entrypoint.d', LISTEN_ON_IPV6_SH],
    ['15-local-resolvers.envsh', '/docker-entrypoint.d', LOCAL_RESOLVERS_ENVSH],
    ['20-envsubst-on-templates.sh', '/docker-entrypoint.d', ENVSUBST_ON_TEMPLATES_SH],
    ['30-tune-worker-processes.sh', '/docker-entrypoint.d', TUNE_WORKER_PROCESSES_SH],
  ];
  for (const [name, dir, content] of scripts) {
    image.layer(CREATED, copy(name, dir), (tree) => tree.script(`${dir === '/' ? '' : dir}/${name}`, content, { mode: 0o775 }), BUILDKIT);
  }
  image.meta(CREATED, 'ENTRYPOINT ["/docker-entrypoint.sh"]', BUILDKIT);
  image.meta(CREATED, 'EXPOSE map[80/tcp:{}]', BUILDKIT);
  image.meta(CREATED, 'STOPSIGNAL SIGQUIT', BUILDKIT);
  image.meta(CREATED, 'CMD ["nginx" "-g" "daemon off;"]', BUILDKIT);
  return image.build({
    names: ['docker.io/library/nginx:latest', 'docker.io/library/nginx:mainline', `docker.io/library/nginx:${NGINX_VERSION}`, 'docker.io/library/nginx:bookworm'],
    config: {
      ExposedPorts: { '80/tcp': {} },
      Env: [PATH_ENV, ...env],
      Entrypoint: ['/docker-entrypoint.sh'],
      Cmd: ['nginx', '-g', 'daemon off;'],
      Labels: { maintainer: MAINTAINER },
      StopSignal: 'SIGQUIT',
    },
  });
}

