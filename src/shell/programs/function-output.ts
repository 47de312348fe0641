/**
 * Output written inside a function reaches the terminal as it is written, as in bash: `f() { for
 * i in 1 2 3; do echo $i; sleep 1; done; }; f` shows 1, 2, 3 a second apart.
 *
 * just-bash collects a function's output and hands it over when the call ends; a typed command
 * gets the terminal's devices as redirections (terminal-output.ts), but a function body cannot:
 * where its output goes depends on the call (`f`, `f | sort`, `x=$(f)`). So each command of a
 * body that writes to the function's own stdout (or stderr) — not piped on, not redirected,
 * not inside `$(…)` — writes to `"${__LAYERLAB_STREAM:-/dev/stdout}"` (`…_ERR:-/dev/stderr`):
 * the function's stdout when the variable is unset. A typed call whose output reaches the
 * terminal sets the variables to the terminal's devices for the call (a prefix assignment,
 * gone when it returns); a call inside a body whose output goes elsewhere sets them empty, so
 * its own commands write to its stdout again. The commands' own redirections come after ours
 * and still win (`>&2`, `> file`, `2>&1`).
 *
 * A call whose stderr goes where its stdout goes (`x=$(f 2>&1)`, `f 2>&1 | less`) makes its
 * body's stderr go to `${__LAYERLAB_STREAM:-/dev/stdout}` as well, so that the two stay in the
 * order they were written, as with bash's one descriptor; just-bash would append all the
 * stderr after all the stdout when the call ends. `/dev/stdout` names the stdout of the command
 * that writes, so a command of the body whose stdout is not the function's (piped on, inside
 * `$(…)`) writes its stderr to `__LAYERLAB_STREAM_ERR_ASIDE` instead: the device both go to, or
 * its own stderr, which the call's `2>&1` then hands on when it ends (`ls /nope | wc -l`).
 */
import type { CommandNode, PipelineNode, ScriptNode, SimpleCommandNode, StatementNode, WordNode } from 'just-bash';
import { compoundBody } from './compound-body.ts';
import { narrowedBy, writesTo, type Reaches, type RedirectionNode } from './redirection-reach.ts';
import { parseScript } from '../statement-reader.ts';
import { CALL_FUNCTION } from './dispatch-transform.ts';

type AssignmentNode = SimpleCommandNode['assignments'][number];

export const STREAM_STDOUT_VARIABLE = '__LAYERLAB_STREAM';
export const STREAM_STDERR_VARIABLE = '__LAYERLAB_STREAM_ERR';
/** Where the stderr of a body's command goes when its stdout is not the function's (see above). */
export const STREAM_STDERR_ASIDE_VARIABLE = '__LAYERLAB_STREAM_ERR_ASIDE';

/** Builtins that must not carry redirections (`exec` would move the shell's own), or that write nothing. */
const LEAVE_ALONE = new Set(['exec', 'exit', 'return', 'break', 'continue', ':', 'true', 'false', 'local', 'shift', 'unset', 'cd', 'export', 'readonly', 'declare', 'typeset', 'let']);

/** Whether a command's name is one of the shell's (a builtin, our plumbing) rather than a function's. */
export type IsShellCommand = (name: string) => boolean;

let streamRedirections: RedirectionNode[] | undefined;

/** `>>STDOUT 2>>STDERR 2>>STDERR_ASIDE` (the three targets of a body's commands). */
function redirectionsToStream(): RedirectionNode[] {
  streamRedirections ??= (
    (
      parseScript(
        `: >>"\${${STREAM_STDOUT_VARIABLE}:-/dev/stdout}" 2>>"\${${STREAM_STDERR_VARIABLE}:-/dev/stderr}" 2>>"\${${STREAM_STDERR_ASIDE_VARIABLE}:-/dev/stderr}"`,
      ) as unknown as ScriptNode
    ).statements[0]!.pipelines[0]!.commands[0] as SimpleCommandNode
  ).redirections;
  return structuredClone(streamRedirections);
}

let mergedStderrAssignments: AssignmentNode[] | undefined;

/** `__LAYERLAB_STREAM_ERR="${__LAYERLAB_STREAM:-/dev/stdout}" __LAYERLAB_STREAM_ERR_ASIDE="${__LAYERLAB_STREAM:-}"`. */
function stderrToStdoutAssignments(): AssignmentNode[] {
  mergedStderrAssignments ??= (
    (
      parseScript(`${STREAM_STDERR_VARIABLE}="\${${STREAM_STDOUT_VARIABLE}:-/dev/stdout}" ${STREAM_STDERR_ASIDE_VARIABLE}="\${${STREAM_STDOUT_VARIABLE}:-}" :`) as unknown as ScriptNode
    ).statements[0]!.pipelines[0]!.commands[0] as SimpleCommandNode
  ).assignments;
  return structuredClone(mergedStderrAssignments);
}

/** Whether a redirection is one this rewrite added (function-listing.ts leaves them out). */
export function isStreamRedirection(r: RedirectionNode): boolean {
  return JSON.stringify(r.target).includes(`"parameter":"${STREAM_STDOUT_VARIABLE}`);
}

export function isStreamAssignment(a: AssignmentNode): boolean {
  return a.name === STREAM_STDOUT_VARIABLE || a.name === STREAM_STDERR_VARIABLE || a.name === STREAM_STDERR_ASIDE_VARIABLE;
}

/**
 * Rewrite (in place) the body of every function `ast` defines; `isShellCommand` tells builtins
 * and plumbing from functions (everything else was dispatched as `execName` already).
 */
export function streamFunctionBodies(ast: ScriptNode, execName: string, isShellCommand: IsShellCommand): void {
  const visitAll = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visitAll);
    const typed = node as { type?: string; body?: CommandNode; name?: string };
    // Our own functions (`__layerlab_call`) only pass a call on: the function called does its own writing.
    if (typed.type === 'FunctionDef' && typed.name?.startsWith('__layerlab_')) return;
    if (typed.type === 'FunctionDef' && typed.body) visitCommand(typed.body, { stdout: true, stderr: true }, execName, isShellCommand);
    for (const value of Object.values(node)) visitAll(value);
  };
  visitAll(ast);
  mergeStderrOfCalls(ast, execName, isShellCommand);
}

/**
 * Every call of a function in `ast` whose stderr goes where its stdout goes (`f 2>&1`) gets the
 * assignments that send its body's stderr there as written (see above). They come last, after
 * those of the terminal's rewrite; run again after it, this replaces its own.
 */
export function mergeStderrOfCalls(ast: unknown, execName: string, isShellCommand: IsShellCommand): void {
  const visitAll = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visitAll);
    const command = node as SimpleCommandNode;
    if (command.type === 'SimpleCommand' && command.name !== null) {
      const name = literalText(command.name);
      const isFunctionCall = name === CALL_FUNCTION || (name !== undefined && name !== execName && !name.startsWith(`${execName}_`) && !isShellCommand(name));
      if (isFunctionCall && stderrFollowsStdout(command.redirections)) {
        const merged = stderrToStdoutAssignments();
        const mergedNames = new Set(merged.map((a) => a.name));
        // Replaces an earlier pass's, and the terminal's own for stderr.
        command.assignments = [...command.assignments.filter((a) => !(mergedNames.has(a.name) && isStreamAssignment(a))), ...merged];
      }
    }
    for (const value of Object.values(node)) visitAll(value);
  };
  visitAll(ast);
}

/** Whether, after a command's own redirections (ours left out), its stderr is a copy of the stdout it was given. */
function stderrFollowsStdout(redirections: readonly RedirectionNode[]): boolean {
  const to: Record<number, 'stdout' | 'stderr' | 'elsewhere'> = { 1: 'stdout', 2: 'stderr' };
  for (const r of redirections) {
    if (isStreamRedirection(r) || (r.target.type === 'Word' && literalText(r.target)?.startsWith('/dev/.layerlab-'))) continue;
    if (r.operator === '&>' || r.operator === '&>>') return false;
    for (const fd of [1, 2] as const) {
      if (!writesTo(r, fd)) continue;
      const source = r.operator === '>&' && r.target.type === 'Word' ? literalText(r.target) : undefined;
      to[fd] = source === '1' || source === '2' ? to[Number(source)]! : 'elsewhere';
    }
  }
  return to[1] === 'stdout' && to[2] === 'stdout';
}

/**
 * A typed call of a function whose stdout/stderr reach the terminal's `devices`: the
 * assignments that make its body write there as it runs.
 */
export function streamingCallAssignments(reaches: { stdout: boolean; stderr: boolean }, devices: { stdout: string; stderr: string }): AssignmentNode[] {
  const out: AssignmentNode[] = [];
  if (reaches.stdout) out.push(assignment(STREAM_STDOUT_VARIABLE, devices.stdout));
  if (reaches.stderr) out.push(assignment(STREAM_STDERR_VARIABLE, devices.stderr), assignment(STREAM_STDERR_ASIDE_VARIABLE, devices.stderr));
  return out;
}

function visitStatements(statements: readonly StatementNode[], reaches: Reaches, execName: string, isShellCommand: IsShellCommand): void {
  for (const statement of statements) for (const pipeline of statement.pipelines) visitPipeline(pipeline, reaches, execName, isShellCommand);
}

function visitPipeline(pipeline: PipelineNode, reaches: Reaches, execName: string, isShellCommand: IsShellCommand): void {
  const last = pipeline.commands.length - 1;
  pipeline.commands.forEach((command, i) => {
    visitCommand(command, { stdout: reaches.stdout && i === last, stderr: reaches.stderr && !(pipeline.pipeStderr?.[i] ?? false) }, execName, isShellCommand);
  });
}

function visitCommand(command: CommandNode, reaches: Reaches, execName: string, isShellCommand: IsShellCommand): void {
  switch (command.type) {
    case 'SimpleCommand':
      visitSimpleCommand(command, reaches, execName, isShellCommand);
      return;
    case 'FunctionDef':
    case 'ArithmeticCommand':
    case 'ConditionalCommand':
      return;
  }
  if (command.type === 'For') visitSubstitutions(command.words, reaches, execName, isShellCommand);
  if (command.type === 'Case') visitSubstitutions(command.word, reaches, execName, isShellCommand);
  const inner = narrowedBy(command.redirections, reaches);
  const statements = compoundBody(command);
  visitStatements(statements, inner, execName, isShellCommand);
}

function visitSimpleCommand(command: SimpleCommandNode, reaches: Reaches, execName: string, isShellCommand: IsShellCommand): void {
  visitSubstitutions([command.name, command.args, command.assignments, command.redirections], reaches, execName, isShellCommand);
  if (command.name === null) return;
  const name = literalText(command.name);
  if (name !== undefined && LEAVE_ALONE.has(name)) return;
  // Already rewritten (a body transformed twice): leave it.
  if (command.redirections.some(isStreamRedirection) || command.assignments.some(isStreamAssignment)) return;
  // `__layerlab_call NAME` (dispatch-transform.ts) is a call of a function, when NAME is one.
  const isFunctionCall = name === CALL_FUNCTION || (name !== undefined && name !== execName && !name.startsWith(`${execName}_`) && !isShellCommand(name));
  if (isFunctionCall) {
    // Its body writes to the variables' devices: where this call's output does not reach them, it writes to its own stdout.
    if (!reaches.stdout || command.redirections.some((r) => writesTo(r, 1))) command.assignments.push(assignment(STREAM_STDOUT_VARIABLE, ''));
    if (!reaches.stderr || command.redirections.some((r) => writesTo(r, 2))) command.assignments.push(assignment(STREAM_STDERR_VARIABLE, ''), assignment(STREAM_STDERR_ASIDE_VARIABLE, ''));
  }
  // What the command (or the call, of what its body did not write itself) hands over goes there too;
  // its stderr, where its stdout is the function's, or aside.
  const [toStdout, toStderr, toStderrAside] = redirectionsToStream();
  command.redirections = [...(reaches.stdout ? [toStdout!] : []), ...(reaches.stderr ? [reaches.stdout ? toStderr! : toStderrAside!] : []), ...command.redirections];
}

/** Commands inside `$(…)` and `<(…)`: their stdout is captured, their stderr is the function's. */
function visitSubstitutions(words: unknown, reaches: Reaches, execName: string, isShellCommand: IsShellCommand): void {
  if (words === null || typeof words !== 'object') return;
  if (Array.isArray(words)) {
    for (const word of words) visitSubstitutions(word, reaches, execName, isShellCommand);
    return;
  }
  const node = words as { type?: string; body?: ScriptNode };
  if ((node.type === 'CommandSubstitution' || node.type === 'ProcessSubstitution') && node.body) {
    visitStatements(node.body.statements, { stdout: false, stderr: reaches.stderr }, execName, isShellCommand);
    return;
  }
  for (const value of Object.values(node)) visitSubstitutions(value, reaches, execName, isShellCommand);
}

function assignment(name: string, value: string): AssignmentNode {
  return { type: 'Assignment', name, value: { type: 'Word', parts: value === '' ? [] : [{ type: 'Literal', value }] } as WordNode, append: false, array: null } as AssignmentNode;
}

function literalText(word: WordNode): string | undefined {
  let text = '';
  for (const part of word.parts) {
    if (part.type === 'Literal' || part.type === 'SingleQuoted') text += (part as { value: string }).value;
    else return undefined;
  }
  return text;
}
