/**
 * node:24.6.0-alpine3.22 (tags 24-alpine3.22, 24-alpine, alpine: 24 was "current", not yet LTS, in August 2025) as nodejs/docker-node's
 * 24/alpine3.22/Dockerfile builds it with buildkit: the alpine base, one RUN adding the node user,
 * libstdc++ and the musl build of Node.js (unofficial-builds.nodejs.org), one RUN adding yarn
 * 1.22.22 under /opt, then the entrypoint script.
 *
 * Sizes: the real image is about 163 MB in `docker images` (amd64). Node's binary is about
 * 121 MB of that; npm, corepack, the headers and yarn carry the rest. The catalog lists the real
 * paths of the main files (binaries, package manifests, entry scripts) and gives the bulk of
 * npm's and yarn's JavaScript to the files that hold it, at sizes adding up to the real layers'
 * (the sizes are approximate, documented here rather than measured file by file).
 */
import { decodeUtf8 } from '../../engine/platform.ts';
import { ImageRecipe, runLine } from '../image-recipe.ts';
import { alpine322, ALPINE_3_22 } from './alpine.ts';
import { alpinePackage, apkAdded, BUILDKIT, NOT_REPRODUCED, standInData } from './alpine-packages.ts';
import { PATH_ENV } from './common.ts';

export const NODE_VERSION = '24.6.0';
const NPM_VERSION = '11.5.1';
const YARN_VERSION = '1.22.22';
const CREATED = '2025-08-14T23:29:10Z';

/** nodejs/docker-node's docker-entrypoint.sh. */
export const NODE_ENTRYPOINT = `#!/bin/sh
set -e

# Run command with node if the first argument contains a "-" or is not a system command. The last
# part inside the "{}" is a workaround for the following bug in ash/dash:
# https://bugs.debian.org/cgi-bin/bugreport.cgi?bug=874264
if [ "\${1#-}" != "\${1}" ] || [ -z "$(command -v "\${1}")" ] || { [ -f "\${1}" ] && ! [ -x "\${1}" ]; }; then
  set -- node "$@"
fi

exec "$@"
`;

/** The RUN as the Dockerfile has it, except the x86_64 tarball's checksum (inline upstream), which is not reproduced here. */
const NODE_RUN = `addgroup -g 1000 node \\
    && adduser -u 1000 -G node -s /bin/sh -D node \\
    && apk add --no-cache \\
        libstdc++ \\
    && apk add --no-cache --virtual .build-deps \\
        curl \\
    && ARCH= OPENSSL_ARCH='linux*' && alpineArch="$(apk --print-arch)" \\
      && case "\${alpineArch##*-}" in \\
        x86_64) ARCH='x64' CHECKSUM="${NOT_REPRODUCED}" OPENSSL_ARCH=linux-x86_64;; \\
        x86) OPENSSL_ARCH=linux-elf;; \\
        aarch64) OPENSSL_ARCH=linux-aarch64;; \\
        arm*) OPENSSL_ARCH=linux-armv4;; \\
        ppc64le) OPENSSL_ARCH=linux-ppc64le;; \\
        s390x) OPENSSL_ARCH=linux-s390x;; \\
        *) ;; \\
      esac \\
  && if [ -n "\${CHECKSUM}" ]; then \\
    set -eu; \\
    curl -fsSLO --compressed "https://unofficial-builds.nodejs.org/download/release/v$NODE_VERSION/node-v$NODE_VERSION-linux-$ARCH-musl.tar.xz"; \\
    echo "$CHECKSUM  node-v$NODE_VERSION-linux-$ARCH-musl.tar.xz" | sha256sum -c - \\
      && tar -xJf "node-v$NODE_VERSION-linux-$ARCH-musl.tar.xz" -C /usr/local --strip-components=1 --no-same-owner \\
      && ln -s /usr/local/bin/node /usr/local/bin/nodejs; \\
  else \\
    echo "Building from source" \\
    # backup build
    && apk add --no-cache --virtual .build-deps-full \\
        binutils-gold \\
        g++ \\
        gcc \\
        gnupg \\
        libgcc \\
        linux-headers \\
        make \\
        python3 \\
        py-setuptools \\
    # use pre-existing gpg directory, see https://github.com/nodejs/docker-node/pull/1895#issuecomment-1550389150
    && export GNUPGHOME="$(mktemp -d)" \\
    # gpg keys listed at https://github.com/nodejs/node#release-keys
    && for key in \\
      5BE8A3F6C8A5C01D106C0AD820B1A390B168D356 \\
      DD792F5973C6DE52C432CBDAC77ABFA00DDBF2B7 \\
      CC68F5A3106FF448322E48ED27F5E38D5B0A215F \\
      8FCCA13FEF1D0C2E91008E09770F7A9A5AE15600 \\
      890C08DB8579162FEE0DF9DB8BEAB4DFCF555EF4 \\
      C82FA3AE1CBEDC6BE46B9360C43CEC45C17AB93C \\
      108F52B48DB57BB0CC439B2997B01419BD92F80A \\
      A363A499291CBBC940DD62E41F10027AF002F8B0 \\
    ; do \\
      { gpg --batch --keyserver hkps://keys.openpgp.org --recv-keys "$key" && gpg --batch --fingerprint "$key"; } || \\
      { gpg --batch --keyserver keyserver.ubuntu.com --recv-keys "$key" && gpg --batch --fingerprint "$key"; } ; \\
    done \\
    && curl -fsSLO --compressed "https://nodejs.org/dist/v$NODE_VERSION/node-v$NODE_VERSION.tar.xz" \\
    && curl -fsSLO --compressed "https://nodejs.org/dist/v$NODE_VERSION/SHASUMS256.txt.asc" \\
    && gpg --batch --decrypt --output SHASUMS256.txt SHASUMS256.txt.asc \\
    && gpgconf --kill all \\
    && rm -rf "$GNUPGHOME" \\
    && grep " node-v$NODE_VERSION.tar.xz\\$" SHASUMS256.txt | sha256sum -c - \\
    && tar -xf "node-v$NODE_VERSION.tar.xz" \\
    && cd "node-v$NODE_VERSION" \\
    && ./configure \\
    && make -j$(getconf _NPROCESSORS_ONLN) V= \\
    && make install \\
    && apk del .build-deps-full \\
    && cd .. \\
    && rm -Rf "node-v$NODE_VERSION" \\
    && rm "node-v$NODE_VERSION.tar.xz" SHASUMS256.txt.asc SHASUMS256.txt; \\
  fi \\
  && rm -f "node-v$NODE_VERSION-linux-$ARCH-musl.tar.xz" \\
  # Remove unused OpenSSL headers to save ~34MB. See this NodeJS issue: https://github.com/nodejs/node/issues/46451
  && find /usr/local/include/node/openssl/archs -mindepth 1 -maxdepth 1 ! -name "$OPENSSL_ARCH" -exec rm -rf {} \\; \\
  && apk del .build-deps \\
  # smoke tests
  && node --version \\
  && npm --version \\
  && rm -rf /tmp/*`;

const YARN_RUN = `apk add --no-cache --virtual .build-deps-yarn curl gnupg tar \\
  # use pre-existing gpg directory, see https://github.com/nodejs/docker-node/pull/1895#issuecomment-1550389150
  && export GNUPGHOME="$(mktemp -d)" \\
  && for key in \\
    6A010C5166006599AA17F08146C2130DFD2497F5 \\
  ; do \\
    { gpg --batch --keyserver hkps://keys.openpgp.org --recv-keys "$key" && gpg --batch --fingerprint "$key"; } || \\
    { gpg --batch --keyserver keyserver.ubuntu.com --recv-keys "$key" && gpg --batch --fingerprint "$key"; } ; \\
  done \\
  && curl -fsSLO --compressed "https://yarnpkg.com/downloads/$YARN_VERSION/yarn-v$YARN_VERSION.tar.gz" \\
  && curl -fsSLO --compressed "https://yarnpkg.com/downloads/$YARN_VERSION/yarn-v$YARN_VERSION.tar.gz.asc" \\
  && gpg --batch --verify yarn-v$YARN_VERSION.tar.gz.asc yarn-v$YARN_VERSION.tar.gz \\
  && gpgconf --kill all \\
  && rm -rf "$GNUPGHOME" \\
  && mkdir -p /opt \\
  && tar -xzf yarn-v$YARN_VERSION.tar.gz -C /opt/ \\
  && ln -s /opt/yarn-v$YARN_VERSION/bin/yarn /usr/local/bin/yarn \\
  && ln -s /opt/yarn-v$YARN_VERSION/bin/yarnpkg /usr/local/bin/yarnpkg \\
  && rm yarn-v$YARN_VERSION.tar.gz.asc yarn-v$YARN_VERSION.tar.gz \\
  && apk del .build-deps-yarn \\
  # smoke test
  && yarn --version \\
  && rm -rf /tmp/*`;

const GCC_VERSION = '14.2.0-r6';

export async function buildNode() {
  const base = alpine322();
  const image = new ImageRecipe(base);
  const baseTree = base.steps[0]!.layer!;
  const text = (path: string) => decodeUtf8(baseTree.contentOf(path));
  image.meta(CREATED, `ENV NODE_VERSION=${NODE_VERSION}`, BUILDKIT);
  image.layer(CREATED, `RUN /bin/sh -c ${runLine(NODE_RUN)} # buildkit`, (tree) => {
    // addgroup/adduser
    tree.file('/etc/passwd', `${ALPINE_3_22.passwd}node:x:1000:1000::/home/node:/bin/sh\n`);
    tree.file('/etc/group', `${ALPINE_3_22.group}node:x:1000:node\n`);
    tree.file('/etc/shadow', `${text('/etc/shadow')}node:!:20314:0:99999:7:::\n`, { mode: 0o640, gid: 42 });
    tree.dir('/home/node', { uid: 1000, gid: 1000, mode: 0o2755 });
    // apk add libstdc++ (and its dependency libgcc)
    tree.binary('/usr/lib/libstdc++.so.6.0.33', { program: 'libstdc++.so.6', version: '14.2.0', realSize: 2_630_000 });
    tree.symlink('/usr/lib/libstdc++.so.6', 'libstdc++.so.6.0.33');
    tree.binary('/usr/lib/libgcc_s.so.1', { program: 'libgcc_s.so.1', version: '14.2.0', realSize: 174_000 });
    apkAdded(tree, baseTree, ['libstdc++'], (t) => [
      alpinePackage(t, { name: 'libgcc', version: GCC_VERSION, description: 'GNU C compiler runtime libraries', url: 'https://gcc.gnu.org', license: 'GPL-2.0-or-later AND LGPL-2.1-or-later', origin: 'gcc', depends: ['so:libc.musl-x86_64.so.1'], provides: ['so:libgcc_s.so.1=1'], files: ['/usr/lib/libgcc_s.so.1'] }),
      alpinePackage(t, { name: 'libstdc++', version: GCC_VERSION, description: 'GNU C++ standard runtime library', url: 'https://gcc.gnu.org', license: 'GPL-2.0-or-later AND LGPL-2.1-or-later', origin: 'gcc', depends: ['so:libc.musl-x86_64.so.1', 'so:libgcc_s.so.1'], provides: ['so:libstdc++.so.6=6.0.33'], files: ['/usr/lib/libstdc++.so.6', '/usr/lib/libstdc++.so.6.0.33'] }),
    ]);
    // the node-v24.6.0-linux-x64-musl tarball, extracted into /usr/local
    tree.binary('/usr/local/bin/node', { version: NODE_VERSION, realSize: 121_000_000 });
    tree.symlink('/usr/local/bin/nodejs', '/usr/local/bin/node');
    tree.symlink('/usr/local/bin/npm', '../lib/node_modules/npm/bin/npm-cli.js');
    tree.symlink('/usr/local/bin/npx', '../lib/node_modules/npm/bin/npx-cli.js');
    tree.symlink('/usr/local/bin/corepack', '../lib/node_modules/corepack/dist/corepack.js');
    const npm = '/usr/local/lib/node_modules/npm';
    tree.script(`${npm}/bin/npm-cli.js`, "#!/usr/bin/env node\nrequire('../lib/cli.js')(process)\n");
    tree.script(`${npm}/bin/npx-cli.js`, "#!/usr/bin/env node\n\nconst cli = require('../lib/cli.js')\n\n// run the resulting command as `npm exec ...args`\nprocess.argv[1] = require.resolve('./npm-cli.js')\nprocess.argv.splice(2, 0, 'exec')\n");
    tree.file(`${npm}/package.json`, `{\n  "version": "${NPM_VERSION}",\n  "name": "npm",\n  "description": "a package manager for JavaScript",\n  "license": "Artistic-2.0",\n  "main": "./index.js",\n  "bin": {\n    "npm": "bin/npm-cli.js",\n    "npx": "bin/npx-cli.js"\n  }\n}\n`);
    tree.file(`${npm}/lib/cli.js`, standInData("npm's command line (lib/ holds ~300 modules)", 2_400_000));
    tree.file(`${npm}/node_modules/.package-lock.json`, standInData("npm's bundled dependencies (~200 packages under node_modules/)", 7_100_000));
    tree.file(`${npm}/docs/output/commands/npm.html`, standInData("npm's HTML and man documentation", 1_900_000));
    tree.script('/usr/local/lib/node_modules/corepack/dist/corepack.js', "#!/usr/bin/env node\nprocess.env.COREPACK_ENABLE_DOWNLOAD_PROMPT??='1'\nrequire('./lib/corepack.cjs').runMain(process.argv.slice(2));\n");
    tree.file('/usr/local/lib/node_modules/corepack/dist/lib/corepack.cjs', standInData('corepack, bundled in one file', 1_750_000));
    tree.file('/usr/local/lib/node_modules/corepack/package.json', '{\n  "name": "corepack",\n  "version": "0.34.0",\n  "license": "MIT"\n}\n');
    tree.file('/usr/local/include/node/node_version.h', `#define NODE_MAJOR_VERSION 24\n#define NODE_MINOR_VERSION 6\n#define NODE_PATCH_VERSION 0\n`);
    tree.file('/usr/local/include/node/v8.h', standInData("the C++ headers of node, V8, libuv and OpenSSL (linux-x86_64) under include/node/", 5_600_000));
    tree.file('/usr/local/share/man/man1/node.1', standInData("node's man page", 35_000));
    tree.file('/usr/local/share/doc/node/gdbinit', standInData("V8's gdb macros", 8_900));
    tree.file('/usr/local/share/doc/node/lldb_commands.py', standInData("V8's lldb commands", 2_600));
    tree.file('/usr/local/share/systemtap/tapset/node.stp', standInData("node's systemtap probes", 4_900));
    tree.file('/usr/local/CHANGELOG.md', standInData("Node.js's changelog", 390_000)).file('/usr/local/LICENSE', standInData("Node.js's and its dependencies' licenses", 117_000)).file('/usr/local/README.md', standInData("Node.js's README", 40_000));
  }, BUILDKIT);
  image.meta(CREATED, `ENV YARN_VERSION=${YARN_VERSION}`, BUILDKIT);
  image.layer(CREATED, `RUN /bin/sh -c ${runLine(YARN_RUN)} # buildkit`, (tree) => {
    const yarn = `/opt/yarn-v${YARN_VERSION}`;
    tree.script(`${yarn}/bin/yarn`, '#!/bin/sh\nargv0=$(echo "$0" | sed -e \'s,\\\\,/,g\')\nbasedir=$(dirname "$(readlink "$0" || echo "$argv0")")\n\ncase "$(uname -s)" in\n  Linux) basedir=$(dirname "$(readlink -f "$0" || echo "$argv0")");;\nesac\n\ncommand_exists() {\n  command -v "$1" >/dev/null 2>&1;\n}\n\nif command_exists node; then\n  exec node "$basedir/yarn.js" "$@"\nelse\n  echo \'Yarn requires Node.js 4.0 or higher to be installed.\'\n  exit 1\nfi\n');
    tree.script(`${yarn}/bin/yarn.js`, "#!/usr/bin/env node\n'use strict';\n\nvar ver = process.versions.node;\nvar majorVer = parseInt(ver.split('.')[0], 10);\n\nif (majorVer < 4) {\n  console.error('Node version ' + ver + ' is not supported, please use Node.js 4.0 or higher.');\n  process.exit(1);\n} else {\n  var cli = require('../lib/cli');\n  cli.default().catch(function(error) {\n    console.error(error.stack || error.message || error);\n    process.exitCode = 1;\n  });\n}\n");
    tree.symlink(`${yarn}/bin/yarnpkg`, 'yarn');
    tree.file(`${yarn}/lib/cli.js`, standInData('yarn 1.22.22, bundled in one file', 5_290_000));
    tree.file(`${yarn}/package.json`, `{\n  "name": "yarn",\n  "installationMethod": "tar",\n  "version": "${YARN_VERSION}",\n  "license": "BSD-2-Clause"\n}\n`);
    tree.file(`${yarn}/LICENSE`, standInData("yarn's license", 1_300));
    tree.symlink('/usr/local/bin/yarn', `${yarn}/bin/yarn`).symlink('/usr/local/bin/yarnpkg', `${yarn}/bin/yarnpkg`);
  }, BUILDKIT);
  image.layer(CREATED, 'COPY docker-entrypoint.sh /usr/local/bin/ # buildkit', (tree) => tree.script('/usr/local/bin/docker-entrypoint.sh', NODE_ENTRYPOINT), BUILDKIT);
  image.meta(CREATED, 'ENTRYPOINT ["docker-entrypoint.sh"]', BUILDKIT);
  image.meta(CREATED, 'CMD ["node"]', BUILDKIT);
  return image.build({
    names: [`docker.io/library/node:${NODE_VERSION}-alpine3.22`, 'docker.io/library/node:24-alpine3.22', 'docker.io/library/node:24-alpine', 'docker.io/library/node:alpine', 'docker.io/library/node:24.6-alpine'],
    config: { Env: [PATH_ENV, `NODE_VERSION=${NODE_VERSION}`, `YARN_VERSION=${YARN_VERSION}`], Entrypoint: ['docker-entrypoint.sh'], Cmd: ['node'] },
  });
}
