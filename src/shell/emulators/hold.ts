/**
 * How a long-running emulated program runs: in a container process it *holds* (see
 * container/process.ts); in a shell with a terminal (the host, `docker run -it … sh`) it prints
 * what it has, then runs in the foreground until Ctrl+C.
 */
import type { CommandContext, ExecResult } from 'just-bash';
import { liveStreamsOf, sessionOf } from '../command-context.ts';
import { processOf, type HeldProgram, type ProcessOutput } from '../container/process.ts';

export async function runLongLived(ctx: CommandContext, startup: { stdout: string; stderr: string }, program: HeldProgram): Promise<ExecResult> {
  const process = processOf(ctx);
  if (process) {
    // A second server in the same process (an entrypoint that execs twice) adds nothing.
    if (process.hold) return { stdout: '', stderr: '', exitCode: 0 };
    process.hold = program;
    return { ...startup, exitCode: 0 };
  }
  const session = sessionOf(ctx);
  if (!session) return { ...startup, exitCode: 0 };
  const encoder = new TextEncoder();
  // What goes to the shell's own output is shown as it is written; the rest (a pipe, a file)
  // is the program's output when it ends.
  const live = liveStreamsOf(ctx);
  const kept = { stdout: '', stderr: '' };
  const writer = (stream: 'stdout' | 'stderr') => (text: string) => (live[stream] ? session.terminal[stream](encoder.encode(text)) : (kept[stream] += text));
  const out: ProcessOutput = { stdout: writer('stdout'), stderr: writer('stderr') };
  out.stdout(startup.stdout);
  out.stderr(startup.stderr);
  program.start?.(out);
  await new Promise<void>((resolve) => {
    const off = session.onInterrupt(() => {
      off();
      resolve();
    });
  });
  const exitCode = program.signal('SIGINT', out);
  return { ...kept, exitCode };
}

/** `now` as redis and nginx stamp their log lines. */
export function clockOf(ctx: CommandContext, now?: () => number): Date {
  void ctx;
  return new Date(now ? now() * 1000 : Date.now());
}
