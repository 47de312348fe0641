/**
 * `ps` as the BusyBox applet of busybox and alpine images prints it (procps/ps.c, the build with
 * FEATURE_PS_TIME that those images have; Debian's busybox-static lacks the TIME column but lays
 * out the others the same way). Every process, whatever the options: `ps aux` and `ps -ef` are
 * taken and print the same table. `-o` picks the columns: each header left-aligned in the
 * column's width, numbers right-aligned, names cut to 8; the last column is not padded.
 */
import type { CommandContext, ExecResult } from 'just-bash';
import { processTable, type ProcessRow } from './process-table.ts';

interface Column {
  header: string;
  width: number;
  value: (r: ProcessRow) => string;
}

const name8 = (s: string) => s.slice(0, 8).padEnd(8);
const number5 = (n: number) => String(n).padStart(5);

/** ps.c's out_spec, in its order (the error message lists them so). */
const COLUMNS: Record<string, Column> = {
  user: { header: 'USER', width: 8, value: (r) => name8(r.userName ?? String(r.uid)) },
  group: { header: 'GROUP', width: 8, value: (r) => name8(r.groupName ?? String(r.gid)) },
  comm: { header: 'COMMAND', width: 16, value: (r) => r.comm.padEnd(16) },
  args: { header: 'COMMAND', width: 0, value: (r) => r.argv.join(' ') },
  pid: { header: 'PID', width: 5, value: (r) => number5(r.pid) },
  ppid: { header: 'PPID', width: 5, value: (r) => number5(r.ppid) },
  pgid: { header: 'PGID', width: 5, value: (r) => number5(r.pid) },
  etime: { header: 'ELAPSED', width: 7, value: () => '   0:00' },
  nice: { header: 'NI', width: 5, value: () => number5(0) },
  rgroup: { header: 'RGROUP', width: 8, value: (r) => name8(r.groupName ?? String(r.gid)) },
  ruser: { header: 'RUSER', width: 8, value: (r) => name8(r.userName ?? String(r.uid)) },
  time: { header: 'TIME', width: 5, value: () => ' 0:00' },
  tty: { header: 'TT', width: 6, value: (r) => (r.tty ?? '?').padEnd(6) },
  vsz: { header: 'VSZ', width: 4, value: () => '1604' },
  sid: { header: 'SID', width: 5, value: (r) => number5(r.pid) },
  stat: { header: 'STAT', width: 4, value: (r) => (r.self ? 'R' : 'S').padEnd(4) },
  rss: { header: 'RSS', width: 4, value: () => ' 904' },
};

const DEFAULT_COLUMNS = ['pid', 'user', 'time', 'args'];

export async function busyboxPs(args: readonly string[], ctx: CommandContext): Promise<ExecResult> {
  const names: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-o') names.push(...(args[++i] ?? '').split(','));
    else if (arg.startsWith('-o')) names.push(...arg.slice(2).split(','));
  }
  const columns: Column[] = [];
  for (const name of names.length > 0 ? names : DEFAULT_COLUMNS) {
    const column = COLUMNS[name];
    if (column === undefined) {
      return { stdout: '', stderr: `ps: bad -o argument '${name}', supported arguments: ${Object.keys(COLUMNS).join(',')}\n`, exitCode: 1 };
    }
    columns.push(column);
  }
  const { rows } = await processTable(ctx, args);
  const line = (cells: string[]) => cells.join(' ').trimEnd() + '\n';
  const header = line(columns.map((c) => c.header.padEnd(c.width)));
  return { stdout: header + rows.map((r) => line(columns.map((c) => c.value(r)))).join(''), stderr: '', exitCode: 0 };
}
