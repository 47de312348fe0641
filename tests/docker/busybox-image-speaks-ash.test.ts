/**
 * busybox:latest and alpine run BusyBox's shell because their /bin/sh is /bin/busybox (a hard
 * link in busybox:latest, a symlink in alpine), so what the shell says is ash's: `not found`,
 * `can't cd to`, and the `/ # ` prompt of `docker run -it`. Each is compared with Debian's
 * busybox-static 1.35 (/bin/busybox) run on this machine.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { dockerCommand } from '../../src/shell/commands/docker/index.ts';
import { createShell } from '../../src/shell/create-shell.ts';
import { FIXED_NOW } from '../shell/support/run-shell.ts';
import { containerDaemon } from './containers-support.ts';
import { runDocker } from './support/docker-shell.ts';

const BUSYBOX_MISSING = 'these tests compare with Debian\'s busybox-static 1.35 at /bin/busybox: apt-get install -y busybox-static';
const SCRIPT_MISSING = 'the prompt test needs util-linux `script` for a pty: apt-get install -y util-linux';

function requireOracle(program: string, args: string[], missing: string): void {
  const probe = spawnSync(program, args, { encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0) throw new Error(missing);
}

/** `/bin/busybox sh -c SCRIPT`: stderr and status. */
function realAsh(script: string): { stderr: string; status: number } {
  requireOracle('/bin/busybox', ['true'], BUSYBOX_MISSING);
  const result = spawnSync('/bin/busybox', ['sh', '-c', script], { cwd: '/', encoding: 'utf8', env: { PATH: '/nonexistent', HOME: '/root' } });
  return { stderr: result.stderr, status: result.status ?? -1 };
}

/** `docker run IMAGE sh -c SCRIPT` in the playground: stderr and status. */
async function oursAsh(image: string, script: string): Promise<{ stderr: string; status: number }> {
  const quoted = `'${script.replace(/'/g, "'\\''")}'`;
  const run = await runDocker(`docker pull -q ${image} >/dev/null\ndocker run --rm ${image} sh -c ${quoted}\necho "status $?"`, { daemon: containerDaemon() });
  const status = Number(/status (\d+)\n$/.exec(run.stdout)?.[1]);
  return { stderr: run.stderr, status };
}

describe('sh in busybox and alpine containers fails in ash\'s words', () => {
  it.each(['busybox', 'alpine'])('%s: sh -c nope says `sh: nope: not found`, status 127', async (image) => {
    const real = realAsh('nope');
    expect(real).toEqual({ stderr: 'sh: nope: not found\n', status: 127 });
    expect(await oursAsh(image, 'nope')).toEqual(real);
  });

  it.each([
    ['busybox', 'cd /nope'],
    ['alpine', 'cd /nope'],
    ['busybox', 'cd /etc/passwd'],
    // The second line of `sh -c` (BusyBox 1.35 counts them from 0 there).
    ['alpine', 'true\ncd /nope/deeper'],
  ])('%s: sh -c %j words cd\'s failure and its status (2) as ash', async (image, script) => {
    const real = realAsh(script);
    expect(real.stderr).toMatch(/^sh: cd: line \d: can't cd to /);
    expect(await oursAsh(image, script)).toEqual(real);
  });

  it('called as /bin/sh (docker build\'s RUN), ash names itself so: /bin/sh: nope: not found, /bin/sh: cd: line 0: …', async () => {
    requireOracle('/bin/busybox', ['true'], BUSYBOX_MISSING);
    const script = 'nope; /etc; cd /nope; echo "$0"';
    // busybox picks the applet, and ash its name, from argv[0].
    const real = spawnSync('/bin/busybox', ['-c', script], { argv0: '/bin/sh', cwd: '/', encoding: 'utf8', env: { PATH: '/nonexistent' } });
    const run = await runDocker(`docker pull -q alpine >/dev/null\ndocker run --rm alpine /bin/sh -c '${script}'`, { daemon: containerDaemon() });
    expect(real.stderr).toMatch(/^\/bin\/sh: nope: not found\n/);
    expect({ stdout: run.stdout, stderr: run.stderr }).toEqual({ stdout: real.stdout, stderr: real.stderr });
  });

  it('a cd that fails does not end sh -c: the next command runs and sees status 2', async () => {
    const script = 'cd /nope; echo "after $?"';
    const real = spawnSync('/bin/busybox', ['sh', '-c', script], { cwd: '/', encoding: 'utf8' });
    const run = await runDocker(`docker pull -q busybox >/dev/null\ndocker run --rm busybox sh -c '${script}'`, { daemon: containerDaemon() });
    expect({ stdout: run.stdout, stderr: run.stderr }).toEqual({ stdout: real.stdout, stderr: real.stderr });
  });

  it('the host shell is still bash: cd and a missing command keep bash\'s words', async () => {
    const run = await runDocker('cd /nope\nnope', { daemon: containerDaemon() });
    expect(run.stderr).toBe('bash: cd: /nope: No such file or directory\nbash: nope: command not found\n');
  });
});

/**
 * The prompts an interactive `/bin/busybox sh -i` shows (started in `/`, HOME=/root, as root)
 * while `lines` are typed, and what it writes besides (the banner left out: Docker's images
 * show none, as `docker run -it busybox` starts ash without it).
 */
function realInteractive(lines: string[]): { prompts: string[]; errors: string[] } {
  requireOracle('/bin/busybox', ['true'], BUSYBOX_MISSING);
  requireOracle('script', ['-qc', 'true', '/dev/null'], SCRIPT_MISSING);
  if (process.getuid?.() !== 0) throw new Error('the prompt oracle runs as root (ash shows `#` for uid 0 only)');
  const result = spawnSync('script', ['-qc', '/bin/busybox sh -i', '/dev/null'], {
    cwd: '/',
    input: lines.map((line) => `${line}\n`).join(''),
    encoding: 'utf8',
    env: { HOME: '/root', PATH: '/bin', TERM: 'dumb' },
  });
  const shown = result.stdout.replace(/\r/g, '').split('\n');
  const prompts: string[] = [];
  const errors: string[] = [];
  for (const line of shown) {
    const typed = lines.find((l) => line.endsWith(l) && line.length > l.length);
    if (typed !== undefined && /[#$] $/.test(line.slice(0, -typed.length))) prompts.push(line.slice(0, -typed.length));
    else if (line.startsWith('sh: ')) errors.push(line);
  }
  return { prompts, errors };
}

async function oursInteractive(image: string, command: string, lines: string[]): Promise<{ prompts: string[]; errors: string[] }> {
  const daemon = containerDaemon();
  await daemon.pull(image, () => {});
  const session = await createShell({ terminal: { stdout: () => {}, stderr: () => {} }, commands: [dockerCommand(daemon)], now: () => FIXED_NOW });
  const prompts: string[] = [];
  let stderr = '';
  let next = 0;
  // The lines after the command are typed into the container's shell, which shows its prompt for each.
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

describe('docker run -it: ash\'s prompt', () => {
  const lines = ['cd /root', 'cd /nope', 'cd /', 'exit'];

  it.each([
    ['busybox', 'docker run -it busybox'],
    ['alpine', 'docker run -it alpine sh'],
  ])('%s: `/ # `, `~ # ` in root\'s home, and cd\'s error without a line number, as busybox sh -i shows them', async (image, command) => {
    const real = realInteractive(lines);
    expect(real.prompts).toEqual(['/ # ', '~ # ', '~ # ', '/ # ']);
    expect(await oursInteractive(image, command, lines)).toEqual(real);
  });
});
