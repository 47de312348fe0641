/**
 * Debian's /bin/sh is dash 0.5.12: `sh` in a debian container words its errors as dash does
 * (`sh: 1: nope: not found`, `sh: 1: cd: can't cd to /nope`, `cannot create …: Directory
 * nonexistent`) and `docker run -it debian sh` prompts `# `, while bash in the same container
 * keeps bash's. Oracle: dash on this machine, called `sh` (apt-get install -y dash).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { dockerCommand } from '../../src/shell/commands/docker/index.ts';
import { createShell } from '../../src/shell/create-shell.ts';
import { FIXED_NOW } from '../shell/support/run-shell.ts';
import { containerDaemon } from './containers-support.ts';
import { runDocker } from './support/docker-shell.ts';

const DASH_MISSING = 'these tests compare with dash (Debian\'s /bin/sh): apt-get install -y dash';
const SCRIPT_MISSING = 'the prompt test needs util-linux `script` for a pty: apt-get install -y bsdutils';

function requireOracle(program: string, args: string[], missing: string): void {
  const probe = spawnSync(program, args, { encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0) throw new Error(missing);
}

/** `sh -c SCRIPT` where sh is dash: stderr and status. */
function realDash(script: string): { stderr: string; status: number } {
  requireOracle('/bin/dash', ['-c', 'true'], DASH_MISSING);
  const result = spawnSync('/bin/dash', ['-c', script], { argv0: 'sh', cwd: '/', encoding: 'utf8', env: { PATH: '/nonexistent', HOME: '/root' } });
  return { stderr: result.stderr, status: result.status ?? -1 };
}

async function oursSh(image: string, program: string, script: string): Promise<{ stderr: string; status: number }> {
  const quoted = `'${script.replace(/'/g, "'\\''")}'`;
  const run = await runDocker(`docker pull -q ${image} >/dev/null\ndocker run --rm ${image} ${program} -c ${quoted}\necho "status $?"`, { daemon: containerDaemon() });
  return { stderr: run.stderr, status: Number(/status (\d+)\n$/.exec(run.stdout)?.[1]) };
}

describe("sh in a debian container fails in dash's words", () => {
  it.each([
    ['a missing command', 'nope'],
    ['on the second line', 'true\nnope'],
    ['a path that is a directory', '/etc'],
    ['cd (status 2, no reason given)', 'cd /nope'],
  ])('%s', async (_what, script) => {
    const real = realDash(script);
    expect(real.stderr).toMatch(/^sh: \d: /);
    expect(await oursSh('debian', 'sh', script)).toEqual(real);
  }, 60_000);

  // The words only: dash's status for a failed redirection is 2, the playground's 1 (bash's and ash's).
  it.each([
    ['a redirection into a missing directory', 'echo x > /nope/y'],
    ['a missing input file', 'cat < /nope'],
  ])('%s: the words', async (_what, script) => {
    const real = realDash(script);
    expect(real.stderr).toMatch(/^sh: \d: cannot /);
    expect((await oursSh('debian', 'sh', script)).stderr).toBe(real.stderr);
  }, 60_000);

  it('bash in the same container, even started by sh, keeps bash\'s words', async () => {
    expect(await oursSh('debian', 'bash', 'nope')).toEqual({ stderr: 'bash: nope: command not found\n', status: 127 });
    expect(await oursSh('debian', 'sh', 'bash -c nope')).toEqual({ stderr: 'bash: nope: command not found\n', status: 127 });
  }, 60_000);
});

/** The prompts `sh -i` (dash) shows while `lines` are typed, and its error lines. */
function realInteractive(lines: string[]): { prompts: string[]; errors: string[] } {
  requireOracle('/bin/dash', ['-c', 'true'], DASH_MISSING);
  requireOracle('script', ['-qc', 'true', '/dev/null'], SCRIPT_MISSING);
  if (process.getuid?.() !== 0) throw new Error('the prompt oracle runs as root (dash shows `#` for uid 0 only)');
  const result = spawnSync('script', ['-qc', 'bash -c "exec -a sh dash -i"', '/dev/null'], {
    cwd: '/',
    input: lines.map((line) => `${line}\n`).join(''),
    encoding: 'utf8',
    env: { HOME: '/root', PATH: '/bin', TERM: 'dumb' },
  });
  // The pty echoes the typed lines first (all are typed at once), then come the prompts and errors.
  const shown = result.stdout.replace(/\r/g, '').split('\n').slice(lines.length).join('\n');
  const prompts = [...shown.matchAll(/^(?:[#$] )+/gm)].flatMap((run) => run[0].match(/[#$] /g)!);
  const errors = [...shown.matchAll(/sh: \d+: .*/g)].map((match) => match[0]);
  return { prompts, errors };
}

async function oursInteractive(command: string, lines: string[]): Promise<{ prompts: string[]; errors: string[] }> {
  const daemon = containerDaemon();
  await daemon.pull('debian', () => {});
  const session = await createShell({ terminal: { stdout: () => {}, stderr: () => {} }, commands: [dockerCommand(daemon)], now: () => FIXED_NOW });
  const prompts: string[] = [];
  let stderr = '';
  let next = 0;
  session.setTerminal({
    stdout: () => {},
    stderr: (bytes) => (stderr += new TextDecoder().decode(bytes)),
    readLine: async (prompt) => {
      if (next >= lines.length) return null;
      prompts.push(prompt);
      return lines[next++]!;
    },
  });
  await session.run(command);
  return { prompts, errors: stderr.split('\n').filter((line) => line !== '') };
}

describe("docker run -it debian sh: dash's prompt and words", () => {
  it('`# `, and errors numbered by the lines typed, as sh -i (dash) shows them', async () => {
    const lines = ['nope', 'cd /nope', 'true', 'nope', 'exit'];
    const real = realInteractive(lines);
    expect(real.prompts).toEqual(['# ', '# ', '# ', '# ', '# ']);
    expect(await oursInteractive('docker run -it debian sh', lines)).toEqual(real);
  }, 60_000);

  it('bash in the same image keeps its prompt', async () => {
    const ours = await oursInteractive('docker run -it debian bash', ['nope', 'exit']);
    expect(ours.prompts[0]).toMatch(/^root@[0-9a-f]{12}:\/# $/);
    expect(ours.errors).toEqual(['bash: nope: command not found']);
  }, 60_000);
});
