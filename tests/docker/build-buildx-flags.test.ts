import { describe, expect, it } from 'vitest';
import { contextScript } from './support/build-context.ts';
import { runDocker } from './support/docker-shell.ts';

/** buildx's options that reach past the build itself: ID and metadata files, push, checks. */
const CONTEXT = contextScript({ Dockerfile: 'FROM busybox\nARG WHO=nobody\nLABEL who=$WHO\nRUN echo hi > /hi\n' });

describe('docker build (buildx) flags', () => {
  it('--iidfile holds the image ID, with no newline, the same ID docker inspect reports', async () => {
    const run = await runDocker(`${CONTEXT}\ndocker build -q --iidfile /tmp/iid -t app .\necho "[$(cat /tmp/iid)]"\ndocker inspect --format '[{{.Id}}]' app\nwc -c < /tmp/iid`);
    const [printed, fromFile, inspected, size] = run.stdout.split('\n');
    expect(printed).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(fromFile).toBe(`[${printed}]`);
    expect(inspected).toBe(fromFile);
    expect(size).toBe('71');
  });

  it('--iidfile: a failed build leaves no stale file behind', async () => {
    const run = await runDocker(`${CONTEXT}\necho old > /tmp/iid\nprintf 'FROM busybox\\nRUN false\\n' > Dockerfile\ndocker build --iidfile /tmp/iid . 2>/dev/null; echo "status $?"\nls /tmp/iid`);
    expect(run.stdout).toBe('status 1\n');
    expect(run.stderr).toContain('/tmp/iid: No such file or directory');
  });

  it('--metadata-file: the exporter response as buildx indents it, naming the built image', async () => {
    const run = await runDocker(`${CONTEXT}\ndocker build -q --metadata-file /tmp/meta.json -t app:1 -t localhost:5000/app .\ncat /tmp/meta.json`);
    const [id, ...json] = run.stdout.split('\n');
    const text = json.join('\n');
    expect(text.endsWith('}')).toBe(true);
    const metadata = JSON.parse(text) as Record<string, string>;
    expect(Object.keys(metadata)).toEqual(['buildx.build.ref', 'containerimage.config.digest', 'containerimage.digest', 'image.name']);
    expect(metadata['containerimage.config.digest']).toBe(id);
    expect(metadata['image.name']).toBe('docker.io/library/app:1,localhost:5000/app:latest');
    expect(metadata['buildx.build.ref']).toMatch(/^default\/default\/[0-9a-z]{25}$/);
    expect(text).toBe(JSON.stringify(metadata, null, 2));
  });

  it('--build-arg and --label reach the image; a bare --label KEY is empty', async () => {
    const run = await runDocker(`${CONTEXT}\ndocker build -q --build-arg WHO=me --label team=core --label bare -t app . >/dev/null\ndocker inspect --format '{{json .Config.Labels}}' app`);
    expect(run.stdout).toBe('{"bare":"","team":"core","who":"me"}\n');
  });

  it('--push sends the tag to the in-page registry: it pulls back as the same image', async () => {
    const run = await runDocker(
      `${CONTEXT}\ndocker build --push -t localhost:5000/app:1 . 2>/tmp/log; echo "status $?"\ngrep -c 'pushing localhost:5000/app:1 with docker' /tmp/log\n` +
        `docker inspect --format '{{.Id}}' localhost:5000/app:1 > /tmp/before\ndocker rmi localhost:5000/app:1 >/dev/null\ndocker pull -q localhost:5000/app:1 >/dev/null\n` +
        '[ "$(docker inspect --format \'{{.Id}}\' localhost:5000/app:1)" = "$(cat /tmp/before)" ] && echo same',
    );
    expect(run.stdout).toBe('status 0\n1\nsame\n');
  });

  it('--push to Docker Hub is denied; --push with no tag has nothing to push', async () => {
    const run = await runDocker(`${CONTEXT}\ndocker build --push -t app . 2>&1 | tail -1\ndocker build --push . 2>&1 | tail -1`);
    expect(run.stdout).toBe('ERROR: failed to solve: denied: requested access to the resource is denied\nERROR: failed to solve: tag is needed when pushing to registry\n');
  });

  it('checks buildx makes before building: quiet with a progress mode, platforms, network, builder', async () => {
    const run = await runDocker(
      `${CONTEXT}\nfor f in '--progress=plain -q' '--platform linux/amd64,linux/arm64' '--network bridge' '--builder other' '-o type=local,dest=out'; do docker build $f . >/dev/null; echo "status $?"; done`,
    );
    expect(run.stdout).toBe('status 1\n'.repeat(5));
    expect(run.stderr.split('\n').filter((l) => l.startsWith('ERROR'))).toEqual([
      'ERROR: progress=plain and quiet cannot be used together',
      'ERROR: Multi-platform build is not supported for the docker driver.',
      'ERROR: failed to solve: network mode "bridge" not supported by buildkit',
      'ERROR: no builder "other" found',
      'ERROR: layerlab: the local exporter is not supported in the playground; use --load (type=docker) or --push',
    ]);
  });

  it('accepted as given: --load, -o type=docker, --platform linux/amd64, --network host, --add-host, --secret, --ssh, --pull', async () => {
    const run = await runDocker(
      `${CONTEXT}\ndocker build -q --load -o type=docker --platform linux/amd64 --network host --add-host db:10.0.0.2 --secret id=s,src=/etc/hostname --ssh default --pull -t app . | grep -c '^sha256:'`,
    );
    expect(run.stdout).toBe('1\n');
    expect(run.stderr).toBe('');
  });

  it('the legacy builder takes --iidfile too; with -q the file holds what it printed, newline and all', async () => {
    const run = await runDocker(`${CONTEXT}\nDOCKER_BUILDKIT=0 docker build -q --iidfile /tmp/iid . 2>/dev/null > /tmp/out\n[ "$(cat /tmp/iid)" = "$(cat /tmp/out)" ] && grep -c sha256: /tmp/out\nwc -c < /tmp/iid`);
    expect(run.stdout).toBe('1\n72\n');
  });
});
