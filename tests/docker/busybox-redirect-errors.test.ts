/**
 * A redirection that fails, in the words of the shell that runs it: BusyBox ash in a busybox
 * container (`sh: can't create /x/y: nonexistent directory`, `sh: can't open /x: no such file`,
 * `FILE: line N: ` in a script), bash on the host. Oracles: Debian's /bin/busybox 1.35 and bash,
 * on the same commands (scripts/patch-just-bash.mjs, fix 8; shell-dialect.ts).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { itWithOracles } from '../support/oracles.ts';
import { runInMode } from '../shell/support/three-modes.ts';

/** Paths that fail the same way here and in the playground: missing, a directory, below a file. */
const FAILING = ['echo x > /nope/y', 'cat < /nope', 'echo x >> /etc', 'echo x > /etc/passwd/x', 'true < /root/.nope', 'cat <> /nope/z', 'echo "status $?" >&2'];

/**
 * What `shell` prints (all of it on stderr), run in /. stdin is /dev/null: Node's pipes are
 * sockets, and bash reads ~/.bashrc when its stdin is a network connection.
 */
function real(shell: string[], script: string): string {
  const r = spawnSync(shell[0]!, [...shell.slice(1), script], { cwd: '/', encoding: 'utf8', env: { PATH: '/usr/bin:/bin' }, stdio: ['ignore', 'pipe', 'pipe'] });
  return `${r.stdout}${r.stderr}`;
}

async function shown(lines: string[]): Promise<string> {
  return (await runInMode('page', [...lines, 'exit'])).shown;
}

describe('redirection errors speak the shell that met them', () => {
  itWithOracles(['busybox'], "busybox sh -c: ash's `can't create` / `can't open` lines", async () => {
    const script = FAILING.join('; ');
    const expected = real(['/bin/busybox', 'sh', '-c'], script);
    expect(expected).toContain("sh: can't create /nope/y: nonexistent directory\n");
    expect(await shown(['docker pull -q busybox >/dev/null', `docker run --rm busybox sh -c '${script}'`])).toBe(expected);
  }, 120_000);

  itWithOracles(['busybox'], 'a script run by busybox sh: `FILE: line N: ` first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'layerlab-redirect-'));
    try {
      const path = join(dir, 's.sh');
      writeFileSync(path, `${FAILING.join('\n')}\n`);
      const expected = execFileSync('sh', ['-c', `cd / && /bin/busybox sh ${path} 2>&1`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).replaceAll(path, '/s.sh');
      expect(expected).toContain("/s.sh: line 2: can't open /nope: no such file\n");
      const ours = await shown([
        'docker pull -q busybox >/dev/null',
        `printf '%s\\n' ${FAILING.map((line) => `'${line}'`).join(' ')} > /s.sh`,
        'docker run --rm -v /s.sh:/s.sh busybox sh /s.sh 2>&1',
      ]);
      expect(ours).toBe(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  itWithOracles(['busybox'], "an interactive busybox shell says `sh: ` and no line, as sh -c does", async () => {
    const expected = real(['/bin/busybox', 'sh', '-c'], FAILING.join('; '));
    expect(await shown(['docker pull -q busybox >/dev/null', 'docker run --rm -it busybox', ...FAILING, 'exit'])).toBe(expected);
  }, 120_000);

  itWithOracles([], "the host's bash keeps bash's words", async () => {
    const lines = ['echo x > /nope/y', 'cat < /nope', 'echo x > /etc', 'echo "status $?" >&2'];
    // An interactive bash (as the terminal's is) names no line; its job-control warnings go.
    const expected = real(['bash', '--norc', '-i', '-c'], lines.join('; ')).replace(/^bash: (cannot set terminal process group|no job control).*\n/gm, '');
    expect(expected).toContain('bash: /nope/y: No such file or directory\n');
    expect(await shown(lines)).toBe(expected);
  }, 120_000);
});
