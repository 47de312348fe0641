/**
 * `seq` counting in whole numbers — `seq LAST`, `seq FIRST LAST`, `seq FIRST INCREMENT LAST`,
 * with `-s SEP` — written as GNU coreutils 9.1 writes it (its seq_fast path: one number a line,
 * or SEP between them and a newline at the end), a slice at a time with the event loop turning
 * between slices, so that Ctrl+C stops `x=$(seq 1 1000000)` at once (status 130) where
 * just-bash's seq built the whole output in one go. Anything else (fractions, `-f`, `-w`,
 * errors) is just-bash's own seq, which the session keeps under its native name.
 */
import { defineCommand, type Command, type CommandContext, type ExecResult } from 'just-bash';
import { execCaptured, overlayOf, runsAsBusyboxApplet } from '../../command-context.ts';
import { turnOfEventLoop } from '../../loop-yield.ts';
import { nativeName } from '../../programs/exec-command.ts';
import { nativeCall, withGnuWording } from '../../programs/native-wording.ts';

/** Numbers written between two turns of the event loop (a few milliseconds' work). */
const SLICE = 5_000;

/** Exit status of a process killed by SIGINT (128 + 2), as bash reports it. */
const SIGINT_STATUS = 130;

/** What seq writes at most (bytes): past it, gnulib's xalloc_die, as other utilities out of room say. */
const MAX_OUTPUT = 512 * 1024 * 1024 - 64;

interface Count {
  first: number;
  step: number;
  last: number;
  separator: string;
}

export function seqCommand(): Command {
  return defineCommand('seq', async (args, ctx) => {
    const count = wholeNumberCount(args);
    if (count === undefined) return nativeSeq(args, ctx);
    return countOut(count, ctx);
  });
}

/** just-bash's seq (fractions, formats, errors), with GNU's words, as the dispatch runs it. */
function nativeSeq(args: string[], ctx: CommandContext): Promise<ExecResult> {
  const call = { ...nativeCall('seq', args, overlayOf(ctx), (path) => ctx.fs.resolvePath(ctx.cwd, path)), busybox: runsAsBusyboxApplet(ctx) };
  return withGnuWording(call, (nativeArgs) => execCaptured(ctx, nativeName('seq'), nativeArgs));
}

/** The arguments as a count in safe integers, or undefined for anything seq_fast would not take. */
function wholeNumberCount(args: readonly string[]): Count | undefined {
  let separator = '\n';
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-s' && i + 1 < args.length) separator = args[++i]!;
    else if (arg.startsWith('-s') && arg.length > 2) separator = arg.slice(2);
    else if (arg === '--') operands.push(...args.slice(i + 1)), (i = args.length);
    else if (/^[+-]?\d+$/.test(arg)) operands.push(arg);
    else return undefined;
  }
  if (operands.length < 1 || operands.length > 3) return undefined;
  const numbers = operands.map(Number);
  if (numbers.some((n) => !Number.isSafeInteger(n))) return undefined;
  const [first, step, last] = numbers.length === 1 ? [1, 1, numbers[0]!] : numbers.length === 2 ? [numbers[0]!, 1, numbers[1]!] : (numbers as [number, number, number]);
  if (step === 0) return undefined;
  return { first, step, last, separator };
}

async function countOut({ first, step, last, separator }: Count, ctx: CommandContext): Promise<ExecResult> {
  const signal = ctx.signal;
  const slices: string[] = [];
  let size = 0;
  let written = false;
  for (let at = first; step > 0 ? at <= last : at >= last; ) {
    const numbers: number[] = [];
    for (let i = 0; i < SLICE && (step > 0 ? at <= last : at >= last); i++, at += step) numbers.push(at);
    const slice = (written ? separator : '') + numbers.join(separator);
    written = true;
    size += slice.length;
    if (size > MAX_OUTPUT) return { stdout: '', stderr: 'seq: memory exhausted\n', exitCode: 1 };
    slices.push(slice);
    if (step > 0 ? at <= last : at >= last) {
      await turnOfEventLoop();
      if (signal?.aborted) return { stdout: '', stderr: '', exitCode: SIGINT_STATUS };
    }
  }
  // One join makes one flat string: just-bash scans its output char by char, which a string
  // built by `+` (a rope) makes many times slower.
  if (written) slices.push('\n');
  return { stdout: slices.join(''), stderr: '', exitCode: 0 };
}
