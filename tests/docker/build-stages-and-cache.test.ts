import { describe, expect, it } from 'vitest';
import { contextScript } from './support/build-context.ts';
import { runDocker } from './support/docker-shell.ts';

const MULTI_STAGE = [
  'FROM busybox AS builder',
  'WORKDIR /src',
  'COPY main.txt .',
  'RUN tr a-z A-Z < main.txt > /out.txt',
  '',
  'FROM scratch',
  'COPY --from=builder /out.txt /result.txt',
  'CMD ["/result.txt"]',
  '',
].join('\n');

describe('docker build: stages and cache', () => {
  it('builds a multi-stage Dockerfile, tags only the last stage, and --target picks another', async () => {
    const run = await runDocker(
      [
        contextScript({ Dockerfile: MULTI_STAGE, 'main.txt': 'shout\n' }),
        'docker build -t final . 2>&1 | grep -E "^#[0-9]+ (\\[|exporting)" | grep -v internal',
        "docker images --format '{{.Repository}}:{{.Tag}}'",
        "docker image inspect --format '{{len .RootFS.Layers}} {{json .Config.Cmd}}' final",
        'docker build -q --target builder -t stage1 . >/dev/null',
        "docker image inspect --format '{{.Config.WorkingDir}}' stage1",
      ].join('\n'),
    );
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.slice(0, 6)).toEqual([
      '#4 [builder 1/4] FROM docker.io/library/busybox:latest@sha256:4e470f2dcd236c5b8175219d4ae7a47469e99d3ddc327e11f96f101d2a3f38c1',
      '#5 [builder 2/4] WORKDIR /src',
      '#7 [builder 3/4] COPY main.txt .',
      '#8 [builder 4/4] RUN tr a-z A-Z < main.txt > /out.txt',
      '#9 [stage-1 2/2] COPY --from=builder /out.txt /result.txt',
      '#10 exporting to image',
    ]);
    expect(lines).toContain('final:latest');
    expect(lines).toContain('busybox:latest');
    expect(lines.filter((l) => l.endsWith(':latest'))).toHaveLength(2);
    expect(lines).toContain('1 ["/result.txt"]');
    expect(lines.at(-1)).toBe('/src');
  });

  it('hits the cache on a second build and misses from the step whose context files changed', async () => {
    const dockerfile = 'FROM busybox\nRUN echo base > /base\nCOPY app.txt /app.txt\nRUN cat /app.txt > /copy\n';
    const steps = `2>&1 | grep -E "CACHED|DONE" | grep -v "^#[123] "`;
    const run = await runDocker(
      [
        contextScript({ Dockerfile: dockerfile, 'app.txt': 'one\n' }),
        `docker build -t c . ${steps}`,
        'echo ===',
        `docker build -t c . ${steps}`,
        'echo ===',
        "printf 'two\\n' > app.txt",
        `docker build -t c . ${steps}`,
        'echo ===',
        `docker build --no-cache -t c . ${steps}`,
      ].join('\n'),
    );
    const [first, second, changed, noCache] = run.stdout.split('===\n').map((part) => part.trimEnd().split('\n'));
    expect(first!.filter((l) => l.includes('CACHED'))).toHaveLength(0); // busybox is pulled by this build
    expect(second!.filter((l) => l.includes('CACHED'))).toHaveLength(4); // FROM and all three steps
    expect(changed!.filter((l) => l.includes('CACHED'))).toHaveLength(2); // FROM and the first RUN
    expect(changed!.filter((l) => / DONE /.test(l))).toHaveLength(4); // build context, COPY, RUN, export
    expect(noCache!.filter((l) => l.includes('CACHED'))).toHaveLength(1); // only FROM: the image is local
  });

  it('legacy builder: "Using cache" on a rebuild, a new image ID once the context changes', async () => {
    const dockerfile = 'FROM busybox\nCOPY app.txt /app.txt\nRUN cat /app.txt\n';
    const run = await runDocker(
      [
        contextScript({ Dockerfile: dockerfile, 'app.txt': 'one\n' }),
        'export DOCKER_BUILDKIT=0',
        'docker build -t l . 2>/dev/null | tail -1',
        "docker image inspect --format '{{.Id}}' l",
        'docker build -t l . 2>/dev/null | grep -c "Using cache"',
        "docker image inspect --format '{{.Id}}' l",
        "printf 'two\\n' > app.txt",
        'docker build -t l . 2>/dev/null | grep -c "Using cache"',
        "docker image inspect --format '{{.Id}}' l",
      ].join('\n'),
    );
    const [tagged, id1, hits, id2, hitsAfter, id3] = run.stdout.trimEnd().split('\n');
    expect(tagged).toBe('Successfully tagged l:latest');
    expect(hits).toBe('2');
    expect(id2).toBe(id1);
    expect(hitsAfter).toBe('0');
    expect(id3).not.toBe(id1);
  });
});
