/**
 * Makes the shell run programs the way a kernel would: by finding a file on PATH (or at the
 * path typed) in *this* filesystem and running what that file is — an emulated program for a
 * placeholder binary, the shell for a script. just-bash instead looks commands up in its own
 * table, and runs only `/bin/<name>` or `/usr/bin/<name>` as such; anything else it reads as a
 * shell script. So before a statement runs, each simple command `prog args…` is rewritten to
 * `__layerlab_exec prog args…`, whose lookup is ours (see exec-command.ts).
 *
 * Left alone: shell builtins that just-bash implements inside its interpreter (they change the
 * shell's own state: `cd`, `export`, `read`…), functions the shell knows, and our plumbing.
 */
import type { ScriptNode, SimpleCommandNode, WordNode } from 'just-bash';
import { parseScript } from '../statement-reader.ts';
import type { ShellDialectName } from './shell-dialect.ts';
import { markPipeDemands } from './pipe-demand.ts';
import { streamFunctionBodies } from './function-output.ts';

export const EXEC_COMMAND = '__layerlab_exec';

/**
 * The names a command's own assignments set (`FOO=1 BAR=2 env` → `FOO:BAR`), passed along to
 * the program: bash builds a program's environment from those first (its temporary_env), then
 * the exported variables (see commands/env/environment-order.ts).
 */
export const TEMPORARY_ENV_VARIABLE = '__LAYERLAB_TEMPENV';

/** The command that prints a script file as it will run (rewritten like a statement). */
export const READ_SCRIPT_COMMAND = '__layerlab_read_script';

/**
 * In busybox ash, `set` and `export -p` become this command (with `set` or `export`): ash lists
 * variables its own way (commands/env/ash-variables.ts); bash's listings are just-bash's own.
 */
export const ASH_VARIABLES_COMMAND = '__layerlab_ash_variables';

/** The command that prints the string `eval` was given as it will run (rewritten like a statement). */
export const EVAL_TEXT_COMMAND = '__layerlab_eval_text';
const SOURCE_FUNCTION = '__layerlab_source';

/**
 * `. FILE ARGS` becomes a call of this function, defined in front of the statement or script
 * that uses it: the file, read through READ_SCRIPT_COMMAND, runs in the current shell.
 */
export const SOURCE_FUNCTION_TEXT = `${SOURCE_FUNCTION}() { local __layerlab_script; __layerlab_script="$(${READ_SCRIPT_COMMAND} "$1")" || return $?; shift; eval "$__layerlab_script"; }`;

/** Builtins just-bash's interpreter handles itself; measured against just-bash 3.4 (see tests/shell/programs.test.ts). */
export const INTERPRETER_BUILTINS: ReadonlySet<string> = new Set([
  ':', '.', '[', 'break', 'builtin', 'cd', 'command', 'compgen', 'complete', 'continue', 'declare', 'dirs', 'eval',
  'exec', 'exit', 'export', 'false', 'getopts', 'hash', 'help', 'let', 'local', 'mapfile', 'popd', 'pushd', 'read',
  'readarray', 'readonly', 'return', 'set', 'shift', 'shopt', 'source', 'test', 'time', 'true', 'type', 'typeset',
  'unset', 'wait',
]);

/**
 * bash builtins that just-bash implements as commands (measured: tests/shell/programs.test.ts).
 * They are not dispatched either: several change the shell's state (alias, trap, umask), and
 * bash never looks them up on PATH. The session makes them resolvable in any filesystem.
 */
export const BASH_BUILTIN_COMMANDS: ReadonlySet<string> = new Set([
  'alias', 'bg', 'caller', 'disown', 'echo', 'enable', 'fc', 'fg', 'history', 'jobs', 'kill', 'logout', 'printf', 'pwd',
  'suspend', 'times', 'trap', 'ulimit', 'umask', 'unalias',
]);

/** Builtins that take a command to run as their arguments: the command they run is dispatched too. */
const RUNS_ITS_ARGUMENTS = new Set(['exec', 'command']);

/**
 * Rewrite `ast` in place; `functions` are names the shell knows as functions (they stay).
 * `aliases` (name → text) whose text is one simple command are expanded here, so that what they
 * run is dispatched like anything typed; others expand when the statement runs, as before.
 */
export function dispatchPrograms(
  ast: ScriptNode,
  functions: ReadonlySet<string>,
  sourceFunction?: () => unknown,
  aliases: ReadonlyMap<string, string> = new Map(),
  dialect: ShellDialectName = 'bash',
  isProgram?: (name: string) => boolean,
): ScriptNode {
  const known = new Set(functions);
  collectFunctionNames(ast, known);
  let sources = false;
  let callsLater = false;
  const knownOrAlias = new Set([...known, ...aliases.keys()]);
  visit(ast, (command, inFunction) => {
    const expanded = !known.has(staticWord(command.name ?? literalWord('')) ?? '') && expandAlias(command, aliases);
    const name = command.name ? staticWord(command.name) : undefined;
    // A name a function body calls that is neither a function nor a program yet: a function
    // defined later (bash looks functions up when they are called), else a program after all.
    // So is a name only known when it runs (`"$@"`, `$cmd`): it may name a function.
    const laterFunction = name !== undefined && !expanded && !name.includes('/') && !knownOrAlias.has(name) && !isShellCommandName(name) && !isProgram?.(name);
    if (inFunction && isProgram && command.name !== null && (name === undefined || laterFunction)) {
      command.args = [command.name!, ...command.args];
      command.name = literalWord(CALL_FUNCTION);
      callsLater = true;
      return;
    }
    // An alias left to expand when it runs keeps its name; an expanded one runs what it names.
    rewrite(command, expanded ? known : knownOrAlias, dialect);
    if (command.type === "SimpleCommand" && command.name && staticWord(command.name) === SOURCE_FUNCTION) sources = true;
  });
  // The functions the rewrite calls, defined first (fresh copies of their parsed statements).
  if (callsLater) ast.statements.unshift(callFunctionStatement());
  if (sources && sourceFunction) ast.statements.unshift(sourceFunction() as ScriptNode['statements'][number]);
  heredocRedirectionsLast(ast);
  guardQuotedDefaults(ast);
  markPipeDemands(ast, EXEC_COMMAND);
  streamFunctionBodies(ast, EXEC_COMMAND, isShellCommandName);
  return ast;
}

/** Whether a command name is the shell's own (a builtin, our plumbing), not a function's or a program's. */
export function isShellCommandName(name: string): boolean {
  return name.startsWith('__layerlab_') || INTERPRETER_BUILTINS.has(name) || BASH_BUILTIN_COMMANDS.has(name) || name === 'history';
}

const DEFAULTING = new Set(['DefaultValue', 'AssignDefault', 'UseAlternative', 'ErrorIfUnset']);

/**
 * just-bash 3.4 raises "unbound variable" under `set -u` for a word that is exactly one quoted
 * `${VAR:-default}` (or `-`, `=`, `+`, `?`) of an unset variable, where bash uses the default —
 * nginx's entrypoint scripts do `[ "${X:-}" ] || return 0` under `set -eu`. Such a word gets an
 * empty `''` after it: the same word to bash, and one just-bash expands correctly.
 */
function guardQuotedDefaults(node: unknown): void {
  if (Array.isArray(node)) {
    for (const child of node) guardQuotedDefaults(child);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const word = node as { type?: string; parts?: { type: string; parts?: { type: string; operation?: { type: string } | null }[] }[] };
  if (word.type === 'Word' && word.parts?.length === 1) {
    const only = word.parts[0]!;
    const inner = only.type === 'DoubleQuoted' && only.parts?.length === 1 ? only.parts[0]! : undefined;
    if (inner?.type === 'ParameterExpansion' && inner.operation && DEFAULTING.has(inner.operation.type)) {
      word.parts.push({ type: 'SingleQuoted', value: '' } as never);
    }
  }
  for (const value of Object.values(node)) if (value !== null && typeof value === 'object') guardQuotedDefaults(value);
}

/**
 * just-bash writes a here-document's body right after its `<<WORD`, so redirections that
 * follow it on the line (`cat <<EOF > f`) come out after the terminator, where they break it.
 * Here-documents only feed stdin: putting them after the other redirections (`cat > f <<EOF`)
 * means the same and serialises correctly.
 */
function heredocRedirectionsLast(node: unknown): void {
  if (Array.isArray(node)) {
    for (const child of node) heredocRedirectionsLast(child);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const redirections = (node as { redirections?: unknown }).redirections;
  if (Array.isArray(redirections)) {
    const isHeredoc = (r: { target?: { type?: string } }) => r.target?.type === 'HereDoc';
    const heredocs = redirections.filter(isHeredoc);
    if (heredocs.length > 0) {
      const others = redirections.filter((r) => !isHeredoc(r));
      redirections.splice(0, redirections.length, ...others, ...heredocs);
    }
  }
  for (const value of Object.values(node)) if (value !== null && typeof value === 'object') heredocRedirectionsLast(value);
}

/** Names of the functions defined anywhere in `ast`. */
export function collectFunctionNames(ast: unknown, into: Set<string>): Set<string> {
  visit(ast, () => {}, (name) => into.add(name));
  return into;
}

function rewrite(command: SimpleCommandNode, functions: ReadonlySet<string>, dialect: ShellDialectName = 'bash'): void {
  if (command.name === null) return;
  const name = staticWord(command.name);
  if (name !== undefined) {
    if (name.startsWith('__layerlab_') || functions.has(name)) return;
    if (BASH_BUILTIN_COMMANDS.has(name)) return;
    if ((name === '.' || name === 'source') && command.args.length > 0) {
      // just-bash parses a sourced file itself, past this rewrite: our function reads it
      // rewritten and evals it (in a function, so that the file's `return` works).
      command.name = literalWord(SOURCE_FUNCTION);
      return;
    }
    if (name === 'eval' && command.args.length > 0) {
      rewriteEval(command);
      return;
    }
    // `set` alone, `export` alone or with -p: a listing of the variables.
    const listsVariables = (name === 'set' && command.args.length === 0) || (name === 'export' && command.args.every((arg) => staticWord(arg) === '-p'));
    if (dialect === 'ash' && listsVariables) {
      command.args = [literalWord(name)];
      command.name = literalWord(ASH_VARIABLES_COMMAND);
      return;
    }
    if (INTERPRETER_BUILTINS.has(name)) {
      if (RUNS_ITS_ARGUMENTS.has(name)) rewriteArguments(command);
      if (name === 'exec' && staticWord(command.args[0] ?? literalWord('')) === EXEC_COMMAND) replaceShell(command);
      return;
    }
  }
  command.args = [command.name, ...command.args];
  command.name = literalWord(EXEC_COMMAND);
  // `FOO=1 env`: bash passes a command's own assignments first (see TEMPORARY_ENV_VARIABLE).
  const temporary = command.assignments.filter((a) => a.array === null && !a.append).map((a) => a.name);
  if (temporary.length > 0) {
    command.assignments = [...command.assignments, { type: 'Assignment', name: TEMPORARY_ENV_VARIABLE, value: literalWord(temporary.join(':')), append: false, array: null } as SimpleCommandNode['assignments'][number]];
  }
}

let evalTemplate: ScriptNode | undefined;

/**
 * `eval ARGS…` → `eval "$(__layerlab_eval_text ARGS…)"`: the string is rewritten when it is
 * known, just before it runs, and `eval` still runs it in the current shell (locals, `return`).
 */
function rewriteEval(command: SimpleCommandNode): void {
  evalTemplate ??= parseScript(`eval "$(${EVAL_TEXT_COMMAND})"`) as unknown as ScriptNode;
  const word = structuredClone(evalTemplate.statements[0]!.pipelines[0]!.commands[0] as SimpleCommandNode).args[0]!;
  const inner = ((word.parts[0] as { parts: { body: ScriptNode }[] }).parts[0]!.body.statements[0]!.pipelines[0]!.commands[0]) as SimpleCommandNode;
  inner.args = command.args;
  command.args = [word];
}

/**
 * `ll -h` with `alias ll='ls -l'` → `ls -l -h`: the alias's words in front of the command's, its
 * assignments and redirections with them. An alias naming another expands too; one naming itself
 * (`alias ls='ls --color=auto'`) stops there, as bash's does.
 */
function expandAlias(command: SimpleCommandNode, aliases: ReadonlyMap<string, string>): boolean {
  const seen = new Set<string>();
  for (;;) {
    const name = command.name ? staticWord(command.name) : undefined;
    if (name === undefined || seen.has(name)) return seen.size > 0;
    const text = aliases.get(name);
    if (text === undefined) return seen.size > 0;
    const expansion = simpleCommandOf(text);
    // An alias that is more than one simple command (`cd /tmp && ls`) expands when it runs.
    if (expansion === undefined || expansion.name === null) return seen.size > 0;
    seen.add(name);
    command.name = expansion.name;
    command.args = [...expansion.args, ...command.args];
    command.assignments = [...expansion.assignments, ...command.assignments];
    command.redirections = [...expansion.redirections, ...command.redirections];
  }
}

function simpleCommandOf(text: string): SimpleCommandNode | undefined {
  let ast: ScriptNode;
  try {
    ast = parseScript(text) as unknown as ScriptNode;
  } catch {
    return undefined;
  }
  const statement = ast.statements.length === 1 ? ast.statements[0]! : undefined;
  const command = statement?.pipelines.length === 1 && !statement.background && statement.pipelines[0]!.commands.length === 1 && !statement.pipelines[0]!.negated ? statement.pipelines[0]!.commands[0] : undefined;
  return command?.type === 'SimpleCommand' ? command : undefined;
}

/** The plumbing word after EXEC_COMMAND that says the program was started by `exec`: it replaces the shell. */
export const REPLACES_SHELL_WORD = '__layerlab_replaces_shell';

/** `exec prog args` → `exec __layerlab_exec prog args` (options such as `command -p` kept in front). */
function rewriteArguments(command: SimpleCommandNode): void {
  let i = 0;
  for (; i < command.args.length; i++) {
    const word = staticWord(command.args[i]!);
    if (word === '--') {
      i++;
      break;
    }
    if (word === undefined || !word.startsWith('-')) break;
    // `command -v`/`-V` only describe a command: leave those alone.
    if (/^-[a-zA-Z]*[vV]/.test(word)) return;
  }
  if (i >= command.args.length) return;
  const target = staticWord(command.args[i]!);
  if (target !== undefined && (INTERPRETER_BUILTINS.has(target) || target.startsWith('__layerlab_'))) return;
  command.args.splice(i, 0, literalWord(EXEC_COMMAND));
}

/**
 * `exec prog args` replaces the shell: nothing after it runs. just-bash's `exec` runs the
 * program and carries on, so it becomes `{ __layerlab_exec __layerlab_replaces_shell prog args; exit $?; }`
 * (redirections kept on the group).
 */
function replaceShell(command: SimpleCommandNode): void {
  // The marker tells the dispatch that the program takes the shell's process (its PID: see runAsProcess).
  const run = { ...command, name: command.args[0]!, args: [literalWord(REPLACES_SHELL_WORD), ...command.args.slice(1)], redirections: [] };
  const exit = { type: 'SimpleCommand', name: literalWord('exit'), args: [{ type: 'Word', parts: [{ type: 'ParameterExpansion', parameter: '?', operation: null }] }], assignments: [], redirections: [] };
  const statement = (c: unknown) => ({ type: 'Statement', pipelines: [{ type: 'Pipeline', commands: [c], negated: false, timed: false, timePosix: false }], operators: [], background: false });
  const group = { type: 'Group', body: [statement(run), statement(exit)], redirections: command.redirections };
  for (const key of Object.keys(command)) delete (command as unknown as Record<string, unknown>)[key];
  Object.assign(command, group);
}

/** The text of a word that has no expansions (`ls`, `'ls'`, `"ls"`), else undefined. */
function staticWord(word: WordNode): string | undefined {
  let text = '';
  for (const part of word.parts) {
    if (part.type === 'Literal' || part.type === 'SingleQuoted') text += part.value;
    else if (part.type === 'Escaped') text += (part as { value: string }).value;
    // just-bash parses a lone `[` (the test builtin) as a glob.
    else if (part.type === 'Glob' && (part as { pattern: string }).pattern === '[') text += '[';
    else if (part.type === 'DoubleQuoted' && part.parts.every((p) => p.type === 'Literal')) {
      text += part.parts.map((p) => (p as { value: string }).value).join('');
    } else return undefined;
  }
  return text;
}

function literalWord(value: string): WordNode {
  return { type: 'Word', parts: [{ type: 'Literal', value }] } as WordNode;
}

/** Depth-first over every node of the AST, simple commands (and whether inside a function body) and function definitions reported. */
function visit(node: unknown, onCommand: (command: SimpleCommandNode, inFunction: boolean) => void, onFunction?: (name: string) => void, inFunction = false): void {
  if (Array.isArray(node)) {
    for (const child of node) visit(child, onCommand, onFunction, inFunction);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const typed = node as { type?: string; name?: unknown };
  if (typed.type === 'SimpleCommand') onCommand(node as SimpleCommandNode, inFunction);
  const defines = typed.type === 'FunctionDef' && typeof typed.name === 'string';
  if (defines) onFunction?.(typed.name as string);
  // Our own functions (CALL_FUNCTION_TEXT) run what they are given as it is.
  if (defines && (typed.name as string).startsWith('__layerlab_') && typed.name !== SOURCE_FUNCTION) return;
  for (const value of Object.values(node)) {
    if (value !== null && typeof value === 'object') visit(value, onCommand, onFunction, inFunction || defines);
  }
}

/**
 * `__layerlab_call NAME ARGS…`: NAME as a function when the shell has one by the time the call
 * runs, else as a program. `__layerlab_is_function` is the session's own list of functions.
 */
export const CALL_FUNCTION = '__layerlab_call';
export const IS_FUNCTION_COMMAND = '__layerlab_is_function';
const CALL_FUNCTION_TEXT = `${CALL_FUNCTION}() { if ${IS_FUNCTION_COMMAND} "$1"; then "$@"; else ${EXEC_COMMAND} "$@"; fi; }`;

let callFunctionAst: unknown;

function callFunctionStatement(): ScriptNode['statements'][number] {
  callFunctionAst ??= parseScript(CALL_FUNCTION_TEXT).statements[0];
  return structuredClone(callFunctionAst) as ScriptNode['statements'][number];
}
