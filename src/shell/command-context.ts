/**
 * What our shell commands need beyond just-bash's context: the `OverlayFs` behind `ctx.fs`
 * (owners, device files, layers), and output helpers that keep bytes byte-exact in pipes.
 */
import { bytesOutput, decodeBytesToUtf8, latin1FromBytes, unsafeBytesFromLatin1, type CommandContext, type ExecResult } from 'just-bash';
import { errorLine } from '../engine/errors.ts';
import type { OverlayFs } from '../engine/overlay/overlay-fs.ts';
import { shellQuote } from '../engine/shell-quote.ts';
import { bytesToLatin1, concatBytes, latin1ToBytes } from './bytes.ts';
import { ShellFs } from './shell-fs.ts';
import type { ShellSession } from './session.ts';

type FsContext = Pick<CommandContext, 'fs'> & { fsIdentity?: object };

/**
 * just-bash hands commands a wrapper of the filesystem, plus an opaque `fsIdentity` token that
 * stays the same for one filesystem. A shell registers its token (the first command it runs
 * sees it), so commands can reach the `ShellFs` — and its OverlayFs — behind the wrapper.
 */
const shellFsByIdentity = new WeakMap<object, ShellFs>();

export function registerShellFs(ctx: FsContext, fs: ShellFs): void {
  if (ctx.fsIdentity !== undefined) shellFsByIdentity.set(ctx.fsIdentity, fs);
}

const sessionByIdentity = new WeakMap<object, ShellSession>();

export function registerSession(ctx: FsContext, session: ShellSession): void {
  if (ctx.fsIdentity !== undefined) sessionByIdentity.set(ctx.fsIdentity, session);
}

/** The shell a command runs in (for its terminal, e.g. `docker run -it`), if it is one of ours. */
export function sessionOf(ctx: FsContext): ShellSession | undefined {
  return ctx.fsIdentity === undefined ? undefined : sessionByIdentity.get(ctx.fsIdentity);
}

/**
 * Where a stream of a command goes, as the dispatch knows it (see programs/terminal-output.ts):
 * the shell's own output, a terminal (isatty); the shell's own output, not a terminal
 * (`layerlab shell > file`); or elsewhere — a pipe, a file, `$(…)`, or not known (a function's
 * body, a script a program runs), where a program returns its output as it ends.
 */
export type StreamTarget = 'terminal' | 'shell' | 'elsewhere';

/**
 * Where a command's stdout and stderr go. `stderr: 'stdout'`: `2>&1` made stderr a copy of a
 * stdout that goes elsewhere (`cmd 2>&1 | grep`, `cmd >log 2>&1`): one stream, in which what the
 * command wrote must keep its order (just-bash would append all of stderr after all of stdout).
 */

export interface CommandOutputs {
  stdout: StreamTarget;
  stderr: StreamTarget | 'stdout';
}

const outputsOf = new WeakMap<object, CommandOutputs>();

/** Record where this command's outputs go (set by the dispatch). */
export function markCommandOutputs(ctx: object, outputs: CommandOutputs): void {
  outputsOf.set(ctx, outputs);
}

/** isatty(1) for a command: whether its stdout is the terminal. */
export function stdoutIsTerminal(ctx: object): boolean {
  return outputsOf.get(ctx)?.stdout === 'terminal';
}

/** isatty(2). */
export function stderrIsTerminal(ctx: object): boolean {
  return outputsOf.get(ctx)?.stderr === 'terminal';
}

/**
 * Which of the command's streams are the shell's own output, terminal or not: a long-running
 * program may write there as it runs (`sessionOf(ctx).terminal`); the others it returns.
 */
export function liveStreamsOf(ctx: object): { stdout: boolean; stderr: boolean } {
  const outputs = outputsOf.get(ctx);
  const own = (target: CommandOutputs['stderr'] | undefined) => target === 'terminal' || target === 'shell';
  return { stdout: own(outputs?.stdout), stderr: own(outputs?.stderr) };
}

/** Whether `2>&1` sends the command's stderr down its stdout (a pipe, a file): the command then returns both as one stream, in order. */
export function stderrJoinsStdout(ctx: object): boolean {
  return outputsOf.get(ctx)?.stderr === 'stdout';
}

/** How much of a command's stdout the next command of its pipeline will read (see programs/pipe-demand.ts). */
export interface PipeDemand {
  unit: 'lines' | 'bytes';
  count: number;
}

const demands = new WeakMap<object, PipeDemand>();

/** Record what the reader of this command's pipe takes before it closes it (set by the dispatch). */
export function markPipeDemand(ctx: object, demand: PipeDemand): void {
  demands.set(ctx, demand);
}

/**
 * What the reader of the command's stdout takes before it closes the pipe, when the shell knows
 * it (`… | head -3`): a producer that would write forever writes that much and ends as SIGPIPE
 * ends it. Undefined when the reader reads to the end (or the shell cannot tell).
 */
export function pipeDemandOf(ctx: object): PipeDemand | undefined {
  return demands.get(ctx);
}

const busyboxApplets = new WeakSet<object>();

/**
 * Record that this command runs as a BusyBox applet (called through a link to /bin/busybox, or
 * as `busybox APPLET`): it prints BusyBox's formats and wording, not GNU's.
 */
export function markBusyboxApplet(ctx: object): void {
  busyboxApplets.add(ctx);
}

/** Whether the command runs as a BusyBox applet (see markBusyboxApplet). */
export function runsAsBusyboxApplet(ctx: object): boolean {
  return busyboxApplets.has(ctx);
}

/**
 * A command's output in the order it was written. just-bash hands a command's stdout over
 * before its stderr; when both are the shell's own output, `result` writes the pieces there in order
 * instead (an `ls` error before the listing, as ls prints them).
 */
export class OrderedOutput {
  private readonly pieces: { stream: 'stdout' | 'stderr'; text: string }[] = [];

  stdout(text: string): void {
    if (text !== '') this.pieces.push({ stream: 'stdout', text });
  }

  stderr(text: string): void {
    if (text !== '') this.pieces.push({ stream: 'stderr', text });
  }

  get hasStderr(): boolean {
    return this.pieces.some((p) => p.stream === 'stderr');
  }

  result(ctx: FsContext, exitCode: number): ExecResult {
    const terminal = sessionOf(ctx)?.terminal;
    const live = liveStreamsOf(ctx);
    if (terminal && live.stdout && live.stderr && this.hasStderr) {
      const encoder = new TextEncoder();
      for (const piece of this.pieces) terminal[piece.stream](encoder.encode(piece.text));
      return { stdout: '', stderr: '', exitCode };
    }
    if (stderrJoinsStdout(ctx)) return { stdout: this.pieces.map((p) => p.text).join(''), stderr: '', exitCode };
    const join = (stream: 'stdout' | 'stderr') => this.pieces.filter((p) => p.stream === stream).map((p) => p.text).join('');
    return { stdout: join('stdout'), stderr: join('stderr'), exitCode };
  }
}

/** The terminal's width in columns, as a program would get it: $COLUMNS, else the terminal's, else 80. */
export function terminalColumns(ctx: FsContext & { env?: Map<string, string> }): number {
  const fromEnv = Number(ctx.env?.get('COLUMNS'));
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return sessionOf(ctx)?.terminal.columns?.() ?? 80;
}

export function overlayOf(ctx: FsContext): OverlayFs {
  return shellFsOf(ctx).overlay;
}

/**
 * The `ShellFs` itself, found by the context's `fsIdentity` first: just-bash's browser bundle
 * hands a command a membrane of `ctx.fs` (a Proxy, still `instanceof ShellFs`) that wraps every
 * value reached through it, so a Blob from it cannot be posted to the page and every byte array
 * it returns is copied. The token itself is never wrapped.
 */
export function shellFsOf(ctx: FsContext): ShellFs {
  const registered = ctx.fsIdentity === undefined ? undefined : shellFsByIdentity.get(ctx.fsIdentity);
  if (registered !== undefined) return registered;
  if (ctx.fs instanceof ShellFs) return ctx.fs;
  throw new Error('this command needs the layerlab filesystem');
}

/** Standard input as bytes. */
export function stdinBytes(ctx: Pick<CommandContext, 'stdin'>): Uint8Array {
  return latin1ToBytes(latin1FromBytes(ctx.stdin));
}

/** Standard input as UTF-8 text. */
export function stdinText(ctx: Pick<CommandContext, 'stdin'>): string {
  return decodeBytesToUtf8(ctx.stdin);
}

/** A result whose stdout is bytes (tar streams, `docker save`): forwarded unchanged through pipes and redirects. */
export function bytesResult(stdout: Uint8Array, stderr = '', exitCode = 0): ExecResult {
  return { ...bytesOutput(unsafeBytesFromLatin1(bytesToLatin1(stdout))), stderr, exitCode };
}

export function textResult(stdout: string, stderr = '', exitCode = 0): ExecResult {
  return { stdout, stderr, exitCode };
}

/** `prog: message` on stderr with status 1 — the shape of every command's failure. Never a stack trace. */
export function failure(program: string, err: unknown, exitCode = 1, stdout = ''): ExecResult {
  return { stdout, stderr: `${program}: ${errorLine(err)}\n`, exitCode };
}

let captures = 0;

/**
 * Run `command` (a name the shell resolves; `args` quoted, so passed as they are) with `stdin`,
 * through the interpreter, `env` exported to it (its whole environment with `replaceEnv`). Its
 * stdout is caught by a device file rather than taken from `exec`'s result, which hands binary
 * output back decoded as text: bytes stay bytes.
 */
export async function execCaptured(
  ctx: CommandContext & { fsIdentity?: object },
  command: string,
  args: string[],
  options: { env?: Record<string, string>; replaceEnv?: boolean } = {},
): Promise<ExecResult> {
  const fs = shellFsOf(ctx);
  const device = `/dev/.layerlab-capture-${++captures}`;
  const chunks: Uint8Array[] = [];
  fs.attachSink(device, (bytes) => chunks.push(bytes.slice()));
  try {
    const env = options.env ?? {};
    const names = Object.keys(env).filter((name) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name));
    const script = `${names.length > 0 ? `export ${names.join(' ')}\n` : ''}${command} ${args.map(shellQuote).join(' ')} >>${device}`;
    const result = await ctx.exec!(script, {
      cwd: ctx.cwd,
      stdin: latin1FromBytes(ctx.stdin),
      stdinKind: 'bytes',
      env,
      ...(options.replaceEnv ? { replaceEnv: true } : {}),
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    return bytesResult(concatBytes(chunks), result.stderr, result.exitCode);
  } finally {
    fs.detachSink(device);
  }
}

export { shellQuote };
