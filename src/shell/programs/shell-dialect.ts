/**
 * How a shell words the errors of running a program and of `cd`. bash on the host; busybox's
 * `sh` (ash) in alpine and busybox images says it differently, and lessons show both. Each ash
 * line is BusyBox 1.35's (Debian's busybox-static), e.g. `busybox sh -c nope`.
 */
import type { ExecResult } from 'just-bash';

export type ShellDialectName = 'bash' | 'ash';

/**
 * Set (a shell variable, not exported) where dash runs on a bash machine: the number of lines
 * the shell read before the statement running (dash numbers the lines of its input, typed or
 * `-c`'s, from 1: `sh: 1: nope: not found`).
 */
export const DASH_VARIABLE = '__LAYERLAB_DASH';

/**
 * What the interpreter knows of where a builtin runs (just-bash's interpreter state, as the
 * patched `cd` hands it over: see scripts/patch-just-bash.mjs).
 */
export interface ShellPosition {
  /** Shell variables: `0` is the script or `sh -c`'s name; `__LAYERLAB_LINE` is set only in a session's read-eval loop. */
  readonly env: ReadonlyMap<string, string>;
  /** `$LINENO` of the statement running. */
  readonly currentLine: number;
}

/**
 * `shell` is the name the shell goes by when it is `sh -c` called by another name (`/bin/sh`):
 * ash prints it (its arg0); bash keeps saying `bash`.
 */
export interface ShellDialect {
  readonly name: string;
  notFound(name: string, shell?: string, where?: ShellPosition): ExecResult;
  noSuchFile(name: string, shell?: string, where?: ShellPosition): ExecResult;
  isDirectory(name: string, shell?: string, where?: ShellPosition): ExecResult;
  permissionDenied(name: string, shell?: string, where?: ShellPosition): ExecResult;
  execFormat(name: string, shell?: string, where?: ShellPosition): ExecResult;
  badInterpreter(name: string, interpreter: string): ExecResult;
  /** `cd target` failed with `error` (strerror's words). */
  cdFailed(target: string, error: string, where: ShellPosition): ExecResult;
  /**
   * A redirection's file could not be opened, to write (`create`: `>`, `>>`, `<>`) or to read
   * (`open`: `<`). `bashLine` is bash's message (`bash: /x/y: No such file or directory\n`, as
   * just-bash words it); the line this shell prints instead, or undefined to keep it.
   */
  redirectFailed(bashLine: string, mode: 'create' | 'open', where: ShellPosition): string | undefined;
}

const fail = (stderr: string, exitCode: number): ExecResult => ({ stdout: '', stderr: `${stderr}\n`, exitCode });

/** Whether dash is the shell running here (see DASH_VARIABLE). */
const speaksDash = (where: ShellPosition | undefined): where is ShellPosition => where?.env.has(DASH_VARIABLE) === true;

const BASH: ShellDialect = {
  name: 'bash',
  notFound: (n, shell, where) => (speaksDash(where) ? DASH.notFound(n, shell, where) : fail(`bash: ${n}: command not found`, 127)),
  noSuchFile: (n, shell, where) => (speaksDash(where) ? DASH.noSuchFile(n, shell, where) : fail(`bash: ${n}: No such file or directory`, 127)),
  isDirectory: (n, shell, where) => (speaksDash(where) ? DASH.isDirectory(n, shell, where) : fail(`bash: ${n}: Is a directory`, 126)),
  permissionDenied: (n, shell, where) => (speaksDash(where) ? DASH.permissionDenied(n, shell, where) : fail(`bash: ${n}: Permission denied`, 126)),
  execFormat: (n, shell, where) => (speaksDash(where) ? DASH.execFormat(n, shell, where) : fail(`bash: ${n}: cannot execute binary file: Exec format error`, 126)),
  badInterpreter: (n, i) => fail(`bash: ${n}: ${i}: bad interpreter: No such file or directory`, 126),
  cdFailed: (target, error, where) => (speaksDash(where) ? DASH.cdFailed(target, error, where) : fail(`bash: cd: ${target}: ${error}`, 1)),
  redirectFailed: (bashLine, mode, where) => (speaksDash(where) ? DASH.redirectFailed(bashLine, mode, where) : undefined),
};

/**
 * dash 0.5.12 (Debian's /bin/sh): every error starts `$0: LINE: ` (`sh: 1: nope: not found`);
 * `cd` says only `can't cd to DIR` (status 2); redirections `cannot create|open FILE: …`, a
 * missing file being `Directory nonexistent` or `No such file` (src/error.c, errmsg).
 */
const DASH: ShellDialect = {
  name: 'sh',
  notFound: (n, _shell, where) => fail(`${dashPrefix(where)}${n}: not found`, 127),
  noSuchFile: (n, _shell, where) => fail(`${dashPrefix(where)}${n}: not found`, 127),
  isDirectory: (n, _shell, where) => fail(`${dashPrefix(where)}${n}: Permission denied`, 126),
  permissionDenied: (n, _shell, where) => fail(`${dashPrefix(where)}${n}: Permission denied`, 126),
  execFormat: (n, _shell, where) => fail(`${dashPrefix(where)}${n}: Exec format error`, 126),
  badInterpreter: (n) => fail(`sh: 1: ${n}: not found`, 127),
  cdFailed: (target, _error, where) => fail(`${dashPrefix(where)}cd: can't cd to ${target}`, 2),
  redirectFailed: (bashLine, mode, where) => {
    const parsed = /^bash: (.*): ([^:\n]+)\n$/.exec(bashLine);
    if (parsed === null) return undefined;
    const [, target, error] = parsed as unknown as [string, string, string];
    const missing = error === 'No such file or directory' || error === 'Not a directory';
    const words = missing ? (mode === 'create' ? 'Directory nonexistent' : 'No such file') : error;
    return `${dashPrefix(where)}cannot ${mode} ${target}: ${words}\n`;
  },
};

/** `$0: LINE: `, the line counted over all the shell has read (DASH_VARIABLE) plus the statement's own. */
function dashPrefix(where: ShellPosition | undefined): string {
  const arg0 = where?.env.get('0') ?? 'sh';
  const before = Number(where?.env.get(DASH_VARIABLE) ?? 0);
  return `${SHELL_NAMES.has(arg0) || arg0.includes('/') ? arg0 : 'sh'}: ${before + Math.max(1, where?.currentLine ?? 1)}: `;
}

/** Names `sh -c` gives `$0` when no name follows the command string. */
const SHELL_NAMES = new Set(['sh', 'ash', 'bash', 'dash', 'busybox']);

/** busybox ash, e.g. `docker run -it alpine sh`. */
const ASH: ShellDialect = {
  name: 'sh',
  notFound: (n, shell = 'sh') => fail(`${shell}: ${n}: not found`, 127),
  noSuchFile: (n, shell = 'sh') => fail(`${shell}: ${n}: not found`, 127),
  isDirectory: (n, shell = 'sh') => fail(`${shell}: ${n}: Permission denied`, 126),
  permissionDenied: (n, shell = 'sh') => fail(`${shell}: ${n}: Permission denied`, 126),
  execFormat: (n, shell = 'sh') => fail(`${shell}: ${n}: Exec format error`, 126),
  badInterpreter: (n) => fail(`sh: ${n}: not found`, 127),
  cdFailed: (target, error, where) => fail(`${ashMessagePrefix('cd', where)}can't cd to ${target}: ${error}`, 2),
  redirectFailed: ashRedirectFailed,
};

/**
 * ash's openredirect (shell/ash.c): `can't create FILE: …` or `can't open FILE: …`, where a
 * missing file or directory (ENOENT, ENOTDIR) reads `nonexistent directory` or `no such file`
 * (errmsg's E_CREAT, E_OPEN) and any other error strerror's words. Before it, ash_vmsg's `$0: `
 * and, in a script, `line N: ` (`sh -c` and the terminal print no line: commandname is unset).
 */
function ashRedirectFailed(bashLine: string, mode: 'create' | 'open', where: ShellPosition): string | undefined {
  const parsed = /^bash: (.*): ([^:\n]+)\n$/.exec(bashLine);
  if (parsed === null) return undefined;
  const [, target, error] = parsed as unknown as [string, string, string];
  const missing = error === 'No such file or directory' || error === 'Not a directory';
  const words = missing ? (mode === 'create' ? 'nonexistent directory' : 'no such file') : error;
  return `${ashRedirectPrefix(where)}can't ${mode} ${target}: ${words}\n`;
}

function ashRedirectPrefix(where: ShellPosition): string {
  if (where.env.has('__LAYERLAB_LINE')) return 'sh: ';
  const arg0 = where.env.get('0') ?? 'sh';
  return SHELL_NAMES.has(arg0.slice(arg0.lastIndexOf('/') + 1)) ? `${arg0}: ` : `${arg0}: line ${where.currentLine}: `;
}

/**
 * What ash puts before a builtin's error (shell/ash.c, ash_vmsg): its name (`$0`: the script,
 * else `sh`), the builtin's, and — unless it reads commands from a terminal — `line N: `.
 * BusyBox 1.35 counts the lines of `sh -c` from 0 (`sh -c 'cd /nope'` says `line 0`), those
 * of a script from 1. Here the read-eval loop is the terminal; a `$0` that names a shell is
 * `sh -c` (a script's `$0` is its path).
 */
function ashMessagePrefix(builtin: string, where: ShellPosition): string {
  if (where.env.has('__LAYERLAB_LINE')) return `sh: ${builtin}: `;
  const arg0 = where.env.get('0') ?? 'sh';
  const line = SHELL_NAMES.has(arg0.slice(arg0.lastIndexOf('/') + 1)) ? where.currentLine - 1 : where.currentLine;
  return `${arg0}: ${builtin}: line ${Math.max(0, line)}: `;
}

export function shellDialect(name: ShellDialectName): ShellDialect {
  return name === 'ash' ? ASH : BASH;
}
