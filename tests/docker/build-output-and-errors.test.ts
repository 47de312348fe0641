import { describe, expect, it } from 'vitest';
import { contextScript } from './support/build-context.ts';
import { runDocker } from './support/docker-shell.ts';

const DOCKERFILE = 'FROM busybox\nCOPY hello.txt /hello.txt\nRUN cat /hello.txt\n';
/** Image and container IDs depend on config bytes: the goldens name them by shape. */
const ids = (text: string) => text.replace(/sha256:[0-9a-f]{64}/g, 'sha256:<digest>').replace(/\b[0-9a-f]{12}\b/g, '<id>');

describe('docker build output', () => {
  it('BuildKit prints plain progress on stderr', async () => {
    const run = await runDocker([contextScript({ Dockerfile: DOCKERFILE, 'hello.txt': 'hello\n' }), 'docker build -t x .'].join('\n'));
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
    expect(ids(run.stderr)).toBe(
      [
        '#0 building with "default" instance using docker driver',
        '',
        '#1 [internal] load build definition from Dockerfile',
        '#1 transferring dockerfile: 58B done',
        '#1 DONE 0.0s',
        '',
        '#2 [internal] load metadata for docker.io/library/busybox:latest',
        '#2 DONE 0.0s',
        '',
        '#3 [internal] load .dockerignore',
        '#3 transferring context: 2B done',
        '#3 DONE 0.0s',
        '',
        '#4 [1/3] FROM docker.io/library/busybox:latest@sha256:<digest>',
        '#4 resolve docker.io/library/busybox:latest@sha256:<digest> 0.0s done',
        // busybox was not local: the pull's manifest, config and layer, as BuildKit shows them.
        '#4 sha256:<digest> 525B / 525B done',
        '#4 sha256:<digest> 380B / 380B done',
        '#4 sha256:<digest> 0B / 29.28kB',
        '#4 sha256:<digest> 29.28kB / 29.28kB done',
        '#4 extracting sha256:<digest>',
        '#4 extracting sha256:<digest> done',
        '#4 DONE 0.0s',
        '',
        '#5 [internal] load build context',
        '#5 transferring context: 64B done',
        '#5 DONE 0.0s',
        '',
        '#6 [2/3] COPY hello.txt /hello.txt',
        '#6 DONE 0.0s',
        '',
        '#7 [3/3] RUN cat /hello.txt',
        '#7 0.000 hello',
        '#7 DONE 0.0s',
        '',
        '#8 exporting to image',
        '#8 exporting layers 0.0s done',
        '#8 writing image sha256:<digest> done',
        '#8 naming to docker.io/library/x:latest done',
        '#8 DONE 0.0s',
        '',
        '',
      ].join('\n'),
    );
  });

  it('the legacy builder (DOCKER_BUILDKIT=0) prints its step stream on stdout', async () => {
    const run = await runDocker([contextScript({ Dockerfile: DOCKERFILE, 'hello.txt': 'hello\n' }), 'DOCKER_BUILDKIT=0 docker build -t x .'].join('\n'));
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('DEPRECATED: The legacy builder is deprecated and will be removed in a future release.\n');
    const id = /Successfully built ([0-9a-f]{12})/.exec(run.stdout)![1];
    expect(ids(run.stdout)).toBe(
      [
        'Sending build context to Docker daemon  3.072kB',
        'Step 1/3 : FROM busybox',
        'latest: Pulling from library/busybox',
        '<id>: Pulling fs layer',
        '<id>: Verifying Checksum',
        '<id>: Download complete',
        '<id>: Pull complete',
        'Digest: sha256:<digest>',
        'Status: Downloaded newer image for busybox:latest',
        ' ---> <id>',
        'Step 2/3 : COPY hello.txt /hello.txt',
        ' ---> <id>',
        'Step 3/3 : RUN cat /hello.txt',
        ' ---> Running in <id>',
        'hello',
        ' ---> Removed intermediate container <id>',
        ' ---> <id>',
        'Successfully built <id>',
        'Successfully tagged x:latest',
        '',
      ].join('\n'),
    );
    const tagged = await runDocker("docker image inspect --format '{{.Id}}' x", { daemon: run.daemon });
    expect(tagged.stdout.slice(7, 19)).toBe(id);
  });

  it('-q prints only the image ID', async () => {
    const run = await runDocker([contextScript({ Dockerfile: DOCKERFILE, 'hello.txt': 'hello\n' }), 'docker build -q -t x .', "docker image inspect --format '{{.Id}}' x"].join('\n'));
    const [printed, inspected] = run.stdout.trimEnd().split('\n');
    expect(printed).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(printed).toBe(inspected);
  });
});

describe('docker build errors', () => {
  const failing = async (dockerfile: string, files: Record<string, string> = {}, env = '') => {
    const run = await runDocker([contextScript({ Dockerfile: dockerfile, ...files }), `${env}docker build -t bad .`, 'echo "status $?"'].join('\n'));
    return { ...run, status: Number(/status (\d+)/.exec(run.stdout)![1]) };
  };

  it('a failed RUN shows its exit code, its output and where in the Dockerfile', async () => {
    const run = await failing('FROM busybox\nRUN echo about to fail && exit 3\n');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('#5 ERROR: process "/bin/sh -c echo about to fail && exit 3" did not complete successfully: exit code: 3\n');
    expect(run.stderr).toContain(
      '------\n > [2/2] RUN echo about to fail && exit 3:\n0.000 about to fail\n------\nDockerfile:2\n--------------------\n   1 |     FROM busybox\n   2 | >>> RUN echo about to fail && exit 3\n   3 |     \n--------------------\n' +
        'ERROR: failed to solve: process "/bin/sh -c echo about to fail && exit 3" did not complete successfully: exit code: 3\n',
    );
    const legacy = await failing('FROM busybox\nRUN exit 3\n', {}, 'DOCKER_BUILDKIT=0 ');
    expect(legacy.status).toBe(3);
    expect(legacy.stderr).toContain("The command '/bin/sh -c exit 3' returned a non-zero code: 3\n");
  });

  it('a COPY source missing from the context (or ignored) fails to compute its cache key', async () => {
    const run = await failing('FROM busybox\nCOPY secret.txt /\n', { 'secret.txt': 's', '.dockerignore': 'secret.txt\n' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/#6 \[2\/2\] COPY secret.txt \/\n#6 ERROR: failed to calculate checksum of ref [0-9a-f-]+::[0-9a-z]+: "\/secret.txt": not found\n/);
    expect(run.stderr).toMatch(/ERROR: failed to solve: failed to compute cache key: failed to calculate checksum of ref [0-9a-f-]+::[0-9a-z]+: "\/secret.txt": not found\n$/);
    const legacy = await failing('FROM busybox\nCOPY missing.txt /\n', {}, 'DOCKER_BUILDKIT=0 ');
    expect(legacy.stderr).toContain('COPY failed: file not found in build context or excluded by .dockerignore: stat missing.txt: file does not exist\n');
  });

  it('a FROM without an image (or with two words) is a parse error in both builders, before any step', async () => {
    // BuildKit's instructions.Parse: parseFrom's error inside a parseError (dockerfile parse error on line N).
    const bare = await failing('FROM\n');
    expect(bare.status).toBe(1);
    expect(bare.stderr).toMatch(/ERROR: failed to solve: dockerfile parse error on line 1: FROM requires either one or three arguments\n$/);
    expect(bare.stderr).not.toContain('invalid reference format');
    const two = await failing('FROM busybox\nFROM busybox extra\n');
    expect(two.stderr).toMatch(/ERROR: failed to solve: dockerfile parse error on line 2: FROM requires either one or three arguments\n$/);
    const legacy = await failing('FROM\n', {}, 'DOCKER_BUILDKIT=0 ');
    expect(legacy.status).toBe(1);
    expect(legacy.stderr).toMatch(/\nError response from daemon: dockerfile parse error on line 1: FROM requires either one or three arguments\n$/);
    expect(legacy.stdout).not.toContain('Step 1/');
  });

  it('an unknown instruction, an image not in the catalog, and an ADD from a URL', async () => {
    const unknown = await failing('FROM busybox\nFOO bar\n');
    expect(unknown.stderr).toContain('ERROR: failed to solve: dockerfile parse error on line 2: unknown instruction: FOO\n');
    const missing = await failing('FROM nosuchimage\n');
    expect(missing.stderr).toContain('#2 [internal] load metadata for docker.io/library/nosuchimage:latest\n#2 ERROR: pull access denied for nosuchimage');
    expect(missing.stderr).toContain('ERROR: failed to solve: nosuchimage: failed to resolve source metadata for docker.io/library/nosuchimage:latest: pull access denied');
    const url = await failing('FROM busybox\nADD https://example.com/x.tar.gz /\n');
    expect(url.stderr).toContain('dial tcp: lookup example.com: no such host (the playground has no network)\n');
    expect(url.status).toBe(1);
  });
});
