/**
 * `ps`: procps-ng 4.0.2 (Debian 12) on the host and in Debian-like images, BusyBox's applet in
 * busybox and alpine images (busybox-ps.ts). The processes are process-table.ts's.
 *
 * procps' formats, with the PID columns 7 wide as on a kernel whose pid_max is 4194304:
 *   ps            `    PID TTY          TIME CMD` — the processes of the same user on the same terminal
 *   ps -e, -A     the same for every process; -f (-ef): `UID PID PPID C STIME TTY TIME CMD` with full command lines
 *   ps x, ax, aux BSD style: `PID TTY STAT TIME COMMAND`, or with u `USER PID %CPU %MEM VSZ RSS TTY STAT START TIME COMMAND`
 * A name wider than its column is cut with a `+` (`systemd+`), as procps does.
 */
import { defineCommand, type Command } from 'just-bash';
import { runsAsBusyboxApplet } from '../../command-context.ts';
import { MEMORY_KIB } from '../system/host-machine.ts';
import { busyboxPs } from './busybox-ps.ts';
import { processTable, type ProcessRow } from './process-table.ts';

export interface PsDeps {
  /** The clock, in seconds (STIME, START). */
  readonly now?: () => number;
}

const USAGE = `
Usage:
 ps [options]

 Try 'ps --help <simple|list|output|threads|misc|all>'
  or 'ps --help <s|l|o|t|m|a>'
 for additional help text.

For more details see ps(1).
`;

export interface Selection {
  all: boolean;
  /** BSD `x`: processes without a terminal too. */
  withoutTerminal: boolean;
  format: 'default' | 'full' | 'bsd' | 'bsd-user';
}

export function psCommand(deps: PsDeps = {}): Command {
  return defineCommand('ps', async (args, ctx) => {
    if (runsAsBusyboxApplet(ctx)) return busyboxPs(args, ctx);
    const selection = parseProcpsArgs(args);
    if (typeof selection === 'string') return { stdout: '', stderr: `error: ${selection}\n${USAGE}`, exitCode: 1 };
    const { rows } = await processTable(ctx, args);
    const me = rows.find((r) => r.self)!;
    const shown = rows.filter((r) => {
      if (selection.all) return true;
      if (selection.format === 'bsd' || selection.format === 'bsd-user') return r.uid === me.uid && (selection.withoutTerminal || r.tty !== undefined);
      return r.uid === me.uid && r.tty === me.tty;
    });
    const now = deps.now?.() ?? Math.floor(Date.now() / 1000);
    return { stdout: procpsTable(shown, selection.format, now), stderr: '', exitCode: 0 };
  });
}

export function parseProcpsArgs(args: readonly string[]): Selection | string {
  const selection: Selection = { all: false, withoutTerminal: false, format: 'default' };
  for (const arg of args) {
    if (arg.startsWith('-')) {
      for (const letter of arg.slice(1)) {
        if (letter === 'e' || letter === 'A') selection.all = true;
        else if (letter === 'f') selection.format = 'full';
        else return 'unsupported SysV option';
      }
    } else {
      let a = false;
      for (const letter of arg) {
        if (letter === 'a') a = true;
        else if (letter === 'x') selection.withoutTerminal = true;
        else if (letter === 'u') selection.format = 'bsd-user';
        else return 'unsupported option (BSD syntax)';
      }
      if (selection.format !== 'bsd-user') selection.format = 'bsd';
      if (a && selection.withoutTerminal) selection.all = true;
    }
  }
  return selection;
}

export function procpsTable(rows: readonly ProcessRow[], format: Selection['format'], now: number): string {
  const pid = (n: number | string) => String(n).padStart(7);
  const tty = (r: ProcessRow) => (r.tty ?? '?').padEnd(8);
  const args = (r: ProcessRow) => r.argv.join(' ');
  const clock = hoursMinutes(now);
  switch (format) {
    case 'default':
      return `${pid('PID')} TTY          TIME CMD\n` + rows.map((r) => `${pid(r.pid)} ${tty(r)} 00:00:00 ${r.comm}\n`).join('');
    case 'full':
      return `${'UID'.padEnd(8)} ${pid('PID')} ${pid('PPID')}  C STIME TTY          TIME CMD\n` +
        rows.map((r) => `${userColumn(r)} ${pid(r.pid)} ${pid(r.ppid)}  0 ${clock} ${tty(r)} 00:00:00 ${args(r)}\n`).join('');
    case 'bsd':
      return `${pid('PID')} TTY      STAT   TIME COMMAND\n` + rows.map((r) => `${pid(r.pid)} ${tty(r)} ${stat(r).padEnd(6)} 0:00 ${args(r)}\n`).join('');
    case 'bsd-user':
      return `${'USER'.padEnd(8)} ${pid('PID')} %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n` +
        rows.map((r) => {
          const { vsz, rss } = memoryOf(r);
          const mem = ((rss * 100) / MEMORY_KIB.total).toFixed(1);
          return `${userColumn(r)} ${pid(r.pid)}  0.0 ${mem.padStart(4)} ${String(vsz).padStart(6)} ${String(rss).padStart(5)} ${tty(r)} ${stat(r).padEnd(4)} ${clock}   0:00 ${args(r)}\n`;
        }).join('');
  }
}

/** The owner, 8 wide: the name, cut with `+` when longer, or the uid when it has none. */
function userColumn(r: ProcessRow): string {
  const name = r.userName ?? String(r.uid);
  return (name.length > 8 ? `${name.slice(0, 7)}+` : name).padEnd(8);
}

/** STAT: the `ps` runs (R), the rest sleep (S); `s` a session leader, `+` in the terminal's foreground. */
function stat(r: ProcessRow): string {
  return (r.self ? 'R' : 'S') + (r.sessionLeader ? 's' : '') + (r.self && r.tty !== undefined ? '+' : '');
}

/** Virtual and resident sizes (KiB) of the usual programs, near what they take on Debian 12. */
const MEMORY_OF: Record<string, { vsz: number; rss: number }> = {
  systemd: { vsz: 167744, rss: 11776 },
  containerd: { vsz: 1875424, rss: 45236 },
  dockerd: { vsz: 2280040, rss: 81408 },
  'containerd-shim': { vsz: 1238540, rss: 12544 },
  bash: { vsz: 7236, rss: 4096 },
  ps: { vsz: 11084, rss: 4352 },
};

function memoryOf(r: ProcessRow): { vsz: number; rss: number } {
  return MEMORY_OF[r.comm] ?? { vsz: 2420, rss: 1024 };
}

function hoursMinutes(seconds: number): string {
  const date = new Date(seconds * 1000);
  return `${String(date.getUTCHours()).padStart(2, '0')}:${String(date.getUTCMinutes()).padStart(2, '0')}`;
}
