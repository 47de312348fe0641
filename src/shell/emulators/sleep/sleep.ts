/**
 * `sleep` in real time, ended early by a signal: `docker stop` (SIGTERM, status 143, as a
 * program that does not handle it dies), Ctrl+C (130), or the shell's abort.
 */
import { defineCommand, type Command, type CommandContext } from 'just-bash';
import { sessionOf, shellFsOf } from '../../command-context.ts';
import { usageError } from '../../commands/shared/getopt.ts';
import { idleWhile } from '../../loop-yield.ts';
import { processOf, SIGNAL_NUMBERS, type Signal } from '../../container/process.ts';

const UNITS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };

function seconds(arg: string): number | undefined {
  if (arg === 'infinity' || arg === 'inf') return Number.POSITIVE_INFINITY;
  const match = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(arg);
  return match ? Number(match[1]) * UNITS[match[2]!]! : undefined;
}

export function sleepCommand(): Command {
  return defineCommand('sleep', async (args, ctx) => {
    if (args.length === 0) return usageError('sleep', 'missing operand');
    let total = 0;
    for (const arg of args) {
      const s = seconds(arg);
      if (s === undefined) return usageError('sleep', `invalid time interval '${arg}'`);
      total += s;
    }
    const signal = await idleUntilSignal(ctx, total);
    if (signal === undefined) return { stdout: '', stderr: '', exitCode: 0 };
    return { stdout: '', stderr: '', exitCode: 128 + SIGNAL_NUMBERS[signal] };
  });
}

/**
 * Wait, idle, `seconds` (forever by default) or until a signal ends the program: `docker stop`
 * (SIGTERM), Ctrl+C (SIGINT) or the shell's abort (SIGKILL). Undefined when the time ran out.
 */
export async function idleUntilSignal(ctx: CommandContext, seconds = Number.POSITIVE_INFINITY): Promise<Signal | undefined> {
  const total = seconds;
  const process = processOf(ctx);
  const session = process ? undefined : sessionOf(ctx);
  return idleWhile(
    shellFsOf(ctx),
    new Promise<Signal | undefined>((resolve) => {
      const cleanups: (() => void)[] = [];
      const finish = (value: Signal | undefined) => {
        for (const cleanup of cleanups) cleanup();
        resolve(value);
      };
      if (Number.isFinite(total)) {
        const timer = setTimeout(() => finish(undefined), total * 1000);
        cleanups.push(() => clearTimeout(timer));
      }
      if (process) {
        const listener = (s: Signal) => finish(s);
        process.signalListeners.add(listener);
        cleanups.push(() => process.signalListeners.delete(listener));
      }
      if (session) cleanups.push(session.onInterrupt(() => finish('SIGINT')) as () => void);
      if (ctx.signal) {
        const onAbort = () => finish('SIGKILL');
        ctx.signal.addEventListener('abort', onAbort);
        cleanups.push(() => ctx.signal!.removeEventListener('abort', onAbort));
      }
    }),
  );
}
