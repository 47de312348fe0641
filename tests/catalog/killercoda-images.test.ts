/**
 * The images Killercoda scenarios and getting-started guides pull (issue 9): each pulls, is about
 * as big as the real image, has the real history and config, and answers the version command
 * tutorials run first. The real figures are the amd64 images of August 2025 (Docker 27 `docker
 * images`, which shows the uncompressed size); they are approximate — recalled and estimated
 * from the images' components, not re-measured here (the playground has no network) — so sizes
 * are compared within 5%.
 */
import { describe, expect, it } from 'vitest';
import { dockerCommand } from '../../src/shell/commands/docker/index.ts';
import { createShell } from '../../src/shell/create-shell.ts';
import { containerDaemon } from '../docker/containers-support.ts';
import { runDocker } from '../docker/support/docker-shell.ts';
import { FIXED_NOW } from '../shell/support/run-shell.ts';

const MB = 1_000_000;

interface Expected {
  tag: string;
  /** The real image's size in bytes (see each entry), or of its own layers when `ownLayersOnly`. */
  realSize: number;
  /** The catalog's base is smaller than the real one (debian:bookworm-slim): compare the image's own layers. */
  ownLayersOnly?: true;
  /** `docker history --no-trunc` CreatedBy lines, newest first, as prefixes. */
  history: string[];
  config: { Env: string[]; Entrypoint: string[] | null; Cmd: string[]; ExposedPorts: Record<string, object> | null; WorkingDir: string };
  version?: [string, string];
}

const ALPINE_BASE = ['CMD ["/bin/sh"]', 'ADD alpine-minirootfs-3.22.1-x86_64.tar.gz / # buildkit'];
const PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

const IMAGES: Expected[] = [
  {
    tag: 'nginx:alpine',
    // nginx:1.29.1-alpine, amd64: ~52.5 MB.
    realSize: 52.5 * MB,
    history: [
      'RUN /bin/sh -c set -x     && apkArch="$(cat /etc/apk/arch)"', 'ENV NJS_RELEASE=1', 'ENV NJS_VERSION=0.9.1',
      'CMD ["nginx" "-g" "daemon off;"]', 'STOPSIGNAL SIGQUIT', 'EXPOSE map[80/tcp:{}]', 'ENTRYPOINT ["/docker-entrypoint.sh"]',
      'COPY 30-tune-worker-processes.sh /docker-entrypoint.d', 'COPY 20-envsubst-on-templates.sh /docker-entrypoint.d', 'COPY 15-local-resolvers.envsh /docker-entrypoint.d',
      'COPY 10-listen-on-ipv6-by-default.sh /docker-entrypoint.d', 'COPY docker-entrypoint.sh /', 'RUN /bin/sh -c set -x     && addgroup -g 101 -S nginx',
      'ENV DYNPKG_RELEASE=1', 'ENV PKG_RELEASE=1', 'ENV NGINX_VERSION=1.29.1', 'LABEL maintainer=NGINX Docker Maintainers <docker-maint@nginx.com>', ...ALPINE_BASE,
    ],
    config: { Env: [PATH, 'NGINX_VERSION=1.29.1', 'PKG_RELEASE=1', 'DYNPKG_RELEASE=1', 'NJS_VERSION=0.9.1', 'NJS_RELEASE=1'], Entrypoint: ['/docker-entrypoint.sh'], Cmd: ['nginx', '-g', 'daemon off;'], ExposedPorts: { '80/tcp': {} }, WorkingDir: '' },
    version: ['nginx -v', 'nginx version: nginx/1.29.1\n'],
  },
  {
    tag: 'bash',
    // bash:5.3.3 (alpine3.22), amd64: ~12 MB.
    realSize: 12 * MB,
    history: ['CMD ["bash"]', 'ENTRYPOINT ["docker-entrypoint.sh"]', 'COPY docker-entrypoint.sh /usr/local/bin/ # buildkit', 'RUN /bin/sh -c set -eux;', 'ENV _BASH_LATEST_PATCH=3', 'ENV _BASH_BASELINE_PATCH=0', 'ENV _BASH_BASELINE=5.3', 'ENV _BASH_VERSION=5.3.3', ...ALPINE_BASE],
    config: { Env: [PATH, '_BASH_VERSION=5.3.3', '_BASH_BASELINE=5.3', '_BASH_BASELINE_PATCH=0', '_BASH_LATEST_PATCH=3'], Entrypoint: ['docker-entrypoint.sh'], Cmd: ['bash'], ExposedPorts: null, WorkingDir: '' },
    version: ['bash --version', 'GNU bash, version 5.3.3(1)-release (x86_64-pc-linux-musl)\n'],
  },
  {
    tag: 'node:alpine',
    // node:24.6.0-alpine3.22, amd64: ~163 MB (node's binary ~121 MB of it).
    realSize: 163 * MB,
    history: ['CMD ["node"]', 'ENTRYPOINT ["docker-entrypoint.sh"]', 'COPY docker-entrypoint.sh /usr/local/bin/ # buildkit', 'RUN /bin/sh -c apk add --no-cache --virtual .build-deps-yarn curl gnupg tar', 'ENV YARN_VERSION=1.22.22', 'RUN /bin/sh -c addgroup -g 1000 node', 'ENV NODE_VERSION=24.6.0', ...ALPINE_BASE],
    config: { Env: [PATH, 'NODE_VERSION=24.6.0', 'YARN_VERSION=1.22.22'], Entrypoint: ['docker-entrypoint.sh'], Cmd: ['node'], ExposedPorts: null, WorkingDir: '' },
    version: ['node --version', 'v24.6.0\n'],
  },
  {
    tag: 'golang:1.25-alpine',
    // golang:1.25.0-alpine3.22, amd64: ~272 MB (the toolchain under /usr/local/go nearly all of it).
    realSize: 272 * MB,
    history: ['WORKDIR /go', 'RUN /bin/sh -c mkdir -p "$GOPATH/src" "$GOPATH/bin" && chmod -R 1777 "$GOPATH" # buildkit', 'COPY /target/ / # buildkit', 'ENV PATH=/go/bin:/usr/local/go/bin:', 'ENV GOPATH=/go', 'ENV GOTOOLCHAIN=local', 'ENV GOLANG_VERSION=1.25.0', 'RUN /bin/sh -c apk add --no-cache ca-certificates # buildkit', ...ALPINE_BASE],
    config: { Env: [`PATH=/go/bin:/usr/local/go/bin:${PATH.slice(5)}`, 'GOLANG_VERSION=1.25.0', 'GOTOOLCHAIN=local', 'GOPATH=/go'], Entrypoint: null, Cmd: ['/bin/sh'], ExposedPorts: null, WorkingDir: '/go' },
    version: ['go version', 'go version go1.25.0 linux/amd64\n'],
  },
  {
    tag: 'python:3.13-alpine',
    // python:3.13.7-alpine3.22, amd64: ~58 MB.
    realSize: 58 * MB,
    history: ['CMD ["python3"]', 'RUN /bin/sh -c set -eux;  for src in idle3 pydoc3 python3 python3-config; do', 'RUN /bin/sh -c set -eux;   apk add --no-cache --virtual .build-deps', 'ENV PYTHON_SHA256=', 'ENV PYTHON_VERSION=3.13.7', 'ENV GPG_KEY=7169605F62C751356D054A26A821E680E5FA6305', 'RUN /bin/sh -c set -eux;  apk add --no-cache   ca-certificates   tzdata  ;', 'ENV PATH=/usr/local/bin:', ...ALPINE_BASE],
    config: { Env: ['PATH=/usr/local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'GPG_KEY=7169605F62C751356D054A26A821E680E5FA6305', 'PYTHON_VERSION=3.13.7', 'PYTHON_SHA256=not-reproduced-in-layerlab'], Entrypoint: null, Cmd: ['python3'], ExposedPorts: null, WorkingDir: '' },
    version: ['python --version', 'Python 3.13.7\n'],
  },
  {
    tag: 'httpd:2.4',
    // httpd:2.4.65 (bookworm), amd64: ~148 MB, of which debian:bookworm-slim is ~74.8 MB. The
    // catalog's slim base is smaller than the real one, so the image's own layers are compared.
    realSize: (148 - 74.8) * MB,
    ownLayersOnly: true,
    history: ['CMD ["httpd-foreground"]', 'EXPOSE map[80/tcp:{}]', 'COPY httpd-foreground /usr/local/bin/ # buildkit', 'STOPSIGNAL SIGWINCH', 'RUN /bin/sh -c set -eux;   savedAptMark=', 'ENV HTTPD_PATCHES=', 'ENV HTTPD_SHA256=', 'ENV HTTPD_VERSION=2.4.65', 'RUN /bin/sh -c set -eux;  apt-get update;', 'WORKDIR /usr/local/apache2', 'RUN /bin/sh -c mkdir -p "$HTTPD_PREFIX"', 'ENV PATH=/usr/local/apache2/bin:', 'ENV HTTPD_PREFIX=/usr/local/apache2', "# debian.sh --arch 'amd64' out/ 'bookworm'"],
    config: { Env: [`PATH=/usr/local/apache2/bin:${PATH.slice(5)}`, 'HTTPD_PREFIX=/usr/local/apache2', 'HTTPD_VERSION=2.4.65', 'HTTPD_SHA256=not-reproduced-in-layerlab', 'HTTPD_PATCHES='], Entrypoint: null, Cmd: ['httpd-foreground'], ExposedPorts: { '80/tcp': {} }, WorkingDir: '/usr/local/apache2' },
    version: ['httpd -v', 'Server version: Apache/2.4.65 (Unix)\n'],
  },
];

describe('the Killercoda images', () => {
  it.each(IMAGES)('$tag: pulls, real size, history and config', async (expected) => {
    const { tag } = expected;
    const run = await runDocker(
      `docker pull -q ${tag}\n` +
        `docker image inspect --format '{{.Size}}' ${tag}\n` +
        `docker history --no-trunc --format '{{.CreatedBy}}|{{.Size}}' ${tag}\n` +
        `echo ---\n` +
        `docker image inspect --format '{{json .Config}}' ${tag}\n`,
    );
    expect(run.stderr).toBe('');
    const [pulled, size, ...rest] = run.stdout.split('\n');
    expect(pulled).toBe(`docker.io/library/${tag.includes(':') ? tag : `${tag}:latest`}`);
    const divider = rest.indexOf('---');
    const history = rest.slice(0, divider).map((line) => line.slice(0, line.lastIndexOf('|')));
    const config = JSON.parse(rest[divider + 1]!) as Expected['config'];

    expect(history).toHaveLength(expected.history.length);
    history.forEach((line, i) => expect(line.startsWith(expected.history[i]!), `${line.slice(0, 80)} ≠ ${expected.history[i]}`).toBe(true));

    const ownBytes = expected.ownLayersOnly ? Number(size) - (await baseBytes()) : Number(size);
    expect(Math.abs(ownBytes - expected.realSize) / expected.realSize).toBeLessThan(0.05);

    expect(config.Env).toEqual(expected.config.Env);
    expect(config.Entrypoint ?? null).toEqual(expected.config.Entrypoint);
    expect(config.Cmd).toEqual(expected.config.Cmd);
    expect(config.ExposedPorts ?? null).toEqual(expected.config.ExposedPorts);
    expect(config.WorkingDir ?? '').toBe(expected.config.WorkingDir);
  });

  it.each(IMAGES)('$tag: the version command tutorials run first', async ({ tag, version }) => {
    const run = await runDocker(`docker pull -q ${tag} >/dev/null\ndocker run --rm ${tag} ${version![0]}\n`);
    expect(run.stdout.startsWith(version![1]) || run.stderr.startsWith(version![1])).toBe(true);
  });

  it('python3 beyond --version says in one line that the interpreter is not emulated', async () => {
    const run = await runDocker(`docker pull -q python:3.13-alpine >/dev/null\ndocker run --rm python:3.13-alpine python3 -c 'print(1)'; echo "status $?"\n`);
    expect(run.stderr).toBe('python3: layerlab cannot run the Python 3.13.7 interpreter: it is not emulated (only python3 --version answers)\n');
    expect(run.stdout).toBe('status 126\n');
  });

  it.each([
    ['node:alpine', 'node -e 1', 'node: layerlab cannot run the Node.js 24.6.0 runtime: it is not emulated (only node --version answers)\n'],
    ['golang:1.25-alpine', 'go build .', 'go: layerlab cannot run the Go 1.25.0 toolchain: it is not emulated (only go version answers)\n'],
  ])('%s: `%s` says in one line that the runtime is not emulated', async (tag, command, line) => {
    const run = await runDocker(`docker pull -q ${tag} >/dev/null\ndocker run --rm ${tag} ${command}; echo "status $?"\n`);
    expect(run.stderr).toBe(line);
    expect(run.stdout).toBe('status 126\n');
  });

  it('node:alpine and golang:alpine layers over 100 MB are zstd: the real zstd CLI restores the tar the config names', async () => {
    const { execFileSync } = await import('node:child_process');
    const { readFileSync } = await import('node:fs');
    const { createHash } = await import('node:crypto');
    const dir = new URL('../../public/catalog/', import.meta.url);
    const index = JSON.parse(readFileSync(new URL('index.json', dir), 'utf8')) as { manifests: { digest: string; annotations: Record<string, string> }[] };
    try {
      execFileSync('zstd', ['--version']);
    } catch {
      throw new Error('this test needs the zstd CLI as its oracle: apt-get install -y zstd');
    }
    let checked = 0;
    for (const name of ['docker.io/library/node:alpine', 'docker.io/library/golang:1.25-alpine']) {
      const entry = index.manifests.find((m) => m.annotations['io.containerd.image.name'] === name)!;
      const blob = (digest: string) => readFileSync(new URL(`blobs/sha256/${digest.slice(7)}`, dir));
      const manifest = JSON.parse(blob(entry.digest).toString()) as { config: { digest: string }; layers: { mediaType: string; digest: string }[] };
      const diffIds = (JSON.parse(blob(manifest.config.digest).toString()) as { rootfs: { diff_ids: string[] } }).rootfs.diff_ids;
      for (const [i, layer] of manifest.layers.entries()) {
        if (!layer.mediaType.endsWith('+zstd')) continue;
        const tar = execFileSync('zstd', ['-d', '-c'], { input: blob(layer.digest), maxBuffer: 1 << 30 });
        expect(`sha256:${createHash('sha256').update(tar).digest('hex')}`).toBe(diffIds[i]);
        checked++;
      }
    }
    expect(checked).toBe(2);
  });

  it('bash: `docker run bash -c …` runs the command in a shell, as the entrypoint execs bash', async () => {
    const run = await runDocker(`docker pull -q bash >/dev/null\ndocker run --rm bash -c 'echo hi from $0'\n`);
    expect(run.stdout).toBe('hi from bash\n');
  });

  it('httpd: httpd-foreground logs Apache\'s start-up lines and stays up until docker stop', async () => {
    const run = await runDocker(`docker pull -q httpd:2.4 >/dev/null\ndocker run -d --name web httpd:2.4 >/dev/null\ndocker ps --format '{{.Names}} {{.Status}}'\ndocker stop web\ndocker logs web 2>&1\n`);
    const [ps, stopped, ...log] = run.stdout.trimEnd().split('\n');
    expect(ps).toMatch(/^web Up /);
    expect(stopped).toBe('web');
    expect(log[0]).toMatch(/^AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using 172\.17\.0\.2\. Set the 'ServerName' directive globally to suppress this message$/);
    expect(log[2]).toMatch(/^\[\w{3} \w{3} \d\d \d\d:\d\d:\d\d\.\d{6} \d{4}\] \[mpm_event:notice\] \[pid 1:tid 1\] AH00489: Apache\/2\.4\.65 \(Unix\) configured -- resuming normal operations$/);
    expect(log[3]).toMatch(/\[core:notice\] \[pid 1:tid 1\] AH00094: Command line: 'httpd -D FOREGROUND'$/);
    expect(log.at(-1)).toMatch(/\[mpm_event:notice\] \[pid 1:tid 1\] AH00491: caught SIGTERM, shutting down$/);
  });

  it('nginx:alpine: the nginx emulator starts as on Debian, built by Alpine\'s gcc', async () => {
    const run = await runDocker(`docker pull -q nginx:alpine >/dev/null\ndocker run -d --name ng nginx:alpine >/dev/null\ndocker logs ng 2>&1 | grep -E 'Configuration complete|built by'\n`);
    expect(run.stdout).toMatch(/^\/docker-entrypoint\.sh: Configuration complete; ready for start up\n\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[notice\] 1#1: built by gcc 14\.2\.0 \(Alpine 14\.2\.0\) \n$/);
  });

  it.each([
    ['bash', 'docker run -it bash'],
    ['node:alpine', 'docker run -it node:alpine sh'],
  ])('%s: `%s` ends in an interactive shell (the entrypoint execs it)', async (image, command) => {
    const daemon = containerDaemon();
    await daemon.pull(image, () => {});
    const session = await createShell({ terminal: { stdout: () => {}, stderr: () => {} }, commands: [dockerCommand(daemon)], now: () => FIXED_NOW });
    const lines = ['echo "in $(pwd)"', 'exit'];
    const prompts: string[] = [];
    let stdout = '';
    session.setTerminal({
      stdout: (bytes) => (stdout += new TextDecoder().decode(bytes)),
      stderr: () => {},
      readLine: async (prompt) => {
        if (prompts.length >= lines.length) return null;
        prompts.push(prompt);
        return lines[prompts.length - 1]!;
      },
    });
    await session.run(command);
    expect(prompts).toHaveLength(2);
    expect(stdout).toContain('in /\n');
  });

  it('Tab completion of `docker pull` offers the new tags (it lists the catalog)', async () => {
    const run = await runDocker('true');
    const tags = await run.daemon.catalog.tags();
    for (const tag of ['nginx:alpine', 'bash:latest', 'node:alpine', 'python:3.13-alpine', 'httpd:2.4', 'golang:1.25-alpine']) expect(tags).toContain(tag);
  });
});

/** The catalog's debian:bookworm-slim layer, which httpd is built on. */
async function baseBytes(): Promise<number> {
  const run = await runDocker(`docker pull -q httpd:2.4 >/dev/null\ndocker history --format '{{.Size}}' --human=false httpd:2.4 | tail -n 1\n`);
  return Number(run.stdout.trim());
}
