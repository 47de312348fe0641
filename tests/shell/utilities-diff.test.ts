/**
 * `diff` prints what GNU diffutils 3.8 prints: normal format by default, unified with -u, GNU's
 * own choice of hunks among equally short edit scripts. The oracle is the real `diff` on the
 * same files in a temporary directory (TZ=UTC, mtimes set to the shell's fixed clock).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { layerlabCommands } from '../../src/shell/commands/index.ts';
import type { ShellSession } from '../../src/shell/session.ts';
import { FIXED_NOW, runShell } from './support/run-shell.ts';
import { describeWithOracles } from '../support/oracles.ts';


interface Outcome {
  stdout: string;
  stderr: string;
  status: number;
}

/** Run `script` with bash in `dir`, after giving every file there the shell's fixed mtime. */
function real(dir: string, script: string): Outcome {
  const run = spawnSync('bash', ['-c', `find . -exec touch -h -d @${FIXED_NOW} {} +; ${script}`], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', TZ: 'UTC', HOME: '/root' },
    // stdin not a socket (Node's pipes are): bash would read ~/.bashrc as if rshd had started it.
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { stdout: run.stdout, stderr: run.stderr, status: run.status ?? -1 };
}

describeWithOracles(['diffutils', 'script'], 'diff prints GNU diff’s hunks', () => {
  let dir: string;
  let session: ShellSession;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'layerlab-diff-'));
    session = (await runShell('mkdir /tmp/w', { commands: layerlabCommands() })).session;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function both(files: Record<string, string>, script: string): Promise<{ ours: Outcome; real: Outcome }> {
    rmSync(join(dir, 'w'), { recursive: true, force: true });
    await runShell('rm -rf /tmp/w; mkdir /tmp/w', { session });
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir, 'w', name, '..'), { recursive: true });
      writeFileSync(join(dir, 'w', name), text);
      await session.fs.overlay.mkdir(`/tmp/w/${name}`.replace(/\/[^/]+$/, ''), { recursive: true });
      await session.fs.overlay.writeFile(`/tmp/w/${name}`, new TextEncoder().encode(text));
    }
    const run = await runShell(`cd /tmp/w; ${script}`, { session });
    return { ours: { stdout: run.stdout, stderr: run.stderr, status: run.status }, real: real(join(dir, 'w'), script) };
  }

  /** A small file: lines from a tiny alphabet (so that many lines match), maybe without a final newline. */
  const file = fc
    .record({ lines: fc.array(fc.constantFrom('a', 'b', 'c', 'd', '', 'A'), { maxLength: 12 }), newline: fc.boolean() })
    .map(({ lines, newline }) => (lines.length === 0 ? '' : lines.join('\n') + (newline ? '\n' : '')));

  it('for random small files, in the normal, unified, -U1 and -i formats', async () => {
    await fc.assert(
      fc.asyncProperty(file, file, async (a, b) => {
        const { ours, real } = await both({ a, b }, 'diff a b; echo "[$?]"; diff -u a b; diff -U1 a b; diff -i a b');
        expect(ours).toEqual(real);
      }),
      { numRuns: 150 },
    );
  });

  it('for longer files that differ here and there (hunks merge when 6 or fewer lines apart)', async () => {
    const long = fc.array(fc.constantFrom('x', 'y', 'z', 'w', 'v'), { minLength: 20, maxLength: 60 }).map((l) => `${l.join('\n')}\n`);
    await fc.assert(
      fc.asyncProperty(long, fc.array(fc.tuple(fc.nat(59), fc.constantFrom('x', 'q', 'r')), { maxLength: 6 }), async (a, edits) => {
        const lines = a.split('\n');
        for (const [at, text] of edits) lines.splice(at % lines.length, text === 'x' ? 1 : 0, text);
        const { ours, real } = await both({ a, b: lines.join('\n') }, 'diff a b; diff -u a b');
        expect(ours).toEqual(real);
      }),
      { numRuns: 50 },
    );
  });

  it.each([
    ['identical files, -s and -q', 'diff a a; echo "[$?]"; diff -s a a; diff -q a b; echo "[$?]"'],
    ['a missing file, an extra operand, a bad option', 'diff a /nope; echo "[$?]"; diff a; echo "[$?]"; diff a b c; echo "[$?]"; diff --bogus a b; echo "[$?]"'],
    ['standard input', 'diff - b < a; cat a | diff -u a - | tail -n +3'],
    ['a file and a directory', 'diff a d; diff d/a a; echo "[$?]"'],
    ['binary files', "printf 'x\\0y' > bin; diff bin a; echo \"[$?]\""],
    ['directories: -r, -q, -N, -u, common subdirectories', 'diff d e; echo "[$?]"; diff -r d e; diff -rq d e; diff -ruN d e; diff -r -u d e; echo "[$?]"'],
  ])('%s', async (_, script) => {
    const files = { a: 'one\ntwo\nthree\n', b: 'one\n2\nthree\nfour\n', 'd/a': 'one\n', 'd/same': 's\n', 'd/sub/x': '1\n', 'd/only': 'o\n', 'e/same': 's\n', 'e/sub/x': '2\n', 'e/new': 'n\n', 'e/a/in': 'dir\n' };
    const { ours, real } = await both(files, script);
    expect(ours).toEqual(real);
  });
});
