/**
 * redis:3.2.11-alpine as docker-library/redis built it in January 2018 (3.2/alpine/Dockerfile,
 * classic builder, FROM alpine:3.7): six layers — the alpine base, the redis user, su-exec, the
 * redis build, /data, the entrypoint script.
 */
import { decodeUtf8 } from '../../engine/platform.ts';
import { apkInstalledDb, type ApkPackage } from '../apk-db.ts';
import { ImageRecipe, runLine } from '../image-recipe.ts';
import { alpine37 } from './alpine.ts';
import { PATH_ENV } from './common.ts';
import type { FileTree } from '../file-tree.ts';

const REDIS_VERSION = '3.2.11';
const REDIS_DOWNLOAD_URL = 'http://download.redis.io/releases/redis-3.2.11.tar.gz';
const REDIS_DOWNLOAD_SHA = '31ae927cab09f90c9ca5954aab7aeecc3bb4da6087d3d12ba0a929ceb54081b5';
const REDIS_UID = 100;
const REDIS_GID = 101;

/** docker-library/redis's docker-entrypoint.sh of that time (3.2/alpine). */
export const REDIS_ENTRYPOINT = `#!/bin/sh
set -e

# first arg is \`-f\` or \`--some-option\`
# or first arg is \`something.conf\`
if [ "\${1#-}" != "$1" ] || [ "\${1%.conf}" != "$1" ]; then
	set -- redis-server "$@"
fi

# allow the container to be started with \`--user\`
if [ "$1" = 'redis-server' -a "$(id -u)" = '0' ]; then
	chown -R redis .
	exec su-exec redis "$0" "$@"
fi

exec "$@"
`;

const BUILD_RUN = `set -ex; \\
	\\
	apk add --no-cache --virtual .build-deps \\
		coreutils \\
		gcc \\
		linux-headers \\
		make \\
		musl-dev \\
	; \\
	\\
	wget -O redis.tar.gz "$REDIS_DOWNLOAD_URL"; \\
	echo "$REDIS_DOWNLOAD_SHA *redis.tar.gz" | sha256sum -c -; \\
	mkdir -p /usr/src/redis; \\
	tar -xzf redis.tar.gz -C /usr/src/redis --strip-components=1; \\
	rm redis.tar.gz; \\
	\\
# disable Redis protected mode [1] as it is unnecessary in context of Docker
# (ports are not automatically exposed when running inside Docker, but rather explicitly by specifying -p / -P)
# [1]: https://github.com/antirez/redis/commit/edd4d555df57dc84265fdfb4ef59a4678832f6da
	grep -q '^#define CONFIG_DEFAULT_PROTECTED_MODE 1$' /usr/src/redis/src/server.h; \\
	sed -ri 's!^(#define CONFIG_DEFAULT_PROTECTED_MODE) 1$!\\1 0!' /usr/src/redis/src/server.h; \\
	grep -q '^#define CONFIG_DEFAULT_PROTECTED_MODE 0$' /usr/src/redis/src/server.h; \\
# for future reference, we modify this directly in the source instead of just supplying a default configuration flag because apparently "if you specify any argument to redis-server, [it assumes] you are going to specify everything"
# see also https://github.com/docker-library/redis/issues/4#issuecomment-50780840
# (more exactly, this makes sure the default behavior of "save on SIGTERM" stays functional by default)
	\\
	make -C /usr/src/redis -j "$(nproc)"; \\
	make -C /usr/src/redis install; \\
	\\
	rm -r /usr/src/redis; \\
	\\
	apk del .build-deps`;

const SU_EXEC: ApkPackage = {
  name: 'su-exec',
  version: '0.2-r0',
  description: 'switch user and group id, setgroups and exec',
  url: 'https://github.com/ncopa/su-exec',
  license: 'MIT',
  maintainer: 'Natanael Copa <ncopa@alpinelinux.org>',
  buildTime: 1503054880,
  size: 4780,
  installedSize: 24576,
  depends: ['so:libc.musl-x86_64.so.1'],
  files: ['/sbin/su-exec'],
};

/** The base's apk database with su-exec added, as `apk add` rewrites it (and `apk del .build-deps` leaves it). */
function apkFilesWithSuExec(tree: FileTree, base: FileTree): void {
  const world = decodeUtf8(base.contentOf('/etc/apk/world'));
  tree.file('/etc/apk/world', world.replace(/\n$/, '\nsu-exec>=0.2\n'));
  const installed = decodeUtf8(base.contentOf('/lib/apk/db/installed'));
  tree.file('/lib/apk/db/installed', installed + apkInstalledDb([SU_EXEC], tree));
}

const nop = (instruction: string) => `/bin/sh -c #(nop) ${instruction}`;

export async function buildRedis() {
  const base = alpine37();
  const image = new ImageRecipe(base);
  const baseTree = base.steps[0]!.layer!;
  const text = (path: string) => decodeUtf8(baseTree.contentOf(path));

  image.layer('2018-01-10T01:26:29.411473404Z', '/bin/sh -c addgroup -S redis && adduser -S -G redis redis', (tree) => {
    tree.file('/etc/group', `${text('/etc/group')}redis:x:${REDIS_GID}:redis\n`);
    tree.file('/etc/passwd', `${text('/etc/passwd')}redis:x:${REDIS_UID}:${REDIS_GID}:Linux User,,,:/home/redis:/sbin/nologin\n`);
    tree.file('/etc/shadow', `${text('/etc/shadow')}redis:!:17541:0:99999:7:::\n`, { mode: 0o640, gid: 42 });
    tree.dir('/home/redis', { mode: 0o2755, uid: REDIS_UID, gid: REDIS_GID });
  });
  const suExecLayer = image.layer('2018-01-10T01:26:31.035623405Z', "/bin/sh -c apk add --no-cache 'su-exec>=0.2'", (tree) => {
    tree.binary('/sbin/su-exec', { version: '0.2', realSize: 10152 });
    apkFilesWithSuExec(tree, baseTree);
    tree.file('/lib/apk/db/lock', '', { mode: 0o600 });
  });
  image.meta('2018-01-10T01:26:31.258378232Z', nop(` ENV REDIS_VERSION=${REDIS_VERSION}`));
  image.meta('2018-01-10T01:26:31.475612315Z', nop(` ENV REDIS_DOWNLOAD_URL=${REDIS_DOWNLOAD_URL}`));
  image.meta('2018-01-10T01:26:31.694869401Z', nop(` ENV REDIS_DOWNLOAD_SHA=${REDIS_DOWNLOAD_SHA}`));
  image.layer('2018-01-10T01:27:54.325385926Z', `/bin/sh -c ${runLine(BUILD_RUN)}`, (tree) => {
    const redis = { version: REDIS_VERSION };
    tree.binary('/usr/local/bin/redis-server', { ...redis, realSize: 5810600 });
    tree.binary('/usr/local/bin/redis-benchmark', { ...redis, realSize: 2402960 });
    tree.binary('/usr/local/bin/redis-cli', { ...redis, realSize: 2552944 });
    tree.binary('/usr/local/bin/redis-check-aof', { ...redis, realSize: 23160 });
    tree.binary('/usr/local/bin/redis-check-rdb', { ...redis, realSize: 5810600 });
    tree.symlink('/usr/local/bin/redis-sentinel', 'redis-server');
    // apk add/del of .build-deps rewrote the database to the same contents.
    for (const path of ['/etc/apk/world', '/lib/apk/db/installed']) tree.file(path, suExecLayer.contentOf(path));
    tree.file('/lib/apk/db/lock', '', { mode: 0o600 });
  });
  image.layer('2018-01-10T01:27:55.576329473Z', '/bin/sh -c mkdir /data && chown redis:redis /data', (tree) => {
    tree.dir('/data', { uid: REDIS_UID, gid: REDIS_GID });
  });
  image.meta('2018-01-10T01:27:55.794405577Z', nop(' VOLUME [/data]'));
  image.meta('2018-01-10T01:27:56.013380117Z', nop('WORKDIR /data'));
  image.layer(
    '2018-01-10T01:27:56.238355163Z',
    (layer) => nop(`COPY file:${layer.diffId.slice(7, 71)} in /usr/local/bin/ `),
    (tree) => tree.script('/usr/local/bin/docker-entrypoint.sh', REDIS_ENTRYPOINT, { mtime: 1515547200 }),
  );
  image.meta('2018-01-10T01:27:56.458186101Z', nop(' ENTRYPOINT ["docker-entrypoint.sh"]'));
  image.meta('2018-01-10T01:27:56.673953853Z', nop(' EXPOSE 6379/tcp'));
  image.meta('2018-01-10T01:27:56.891987015Z', nop(' CMD ["redis-server"]'));

  return image.build({
    names: ['docker.io/library/redis:3.2.11-alpine', 'docker.io/library/redis:3.2-alpine', 'docker.io/library/redis:latest'],
    config: {
      Hostname: '',
      Domainname: '',
      User: '',
      AttachStdin: false,
      AttachStdout: false,
      AttachStderr: false,
      ExposedPorts: { '6379/tcp': {} },
      Tty: false,
      OpenStdin: false,
      StdinOnce: false,
      Env: [PATH_ENV, `REDIS_VERSION=${REDIS_VERSION}`, `REDIS_DOWNLOAD_URL=${REDIS_DOWNLOAD_URL}`, `REDIS_DOWNLOAD_SHA=${REDIS_DOWNLOAD_SHA}`],
      Cmd: ['redis-server'],
      ArgsEscaped: true,
      Volumes: { '/data': {} },
      WorkingDir: '/data',
      Entrypoint: ['docker-entrypoint.sh'],
      OnBuild: null,
      Labels: null,
    },
    extra: { docker_version: '17.06.2-ce' },
  });
}

