/**
 * `ps` shows a container's processes — the main one, the running `docker exec`s and the `ps`
 * itself — in BusyBox's format in busybox images, and the host's in procps' format.
 *
 * Oracles: Debian's busybox-static 1.35 lays out `-o pid,user,args` (and its header) exactly as
 * our applet does for a `sleep 1000` it can see on this machine; it lacks the TIME column that
 * the busybox image's build has, which follows procps/ps.c (`%5s` of `m:ss`). procps' headers
 * are compared with this machine's procps-ng 4.0.2 once the PID width (from pid_max) is equalised.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layerlabCommands } from '../../src/shell/commands/index.ts';
import { dockerCommand } from '../../src/shell/commands/docker/index.ts';
import { containerDaemon } from '../docker/containers-support.ts';
import { FIXED_NOW, runShell } from './support/run-shell.ts';
import { describeWithOracles, requireOracles } from '../support/oracles.ts';

const withBusybox = (script: string) => {
  const daemon = containerDaemon();
  return runShell(`docker pull -q busybox >/dev/null\ndocker run -d --name box busybox sleep 1000 >/dev/null\n${script}`, {
    commands: [dockerCommand(daemon), ...layerlabCommands({ now: () => FIXED_NOW })],
  });
};

describe('ps in a busybox container', () => {
  it('lists the main process and the ps itself, exec’d as PID 7, with BusyBox’s TIME column', async () => {
    const run = await withBusybox('docker exec box ps');
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('PID   USER     TIME  COMMAND\n    1 root      0:00 sleep 1000\n    7 root      0:00 ps\n');
  });

  it('takes `ps aux` and `ps -ef` and prints the same table', async () => {
    const run = await withBusybox('docker exec box ps aux\ndocker exec box ps -ef');
    const tables = run.stdout.split(/(?=PID {3}USER)/);
    expect(tables).toHaveLength(2);
    expect(tables[0]).toBe('PID   USER     TIME  COMMAND\n    1 root      0:00 sleep 1000\n    7 root      0:00 ps aux\n');
    expect(tables[1]).toBe('PID   USER     TIME  COMMAND\n    1 root      0:00 sleep 1000\n   13 root      0:00 ps -ef\n');
  });

  it('a ps run by a shell is its child with the next PID; an ended exec is gone', async () => {
    const run = await withBusybox("docker exec box sh -c 'ps -o pid,ppid,user,args; true'\ndocker exec box ps -o pid,args");
    expect(run.stdout).toBe(
      'PID   PPID  USER     COMMAND\n    1     0 root     sleep 1000\n    7     0 root     sh -c ps -o pid,ppid,user,args; true\n   13     7 root     ps -o pid,ppid,user,args\n' +
        'PID   COMMAND\n    1 sleep 1000\n   14 ps -o pid,args\n',
    );
  });

  it('the one command of `sh -c` is exec\'d by ash in the shell\'s place: ps is the exec\'s PID, its parent outside', async () => {
    const run = await withBusybox("docker exec box sh -c 'ps -o pid,ppid,args'");
    expect(run.stdout).toBe('PID   PPID  COMMAND\n    1     0 sleep 1000\n    7     0 ps -o pid,ppid,args\n');
  });

  it('names owners from the container’s /etc/passwd, and shows a uid it lacks as a number', async () => {
    const daemon = containerDaemon();
    const run = await runShell('docker pull -q busybox >/dev/null\ndocker run -d --name box -u nobody busybox sleep 1000 >/dev/null\ndocker exec -u 4242 box ps', {
      commands: [dockerCommand(daemon), ...layerlabCommands({ now: () => FIXED_NOW })],
    });
    expect(run.stdout).toBe('PID   USER     TIME  COMMAND\n    1 nobody    0:00 sleep 1000\n    7 4242      0:00 ps\n');
  });

  it('rejects an -o column it does not have, listing the ones it has', async () => {
    const run = await withBusybox('docker exec box ps -o pid,bogus');
    expect(run.stderr).toBe("ps: bad -o argument 'bogus', supported arguments: user,group,comm,args,pid,ppid,pgid,etime,nice,rgroup,ruser,time,tty,vsz,sid,stat,rss\n");
    expect(run.stdout).toBe('');
  });
});

describeWithOracles(['busybox'], 'BusyBox 1.35 lays out the columns the same way', () => {
  let sleeper: ReturnType<typeof spawn>;
  beforeAll(() => {
    sleeper = spawn('sleep', ['1000'], { stdio: 'ignore' });
  });
  afterAll(() => sleeper.kill());

  it('-o pid,user,args: the header, and a sleep 1000 line once the PIDs are equal', async () => {
    const real = spawnSync('/bin/busybox', ['ps', '-o', 'pid,user,args'], { encoding: 'utf8' }).stdout.split('\n');
    const realSleep = real.find((line) => line.trimStart().startsWith(`${sleeper.pid} `))!;
    const run = await withBusybox('docker exec box ps -o pid,user,args');
    const ours = run.stdout.split('\n');
    expect(ours[0]).toBe(real[0]);
    expect(ours[1]).toBe(realSleep.replace(/^ *\d+/, (pid) => '1'.padStart(pid.length)));
  });
});

describe('ps on the host (procps-ng)', () => {
  const host = (script: string) => {
    const daemon = containerDaemon();
    return runShell(script, { commands: [dockerCommand(daemon), ...layerlabCommands({ now: () => FIXED_NOW })] });
  };

  it('shows the login shell and the ps on the terminal', async () => {
    const run = await host('ps');
    expect(run.stdout).toMatch(/^ {4}PID TTY {10}TIME CMD\n {3}1021 pts\/0 {4}00:00:00 bash\n {3}\d{4} pts\/0 {4}00:00:00 ps\n$/);
  });

  it('-ef shows a running container’s process under its runtime shim, and BSD `aux` its memory columns', async () => {
    const run = await host('docker pull -q busybox >/dev/null\ndocker run -d --name box busybox sleep 1000 >/dev/null\nps -ef\nps aux');
    const [full, user] = run.stdout.split(/(?=USER )/);
    const lines = full!.split('\n');
    expect(lines[0]).toBe('UID          PID    PPID  C STIME TTY          TIME CMD');
    expect(lines[1]).toBe('root           1       0  0 03:04 ?        00:00:00 /sbin/init');
    const shim = lines.find((l) => l.includes('containerd-shim-runc-v2'))!;
    const shimPid = shim.split(/\s+/)[1]!;
    expect(lines.find((l) => l.endsWith(' sleep 1000'))).toMatch(new RegExp(`^root +\\d+ +${shimPid}  0 03:04 \\? +00:00:00 sleep 1000$`));
    expect(user!.split('\n')[0]).toBe('USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND');
    expect(user).toMatch(/\nroot +\d+  0\.0  0\.1  11084  4352 pts\/0    R\+   03:04   0:00 ps aux\n$/);
  });

  it('headers match procps-ng’s with its PID width', () => {
    const pidWidth = readFileSync('/proc/sys/kernel/pid_max', 'utf8').trim().length;
    const header = (args: string[]) => spawnSync('ps', args, { encoding: 'utf8' }).stdout.split('\n')[0]!;
    const widen = (line: string) => line.replace(/( *)(PID|PPID)\b/g, (_m, pad: string, name: string) => name.padStart(pad.length + name.length + (7 - pidWidth)));
    requireOracles('procps');
    expect(widen(header([]))).toBe('    PID TTY          TIME CMD');
    expect(widen(header(['-ef']))).toBe('UID          PID    PPID  C STIME TTY          TIME CMD');
    expect(widen(header(['aux']))).toBe('USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND');
  });
});
