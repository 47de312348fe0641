import { describe, expect, it } from 'vitest';
import { contextScript } from './support/build-context.ts';
import { runDocker } from './support/docker-shell.ts';

/** A base image `base` whose ONBUILD triggers copy the child's app.txt and print it. */
const BASE = [
  contextScript({ Dockerfile: 'FROM busybox\nONBUILD COPY app.txt /app.txt\nONBUILD RUN cat /app.txt\n' }, '/root/base'),
  'docker build -q -t base . >/dev/null 2>&1',
  contextScript({ Dockerfile: 'FROM base\nRUN echo child\n', 'app.txt': 'from the child context\n' }, '/root/child'),
];

describe('ONBUILD: recorded in the image, run by builds FROM it', () => {
  it('the triggers are in the config\'s OnBuild, and a child image has none of its own', async () => {
    const run = await runDocker([...BASE, "docker image inspect --format '{{json .Config.OnBuild}}' base", 'docker build -q -t child . >/dev/null', "docker image inspect --format '{{json .Config.OnBuild}}' child"].join('\n'));
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('["COPY app.txt /app.txt","RUN cat /app.txt"]\nnull\n');
  });

  it('BuildKit runs them right after FROM, numbered with the stage\'s steps, before the child\'s own', async () => {
    const run = await runDocker([...BASE, 'docker build -t child .', 'docker run --rm child cat /app.txt'].join('\n'));
    expect(run.status).toBe(0);
    const vertices = run.stderr.split('\n').filter((l) => /^#\d+ (\[\d|\d\.\d{3} )/.test(l));
    expect(vertices).toEqual([
      '#4 [1/4] FROM docker.io/library/base:latest',
      '#6 [2/4] COPY app.txt /app.txt',
      '#7 [3/4] RUN cat /app.txt',
      '#7 0.000 from the child context',
      '#8 [4/4] RUN echo child',
      '#8 0.000 child',
    ]);
    expect(run.stdout).toBe('from the child context\n');
  });

  it('the legacy builder says "# Executing 2 build triggers" under Step 1 and names the image once they ran', async () => {
    const run = await runDocker([...BASE, 'DOCKER_BUILDKIT=0 docker build -t child . 2>/dev/null', 'DOCKER_BUILDKIT=0 docker build -t child . 2>/dev/null'].join('\n'));
    const ids = (text: string) => text.replace(/\b[0-9a-f]{12}\b/g, '<id>');
    const [first, second] = run.stdout.split(/(?=Sending build context)/);
    expect(ids(first!).split('\n').slice(1)).toEqual([
      'Step 1/2 : FROM base',
      '# Executing 2 build triggers',
      ' ---> Running in <id>',
      'from the child context',
      ' ---> Removed intermediate container <id>',
      ' ---> <id>',
      'Step 2/2 : RUN echo child',
      ' ---> Running in <id>',
      'child',
      ' ---> Removed intermediate container <id>',
      ' ---> <id>',
      'Successfully built <id>',
      'Successfully tagged child:latest',
      '',
    ]);
    // Rebuilt, each trigger is a cache hit: "Using cache" for each, then the one image line.
    expect(ids(second!).split('\n').slice(1, 6)).toEqual(['Step 1/2 : FROM base', '# Executing 2 build triggers', ' ---> Using cache', ' ---> Using cache', ' ---> <id>']);
  });

  it('ONBUILD ONBUILD and ONBUILD FROM are refused', async () => {
    for (const [line, message] of <[string, string][]>[
      ['ONBUILD ONBUILD RUN true', 'Chaining ONBUILD via `ONBUILD ONBUILD` isn\'t allowed'],
      ['ONBUILD FROM alpine', 'FROM isn\'t allowed as an ONBUILD trigger'],
    ]) {
      const run = await runDocker([contextScript({ Dockerfile: `FROM busybox\n${line}\n` }), 'docker build -t bad .', 'echo "status $?"'].join('\n'));
      expect(run.stdout).toBe('status 1\n');
      expect(run.stderr).toMatch(new RegExp(`ERROR: failed to solve: ${message.replace(/[`]/g, '.')}\n$`));
    }
  });
});
