/**
 * `__layerlab_exec prog args…`: what execve(2) does, on our filesystem. Finds `prog` (on PATH,
 * or at the path given), checks it is an executable file, and runs what it is:
 * - a placeholder binary (see src/catalog/placeholder.ts): the emulated program it names — for
 *   busybox, the applet named by the link it was called through, as busybox itself does;
 * - a script (`#!` line, or text with none, as bash falls back to): the shell runs it;
 * - anything else: "cannot execute binary file", as a kernel without that format would say.
 */
import { defineCommand, latin1FromBytes, type Command, type CommandContext, type ExecResult, type ScriptNode } from 'just-bash';
import { parsePlaceholder, PLACEHOLDER_HEADER_BYTES } from '../../catalog/placeholder.ts';
import { errorLine } from '../../engine/errors.ts';
import { bashVersionString, upstreamBashVersion } from '../bash-variables.ts';
import { lastComponent } from '../../engine/overlay/path.ts';
import { execCaptured, markBusyboxApplet, markCommandOutputs, markPipeDemand, pipeDemandOf, runsAsBusyboxApplet, overlayOf, shellQuote, type CommandOutputs } from '../command-context.ts';
import { headFileBytes, parseDemandWord } from './pipe-demand.ts';
import { withEndlessReadLength } from '../container/dev-fs.ts';
import { execInPlace, runAsProcess, SIGNAL_NUMBERS } from '../container/process.ts';
import { idleUntilSignal } from '../emulators/sleep/sleep.ts';
import { readsZerosForever } from './endless-reads.ts';
import { parseScript } from '../statement-reader.ts';
import { inBusyboxWords, isBusyboxAppletName } from '../commands/busybox/applets.ts';
import { markBusyboxBinary } from '../commands/busybox/banner.ts';

export { shellQuote };
import { BASH_BUILTIN_COMMANDS, EXEC_COMMAND, INTERPRETER_BUILTINS, REPLACES_SHELL_WORD } from './dispatch-transform.ts';
import { DASH_VARIABLE, shellDialect, type ShellDialectName, type ShellPosition } from './shell-dialect.ts';
import { nativeCall, withGnuWording } from './native-wording.ts';
import { countsShellLevel, withShellLevel } from './shell-level.ts';

export interface ExecCommandOptions {
  /** The implementations of the programs, by name: just-bash's utilities and ours. */
  programs: () => ReadonlyMap<string, Command>;
  /** Names of our own commands (the rest are just-bash's, run through `nativeName`). */
  ours: ReadonlySet<string>;
  /** Which shell's error messages to print (bash on the host, busybox `sh` in most small images). */
  dialect: ShellDialectName;
  /** Called with each command context first (the session registers its filesystem with it). */
  onContext?: (ctx: CommandContext) => void;
  /** Called with each program's exit status (Ctrl+C handling: see ShellSession.interrupt). */
  onExit?: (status: number) => void;
  /** The command's name (default `__layerlab_exec`). */
  name?: string;
  /** Where the outputs of the programs it runs go (see terminal-output.ts). */
  outputs?: CommandOutputs;
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'busybox']);

/** Where the shell is as it runs a command: its variables and `$LINENO` (just-bash patch fix 16). */
function positionOf(ctx: CommandContext): ShellPosition {
  return { env: ctx.env, currentLine: (ctx as { currentLine?: number }).currentLine ?? 1 };
}

export function createExecCommand(options: ExecCommandOptions): Command {
  const dialect = shellDialect(options.dialect);
  const dispatch = async (args: string[], ctx: CommandContext): Promise<ExecResult> => {
    options.onContext?.(ctx);
    if (options.outputs) markCommandOutputs(ctx, options.outputs);
    const demand = args[0] === undefined ? undefined : parseDemandWord(args[0]);
    if (demand) markPipeDemand(ctx, demand);
    const words = demand ? args.slice(1) : args;
    // `exec prog`: prog takes the shell's process.
    const replacesShell = words[0] === REPLACES_SHELL_WORD;
    const [name, ...rest] = replacesShell ? words.slice(1) : words;
    if (name === undefined || name === '') return dialect.notFound(name ?? '', undefined, positionOf(ctx));
    const programs = options.programs();
    // A name that is a builtin at run time (e.g. `"$cmd"` holding `cd`): run it in a subshell,
    // the best a command can do for a builtin.
    if (INTERPRETER_BUILTINS.has(name) && !name.includes('/')) {
      return ctx.exec!(quoteCommand([name, ...rest]), { cwd: ctx.cwd, env: exportedEnv(ctx) });
    }
    const found = findProgram(ctx, name);
    if ('error' in found) {
      // Programs of ours that bash has as builtins (echo, printf, pwd, kill, alias, trap…) run
      // even where the filesystem has no such file, as they would in bash.
      if (BASH_BUILTIN_COMMANDS.has(name) && programs.has(name) && found.error === 'notFound') return run(name, rest, ctx);
      return dialect[found.error](name, shellNameOf(ctx), positionOf(ctx));
    }
    const image = { argv: [name, ...rest], exe: overlayOf(ctx).realpath(found.path), execsItsCommand: execsItsCommand(name, rest) };
    if (replacesShell) execInPlace(ctx);
    return runAsProcess(ctx, image, () => execute(name, rest, found.path, ctx));
  };
  /** What the file at `path` is, run: a placeholder's program, a script, or an exec format error. */
  const execute = async (name: string, rest: string[], path: string, ctx: CommandContext): Promise<ExecResult> => {
    const programs = options.programs();
    // Only the head: a placeholder binary is as long as the real one (megabytes).
    const file = await overlayOf(ctx).openFile(path);
    const head = await file.read(0, PLACEHOLDER_HEADER_BYTES);
    const placeholder = parsePlaceholder(head);
    if (placeholder) {
      const invokedAs = lastComponent(name);
      if (placeholder.program === 'busybox') {
        // Its usage texts start with its own version's banner (busybox/banner.ts).
        markBusyboxBinary(ctx, { version: placeholder.version, musl: overlayOf(ctx).exists('/lib/ld-musl-x86_64.so.1') });
        // busybox runs the applet named by the link it was called through, or by its first
        // argument (`busybox ls`): in BusyBox's formats and words (see busybox/applets.ts).
        const applet = invokedAs !== 'busybox' ? { name: invokedAs, args: rest } : appletArgument(rest, programs);
        if (applet !== undefined) {
          const program = PROGRAM_ALIASES[applet.name] ?? applet.name;
          if (!programs.has(program)) {
            return { stdout: '', stderr: `${dialect.name}: ${name}: layerlab cannot run ${program} ${placeholder.version}: this program is not emulated\n`, exitCode: 126 };
          }
          markBusyboxApplet(ctx);
          // `sh -c CMD`: $0 is the shell's name as it was called (`/bin/sh` for docker build's RUN), as ash sets it.
          const args = SHELLS.has(applet.name) && applet.args.length === 2 && applet.args[0] === '-c' ? [...applet.args, name] : applet.args;
          return inBusyboxWords(applet.name, await run(program, args, ctx));
        }
      }
      const named = placeholder.program;
      // The shell is ours whichever bash the image has; its --version is the image's bash's.
      if (named === 'bash' && rest[0] === '--version') return { stdout: bashVersionText(placeholder.version, overlayOf(ctx).exists('/lib/ld-musl-x86_64.so.1')), stderr: '', exitCode: 0 };
      const program = PROGRAM_ALIASES[named] ?? named;
      const implementation = programs.get(program);
      if (implementation === undefined) {
        return { stdout: '', stderr: `${dialect.name}: ${name}: layerlab cannot run ${program} ${placeholder.version}: this program is not emulated\n`, exitCode: 126 };
      }
      return run(program, rest, ctx);
    }
    if (head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46) return dialect.execFormat(name, undefined, positionOf(ctx));
    return runScript(ctx, name, path, new TextDecoder().decode(await file.read(0, file.size)), rest, dialect);
  };
  return defineCommand(options.name ?? EXEC_COMMAND, async (args, ctx) => {
    let result: ExecResult;
    try {
      result = await dispatch(args, ctx);
    } catch (err) {
      // just-bash's own control flow (exit, limits…) carries its output: let it through. Anything
      // else is a bug of ours: one line in the program's name, never a stack or our plumbing's name.
      if (err !== null && typeof err === 'object' && 'stderr' in err) throw err;
      const name = args.find((arg) => parseDemandWord(arg) === undefined && arg !== REPLACES_SHELL_WORD);
      result = { stdout: '', stderr: `${lastComponent(name ?? 'bash')}: ${errorLine(err)}\n`, exitCode: 1 };
    }
    options.onExit?.(result.exitCode);
    return result;
  });

  /**
   * Our commands take this command's context as it is. just-bash's own commands must be
   * started by its interpreter (they rely on parts of the context a custom command only sees
   * wrapped), so they run through `ctx.exec` under an alias only this dispatch uses.
   */
  async function run(program: string, args: string[], ctx: CommandContext): Promise<ExecResult> {
    if (readsZerosForever(program, args, (operand) => isZeroDevice(ctx, operand), pipeDemandOf(ctx))) {
      const signal = await idleUntilSignal(ctx);
      return { stdout: '', stderr: '', exitCode: signal === undefined ? 0 : 128 + SIGNAL_NUMBERS[signal] };
    }
    const wanted = endlessDeviceDemand(program, args, ctx);
    return wanted === undefined ? start(program, args, ctx) : withEndlessReadLength(wanted, () => start(program, args, ctx));
  }

  function start(program: string, args: string[], ctx: CommandContext): Promise<ExecResult> {
    if (options.ours.has(program)) return options.programs().get(program)!.execute(args, ctx as Parameters<Command['execute']>[1]);
    // just-bash's utilities, in GNU's words when they fail (see native-wording.ts).
    const call = { ...nativeCall(program, args, overlayOf(ctx), (path) => ctx.fs.resolvePath(ctx.cwd, path)), busybox: runsAsBusyboxApplet(ctx) };
    // dash's mark is dash's own: a bash it starts speaks bash.
    const { [DASH_VARIABLE]: _dash, ...exported } = exportedEnv(ctx);
    const env = countsShellLevel(program) ? withShellLevel(exported) : exported;
    return withGnuWording(call, (nativeArgs) => execCaptured(ctx, nativeName(program), nativeArgs, { env }));
  }
}

/**
 * How many bytes the program will use of an endless device it reads whole (/dev/zero,
 * /dev/urandom…), when its words or its pipe say: `head -c N FILE` takes N bytes of each file;
 * a producer whose pipe's reader takes N bytes (`cat /dev/zero | head -c N`) writes at most N.
 * Undefined when unknown: the device gives its one default block.
 */
function endlessDeviceDemand(program: string, args: readonly string[], ctx: CommandContext): number | undefined {
  const fromFile = program === 'head' ? headFileBytes(args) : undefined;
  const demand = pipeDemandOf(ctx);
  const fromPipe = demand?.unit === 'bytes' ? demand.count : undefined;
  if (fromFile === undefined) return fromPipe;
  return fromPipe === undefined ? fromFile : Math.min(fromFile, fromPipe);
}

/**
 * Whether `name ARGS` is a shell that execs its one command in place of itself: `sh -c 'CMD'`
 * where CMD is one simple command (ash's evalstring runs the last command with EV_EXIT, dash and
 * bash do the same), also as `busybox sh -c`. Only a script of one command is recognised.
 */
function execsItsCommand(name: string, args: readonly string[]): boolean {
  const invoked = lastComponent(name);
  const shellArgs = invoked === 'busybox' && SHELLS.has(args[0] ?? '') ? args.slice(1) : SHELLS.has(invoked) ? args : undefined;
  if (shellArgs?.[0] !== '-c' || shellArgs[1] === undefined) return false;
  try {
    const { statements } = parseScript(shellArgs[1]) as unknown as ScriptNode;
    const pipelines = statements.length === 1 ? statements[0]!.pipelines : [];
    const command = pipelines.length === 1 && !pipelines[0]!.negated && !statements[0]!.background ? pipelines[0]!.commands : [];
    return command.length === 1 && command[0]!.type === 'SimpleCommand' && command[0]!.name !== null;
  } catch {
    return false;
  }
}

/**
 * `busybox APPLET ARGS…`: the applet and its arguments when it is one busybox has and we run
 * as such; shells and builtins (`sh`, `[`) stay with the busybox command, which starts them.
 */
function appletArgument(args: string[], programs: ReadonlyMap<string, Command>): { name: string; args: string[] } | undefined {
  const [first, ...rest] = args;
  if (first === undefined || first.startsWith('-')) return undefined;
  const name = lastComponent(first);
  if (!isBusyboxAppletName(name) || SHELLS.has(name) || INTERPRETER_BUILTINS.has(name) || BASH_BUILTIN_COMMANDS.has(name)) return undefined;
  return programs.has(PROGRAM_ALIASES[name] ?? name) ? { name, args: rest } : undefined;
}

/** The name under which just-bash's own `program` is registered for the dispatch. */
export function nativeName(program: string): string {
  return `__layerlab_native_${program}`;
}

/** `bash --version` of a GNU bash release, built for glibc or musl (the copyright year is the release's). */
function bashVersionText(version: string, musl: boolean): string {
  const years: Record<string, number> = { '4.4': 2016, '5.0': 2019, '5.1': 2020, '5.2': 2022, '5.3': 2025 };
  const year = years[version.split('.').slice(0, 2).join('.')] ?? 2025;
  return (
    `GNU bash, version ${bashVersionString(upstreamBashVersion(version))} (x86_64-pc-linux-${musl ? 'musl' : 'gnu'})\n` +
    `Copyright (C) ${year} Free Software Foundation, Inc.\n` +
    'License GPLv3+: GNU GPL version 3 or later <http://gnu.org/licenses/gpl.html>\n\n' +
    'This is free software; you are free to change and redistribute it.\n' +
    'There is NO WARRANTY, to the extent permitted by law.\n'
  );
}

/** Programs whose emulation goes by another name (Debian's awk is mawk, through alternatives). */
const PROGRAM_ALIASES: Record<string, string> = { mawk: 'awk', gawk: 'awk', nawk: 'awk', 'original-awk': 'awk' };

export type Found = { path: string } | { error: 'notFound' | 'noSuchFile' | 'isDirectory' | 'permissionDenied' };

/** Whether `operand` is a device that reads zeros without end (/dev/zero 1,5; /dev/full 1,7). */
function isZeroDevice(ctx: CommandContext, operand: string): boolean {
  const stat = overlayOf(ctx).statIfExists(ctx.fs.resolvePath(ctx.cwd, operand));
  return stat?.type === 'chardev' && stat.devmajor === 1 && (stat.devminor === 5 || stat.devminor === 7);
}

/** Where execvp finds `name`: at the path given, or in the first directory of `searchPath` that has it. */
export function findProgram(ctx: CommandContext, name: string, searchPath = ctx.env.get('PATH') ?? '/usr/bin:/bin'): Found {
  const fs = overlayOf(ctx);
  const check = (path: string): Found | undefined => {
    // Most PATH directories do not have the program: probe without making an error each time.
    const stat = fs.statIfExists(path);
    if (stat === undefined) return undefined;
    if (stat.type === 'directory') return { error: 'isDirectory' };
    if ((stat.mode & 0o111) === 0) return { error: 'permissionDenied' };
    return { path };
  };
  if (name.includes('/')) return check(ctx.fs.resolvePath(ctx.cwd, name)) ?? { error: 'noSuchFile' };
  for (const dir of searchPath.split(':')) {
    const path = ctx.fs.resolvePath(ctx.cwd, `${dir || '.'}/${name}`);
    const found = check(path);
    // bash skips directories and non-executables on PATH and keeps looking.
    if (found && 'path' in found) return found;
  }
  return { error: 'notFound' };
}

async function runScript(
  ctx: CommandContext,
  name: string,
  path: string,
  text: string,
  args: string[],
  dialect: ReturnType<typeof shellDialect>,
): Promise<ExecResult> {
  let body = text;
  if (text.startsWith('#!')) {
    const newline = text.indexOf('\n');
    const line = text.slice(2, newline === -1 ? undefined : newline).trim();
    body = newline === -1 ? '' : text.slice(newline + 1);
    const [interpreter = '', ...interpreterArgs] = line.split(/\s+/);
    const program = interpreter.endsWith('/env') ? interpreterArgs.find((a) => !a.startsWith('-')) ?? '' : lastComponent(interpreter);
    if (interpreter !== '' && !overlayOf(ctx).exists(interpreter)) return dialect.badInterpreter(name, interpreter);
    if (!SHELLS.has(program)) {
      return { stdout: '', stderr: `${dialect.name}: ${name}: layerlab runs shell scripts only, not ${program} scripts\n`, exitCode: 126 };
    }
  }
  // A script runs in a new shell: exported variables only, its own positional parameters.
  const script = `set -- ${args.map(shellQuote).join(' ')}\n${body}`;
  return ctx.exec!(script, {
    cwd: ctx.cwd,
    // `$0` is the script's path, as the kernel hands it to the interpreter (just-bash reads it from "0").
    env: { ...exportedEnv(ctx), __LAYERLAB_SCRIPT: path, '0': path },
    stdin: latin1FromBytes(ctx.stdin),
    stdinKind: 'bytes',
  });
}

/**
 * The name the shell calls itself in its errors when that is its `$0`: `sh -c` (and the
 * read-eval loop, where `$0` is unset) rather than a script, whose `$0` is the script's path.
 */
function shellNameOf(ctx: CommandContext): string | undefined {
  const arg0 = ctx.env.get('0');
  return arg0 !== undefined && SHELLS.has(lastComponent(arg0)) ? arg0 : undefined;
}

/** The environment a program gets: the shell's exported variables. */
function exportedEnv(ctx: CommandContext): Record<string, string> {
  return { ...(ctx.exportedEnv ?? Object.fromEntries(ctx.env)) };
}



function quoteCommand(words: string[]): string {
  return words.map(shellQuote).join(' ');
}
