/**
 * nginx:1.29.1-alpine (tags mainline-alpine, alpine, 1.29-alpine, 1.29.1-alpine3.22) as
 * nginxinc/docker-nginx builds it with buildkit in two Dockerfiles: mainline/alpine-slim (FROM
 * alpine:3.22: the nginx.org apk package, gettext-envsubst, tzdata, the entrypoint scripts — the
 * same set as the Debian image's) and mainline/alpine (FROM that: ENV NJS_*, then the dynamic
 * modules xslt/geoip/image-filter/njs with their libraries, and curl with ca-certificates).
 *
 * Sizes: the real image is about 52.5 MB in `docker images` (amd64): the alpine base, ~3.6 MB from
 * the slim RUN and ~38 MB from the modules RUN (njs, at the Debian image's module sizes, and image-filter's GD
 * with its image codec libraries are most of it). The libraries are placeholders at approximate
 * sizes: the total is an estimate, not checked against a registry.
 */
import { decodeUtf8 } from '../../engine/platform.ts';
import { ImageRecipe, runLine } from '../image-recipe.ts';
import { alpine322, ALPINE_3_22 } from './alpine.ts';
import { alpinePackage, apkAdded, BUILDKIT, standInData } from './alpine-packages.ts';
import { PATH_ENV } from './common.ts';
import type { FileTree } from '../file-tree.ts';
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
import { MAINTAINER, NGINX_VERSION, NJS_VERSION } from './nginx.ts';

const SLIM_CREATED = '2025-08-13T17:02:31Z';
const CREATED = '2025-08-13T18:01:44Z';

const SLIM_RUN = `set -x \\
# create nginx user/group first, to be consistent throughout docker variants
    && addgroup -g 101 -S nginx \\
    && adduser -S -D -H -u 101 -h /var/cache/nginx -s /sbin/nologin -G nginx -g nginx nginx \\
    && apkArch="$(cat /etc/apk/arch)" \\
    && nginxPackages=" \\
        nginx=\${NGINX_VERSION}-r\${PKG_RELEASE} \\
    " \\
# install prerequisites for public key and pkg-oss checks
    && apk add --no-cache --virtual .checksum-deps \\
        openssl \\
    && case "$apkArch" in \\
        x86_64|aarch64) \\
# arches officially built by upstream
            set -x \\
            && KEY_SHA512="e09fa32f0a0eab2b879ccbbc4d0e4fb9751486eedda75e35fac65802cc9faa266425edf83e261137a2f4d16281ce2c1a5f4502930fe75154723da014214f0655" \\
            && wget -O /tmp/nginx_signing.rsa.pub https://nginx.org/keys/nginx_signing.rsa.pub \\
            && if echo "$KEY_SHA512 */tmp/nginx_signing.rsa.pub" | sha512sum -c -; then \\
                echo "key verification succeeded!"; \\
                mv /tmp/nginx_signing.rsa.pub /etc/apk/keys/; \\
            else \\
                echo "key verification failed!"; \\
                exit 1; \\
            fi \\
            && apk add -X "https://nginx.org/packages/mainline/alpine/v$(egrep -o '^[0-9]+\\.[0-9]+' /etc/alpine-release)/main" --no-cache $nginxPackages \\
            ;; \\
        *) \\
# we're on an architecture upstream doesn't officially build for
# let's build binaries from the published packaging sources
            set -x \\
            && tempDir="$(mktemp -d)" \\
            && chown nobody:nobody $tempDir \\
            && apk add --no-cache --virtual .build-deps \\
                gcc \\
                libc-dev \\
                make \\
                openssl-dev \\
                pcre2-dev \\
                zlib-dev \\
                linux-headers \\
                bash \\
                alpine-sdk \\
                findutils \\
                curl \\
            && su nobody -s /bin/sh -c " \\
                export HOME=\${tempDir} \\
                && cd \${tempDir} \\
                && curl -f -L -O https://github.com/nginx/pkg-oss/archive/\${NGINX_VERSION}-\${PKG_RELEASE}.tar.gz \\
                && tar xzvf \${NGINX_VERSION}-\${PKG_RELEASE}.tar.gz \\
                && cd pkg-oss-\${NGINX_VERSION}-\${PKG_RELEASE} \\
                && cd alpine \\
                && make base \\
                && apk index --allow-untrusted -o \${tempDir}/packages/alpine/\${apkArch}/APKINDEX.tar.gz \${tempDir}/packages/alpine/\${apkArch}/*.apk \\
                && abuild-sign -k \${tempDir}/.abuild/abuild-key.rsa \${tempDir}/packages/alpine/\${apkArch}/APKINDEX.tar.gz \\
                " \\
            && cp \${tempDir}/.abuild/abuild-key.rsa.pub /etc/apk/keys/ \\
            && apk del --no-network .build-deps \\
            && apk add -X \${tempDir}/packages/alpine/ --no-cache $nginxPackages \\
            ;; \\
    esac \\
# remove checksum deps
    && apk del --no-network .checksum-deps \\
# if we have leftovers from building, let's purge them (including extra, unnecessary build deps)
    && if [ -n "$tempDir" ]; then rm -rf "$tempDir"; fi \\
    && if [ -f "/etc/apk/keys/abuild-key.rsa.pub" ]; then rm -f /etc/apk/keys/abuild-key.rsa.pub; fi \\
# Add \`envsubst\` for templating environment variables
    && apk add --no-cache gettext-envsubst \\
# Bring in tzdata so users could set the timezones through the environment
# variables
    && apk add --no-cache tzdata \\
# forward request and error logs to docker log collector
    && ln -sf /dev/stdout /var/log/nginx/access.log \\
    && ln -sf /dev/stderr /var/log/nginx/error.log \\
# create a docker-entrypoint.d directory
    && mkdir /docker-entrypoint.d`;

const MODULES_RUN = `set -x \\
    && apkArch="$(cat /etc/apk/arch)" \\
    && nginxPackages=" \\
        nginx=\${NGINX_VERSION}-r\${PKG_RELEASE} \\
        nginx-module-xslt=\${NGINX_VERSION}-r\${DYNPKG_RELEASE} \\
        nginx-module-geoip=\${NGINX_VERSION}-r\${DYNPKG_RELEASE} \\
        nginx-module-image-filter=\${NGINX_VERSION}-r\${DYNPKG_RELEASE} \\
        nginx-module-njs=\${NGINX_VERSION}.\${NJS_VERSION}-r\${NJS_RELEASE} \\
    " \\
# install prerequisites for public key and pkg-oss checks
    && apk add --no-cache --virtual .checksum-deps \\
        openssl \\
    && case "$apkArch" in \\
        x86_64|aarch64) \\
# arches officially built by upstream
            apk add -X "https://nginx.org/packages/mainline/alpine/v$(egrep -o '^[0-9]+\\.[0-9]+' /etc/alpine-release)/main" --no-cache $nginxPackages \\
            ;; \\
        *) \\
# we're on an architecture upstream doesn't officially build for
# let's build binaries from the published packaging sources
            set -x \\
            && tempDir="$(mktemp -d)" \\
            && chown nobody:nobody $tempDir \\
            && apk add --no-cache --virtual .build-deps \\
                gcc \\
                libc-dev \\
                make \\
                openssl-dev \\
                pcre2-dev \\
                zlib-dev \\
                linux-headers \\
                libxslt-dev \\
                gd-dev \\
                geoip-dev \\
                libedit-dev \\
                bash \\
                alpine-sdk \\
                findutils \\
                curl \\
            && su nobody -s /bin/sh -c " \\
                export HOME=\${tempDir} \\
                && cd \${tempDir} \\
                && curl -f -L -O https://github.com/nginx/pkg-oss/archive/\${NGINX_VERSION}-\${PKG_RELEASE}.tar.gz \\
                && tar xzvf \${NGINX_VERSION}-\${PKG_RELEASE}.tar.gz \\
                && cd pkg-oss-\${NGINX_VERSION}-\${PKG_RELEASE} \\
                && cd alpine \\
                && make module-geoip module-image-filter module-njs module-xslt \\
                && apk index --allow-untrusted -o \${tempDir}/packages/alpine/\${apkArch}/APKINDEX.tar.gz \${tempDir}/packages/alpine/\${apkArch}/*.apk \\
                && abuild-sign -k \${tempDir}/.abuild/abuild-key.rsa \${tempDir}/packages/alpine/\${apkArch}/APKINDEX.tar.gz \\
                " \\
            && cp \${tempDir}/.abuild/abuild-key.rsa.pub /etc/apk/keys/ \\
            && apk del --no-network .build-deps \\
            && apk add -X \${tempDir}/packages/alpine/ --no-cache $nginxPackages \\
            ;; \\
    esac \\
# remove checksum deps
    && apk del --no-network .checksum-deps \\
# if we have leftovers from building, let's purge them (including extra, unnecessary build deps)
    && if [ -n "$tempDir" ]; then rm -rf "$tempDir"; fi \\
    && if [ -f "/etc/apk/keys/abuild-key.rsa.pub" ]; then rm -f /etc/apk/keys/abuild-key.rsa.pub; fi \\
# Bring in curl and ca-certificates to make registering on DNS SD easier
    && apk add --no-cache curl ca-certificates`;

/** Libraries the modules RUN adds (image-filter's GD and codecs, xslt, geoip, njs's, curl's), approximate sizes. */
const MODULE_LIBS: [string, string, string, number][] = [
  ['libgd', '2.3.3-r10', 'libgd.so.3.0.11', 480_000], ['libpng', '1.6.47-r0', 'libpng16.so.16.47.0', 230_000], ['libjpeg-turbo', '3.1.0-r0', 'libjpeg.so.8.3.2', 500_000],
  ['libwebp', '1.5.0-r0', 'libwebp.so.7.1.10', 420_000], ['libsharpyuv', '1.5.0-r0', 'libsharpyuv.so.0.1.1', 30_000], ['tiff', '4.7.0-r0', 'libtiff.so.6.1.0', 480_000],
  ['libavif', '1.3.0-r0', 'libavif.so.16.3.0', 300_000], ['aom-libs', '3.12.1-r0', 'libaom.so.3.12.1', 5_400_000], ['dav1d-libs', '1.5.1-r0', 'libdav1d.so.7.0.0', 1_700_000],
  ['libheif', '1.19.8-r0', 'libheif.so.1.19.8', 1_300_000], ['libde265', '1.0.15-r1', 'libde265.so.0.1.8', 900_000],
  ['libyuv', '0.0.1887.20251502-r1', 'libyuv.so.0.0.1887', 1_000_000], ['freetype', '2.13.3-r0', 'libfreetype.so.6.20.2', 800_000], ['fontconfig', '2.15.0-r3', 'libfontconfig.so.1.16.0', 300_000],
  ['libxpm', '3.5.17-r0', 'libXpm.so.4.11.0', 80_000], ['libx11', '1.8.11-r0', 'libX11.so.6.4.0', 1_300_000], ['libxcb', '1.17.0-r0', 'libxcb.so.1.1.0', 200_000],
  ['libxml2', '2.13.8-r0', 'libxml2.so.2.13.8', 1_400_000], ['libxslt', '1.1.43-r3', 'libxslt.so.1.1.39', 250_000], ['libxslt', '1.1.43-r3', 'libexslt.so.0.8.24', 80_000],
  ['libgcrypt', '1.10.3-r1', 'libgcrypt.so.20.4.3', 1_200_000], ['libgpg-error', '1.55-r0', 'libgpg-error.so.0.38.0', 200_000], ['geoip', '1.6.12-r5', 'libGeoIP.so.1.6.12', 80_000],
  ['libcurl', '8.14.1-r1', 'libcurl.so.4.8.0', 800_000], ['nghttp2-libs', '1.65.0-r0', 'libnghttp2.so.14.28.4', 170_000], ['brotli-libs', '1.1.0-r2', 'libbrotlienc.so.1.1.0', 800_000],
  ['c-ares', '1.34.5-r0', 'libcares.so.2.19.4', 180_000], ['libidn2', '2.3.7-r0', 'libidn2.so.0.4.0', 150_000], ['libunistring', '1.3-r0', 'libunistring.so.5.2.0', 1_800_000],
  ['libpsl', '0.21.5-r3', 'libpsl.so.5.3.5', 80_000], ['zstd-libs', '1.5.7-r0', 'libzstd.so.1.5.7', 700_000], ['libedit', '20250104.3.1-r1', 'libedit.so.0.0.75', 200_000],
];

function slimFiles(tree: FileTree): void {
  tree.file('/etc/passwd', `${ALPINE_3_22.passwd}nginx:x:101:101:nginx:/var/cache/nginx:/sbin/nologin\n`);
  tree.file('/etc/group', `${ALPINE_3_22.group}nginx:x:101:nginx\n`);
  const nginx = { version: NGINX_VERSION };
  tree.binary('/usr/sbin/nginx', { ...nginx, realSize: 1_360_000 });
  tree.binary('/usr/sbin/nginx-debug', { ...nginx, program: 'nginx', realSize: 1_420_000 });
  tree.file('/etc/nginx/nginx.conf', NGINX_CONF).file('/etc/nginx/conf.d/default.conf', DEFAULT_CONF).file('/etc/nginx/mime.types', MIME_TYPES);
  tree.file('/etc/nginx/fastcgi_params', 'fastcgi_param  QUERY_STRING       $query_string;\nfastcgi_param  REQUEST_METHOD     $request_method;\nfastcgi_param  CONTENT_TYPE       $content_type;\nfastcgi_param  CONTENT_LENGTH     $content_length;\n');
  tree.file('/etc/nginx/scgi_params', 'scgi_param  REQUEST_METHOD     $request_method;\nscgi_param  REQUEST_URI        $request_uri;\nscgi_param  QUERY_STRING       $query_string;\nscgi_param  CONTENT_TYPE       $content_type;\n');
  tree.file('/etc/nginx/uwsgi_params', 'uwsgi_param  QUERY_STRING       $query_string;\nuwsgi_param  REQUEST_METHOD     $request_method;\nuwsgi_param  CONTENT_TYPE       $content_type;\nuwsgi_param  CONTENT_LENGTH     $content_length;\n');
  tree.symlink('/etc/nginx/modules', '/usr/lib/nginx/modules');
  tree.dir('/usr/lib/nginx/modules');
  tree.file('/usr/share/nginx/html/index.html', INDEX_HTML).file('/usr/share/nginx/html/50x.html', ERROR_HTML);
  tree.dir('/var/cache/nginx', { uid: 101, gid: 101 }).dir('/var/log/nginx');
  tree.symlink('/var/log/nginx/access.log', '/dev/stdout').symlink('/var/log/nginx/error.log', '/dev/stderr');
  tree.dir('/docker-entrypoint.d');
  tree.binary('/usr/bin/envsubst', { version: '0.24.1', realSize: 40_000 });
  tree.file('/etc/apk/keys/nginx_signing.rsa.pub', '-----BEGIN PUBLIC KEY-----\n(placeholder: nginx.org\'s package signing key)\n-----END PUBLIC KEY-----\n');
  tree.file('/usr/share/zoneinfo/tzdata.zi', standInData('tzdata 2025b, the compact zone source', 107_000));
  tree.file('/usr/share/zoneinfo/Europe/Berlin', standInData('tzdata 2025b Europe/Berlin (one of ~600 zone files)', 705));
  tree.file('/usr/share/zoneinfo/posixrules', standInData('the other ~600 zone files of tzdata 2025b, listed here as one', 1_260_000));
}

export async function buildNginxAlpine() {
  const base = alpine322();
  const image = new ImageRecipe(base);
  image.meta(SLIM_CREATED, `LABEL maintainer=${MAINTAINER}`, BUILDKIT);
  const env = [`NGINX_VERSION=${NGINX_VERSION}`, 'PKG_RELEASE=1', 'DYNPKG_RELEASE=1'];
  for (const e of env) image.meta(SLIM_CREATED, `ENV ${e}`, BUILDKIT);
  const slim = image.layer(SLIM_CREATED, `RUN /bin/sh -c ${runLine(SLIM_RUN)} # buildkit`, (tree) => {
    slimFiles(tree);
    apkAdded(tree, base.steps[0]!.layer!, ['gettext-envsubst', `nginx=${NGINX_VERSION}-r1`, 'tzdata'], (t) => [
      alpinePackage(t, { name: 'nginx', version: `${NGINX_VERSION}-r1`, description: 'High performance web server', url: 'https://nginx.org/', license: '2-clause BSD-like license', depends: ['so:libc.musl-x86_64.so.1', 'so:libcrypto.so.3', 'so:libpcre2-8.so.0', 'so:libssl.so.3', 'so:libz.so.1'], files: ['/usr/sbin/nginx', '/usr/sbin/nginx-debug', '/etc/nginx/nginx.conf', '/etc/nginx/conf.d/default.conf', '/etc/nginx/mime.types', '/etc/nginx/fastcgi_params', '/etc/nginx/scgi_params', '/etc/nginx/uwsgi_params', '/etc/nginx/modules', '/usr/share/nginx/html/index.html', '/usr/share/nginx/html/50x.html'] }),
      alpinePackage(t, { name: 'gettext-envsubst', version: '0.24.1-r0', description: 'GNU gettext envsubst binary', url: 'https://www.gnu.org/software/gettext/gettext.html', license: 'GPL-3.0-or-later AND LGPL-2.1-or-later AND MIT', origin: 'gettext', depends: ['so:libc.musl-x86_64.so.1'], files: ['/usr/bin/envsubst'] }),
      alpinePackage(t, { name: 'tzdata', version: '2025b-r0', description: 'Timezone data', url: 'https://www.iana.org/time-zones', license: 'Public-Domain', files: ['/usr/share/zoneinfo/tzdata.zi', '/usr/share/zoneinfo/Europe/Berlin', '/usr/share/zoneinfo/posixrules'] }),
    ]);
    tree.binary('/usr/lib/libpcre2-8.so.0.14.0', { program: 'libpcre2-8.so.0', version: '10.43', realSize: 600_000 });
    tree.symlink('/usr/lib/libpcre2-8.so.0', 'libpcre2-8.so.0.14.0');
  }, BUILDKIT);
  const scripts: [string, string, string][] = [
    ['docker-entrypoint.sh', '/', ENTRYPOINT_SH],
    ['10-listen-on-ipv6-by-default.sh', '/docker-entrypoint.d', LISTEN_ON_IPV6_SH],
    ['15-local-resolvers.envsh', '/docker-entrypoint.d', LOCAL_RESOLVERS_ENVSH],
    ['20-envsubst-on-templates.sh', '/docker-entrypoint.d', ENVSUBST_ON_TEMPLATES_SH],
    ['30-tune-worker-processes.sh', '/docker-entrypoint.d', TUNE_WORKER_PROCESSES_SH],
  ];
  for (const [name, dir, content] of scripts) {
    image.layer(SLIM_CREATED, `COPY ${name} ${dir} # buildkit`, (tree) => tree.script(`${dir === '/' ? '' : dir}/${name}`, content, { mode: 0o775 }), BUILDKIT);
  }
  image.meta(SLIM_CREATED, 'ENTRYPOINT ["/docker-entrypoint.sh"]', BUILDKIT);
  image.meta(SLIM_CREATED, 'EXPOSE map[80/tcp:{}]', BUILDKIT);
  image.meta(SLIM_CREATED, 'STOPSIGNAL SIGQUIT', BUILDKIT);
  image.meta(SLIM_CREATED, 'CMD ["nginx" "-g" "daemon off;"]', BUILDKIT);
  image.meta(CREATED, `ENV NJS_VERSION=${NJS_VERSION}`, BUILDKIT);
  image.meta(CREATED, 'ENV NJS_RELEASE=1', BUILDKIT);
  image.layer(CREATED, `RUN /bin/sh -c ${runLine(MODULES_RUN)} # buildkit`, (tree) => {
    for (const [module, size] of [['ngx_http_geoip_module', 30_000], ['ngx_http_image_filter_module', 35_000], ['ngx_http_js_module', 2_093_056], ['ngx_http_xslt_filter_module', 35_000], ['ngx_stream_geoip_module', 25_000], ['ngx_stream_js_module', 2_060_288]] as const) {
      tree.binary(`/usr/lib/nginx/modules/${module}.so`, { program: module, version: NGINX_VERSION, realSize: size });
      tree.binary(`/usr/lib/nginx/modules/${module}-debug.so`, { program: module, version: NGINX_VERSION, realSize: Math.round(size * 1.05) });
    }
    for (const [pkg, version, file, size] of MODULE_LIBS) tree.binary(`/usr/lib/${file}`, { program: file.replace(/\.so.*/, '.so'), version: `${pkg} ${version}`, realSize: size });
    tree.binary('/usr/bin/curl', { version: '8.14.1', realSize: 260_000 });
    tree.binary('/usr/sbin/update-ca-certificates', { version: '20250619', realSize: 30_000 });
    tree.file('/etc/ssl/certs/ca-certificates.crt', standInData("Mozilla's CA bundle (ca-certificates), ~140 PEM certificates", 222_000));
    tree.file('/usr/share/ca-certificates/mozilla/.others', standInData("the ~140 certificates of Mozilla's store", 267_000));
    tree.file('/usr/share/GeoIP/GeoIP.dat', standInData('the GeoLite country database', 1_400_000));
    tree.file('/usr/share/fonts/.fontconfig-and-x11-data', standInData("fontconfig's and libX11's data (locale, XKeysymDB, conf.d)", 3_300_000));
    tree.file('/etc/apk/world', `${decodeUtf8(slim.contentOf('/etc/apk/world')).trimEnd()}\nca-certificates\ncurl\nnginx-module-geoip=${NGINX_VERSION}-r1\nnginx-module-image-filter=${NGINX_VERSION}-r1\nnginx-module-njs=${NGINX_VERSION}.${NJS_VERSION}-r1\nnginx-module-xslt=${NGINX_VERSION}-r1\n`);
    tree.file('/lib/apk/db/installed', decodeUtf8(slim.contentOf('/lib/apk/db/installed')));
    tree.file('/lib/apk/db/lock', '', { mode: 0o600 });
  }, BUILDKIT);
  return image.build({
    names: [`docker.io/library/nginx:${NGINX_VERSION}-alpine`, 'docker.io/library/nginx:alpine', 'docker.io/library/nginx:mainline-alpine', 'docker.io/library/nginx:1.29-alpine', `docker.io/library/nginx:${NGINX_VERSION}-alpine3.22`],
    config: {
      ExposedPorts: { '80/tcp': {} },
      Env: [PATH_ENV, ...env, `NJS_VERSION=${NJS_VERSION}`, 'NJS_RELEASE=1'],
      Entrypoint: ['/docker-entrypoint.sh'],
      Cmd: ['nginx', '-g', 'daemon off;'],
      Labels: { maintainer: MAINTAINER },
      StopSignal: 'SIGQUIT',
    },
  });
}
