/**
 * One interactive shell: what a student types runs here, statement by statement, and the
 * session keeps everything bash keeps between two prompts — cwd, variables (arrays too),
 * functions, aliases, options, `$?` — plus the history.
 *
 * just-bash starts every `exec` from a fresh copy of its initial state, so a session is ONE
 * long-running `exec` of a read-eval loop: `__layerlab_next` waits for the next statement and
 * hands it to `eval`, whose output goes to the terminal through two device files. `exit` ends
 * the loop, which ends the session, as it ends bash.
 */
import { ENDLESS_READ_MAX_BYTES } from './container/dev-fs.ts';
import { errorLine, FsError } from '../engine/errors.ts';
import { Bash, defineCommand, type BashOptions, type Command, type CommandContext } from 'just-bash';
import { parseScript } from './statement-reader.ts';
import { complete, type ArgumentCompleter, type Completion } from './completion.ts';
import { BASH_BUILTIN_COMMANDS, INTERPRETER_BUILTINS, IS_FUNCTION_COMMAND, collectFunctionNames, dispatchPrograms, EVAL_TEXT_COMMAND, EXEC_COMMAND, READ_SCRIPT_COMMAND, SOURCE_FUNCTION_TEXT } from './programs/dispatch-transform.ts';
import { bytesToLatin1, concatBytes, latin1ToBytes } from './bytes.ts';
import { createExecCommand, nativeName, shellQuote } from './programs/exec-command.ts';
import { EXEC_ON_TERMINAL, movedByExec, routeOutputToTerminal } from './programs/terminal-output.ts';
import type { Reaches } from './programs/redirection-reach.ts';
import { registerSession, registerShellFs } from './command-context.ts';
import { DASH_VARIABLE, shellDialect, type ShellDialectName } from './programs/shell-dialect.ts';
import { ShellFs, type OutputSink } from './shell-fs.ts';
import { installLoopYield } from './loop-yield.ts';
import { bashIdentity, bashStartVariables, bashVersinfo, bashVersionString, installShellListings, registerShellListing } from './bash-variables.ts';

const STDOUT_DEVICE = '/dev/.layerlab-stdout';
const STDERR_DEVICE = '/dev/.layerlab-stderr';

const LOOP = `while __layerlab_next; do eval "$__LAYERLAB_LINE" >>${STDOUT_DEVICE} 2>>${STDERR_DEVICE}; __layerlab_done "$?"; done`;

export interface ShellTerminal {
  stdout: OutputSink;
  stderr: OutputSink;
  /**
   * The next line typed (without its newline), `prompt` shown first; null at end of input
   * (Ctrl+D, end of a script); `INTERRUPT_LINE` for Ctrl+C at the prompt. Absent when the
   * terminal only shows output.
   */
  readLine?(prompt: string): Promise<string | null>;
  /** Its width in columns (what `ls` fits its columns to); 80 when absent. */
  columns?(): number;
  /** Whether stdout and stderr are terminals (isatty); both when absent. `layerlab shell > file` has stdout not one. */
  ttys?: { stdout: boolean; stderr: boolean };
  /** Whether a person types at it (bash -i) or it feeds a script (bash -s): `set` shows more for the first. True when absent. */
  interactive?: boolean;
}

/** How the prompt looks: bash's `user@host:dir# `, or busybox ash's `dir # `. */
export type PromptStyle = 'bash' | 'ash';

export interface ShellSessionOptions {
  fs: ShellFs;
  terminal: ShellTerminal;
  cwd?: string;
  env?: Record<string, string>;
  /** Our commands (tar, docker, ls…); they replace just-bash's commands of the same name. */
  commands?: readonly Command[];
  executionLimits?: BashOptions['executionLimits'];
  /** Whose error messages the shell prints (default bash); also sets the prompt's look. */
  dialect?: ShellDialectName;
  /** Programs' own Tab completion of their arguments (e.g. docker's subcommands and images). */
  completers?: ReadonlyMap<string, ArgumentCompleter>;
}

export interface ProcessOptions {
  /** The process's environment, replacing the shell's (as execve's envp). */
  env?: Record<string, string>;
  cwd?: string;
  stdin?: Uint8Array;
  /** Aborting it stops the process at its next statement (a long-running emulated program at once). */
  signal?: AbortSignal;
  /** Output as it is produced (for `docker logs -f`, attached terminals). */
  onStdout?: (bytes: Uint8Array) => void;
  onStderr?: (bytes: Uint8Array) => void;
}

export interface ProcessResult {
  exitCode: number;
  stdout: Uint8Array;
  stderr: Uint8Array;
}

let processes = 0;


interface PendingStatement {
  text: string;
  resolve: (status: number) => void;
  /** The session's own (function definitions restored after a restart): `$?` is left alone. */
  silent?: boolean;
}

/**
 * just-bash's execution limits, raised so that no lesson meets them: bash has none of them. The
 * whole session is one `exec`, so its command budget and wall time are the session's, not one
 * line's (a terminal may stay open for hours). A loop may run as long as bash's would: Ctrl+C
 * stops it (loops yield, see loop-yield.ts), and what keeps memory safe are the limits on
 * output, strings and arrays, left at just-bash's defaults (`seq 1 1000000` is within them).
 */
const SESSION_LIMITS = {
  maxCommandCount: Number.MAX_SAFE_INTEGER,
  maxExecutionTimeMs: Number.POSITIVE_INFINITY,
  maxLoopIterations: 1_000_000_000,
  maxWorkUnits: Number.MAX_SAFE_INTEGER,
  maxAwkIterations: 10_000_000,
  maxSedIterations: 10_000_000,
  maxJqIterations: 10_000_000,
  // A string (a pipe's content, a command's stdin, a file redirected into one: `wc -c < big`) may
  // hold 256 MiB, as long as the longest output a command may write (maxOutputSize), not just-bash's
  // 64 MiB: `head -c 100M /dev/zero | wc -c` passes through a pipe as it does in bash.
  maxStringLength: ENDLESS_READ_MAX_BYTES,
} satisfies BashOptions['executionLimits'];

/**
 * A limit error of just-bash in the words of the program that met it: a utility that runs out
 * of room says what gnulib's xalloc_die says (`seq: memory exhausted`). The patched bundle
 * already dropped just-bash's advice to its embedder (scripts/patch-just-bash.mjs); this drops
 * it again should an unpatched copy run.
 */
export function limitErrorInShellWords(stderr: string): string {
  return stderr
    .replace(/, increase executionLimits\.\w+/g, '')
    .replace(/^(?:bash: )?([\w.-]+): (?:iteration|array element|output size) limit exceeded \(\d+(?: bytes)?\)$/gm, '$1: memory exhausted');
}

/** `limitErrorInShellWords` over bytes written to a stderr (the same bytes when there is nothing to reword). */
function limitErrorsInShellWords(bytes: Uint8Array): Uint8Array {
  const text = bytesToLatin1(bytes);
  if (!text.includes('limit exceeded') && !text.includes('executionLimits')) return bytes;
  return latin1ToBytes(limitErrorInShellWords(text));
}

/**
 * just-bash stops a statement that runs into one of its limits (a loop past its iteration cap…)
 * by ending the whole `exec` with status 126 and `bash: <what>` — which is not `exit`.
 */
const LIMIT_STOP = /^bash: .*(limit|too many|exceeded)/;

export class ShellSession {
  readonly fs: ShellFs;
  readonly history: string[] = [];
  private readonly bash: Bash;
  private readonly queue: PendingStatement[] = [];
  private running: PendingStatement | undefined;
  private wakeLoop: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private lastStatus = 0;
  private exitStatus: number | undefined;
  private state: { cwd: string; env: Record<string, string> };
  private abort = new AbortController();
  private readonly interruptListeners = new Set<() => void>();
  private currentTerminal: ShellTerminal;
  /** A shell running in the foreground of this one (`docker run -it`), which gets Ctrl+C. */
  private foreground: ShellSession | undefined;
  /** While `prepare` cuts a line into statements: the one to keep. */
  private pickStatement: number | undefined;
  /** While a typed line is rewritten (not a script run by a command): its output is the terminal's. */
  private typedLine = false;
  /** Which of the shell's stdout/stderr are still the terminal (`exec 2>/dev/null` moves one for good). */
  private shellOutput: Reaches = { stdout: true, stderr: true };
  /** Ctrl+C came while the current statement ran. */
  private interrupted = false;
  /** Ctrl+C went to a program in the foreground, which has not ended yet. */
  private signalled = false;
  /**
   * Functions typed at the prompt, as their definitions run: a restarted loop (after Ctrl+C of a
   * pure shell loop, or a limit) defines them again.
   */
  private readonly definitions = new Map<string, string>();
  /** While a typed statement is rewritten: the function it defines, when that is all it does. */
  private definedFunction: string | undefined;
  /** The loop ended without `exit`: the next statement starts a new one. */
  private restartPending = false;
  /** Variables the next loop exports first (a process's environment: see resetProcess). */
  private exportAtStart: string[] = [];
  /** Lines read since `speakAsDash` (dash numbers its input's lines), undefined where the shell is not dash. */
  private dashLinesRead: number | undefined;
  /** What the next loop runs first (bash's arrays: BASH_VERSINFO). */
  private startScript = '';
  /** Functions defined so far: calls to them are not dispatched as programs. */
  private readonly functions = new Set<string>();
  /** bash's own variables (BASH, BASH_VERSION, PS1…) are set before the first statement. */
  private bashVariablesSet = false;
  /** How `set` lists this shell, and which bash it is once known (bash-variables.ts). */
  private readonly listing: { readonly interactive: boolean; bashVersion?: string };

  constructor(private readonly options: ShellSessionOptions) {
    installLoopYield();
    installShellListings();
    this.fs = options.fs;
    this.listing = { get interactive() { return session.terminal.interactive ?? true; } };
    registerShellListing(options.fs, this.listing);
    options.fs.shellDialect = shellDialect(options.dialect ?? 'bash');
    this.state = { cwd: options.cwd ?? '/', env: { ...options.env } };
    const session = this;
    const next = defineCommand('__layerlab_next', async (_args, ctx) => {
      registerShellFs(ctx, session.fs);
      registerSession(ctx, session);
      const statement = await session.nextStatement();
      if (statement === undefined) return { stdout: '', stderr: '', exitCode: 1 };
      // `$?` inside the statement is the status of the previous one (unless `set -e`, where a
      // failing status would end the shell: it cannot be non-zero there anyway).
      const errexit = (ctx.env.get('SHELLOPTS') ?? '').split(':').includes('errexit');
      const prefix = session.lastStatus !== 0 && !errexit ? `__layerlab_status ${session.lastStatus}\n` : '';
      await ctx.assignShellVariable!('__LAYERLAB_LINE', prefix + statement);
      if (session.dashLinesRead !== undefined) {
        // dash numbers the lines it has read (the status line in front is not one of them).
        await ctx.assignShellVariable!(DASH_VARIABLE, String(session.dashLinesRead - (prefix === '' ? 0 : 1)));
        session.dashLinesRead += statement.split('\n').length;
      }
      return { stdout: '', stderr: '', exitCode: 0 };
    });
    const done = defineCommand('__layerlab_done', async (args, ctx) => {
      session.state = { cwd: ctx.cwd, env: Object.fromEntries([...ctx.env].filter(([k]) => !k.startsWith('__LAYERLAB'))) };
      session.finishStatement(Number(args[0]));
      return { stdout: '', stderr: '', exitCode: 0 };
    });
    const readScript = defineCommand(READ_SCRIPT_COMMAND, async (args, ctx) => {
      // `.` and `source`: a name without a slash is looked for on PATH, then in the cwd (bash's default).
      const name = args[0] ?? '';
      const candidates = name.includes('/')
        ? [ctx.fs.resolvePath(ctx.cwd, name)]
        : [...(ctx.env.get('PATH') ?? '').split(':').filter(Boolean).map((dir) => ctx.fs.resolvePath(ctx.cwd, `${dir}/${name}`)), ctx.fs.resolvePath(ctx.cwd, name)];
      for (const path of candidates) {
        try {
          const stat = session.fs.overlay.stat(path);
          if (stat.type === 'directory') continue;
          const text = new TextDecoder().decode(await session.fs.overlay.readFile(path));
          return { stdout: session.bash.transform(text).script, stderr: '', exitCode: 0 };
        } catch (err) {
          if (err instanceof FsError) continue;
          const message = err instanceof Error ? err.message.replace(/^Parse error at \d+:\d+: /, '') : String(err);
          return { stdout: '', stderr: `bash: ${name}: ${message}\n`, exitCode: 2 };
        }
      }
      return { stdout: '', stderr: `bash: ${name}: No such file or directory\n`, exitCode: 1 };
    });
    const evalText = defineCommand(EVAL_TEXT_COMMAND, async (args) => {
      // bash's eval joins its arguments with spaces, then parses.
      try {
        return { stdout: session.bash.transform(args.join(' ')).script, stderr: '', exitCode: 0 };
      } catch (err) {
        return { stdout: '(exit 2)', stderr: `bash: eval: ${syntaxErrorText(err)}\n`, exitCode: 0 };
      }
    });
    const status = defineCommand('__layerlab_status', async (args) => ({ stdout: '', stderr: '', exitCode: Number(args[0]) }));
    const isFunction = defineCommand(IS_FUNCTION_COMMAND, async (args) => ({ stdout: '', stderr: '', exitCode: session.functions.has(args[0] ?? '') ? 0 : 1 }));
    const history = defineCommand('history', async (args) => {
      const count = args[0] !== undefined && /^\d+$/.test(args[0]) ? Number(args[0]) : session.history.length;
      const first = session.history.length - Math.min(count, session.history.length);
      const lines = session.history.slice(first).map((line, i) => `${String(first + i + 1).padStart(5)}  ${line}\n`);
      return { stdout: lines.join(''), stderr: '', exitCode: 0 };
    });
    const ours = new Set((options.commands ?? []).map((command) => command.name).concat('history'));
    const execOptions = {
      programs: () => session.programs(),
      ours,
      dialect: options.dialect ?? 'bash',
      onContext: (ctx: CommandContext) => {
        registerShellFs(ctx, session.fs);
        registerSession(ctx, session);
      },
      onExit: (status: number) => session.programEnded(status),
    } as const;
    const exec = createExecCommand(execOptions);
    const execOnTerminal = EXEC_ON_TERMINAL.map(({ name, outputs }) => createExecCommand({ ...execOptions, name, outputs }));
    this.bash = new Bash({
      fs: options.fs,
      cwd: this.state.cwd,
      env: this.state.env,
      customCommands: [history, ...(options.commands ?? []), next, done, status, isFunction, exec, ...execOnTerminal, readScript, evalText],
      // A root login: $UID and $EUID are 0 (just-bash's default is 1000).
      processInfo: { uid: 0, gid: 0 },
      executionLimits: { ...SESSION_LIMITS, ...options.executionLimits },
    });
    // Statements, and scripts run through `ctx.exec` (by __layerlab_exec, xargs, env…), are
    // dispatched the same way. Aliases expand when a statement runs, after this rewrite: their
    // names are left alone.
    this.bash.registerTransformPlugin({
      name: 'layerlab-programs',
      transform: ({ ast }) => {
        collectFunctionNames(ast, session.functions);
        return { ast: dispatchPrograms(ast, session.functions, sourceFunctionStatement, aliasesOf(session.state.env), session.dialect, (name) => session.isProgramOnPath(name)) };
      },
    });
    this.bash.registerTransformPlugin({
      name: 'layerlab-one-statement',
      transform: ({ ast }) => {
        const pick = session.pickStatement;
        return { ast: pick === undefined ? ast : { ...ast, statements: [ast.statements[pick]!] } };
      },
    });
    this.bash.registerTransformPlugin({
      name: 'layerlab-terminal-output',
      transform: ({ ast }) => {
        if (!session.typedLine) return { ast };
        const moved = movedByExec(ast);
        const reaches = session.shellOutput;
        routeOutputToTerminal(ast, { stdout: STDOUT_DEVICE, stderr: STDERR_DEVICE, ...(session.terminal.ttys ? { ttys: session.terminal.ttys } : {}) }, reaches);
        session.shellOutput = { stdout: reaches.stdout && !moved.stdout, stderr: reaches.stderr && !moved.stderr };
        session.definedFunction = functionDefinedBy(ast);
        return { ast };
      },
    });
    // Plumbing, ours and the commands' (e.g. ash's variable listing): never a file, always found.
    const plumbing = (options.commands ?? []).filter((command) => command.name.startsWith('__layerlab_'));
    for (const command of [next, done, status, isFunction, exec, ...execOnTerminal, readScript, evalText, ...plumbing]) options.fs.addInternalProgram(command.name);
    for (const builtin of BASH_BUILTIN_COMMANDS) options.fs.addInternalProgram(builtin);
    // just-bash's own utilities stay reachable under another name, also those ours replace
    // (`date` is ours as a BusyBox applet and just-bash's elsewhere).
    const table = this.programs() as Map<string, Command>;
    for (const [name, command] of justBashCommands()) {
      if (name.startsWith('__layerlab_')) continue;
      table.set(nativeName(name), command);
      options.fs.addInternalProgram(nativeName(name));
    }
    this.currentTerminal = options.terminal;
    options.fs.attachSink(STDOUT_DEVICE, (bytes) => this.terminal.stdout(bytes));
    options.fs.attachSink(STDERR_DEVICE, (bytes) => {
      const shown = limitErrorsInShellWords(withoutPlumbingInTrace(bytes));
      if (shown.length > 0) this.terminal.stderr(shown);
    });
  }

  get terminal(): ShellTerminal {
    return this.currentTerminal;
  }

  /** Where output goes from now on (e.g. a terminal that reconnects after a page reload). */
  setTerminal(terminal: ShellTerminal): void {
    this.currentTerminal = terminal;
  }

  /** PS1 as bash (`root@host:~# `) or busybox ash (`/ # `) shows it. */
  ps1(): string {
    const home = this.state.env.HOME ?? '/root';
    const cwd = this.state.cwd;
    const user = this.state.env.USER ?? 'root';
    const sign = user === 'root' ? '#' : '$';
    const dir = cwd === home ? '~' : cwd.startsWith(`${home}/`) ? `~${cwd.slice(home.length)}` : cwd;
    // ash's PS1 is `\w \$ `: BusyBox's \w also shortens the home directory (other than `/`) to ~.
    if ((this.options.dialect ?? 'bash') === 'ash') return `${home === '/' ? cwd : dir} ${sign} `;
    // dash's PS1: `# ` for root, else `$ ` (src/var.c).
    if (this.dashLinesRead !== undefined) return `${sign} `;
    return `${user}@${this.state.env.HOSTNAME ?? 'localhost'}:${dir}${sign} `;
  }

  ps2(): string {
    return '> ';
  }

  /** Whether `name` is a program on the shell's PATH now (a regular file in one of its directories). */
  private isProgramOnPath(name: string): boolean {
    for (const dir of (this.state.env.PATH ?? '/usr/bin:/bin').split(':')) {
      if (!dir.startsWith('/')) continue;
      if (this.fs.overlay.statIfExists(`${dir.replace(/\/$/, '')}/${name}`)?.type === 'file') return true;
    }
    return false;
  }

  /** Tab at `cursor` in `line`: the word there and what it may complete to (see completion.ts). */
  complete(line: string, cursor: number): Promise<Completion> {
    const shellNames = [...INTERPRETER_BUILTINS, ...BASH_BUILTIN_COMMANDS, 'history', ...this.functions, ...aliasNames(this.state.env)].filter(
      (name) => !name.startsWith('__layerlab') && /^[A-Za-z]/.test(name),
    );
    return complete(line, cursor, {
      fs: this.fs.overlay,
      cwd: this.state.cwd,
      env: this.state.env,
      shellNames,
      ...(this.options.completers ? { completers: this.options.completers } : {}),
    });
  }

  /** Run `child` as this shell's foreground job (Ctrl+C goes to it) until `body` ends. */
  async withForeground<T>(child: ShellSession, body: () => Promise<T>): Promise<T> {
    const previous = this.foreground;
    this.foreground = child;
    try {
      return await body();
    } finally {
      this.foreground = previous;
    }
  }

  /**
   * Start as a new process starts (before the first statement): with `env` as its whole
   * environment and `cwd` — a container's shell on a machine an earlier container left.
   */
  resetProcess(env: Readonly<Record<string, string>>, cwd: string): void {
    this.state = { cwd, env: { ...env } };
    this.dashLinesRead = undefined;
    // just-bash exports only what its constructor was given: the loop exports the rest.
    this.exportAtStart = Object.keys(env).filter((name) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name));
  }

  /**
   * This process is dash (Debian's `sh`: `docker run -it debian sh`), on a machine whose shell
   * speaks bash: dash's prompt (`# `) and error words (shell-dialect.ts, DASH_VARIABLE). Until
   * the next resetProcess.
   */
  speakAsDash(): void {
    this.dashLinesRead = 0;
  }

  /** Set an environment variable of the shell (before its first statement, e.g. a process's identity). */
  setVariable(name: string, value: string): void {
    this.state = { ...this.state, env: { ...this.state.env, [name]: value } };
  }

  /** The working directory after the last statement. */
  get cwd(): string {
    return this.state.cwd;
  }

  get env(): Readonly<Record<string, string>> {
    return this.state.env;
  }

  /** Which shell this is: bash, or busybox ash (its `set`, `env` order and errors differ). */
  get dialect(): ShellDialectName {
    return this.options.dialect ?? 'bash';
  }

  /** Set once the shell has run `exit` (or ended after `set -e`): its exit status. */
  get exited(): number | undefined {
    return this.exitStatus;
  }

  /** Status of the last statement (`$?`). */
  get status(): number {
    return this.lastStatus;
  }

  /**
   * Run one complete statement (see `StatementReader`); its output goes to the terminal as it is
   * produced. Resolves to its exit status. A syntax error is reported as bash reports it.
   */
  async run(text: string): Promise<number> {
    if (this.exitStatus !== undefined) return this.exitStatus;
    if (text.trim() !== '') this.history.push(text);
    let count: number;
    let whole: string;
    try {
      ({ count, script: whole } = this.transformLine(text));
    } catch (err) {
      // bash reports it and runs nothing; `eval` would end the whole session instead.
      this.terminal.stderr(new TextEncoder().encode(`bash: ${syntaxErrorText(err)}\n`));
      this.lastStatus = 2;
      return 2;
    }
    if (!this.bashVariablesSet) await this.setBashVariables();
    if (this.restartPending) this.startRestartedLoop();
    else this.ensureLoop();
    let status = 0;
    for (let i = 0; i < count; i++) {
      // Rewritten just before it runs: functions the statements before it defined (some in
      // files they sourced) are known by then.
      const statement = count === 1 ? whole : this.prepareStatement(text, i);
      if (this.restartPending) this.startRestartedLoop();
      status = await new Promise<number>((resolve) => {
        this.queue.push({ text: statement, resolve });
        this.wakeLoop?.();
      });
      if (this.interrupted) {
        this.interrupted = false;
        // The statement died of Ctrl+C: bash starts a new line and runs nothing more of this one.
        // (A program that handled the signal and exited, like redis, lets the line go on.)
        if (status === 130) {
          this.terminal.stdout(new TextEncoder().encode('\n'));
          return status;
        }
      }
      if (this.exitStatus !== undefined) return this.exitStatus;
    }
    return status;
  }

  /**
   * The variables bash sets itself (see bash-variables.ts), once, before the shell's first
   * statement; busybox ash has its own (commands/env/ash-variables.ts).
   */
  private async setBashVariables(): Promise<void> {
    this.bashVariablesSet = true;
    if (this.dialect !== 'bash' || this.loop !== undefined) return;
    const identity = await bashIdentity(this.fs.overlay, this.state.env);
    this.listing.bashVersion = bashVersionString(identity.version);
    const columns = this.terminal.columns?.() ?? 80;
    const variables = bashStartVariables(identity, this.state.env.HOME ?? '/root', this.terminal.interactive ?? true, columns);
    const missing = Object.entries(variables).filter(([name]) => this.state.env[name] === undefined);
    this.state = { ...this.state, env: { ...this.state.env, ...Object.fromEntries(missing) } };
    this.startScript = `BASH_VERSINFO=(${bashVersinfo(identity).map(shellQuote).join(' ')})\n`;
  }

  /** End the shell as end of input does (`bash -s` at EOF): as if `exit` were typed. */
  async close(): Promise<number> {
    if (this.exitStatus !== undefined) return this.exitStatus;
    if (this.loop === undefined) {
      this.exitStatus = this.lastStatus;
      return this.exitStatus;
    }
    return this.run(`exit ${this.lastStatus}`);
  }

  /**
   * Run a program as a process of this shell's machine, outside the read-eval loop: what
   * `docker run IMAGE CMD…` does with its command. `argv[0]` is looked up on PATH (or taken as
   * a path), as execve would be — see programs/exec-command.ts. Output is collected, bytes kept.
   */
  async execProgram(argv: readonly string[], options: ProcessOptions = {}): Promise<ProcessResult> {
    if (this.listing.bashVersion === undefined && this.dialect === 'bash') {
      this.listing.bashVersion = bashVersionString((await bashIdentity(this.fs.overlay, options.env ?? this.state.env)).version);
    }
    const out: Uint8Array[] = [];
    const err: Uint8Array[] = [];
    const id = ++processes;
    const stdoutDevice = `/dev/.layerlab-process-${id}-stdout`;
    const stderrDevice = `/dev/.layerlab-process-${id}-stderr`;
    this.fs.attachSink(stdoutDevice, (bytes) => (out.push(bytes.slice()), options.onStdout?.(bytes)));
    this.fs.attachSink(stderrDevice, (written) => {
      const bytes = limitErrorsInShellWords(written);
      err.push(bytes.slice());
      options.onStderr?.(bytes);
    });
    try {
      const env = options.env ?? this.state.env;
      // Every variable of a process's environment is exported (it is its envp).
      const exports = Object.keys(env).filter((name) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name));
      const script = `${exports.length > 0 ? `export ${exports.join(' ')}\n` : ''}${EXEC_COMMAND} ${argv.map(shellQuote).join(' ')} >>${stdoutDevice} 2>>${stderrDevice}`;
      const result = await this.bash.exec(script, {
        cwd: options.cwd ?? this.state.cwd,
        env,
        replaceEnv: options.env !== undefined,
        ...(options.stdin ? { stdin: bytesToLatin1(options.stdin), stdinKind: 'bytes' as const } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        rawScript: true,
      });
      if (result.stderr) err.push(new TextEncoder().encode(limitErrorInShellWords(result.stderr)));
      return { exitCode: result.exitCode, stdout: concatBytes(out), stderr: concatBytes(err) };
    } finally {
      this.fs.detachSink(stdoutDevice);
      this.fs.detachSink(stderrDevice);
    }
  }

  /**
   * Ctrl+C: stop the running statement (long-running commands listen via `onInterrupt`). The
   * terminal has echoed `^C`, as a tty does; when the statement ends the shell starts a new line,
   * as bash does after a job dies of SIGINT.
   */
  interrupt(): void {
    if (this.foreground) {
      this.foreground.interrupt();
      return;
    }
    if (this.running) this.interrupted = true;
    if (this.interruptListeners.size > 0) {
      // The program in the foreground gets the signal. If it dies of it (status 130), the rest
      // of the statement does not run either (a loop around `sleep`), as with bash; one that
      // handles it and exits (redis saving its data) lets the statement go on.
      this.signalled = true;
      for (const listener of [...this.interruptListeners]) listener();
      return;
    }
    if (this.running) this.abort.abort();
  }

  /** A program the dispatch ran has ended with `status`. */
  private programEnded(status: number): void {
    if (!this.signalled) return;
    this.signalled = false;
    if (status === 130 && this.running) this.abort.abort();
  }

  /** For long-running commands (servers, `sleep`, `tail -f`): called on Ctrl+C; returns an unsubscribe function. */
  onInterrupt(listener: () => void): () => void {
    this.interruptListeners.add(listener);
    return () => this.interruptListeners.delete(listener);
  }

  /** The statement as it will run: program names dispatched through our lookup (see programs/). */
  /**
   * A line runs as its top-level statements, one at a time, so that each one's output reaches
   * the terminal before the next one's (just-bash hands a statement's stdout and stderr over
   * separately, at its end). Throws just-bash's parse error for a line with a syntax error.
   */
  private transformLine(line: string): { count: number; script: string } {
    this.typedLine = true;
    this.definedFunction = undefined;
    try {
      const result = this.bash.transform(line);
      const count = (result.ast as { statements?: unknown[] }).statements?.length ?? 1;
      if (count === 1 && this.definedFunction !== undefined) this.definitions.set(this.definedFunction, result.script);
      return { count, script: result.script };
    } finally {
      this.typedLine = false;
    }
  }

  /** Statement `index` of `line` as it will run: program names dispatched through our lookup (see programs/). */
  private prepareStatement(line: string, index: number): string {
    this.pickStatement = index;
    this.typedLine = true;
    this.definedFunction = undefined;
    try {
      const script = this.bash.transform(line).script;
      if (this.definedFunction !== undefined) this.definitions.set(this.definedFunction, script);
      return script;
    } finally {
      this.pickStatement = undefined;
      this.typedLine = false;
    }
  }

  /**
   * Every program the shell can run, by name: just-bash's utilities and ours. just-bash keeps
   * them in a private table; the lookup is checked by tests/shell/programs.test.ts.
   */
  private programs(): ReadonlyMap<string, Command> {
    const table = (this.bash as unknown as { commands?: unknown }).commands;
    if (!(table instanceof Map)) throw new Error('just-bash changed: its command table is not a Map');
    return table as Map<string, Command>;
  }

  private ensureLoop(restarted = false): void {
    if (this.loop !== undefined) return;
    if (restarted && this.definitions.size > 0) this.queue.unshift({ text: [...this.definitions.values()].join('\n'), resolve: () => {}, silent: true });
    this.abort = new AbortController();
    const { cwd, env } = this.state;
    const exports = this.exportAtStart.length > 0 ? `export ${this.exportAtStart.join(' ')}\n` : '';
    this.exportAtStart = [];
    this.loop = this.bash
      .exec(`shopt -s expand_aliases\n${this.startScript}${exports}${LOOP}`, { cwd, env, signal: this.abort.signal, rawScript: true })
      .then(
        (result) => this.loopEnded(result.exitCode, result.stderr),
        (err: unknown) => this.loopCrashed(err),
      );
  }

  private loopEnded(exitCode: number, stderr: string): void {
    this.loop = undefined;
    const interrupted = this.abort.signal.aborted;
    // just-bash's advice to its embedder is not the student's business, nor is its word for Ctrl+C.
    const text = interrupted ? stderr.replace(/^bash: execution aborted\n/m, '') : limitErrorInShellWords(stderr);
    // What the loop itself wrote (`set -x` traces of its plumbing after `set +x`) is not shown either.
    const shown = withoutPlumbingInTrace(new TextEncoder().encode(text));
    if (shown.length > 0) this.terminal.stderr(shown);
    const running = this.running;
    this.running = undefined;
    if (interrupted || (exitCode === 126 && LIMIT_STOP.test(stderr))) {
      // Ctrl+C stopped a statement that ran only just-bash code (e.g. `while true; do :; done`),
      // or just-bash stopped it at a limit: the session goes on with the variables, cwd and
      // typed functions it had after the last statement.
      const status = interrupted ? 130 : 126;
      this.lastStatus = status;
      running?.resolve(status);
      this.restartLoop();
      return;
    }
    // The loop only ends by `exit` (or errexit): the shell is over.
    this.exitStatus = exitCode;
    this.lastStatus = exitCode;
    running?.resolve(exitCode);
    for (const pending of this.queue.splice(0)) pending.resolve(exitCode);
  }

  /**
   * just-bash threw out of the loop (an error inside the interpreter, not `exit`): the statement
   * fails with one line, as bash reports an error, and the shell goes on from the state it had
   * after the last statement (functions defined so far are lost with the interpreter).
   */
  private loopCrashed(err: unknown): void {
    this.loop = undefined;
    this.terminal.stderr(new TextEncoder().encode(`bash: ${errorLine(err)}\n`));
    const running = this.running;
    this.running = undefined;
    this.lastStatus = 1;
    running?.resolve(1);
    this.restartLoop();
  }

  /** A new loop, with the typed functions defined again first (it starts with the next statement). */
  private restartLoop(): void {
    this.restartPending = true;
    if (this.queue.length > 0) this.startRestartedLoop();
  }

  private startRestartedLoop(): void {
    this.restartPending = false;
    this.ensureLoop(true);
  }

  private async nextStatement(): Promise<string | undefined> {
    while (this.queue.length === 0) {
      await new Promise<void>((resolve) => (this.wakeLoop = resolve));
      this.wakeLoop = undefined;
    }
    this.running = this.queue.shift()!;
    return this.running.text;
  }

  private finishStatement(status: number): void {
    const running = this.running;
    if (!running?.silent) this.lastStatus = status;
    this.running = undefined;
    running?.resolve(status);
  }
}

/**
 * `set -x` traces what runs, and what runs is the rewritten statement: drop the trace lines of
 * the session's own plumbing (the loop's `eval`, `__layerlab_status`…) and take our names and
 * terminal redirections out of the others, so the trace shows what was typed.
 */
export function withoutPlumbingInTrace(bytes: Uint8Array): Uint8Array {
  const text = bytesToLatin1(bytes);
  if (!text.includes('__layerlab') && !text.includes('/dev/.layerlab-')) return bytes;
  const lines = text.split('\n').flatMap((line) => {
    if (!/^\++ /.test(line)) return [line];
    if (/^\++ (eval .*\/dev\/\.layerlab-std|__layerlab_(status|next|done|source|read_script|eval_text|call|is_function)\b|__LAYERLAB_READS=|__LAYERLAB_TEMPENV=|__LAYERLAB_STREAM(_ERR(_ASIDE)?)?=)/.test(line)) return [];
    return [line.replace(/__layerlab_exec(_[12][ts](2[ts])?)? (__layerlab_reads=\w+ )?/g, '').replace(/ \d?>> \/dev\/\.layerlab-std(out|err)/g, '')];
  });
  return latin1ToBytes(lines.join('\n'));
}

/** The function a statement defines, when defining it is all the statement does (`f() { … }`). */
function functionDefinedBy(ast: unknown): string | undefined {
  const statements = (ast as { statements?: { pipelines?: { commands?: { type?: string; name?: unknown }[] }[] }[] }).statements ?? [];
  if (statements.length !== 1) return undefined;
  const pipelines = statements[0]!.pipelines ?? [];
  const command = pipelines.length === 1 && pipelines[0]!.commands?.length === 1 ? pipelines[0]!.commands[0] : undefined;
  return command?.type === 'FunctionDef' && typeof command.name === 'string' ? command.name : undefined;
}

/** bash's wording of a parse error. */
function syntaxErrorText(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/^Parse error at \d+:\d+: /, '').replace(/^line \d+: /, '');
}

/** just-bash keeps aliases as `BASH_ALIAS_<name>` variables. */
function aliasesOf(env: Readonly<Record<string, string>>): Map<string, string> {
  return new Map(aliasNames(env).map((name) => [name, env[`BASH_ALIAS_${name}`]!]));
}

function aliasNames(env: Readonly<Record<string, string>>): string[] {
  return Object.keys(env).filter((key) => key.startsWith('BASH_ALIAS_')).map((key) => key.slice('BASH_ALIAS_'.length));
}

let justBashTable: ReadonlyMap<string, Command> | undefined;

/** just-bash's own commands, as a shell without ours has them (made once; they keep no state). */
function justBashCommands(): ReadonlyMap<string, Command> {
  if (justBashTable === undefined) {
    const table = (new Bash() as unknown as { commands?: unknown }).commands;
    if (!(table instanceof Map)) throw new Error('just-bash changed: its command table is not a Map');
    justBashTable = new Map(table as Map<string, Command>);
  }
  return justBashTable;
}

let sourceFunctionAst: unknown;

/** The parsed definition of the function a rewritten `.` calls, a fresh copy each time. */
function sourceFunctionStatement(): unknown {
  sourceFunctionAst ??= parseScript(SOURCE_FUNCTION_TEXT).statements[0];
  return structuredClone(sourceFunctionAst);
}
