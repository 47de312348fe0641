/**
 * A program's output reaches whatever its stdout is — the terminal, a pipe, `$(…)` — the same
 * way in the page, in `layerlab shell` on a terminal and in `layerlab shell < script`
 * (src/shell/programs/terminal-output.ts). Before, a script's `docker run … | wc -l` printed the
 * container's output on the terminal and `0`. The expected text is what bash and Docker print.
 */
import { describe, expect, it } from 'vitest';
import { runInMode, SHELL_MODES } from './support/three-modes.ts';

const PULL = 'docker pull -q busybox >/dev/null';

describe.each(SHELL_MODES)('in mode %s', (mode) => {
  it('a container\'s output goes into a pipe, into $(…), and to the terminal', async () => {
    const run = await runInMode(mode, [
      `${PULL}; docker run busybox echo hi | wc -l`,
      'x=$(docker run busybox cat /etc/hostname); echo "x has ${#x} characters: $(echo "$x" | tr -d 0-9a-f | wc -c) not hex"',
      'docker run busybox echo on the terminal',
      'docker run busybox sh -c "echo out; echo err >&2" 2>/dev/null | tr a-z A-Z',
      'exit 3',
    ]);
    expect(run.shown).toBe('1\nx has 12 characters: 1 not hex\non the terminal\nOUT\n');
    expect(run.status).toBe(3);
  }, 180_000);

  it('a container writing forever into `| head -2` stops when head has its lines, and the container ends', async () => {
    const run = await runInMode(mode, [
      PULL,
      "docker run busybox sh -c 'while true; do echo x; done' | head -2",
      'docker ps -q | wc -l',
      "docker ps -a --format '{{.Status}}' | grep -c Exited",
      'yes | head -3',
      'exit',
    ]);
    expect(run.shown).toBe('x\nx\n0\n1\ny\ny\ny\n');
    expect(run.status).toBe(0);
  }, 180_000);
});
