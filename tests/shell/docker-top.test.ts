/**
 * `docker top` shows a container's processes as the host's `ps` sees them (host PIDs, the shim
 * as parent), split into the header's fields and laid out by Go's tabwriter (padding 3, at least
 * 20 wide); a stopped container is the daemon's error, and the help is Docker 27.5's.
 */
import { describe, expect, it } from 'vitest';
import { dockerCommand } from '../../src/shell/commands/docker/index.ts';
import { layerlabCommands } from '../../src/shell/commands/index.ts';
import { containerDaemon } from '../docker/containers-support.ts';
import { FIXED_NOW, runShell } from './support/run-shell.ts';

const shell = (script: string) =>
  runShell(`docker pull -q busybox >/dev/null\ndocker run -d --name box busybox sleep 1000 >/dev/null\n${script}`, {
    commands: [dockerCommand(containerDaemon()), ...layerlabCommands({ now: () => FIXED_NOW })],
  });

const fields = (line: string) => line.trim().split(/ +/);

/** The start column of each cell, for a line whose cells are separated by runs of spaces. */
const starts = (line: string) => [...line.matchAll(/(?:^|(?<= ))[^ ]/g)].map((m) => m.index);

describe('docker top', () => {
  it('lists the container’s processes with the fields the host’s ps -ef prints for them', async () => {
    const run = await shell('docker exec -d box sleep 2000\ndocker top box\nps -ef');
    expect(run.stderr).toBe('');
    const [top, ps] = [run.stdout.split(/(?=UID {8} )/)[0]!, run.stdout.split(/(?=UID {8} )/)[1]!];
    const topLines = top.trimEnd().split('\n');
    expect(fields(topLines[0]!)).toEqual(['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD']);
    const hostRows = ps.trimEnd().split('\n').slice(1).map(fields);
    const sleeps = hostRows.filter((r) => r[7] === 'sleep');
    expect(sleeps).toHaveLength(2);
    // Same UID, PID, PPID, C, TTY, TIME and command as the host's ps (STIME is each one's clock).
    const topRows = topLines.slice(1).map(fields);
    const drop = (r: string[]) => [...r.slice(0, 4), ...r.slice(5)];
    expect(topRows.map(drop)).toEqual(sleeps.map(drop));
    // The shim is the main process's parent; no host process but the container's is listed.
    expect(topRows[0]![2]).toBe(hostRows.find((r) => r[7] === '/usr/bin/containerd-shim-runc-v2')![1]);
  });

  it('lays cells out 20 wide (tabwriter: minwidth 20, padding 3), the command line unpadded', async () => {
    const run = await shell('docker top box');
    for (const line of run.stdout.trimEnd().split('\n')) {
      expect(starts(line).slice(0, 8)).toEqual([0, 20, 40, 60, 80, 100, 120, 140]);
      expect(line).not.toMatch(/ $/);
    }
  });

  it('ps options pick the columns: BSD `aux` gives USER … COMMAND, PID still in the second column', async () => {
    const run = await shell('docker top box aux');
    const lines = run.stdout.trimEnd().split('\n');
    expect(fields(lines[0]!)).toEqual(['USER', 'PID', '%CPU', '%MEM', 'VSZ', 'RSS', 'TTY', 'STAT', 'START', 'TIME', 'COMMAND']);
    expect(fields(lines[1]!).at(-1)).toBe('1000');
    expect(lines.every((l) => l.indexOf(fields(l)[1]!) === 20)).toBe(true);
  });

  it('a stopped container is the daemon’s “is not running”; an unknown one “No such container”', async () => {
    const run = await shell('docker run --name done busybox true\ndocker top done\ndocker top nope');
    const id = (await shell('docker run --name done busybox true\ndocker inspect -f "{{.Id}}" done')).stdout.trim();
    expect(run.stderr).toBe(`Error response from daemon: container ${id} is not running\nError response from daemon: No such container: nope\n`);
    expect(run.status).toBe(1);
  });

  it('passes what follows the container to ps, and reports ps’s complaint as the daemon does', async () => {
    const run = await shell('docker top box -ef\ndocker top box -Z');
    expect(fields(run.stdout.split('\n')[0]!)[0]).toBe('UID');
    expect(run.stderr).toBe('Error response from daemon: ps: error: unsupported SysV option\n');
  });

  it('has Docker 27.5’s help, and is `docker container top` too', async () => {
    const run = await shell('docker top --help\ndocker container top box | head -1');
    expect(run.stdout).toBe(
      '\nUsage:  docker top CONTAINER [ps OPTIONS]\n\nDisplay the running processes of a container\n\nAliases:\n  docker container top, docker top\n' +
        `UID${' '.repeat(17)}PID${' '.repeat(17)}PPID${' '.repeat(16)}C${' '.repeat(19)}STIME${' '.repeat(15)}TTY${' '.repeat(17)}TIME${' '.repeat(16)}CMD\n`,
    );
  });
});
