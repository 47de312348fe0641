import { describe, expect, it } from 'vitest';
import { contextScript } from './support/build-context.ts';
import { runDocker } from './support/docker-shell.ts';

describe('RUN <<EOF whose body starts with #! runs as a script file (BuildKit)', () => {
  it('the body is /dev/pipes/EOF run by its interpreter; only what it writes reaches the layer', async () => {
    const dockerfile = ['FROM alpine', 'RUN <<EOF', '#!/bin/sh', 'echo "I am $0"', 'echo made > /made.txt', 'EOF', 'RUN <<EOF', 'echo plain', 'EOF', ''].join('\n');
    const run = await runDocker(
      [
        contextScript({ Dockerfile: dockerfile }),
        'docker build -t scripted .',
        "docker history --no-trunc --format '{{.CreatedBy}}|{{.Size}}' scripted | grep pipes",
        'docker run --rm scripted sh -c "cat /made.txt; test -e /dev/pipes || echo no /dev/pipes"',
      ].join('\n'),
    );
    // BuildKit names the step with the document's first line, and the script sees its own path as $0.
    expect(run.stderr).toContain('#5 [2/3] RUN <<EOF (#!/bin/sh...)\n#5 0.000 I am /dev/pipes/EOF\n');
    // Without #!, the body is the shell's command string.
    expect(run.stderr).toContain('#6 [3/3] RUN <<EOF (echo plain)\n#6 0.000 plain\n');
    expect(run.stdout.split('\n')[0]).toBe('RUN /bin/sh -c /dev/pipes/EOF # buildkit|5B');
    expect(run.stdout.split('\n').slice(1)).toEqual(['made', 'no /dev/pipes', '']);
  });

  it('a change to the script body is a new step, not a cache hit', async () => {
    const build = (word: string) => [contextScript({ Dockerfile: `FROM alpine\nRUN <<EOF\n#!/bin/sh\necho ${word}\nEOF\n` }), 'docker build -t s . 2>&1 | grep -E "^#5 (CACHED|0.000)"'].join('\n');
    const first = await runDocker(build('one'));
    const second = await runDocker(build('two'), { daemon: first.daemon, session: first.session });
    expect(first.stdout).toBe('#5 0.000 one\n');
    expect(second.stdout).toBe('#5 0.000 two\n');
  });
});
