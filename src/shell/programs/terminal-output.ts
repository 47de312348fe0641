/**
 * What of a typed statement writes to the terminal, and the rewrite that shows it there as
 * soon as each command ends.
 *
 * just-bash collects a statement's stdout and stderr separately and hands both over at its end,
 * so `cp a b || echo failed` would show "failed" before cp's error. In a terminal each command
 * writes to the same device as it runs. So each command of a typed statement whose output
 * reaches the terminal — not piped on, not redirected by itself or by a compound around it,
 * not inside `$(…)` or a function body — gets its own redirections to the terminal's devices,
 * put in front of its own (which therefore still win: `2>&1`, `>&2`, `>file` mean what they say).
 *
 * The same analysis tells a program where its stdout and stderr go (see EXEC_ON_TERMINAL): `ls`
 * prints columns on a terminal and one name per line into a pipe; a container's output goes to
 * the shell's output as the container writes it, or back as the command's output into a pipe or
 * `$(…)` — in the page, in the CLI on a terminal and in the CLI reading a script alike.
 */
import type { CommandNode, PipelineNode, ScriptNode, SimpleCommandNode, StatementNode, WordNode } from 'just-bash';
import type { CommandOutputs, StreamTarget } from '../command-context.ts';
import { compoundBody } from './compound-body.ts';
import { narrowedBy, writesTo, type Reaches, type RedirectionNode } from './redirection-reach.ts';
import { EXEC_COMMAND, isShellCommandName } from './dispatch-transform.ts';
import { mergeStderrOfCalls, streamingCallAssignments } from './function-output.ts';


/**
 * `__layerlab_exec` under other names, one for each place its stdout and stderr can go: the
 * shell's own output when that is a terminal (`t`: the program may know it, isatty — `ls`
 * prints columns), the shell's own output when that is not a terminal (`s`: `layerlab shell >
 * file`, a script's output), or elsewhere (a pipe, a file, `$(…)`: plain `__layerlab_exec`).
 * A program whose stream is the shell's own output may write to it as it runs (a container's
 * output, `docker logs -f`); anything else must return what it writes.
 */
export const EXEC_ON_TERMINAL: readonly { name: string; outputs: CommandOutputs }[] = [
  ...(['terminal', 'shell', 'elsewhere'] as const).flatMap((stdout) =>
    (['terminal', 'shell', 'elsewhere'] as const).flatMap((stderr) => (stdout === 'elsewhere' && stderr === 'elsewhere' ? [] : [{ name: execNameFor({ stdout, stderr }), outputs: { stdout, stderr } }])),
  ),
  // `2>&1` into a pipe or a file (`o`: stderr is stdout).
  { name: execNameFor({ stdout: 'elsewhere', stderr: 'stdout' }), outputs: { stdout: 'elsewhere', stderr: 'stdout' } },
];

function execNameFor(outputs: CommandOutputs): string {
  const code = (fd: 1 | 2, target: CommandOutputs['stderr']) => (target === 'elsewhere' ? '' : `${fd}${target === 'terminal' ? 't' : target === 'shell' ? 's' : 'o'}`);
  const suffix = code(1, outputs.stdout) + code(2, outputs.stderr);
  return suffix === '' ? EXEC_COMMAND : `${EXEC_COMMAND}_${suffix}`;
}

export interface TerminalDevices {
  stdout: string;
  stderr: string;
  /** Which of the two are terminals (isatty); `layerlab shell > file` writes stdout to a file. */
  ttys?: Reaches;
}


/** Builtins that must not carry redirections: `exec` with one changes the shell's own descriptors; the rest leave the statement. */
const LEAVE_ALONE = new Set(['exec', 'exit', 'return', 'break', 'continue']);

/**
 * Rewrite the top-level statements of `ast` (in place) so that their commands write to `devices`
 * as they end. `reaches` says which of the shell's own descriptors are still the terminal's
 * (`exec 2>/dev/null` moves the shell's stderr for good: see `movedByExec`).
 */
export function routeOutputToTerminal(ast: ScriptNode, devices: TerminalDevices, reaches: Reaches = { stdout: true, stderr: true }): ScriptNode {
  for (const statement of ast.statements) {
    // A background job's output is not ordered with the prompt's anyway.
    if (statement.background) continue;
    visitStatement(statement, reaches, devices);
  }
  // A call's `2>&1` decides last where its body's stderr goes (function-output.ts).
  mergeStderrOfCalls(ast, EXEC_COMMAND, isShellCommandName);
  return ast;
}

/** Which of the shell's descriptors an `exec` with only redirections (`exec 2>/dev/null`) in `ast` moves. */
export function movedByExec(ast: unknown): Reaches {
  const moved = { stdout: false, stderr: false };
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    const command = node as SimpleCommandNode;
    if (command.type === 'SimpleCommand' && command.name && literalText(command.name) === 'exec' && command.args.length === 0) {
      moved.stdout ||= command.redirections.some((r) => writesTo(r, 1));
      moved.stderr ||= command.redirections.some((r) => writesTo(r, 2));
    }
    for (const value of Object.values(node)) walk(value);
  };
  walk(ast);
  return moved;
}

function visitStatement(statement: StatementNode, reaches: Reaches, devices: TerminalDevices): void {
  for (const pipeline of statement.pipelines) visitPipeline(pipeline, reaches, devices);
}

function visitPipeline(pipeline: PipelineNode, reaches: Reaches, devices: TerminalDevices): void {
  const last = pipeline.commands.length - 1;
  pipeline.commands.forEach((command, i) => {
    visitCommand(command, {
      stdout: reaches.stdout && i === last,
      // `a |& b` pipes a's stderr too.
      stderr: reaches.stderr && !(pipeline.pipeStderr?.[i] ?? false),
    }, devices);
  });
}

function visitCommand(command: CommandNode, reaches: Reaches, devices: TerminalDevices): void {
  switch (command.type) {
    case 'SimpleCommand':
      routeSimpleCommand(command, reaches, devices);
      return;
    case 'FunctionDef':
    case 'ArithmeticCommand':
    case 'ConditionalCommand':
      return;
  }
  if (command.type === 'For') routeSubstitutions(command.words, reaches, devices);
  if (command.type === 'Case') routeSubstitutions(command.word, reaches, devices);
  const inner = narrowedBy(command.redirections, reaches);
  const statements = compoundBody(command);
  for (const statement of statements) visitStatement(statement, inner, devices);
}

function routeSimpleCommand(command: SimpleCommandNode, reaches: Reaches, devices: TerminalDevices): void {
  // Words are expanded before the command's redirections apply: errors of a `$(…)` go where
  // the shell's stderr goes.
  routeSubstitutions([command.name, command.args, command.assignments, command.redirections], reaches, devices);
  if (command.name === null || (!reaches.stdout && !reaches.stderr)) return;
  const name = literalText(command.name);
  if (name !== undefined && (LEAVE_ALONE.has(name) || (name.startsWith('__layerlab_') && name !== EXEC_COMMAND))) return;
  const ours: RedirectionNode[] = [];
  if (reaches.stdout) ours.push(redirection(1, devices.stdout));
  if (reaches.stderr) ours.push(redirection(2, devices.stderr));
  const streams = streamsAfter(command.redirections, reaches);
  command.redirections = [...ours, ...command.redirections];
  // A function's body writes to the terminal as it runs (see function-output.ts).
  if (name !== undefined && name !== EXEC_COMMAND && !isShellCommandName(name)) command.assignments.push(...streamingCallAssignments(streams, devices));
  if (name !== EXEC_COMMAND) return;
  const ttys = devices.ttys ?? { stdout: true, stderr: true };
  const target = (reaches: boolean, tty: boolean): StreamTarget => (!reaches ? 'elsewhere' : tty ? 'terminal' : 'shell');
  const stdout = target(streams.stdout, ttys.stdout);
  const stderr = stdout === 'elsewhere' && stderrDuplicatesStdout(command.redirections) ? 'stdout' : target(streams.stderr, ttys.stderr);
  command.name = literal(execNameFor({ stdout, stderr }));
}

/** Whether, once these redirections apply in order, fd 2 is a copy of fd 1: the last to move fd 2 is `2>&1`, and none moves fd 1 after it. */
function stderrDuplicatesStdout(redirections: readonly RedirectionNode[]): boolean {
  let duplicated = false;
  for (const r of redirections) {
    if (r.operator === '&>' || r.operator === '&>>') duplicated = false; // both to one file: just-bash writes it as one
    else if (writesTo(r, 2)) duplicated = r.operator === '>&' && r.fd === 2 && r.target.type === 'Word' && literalText(r.target) === '1';
    else if (writesTo(r, 1)) duplicated = false;
  }
  return duplicated;
}

/** The commands inside `$(…)` and `<(…)` in these words: their stdout is captured, their stderr is the shell's. */
function routeSubstitutions(words: unknown, reaches: Reaches, devices: TerminalDevices): void {
  if (!reaches.stderr || words === null || typeof words !== 'object') return;
  if (Array.isArray(words)) {
    for (const word of words) routeSubstitutions(word, reaches, devices);
    return;
  }
  const node = words as { type?: string; body?: ScriptNode };
  if ((node.type === 'CommandSubstitution' || node.type === 'ProcessSubstitution') && node.body) {
    for (const statement of node.body.statements) visitStatement(statement, { stdout: false, stderr: true }, devices);
    return;
  }
  for (const value of Object.values(node)) routeSubstitutions(value, reaches, devices);
}

/** Where stdout and stderr point once a command's own redirections are applied in order (`>&2` keeps a terminal). */
function streamsAfter(redirections: readonly RedirectionNode[], reaches: Reaches): Reaches {
  const to: Record<number, boolean> = { 1: reaches.stdout, 2: reaches.stderr };
  for (const r of redirections) {
    if (r.operator === '&>' || r.operator === '&>>') {
      to[1] = to[2] = false;
      continue;
    }
    for (const fd of [1, 2] as const) {
      if (!writesTo(r, fd)) continue;
      const source = r.operator === '>&' && r.target.type === 'Word' ? literalText(r.target) : undefined;
      to[fd] = source === '1' || source === '2' ? to[Number(source)]! : false;
    }
  }
  return { stdout: to[1]!, stderr: to[2]! };
}

/** What still reaches the terminal inside a compound command with these redirections. */
function redirection(fd: 1 | 2, device: string): RedirectionNode {
  return { type: 'Redirection', fd: fd === 1 ? null : 2, operator: '>>', target: literal(device) };
}

function literal(value: string): WordNode {
  return { type: 'Word', parts: [{ type: 'Literal', value }] } as WordNode;
}

function literalText(word: WordNode): string | undefined {
  let text = '';
  for (const part of word.parts) {
    if (part.type !== 'Literal') return undefined;
    text += part.value;
  }
  return text;
}
