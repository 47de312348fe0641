/**
 * just-bash's execution limits do not get in the way of a lesson, and one that is met speaks
 * the shell's or the tool's language, never the library's advice to its embedder
 * (`increase executionLimits.maxLoopIterations`): src/shell/session.ts SESSION_LIMITS and
 * limitErrorInShellWords, scripts/patch-just-bash.mjs. Oracles: bash and GNU coreutils.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createPlaygroundShell } from '../../src/node/playground-shell.ts';
import { limitErrorInShellWords } from '../../src/shell/session.ts';

function real(script: string): string {
  const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.error) throw new Error('bash is missing: apt-get install -y bash coreutils');
  return r.stdout;
}

async function ours(lines: string[]): Promise<{ stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const decoder = new TextDecoder();
  const session = await createPlaygroundShell({ stdout: (b) => (stdout += decoder.decode(b)), stderr: (b) => (stderr += decoder.decode(b)) });
  for (const line of lines) await session.run(line);
  return { stdout, stderr };
}

describe('limits a lesson never meets', () => {
  it.each([
    ['seq 1 1000000 | tail -1'],
    ['yes | head -100000 | wc -l'],
    // One past just-bash's own default cap of 100 000 iterations.
    ['for ((i=0; i<100001; i++)); do :; done; echo $i'],
  ])('%s', async (script) => {
    const run = await ours([script]);
    expect(run).toEqual({ stdout: real(script), stderr: '' });
  }, 120_000);
});

describe('a limit that is met speaks bash', () => {
  it('runaway recursion: bash\'s function nesting error, in the host and in a container', async () => {
    const run = await ours(['f() { f; }; f; echo "status $?"', 'docker pull -q busybox >/dev/null', 'docker run busybox sh -c "g() { g; }; g"; echo "status $?"']);
    expect(run.stderr).not.toContain('executionLimits');
    expect(run.stderr).toMatch(/^bash: f: maximum function nesting level exceeded \(\d+\)\n/);
    expect(run.stderr).toMatch(/: g: maximum function nesting level exceeded \(\d+\)\n$/);
  }, 120_000);

  it("a utility out of room says gnulib's `memory exhausted`", async () => {
    // Whole numbers are counted out by layerlab's seq (commands/seq); a fraction goes to
    // just-bash's, which stops at a million numbers.
    const run = await ours(['seq 0.5 1000001 | tail -1']);
    expect(run.stderr).toBe('seq: memory exhausted\n');
  }, 120_000);

  it("any limit error's advice to the embedder goes", () => {
    expect(limitErrorInShellWords('bash: while loop: too many iterations (100000), increase executionLimits.maxLoopIterations\n')).toBe('bash: while loop: too many iterations (100000)\n');
    expect(limitErrorInShellWords('bash: seq: iteration limit exceeded (1000000)\n')).toBe('seq: memory exhausted\n');
  });
});
