/**
 * /proc/self in a container names the process that reads it, as procfs does: the program a
 * shell runs is a process of its own (a child with the container's next PID), except the one
 * command of `sh -c 'CMD'`, which ash (like dash and bash) execs in the shell's place, PID 1.
 */
import { describe, expect, it } from 'vitest';
import { containerDaemon } from './containers-support.ts';
import { runDocker } from './support/docker-shell.ts';

const pull = 'docker pull -q busybox >/dev/null\n';
const run = (script: string) => runDocker(pull + script, { daemon: containerDaemon() });

describe('/proc/self in a busybox container', () => {
  it('`cat /proc/self/cmdline` in a pipeline prints cat\'s own command line', async () => {
    const r = await run(`docker run --rm busybox sh -c 'cat /proc/self/cmdline | tr "\\0" " "'`);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('cat /proc/self/cmdline ');
  });

  it('the one command of `sh -c` takes the shell\'s place: PID 1, its cmdline, no other process in /proc', async () => {
    const r = await run(
      `docker run --rm busybox sh -c 'cat /proc/self/cmdline' | tr '\\0' '|'; echo\n` +
        `docker run --rm busybox sh -c 'grep -E "^(Name|Pid|PPid):" /proc/self/status'\n` +
        `docker run --rm busybox sh -c 'ls /proc' | grep '^[0-9]'`,
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('cat|/proc/self/cmdline|\nName:\tgrep\nPid:\t1\nPPid:\t0\n1\n');
  });

  it('a command among others is a child of the shell: its own PID, status Name:, exe, and a directory in /proc', async () => {
    const r = await run(
      `docker run --rm busybox sh -c 'readlink /proc/self/exe; grep -E "^(Name|Pid|PPid):" /proc/self/status; ls /proc >/tmp/ls; grep "^[0-9]" /tmp/ls; readlink /proc/self'`,
    );
    expect(r.stderr).toBe('');
    // busybox:latest's applets are hard links of /bin/busybox: exe is the name it was run by.
    expect(r.stdout).toBe('/bin/readlink\nName:\tgrep\nPid:\t8\nPPid:\t1\n1\n9\n11\n');
  });

  it('`docker run busybox readlink /proc/self/exe` is the main process: PID 1', async () => {
    const r = await run('docker run --rm busybox readlink /proc/self\ndocker run --rm busybox cat /proc/1/comm');
    expect(r.stdout).toBe('1\ncat\n');
  });

  it('`ps` in `sh -c` lists the shell and itself; the exec\'d `ps` alone is PID 1', async () => {
    const r = await run(`docker run --rm busybox sh -c 'ps; true'\ndocker run --rm busybox sh -c 'ps'`);
    expect(r.stdout).toBe(
      'PID   USER     TIME  COMMAND\n    1 root      0:00 sh -c ps; true\n    7 root      0:00 ps\n' + 'PID   USER     TIME  COMMAND\n    1 root      0:00 ps\n',
    );
  });

  it('`exec` in a script hands the shell\'s PID to the program, as execve does', async () => {
    const r = await run(`docker run --rm busybox sh -c 'true; exec grep -E "^(Name|Pid|PPid):" /proc/self/status'`);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('Name:\tgrep\nPid:\t1\nPPid:\t0\n');
  });
});
