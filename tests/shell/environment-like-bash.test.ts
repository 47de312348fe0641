/**
 * What a student sees of the environment: `env`, `printenv`, `export -p` and `set` show what
 * bash 5.2 (on the host) and BusyBox 1.35 ash (in busybox images) show, never the session's
 * own variables; a container's processes get Docker 27's environment, in Docker's order.
 * Oracles: this machine's bash and Debian's busybox-static, given the same variables.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { layerlabCommands } from '../../src/shell/commands/index.ts';
import { dockerCommand } from '../../src/shell/commands/docker/index.ts';
import { INTERNAL_VARIABLE } from '../../src/shell/shell-variables.ts';
import { containerDaemon } from '../docker/containers-support.ts';
import { describeWithOracles } from '../support/oracles.ts';
import { HOST_ENVIRONMENT } from '../../src/shell/create-shell.ts';
import { runShell } from './support/run-shell.ts';

/** The host session's environment (create-shell.ts), as real bash gets it. */
const { SHLVL: _loginLevel, ...LOGIN } = HOST_ENVIRONMENT;
const HOST_ENV = { ...LOGIN, ...{ PWD: '/', OLDPWD: '/root' }, SHLVL: '0' };

/**
 * Real bash in `/` with the host session's environment. Its stdin is not a socket (Node's pipes
 * are), where bash would read ~/.bashrc as if rshd had started it; a last `:` keeps it from
 * exec'ing the script's last command in its place (one SHLVL down).
 */
function realBash(script: string): string {
  return spawnSync('bash', ['-c', `${script}; :`], { cwd: '/', env: HOST_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).stdout;
}

const host = (script: string) => runShell(`cd /\n${script}`, { commands: layerlabCommands() });

describe('on the host, as bash 5.2 shows them', () => {
  it('env and printenv list the exported variables in the order bash passes them, then _', async () => {
    const script = 'export ZED=1 ALPHA=2 MIDDLE=3; NOT_EXPORTED=4; env; echo --; printenv';
    expect((await host(script)).stdout).toBe(realBash(script));
  });

  it('printenv NAME prints values of exported variables only, status 1 for one missing', async () => {
    const script = 'export A=1; B=2; printenv A HOME; echo "status $?"; printenv B; echo "status $?"; printenv -0 A HOME | tr \'\\\\0\' \'|\'';
    expect((await host(script)).stdout).toBe(realBash(script));
  });

  it('env -u, env -i, NAME=VALUE and a command, as GNU env', async () => {
    const script = 'env -u HOME -u LANG | grep -c -e ^HOME= -e ^LANG=; env -i A=1 B=2; env -i X=y sh -c \'echo "$X"\'; env HOME=/tmp | grep ^HOME=';
    expect((await host(script)).stdout).toBe(realBash(script));
    const errors = 'env -x; echo "status $?"; env -u; echo "status $?"; env no-such-program; echo "status $?"';
    const ours = await host(errors);
    const real = spawnSync('bash', ['-c', errors], { cwd: '/', env: HOST_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect({ stdout: ours.stdout, stderr: ours.stderr }).toEqual({ stdout: real.stdout, stderr: real.stderr });
  });

  it('export -p prints declare -x lines, sorted, without the session’s own variables', async () => {
    const script = 'export ZED=1 ALPHA="a b"; export -p';
    expect((await host(script)).stdout).toBe(realBash(script));
  });

  it('set, export -p and declare -p never show the session’s plumbing or just-bash’s aliases', async () => {
    const run = await host("alias ll='ls -l'\nf() { echo; }\nset; declare -p; export -p; env");
    const names = run.stdout.split('\n').map((line) => /^(?:declare -\S+ )?([^=\s]+)=/.exec(line)?.[1]).filter((name) => name !== undefined);
    expect(names.length).toBeGreaterThan(30);
    expect(names.filter((name) => INTERNAL_VARIABLE.test(name) || name === '?')).toEqual([]);
    expect(run.stdout).toContain("IFS=$' \\t\\n'\n");
    // set's variables come sorted, as bash sorts them.
    const setNames = (await host('set')).stdout.split('\n').filter(Boolean).map((line) => line.split('=')[0]!);
    expect(setNames).toEqual([...setNames].sort());
  });
});

describeWithOracles(['busybox'], 'in a busybox image, as BusyBox 1.35 ash shows them', () => {
  it("env lists ash's variables in the order of its hash table", async () => {
    const exports = 'export B=1 A=2 FOO=3 C=4';
    const daemon = containerDaemon();
    const ours = await runShell(`docker pull -q alpine >/dev/null\ndocker run --rm -h abc alpine sh -c '${exports}; env'`, {
      commands: [dockerCommand(daemon), ...layerlabCommands()],
    });
    const real = spawnSync('/bin/busybox', ['sh', '-c', `${exports}; env`], {
      cwd: '/',
      env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOSTNAME: 'abc', HOME: '/root' },
      encoding: 'utf8',
    }).stdout;
    // just-bash keeps an OLDPWD: the names both have come in the same order.
    const names = (text: string) => text.split('\n').filter(Boolean).map((line) => line.split('=')[0]!);
    const common = (a: string[], b: string[]) => a.filter((name) => b.includes(name));
    const [ourNames, realNames] = [names(ours.stdout), names(real)];
    expect(common(ourNames, realNames)).toEqual(common(realNames, ourNames));
    expect(common(ourNames, realNames)).toEqual(['HOSTNAME', 'SHLVL', 'HOME', 'C', 'A', 'PATH', 'FOO', 'B', 'PWD']);
  });
});

describeWithOracles(['busybox'], 'set and export -p in a busybox image, as BusyBox 1.35 ash prints them', () => {
  it("variables sorted, in ash's quotes; ash's own in set, the exported ones in export -p", async () => {
    const script = `export Q="it's" E=; A="x''y"; set; echo ---; export -p; echo ---; export`;
    const ours = await runShell(`docker pull -q alpine >/dev/null\ndocker run --rm -h abc alpine sh -c ${JSON.stringify(script)}`, {
      commands: [dockerCommand(containerDaemon()), ...layerlabCommands()],
    });
    const real = spawnSync('/bin/busybox', ['sh', '-c', script], {
      cwd: '/',
      env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOSTNAME: 'abc', HOME: '/root' },
      encoding: 'utf8',
    }).stdout;
    // ash counts SHLVL, which the session has not; PPID is the real one's parent.
    const comparable = (text: string) => text.split('\n').filter((line) => !/^(export )?SHLVL=/.test(line)).join('\n').replace(/^PPID='\d+'$/m, "PPID='<n>'");
    expect(comparable(ours.stdout)).toBe(comparable(real));
    expect(ours.stdout).toContain("PPID='0'\n");
  });
});

describe("a container's environment is Docker 27's", () => {
  const docker = (script: string) => runShell(`docker pull -q busybox >/dev/null\n${script}`, { commands: [dockerCommand(containerDaemon()), ...layerlabCommands()] });

  it('PATH, HOSTNAME, (TERM=xterm with -t), the image’s Env and -e, then HOME', async () => {
    const run = await docker('docker run --rm busybox env\ndocker run --rm -t -e X=1 -e HOME=/home/x busybox env\ndocker run --rm -e PATH=/bin busybox env');
    const hex = (text: string) => text.replace(/HOSTNAME=[0-9a-f]{12}\b/g, 'HOSTNAME=<id>');
    expect(hex(run.stdout)).toBe(
      'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nHOSTNAME=<id>\nHOME=/root\n' +
        'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nHOSTNAME=<id>\nTERM=xterm\nX=1\nHOME=/home/x\n' +
        'PATH=/bin\nHOSTNAME=<id>\nHOME=/root\n',
    );
  });

  it("an interactive shell has its container's environment, also on a machine an earlier container left", async () => {
    const run = await docker('docker run --rm -h first busybox true\ndocker run --rm -it -h second -e X=1 busybox sh\nenv\nexit');
    const names = run.stdout.split('\n').filter((line) => line.includes('='));
    expect(names).toContain('HOSTNAME=second');
    expect(names).toContain('X=1');
    expect(names).toContain('TERM=xterm');
    expect(names).not.toContain('HOSTNAME=first');
  });
});
