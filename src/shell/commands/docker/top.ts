/**
 * `docker top CONTAINER [ps OPTIONS]`, as Docker 27 does it: the daemon runs the host's `ps`
 * with the options (`-ef` by default) and the container's host PIDs, keeps the lines of those
 * PIDs, splits each on blanks into as many fields as the header has (the last one takes the
 * rest: the command line), and the CLI lays them out with Go's tabwriter (cells padded by 3,
 * at least 20 wide). So the PIDs, PPIDs and owners are the host's, as the host's `ps` shows them.
 */
import type { CommandContext, ExecResult } from 'just-bash';
import type { Container } from '../../../engine/docker/containers.ts';
import { processesIn } from '../../container/process.ts';
import { processTable } from '../ps/process-table.ts';
import { parseProcpsArgs, procpsTable } from '../ps/ps.ts';
import { fail, ok } from './cli.ts';

export async function containerTop(container: Container, psArgs: readonly string[], ctx: CommandContext, now: number): Promise<ExecResult> {
  const args = psArgs.length === 0 ? ['-ef'] : psArgs.join(' ').split(' ');
  const selection = parseProcpsArgs(args);
  // The daemon reports the first line of what ps said on stderr.
  if (typeof selection === 'string') return fail(`Error response from daemon: ps: error: ${selection}\n`);
  const pids = new Set(processesIn(container).map((p) => String(p.hostPid)));
  const { rows } = await processTable(ctx, args);
  const [header = '', ...lines] = procpsTable(rows, selection.format, now).split('\n');
  const titles = fields(header);
  const pidIndex = titles.indexOf('PID');
  const processes = lines
    .map(fields)
    .filter((f) => f.length > 0 && pids.has(f[pidIndex]!))
    .map((f) => [...f.slice(0, titles.length - 1), f.slice(titles.length - 1).join(' ')]);
  return ok(tabwriter([titles, ...processes]));
}

const fields = (line: string) => line.split(/[\t\n\f\r ]+/).filter((f) => f !== '');

/** Go's text/tabwriter with minwidth 20, padding 3: every cell but a line's last padded to its column. */
function tabwriter(table: readonly string[][]): string {
  const widths: number[] = [];
  for (const row of table) row.slice(0, -1).forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 20, cell.length + 3)));
  return table.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('') + '\n').join('');
}
