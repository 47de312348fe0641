/**
 * What our shell commands need beyond just-bash's context: the `OverlayFs` behind `ctx.fs`
 * (owners, device files, layers), and output helpers that keep bytes byte-exact in pipes.
 */
import { bytesOutput, decodeBytesToUtf8, latin1FromBytes, unsafeBytesFromLatin1, type CommandContext, type ExecResult } from 'just-bash';
import { errorLine } from '../engine/errors.ts';
import type { OverlayFs } from '../engine/overlay/overlay-fs.ts';
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

export function overlayOf(ctx: FsContext): OverlayFs {
  return shellFsOf(ctx).overlay;
}

export function shellFsOf(ctx: FsContext): ShellFs {
  if (ctx.fs instanceof ShellFs) return ctx.fs;
  const fs = ctx.fsIdentity === undefined ? undefined : shellFsByIdentity.get(ctx.fsIdentity);
  if (fs === undefined) throw new Error('this command needs the layerlab filesystem');
  return fs;
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
 * through the interpreter, `env` exported to it. Its stdout is caught by a device file rather than taken
 * from `exec`'s result, which hands binary output back decoded as text: bytes stay bytes.
 */
export async function execCaptured(
  ctx: CommandContext & { fsIdentity?: object },
  command: string,
  args: string[],
  options: { env?: Record<string, string> } = {},
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
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    return bytesResult(concatBytes(chunks), result.stderr, result.exitCode);
  } finally {
    fs.detachSink(device);
  }
}

/** `word` quoted for the shell when it needs to be. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
