/**
 * A shell function as bash 5.2 prints it (`declare -f`, `set`, `type`): its definition
 * re-printed from the parsed body by print_cmd.c's rules, not the text as typed —
 *
 *     f () 
 *     { 
 *         for i in 1 2;
 *         do
 *             echo $i 1>&2;
 *         done
 *     }
 *
 * (`f () ` and `{ ` end in a space; four spaces an indent level; every command of a `do`,
 * `then` or `else` body ends in `;`, the last one of a function body or `{ }` group does not;
 * `elif` comes out as `else if … fi`; `>&2` as `1>&2`). The interpreter keeps the body as the
 * session rewrote it (programs dispatched through `__layerlab_exec`, pipe demands, `.` as a
 * function call): those rewrites are undone here, so the student sees what they typed.
 */
import { serialize, type CommandNode, type PipelineNode, type ScriptNode, type SimpleCommandNode, type StatementNode, type WordNode } from 'just-bash';
import { CALL_FUNCTION, EVAL_TEXT_COMMAND, EXEC_COMMAND, TEMPORARY_ENV_VARIABLE } from './programs/dispatch-transform.ts';
import { isStreamAssignment, isStreamRedirection } from './programs/function-output.ts';
import { DEMAND_PREFIX } from './programs/pipe-demand.ts';
import { PIPE_READS_VARIABLE } from './loop-yield.ts';

type RedirectionNode = SimpleCommandNode['redirections'][number];

const INDENT = '    ';

/** `name () \n{ \n…\n}` for a function whose parsed definition (a FunctionDef's body) is `body`. */
export function bashFunctionText(name: string, definition: CommandNode, redirections: readonly RedirectionNode[] = []): string {
  const body = structuredClone(definition);
  undoRewrites(body);
  const after = redirections.length > 0 ? ` ${redirections.map(redirectionText).join(' ')}` : '';
  if (body.type === 'Group') return `${name} () \n{ \n${list(body.body, 1, false)}\n}${after}\n`;
  return `${name} () \n${command(body, 0)}${after}\n`;
}

/** The statements of a body, one a line at `depth`; `allTerminated`: the last one ends in `;` too. */
function list(statements: readonly StatementNode[], depth: number, allTerminated: boolean): string {
  const pad = INDENT.repeat(depth);
  const shown = statements.filter((s) => !isPlumbing(s));
  let out = '';
  shown.forEach((s, i) => {
    const last = i === shown.length - 1;
    const text = statement(s, depth);
    // `a & b`: a background job and the next command share the line.
    if (s.background) out += `${out.endsWith(' ') ? '' : pad}${text} &${last ? '' : ' '}`;
    else out += `${out.endsWith(' ') ? '' : pad}${text}${last && !allTerminated ? '' : ';'}${last ? '' : '\n'}`;
  });
  return out;
}

/** One line's worth: pipelines joined by `&&`/`||`. */
function statement(s: StatementNode, depth: number): string {
  let out = pipeline(s.pipelines[0]!, depth);
  s.pipelines.slice(1).forEach((p, i) => {
    const op = s.operators[i] ?? ';';
    out += `${op === ';' ? ';' : ` ${op}`} ${pipeline(p, depth)}`;
  });
  return out;
}

/** Statements on one line, as `( … )` and conditions print them. */
function inline(statements: readonly StatementNode[], depth: number): string {
  return statements.filter((s) => !isPlumbing(s)).map((s) => statement(s, depth) + (s.background ? ' &' : '')).join('; ');
}

function pipeline(p: PipelineNode, depth: number): string {
  const parts = p.commands.map((c, i) => command(c, depth) + (p.pipeStderr?.[i] ? ' 2>&1' : ''));
  return `${p.timed ? 'time ' : ''}${p.negated ? '! ' : ''}${parts.join(' | ')}`;
}

function command(c: CommandNode, depth: number): string {
  const pad = INDENT.repeat(depth);
  const redirects = 'redirections' in c && c.redirections.length > 0 && c.type !== 'SimpleCommand' ? ` ${c.redirections.map(redirectionText).join(' ')}` : '';
  switch (c.type) {
    case 'SimpleCommand':
      return simpleCommand(c);
    case 'For':
      return `for ${c.variable}${c.words === null ? '' : ` in ${c.words.map(wordText).join(' ')}`};\n${pad}do\n${list(c.body, depth + 1, true)}\n${pad}done${redirects}`;
    case 'CStyleFor': {
      const parts = [c.init, c.condition, c.update].map((e) => (e === null ? '' : arithmeticText(e) ?? ''));
      const header = parts.every((p, i) => p !== '' || [c.init, c.condition, c.update][i] === null)
        ? `for ((${parts.join('; ')}))`
        : serializeCommand(c).split('\n')[0]!.replace(/;?\s*do$/, '');
      return `${header}\n${pad}do\n${list(c.body, depth + 1, true)}\n${pad}done${redirects}`;
    }
    case 'While':
    case 'Until':
      return `${c.type === 'While' ? 'while' : 'until'} ${inline(c.condition, depth)}; do\n${list(c.body, depth + 1, true)}\n${pad}done${redirects}`;
    case 'If': {
      // bash keeps no elif: the rest of the clauses print as an `if` inside `else`.
      const [first, ...rest] = c.clauses;
      let out = `if ${inline(first!.condition, depth)}; then\n${list(first!.body, depth + 1, true)}\n`;
      if (rest.length > 0) {
        const nested = { ...c, clauses: rest, redirections: [] } as CommandNode;
        out += `${pad}else\n${INDENT.repeat(depth + 1)}${command(nested, depth + 1)};\n`;
      } else if (c.elseBody !== null && c.elseBody.length > 0) out += `${pad}else\n${list(c.elseBody, depth + 1, true)}\n`;
      return `${out}${pad}fi${redirects}`;
    }
    case 'Case': {
      const inner = INDENT.repeat(depth + 1);
      const items = c.items.map((item) => `${inner}${item.patterns.map(wordText).join(' | ')})\n${list(item.body, depth + 2, false)}\n${inner}${item.terminator}\n`);
      return `case ${wordText(c.word)} in \n${items.join('')}${pad}esac${redirects}`;
    }
    case 'Group':
      if (isDemandGroup(c)) return command((c as { body: StatementNode[] }).body[1]!.pipelines[0]!.commands[0]!, depth);
      return `{ \n${list(c.body, depth + 1, false)}\n${pad}}${redirects}`;
    case 'Subshell':
      return `( ${inline(c.body, depth)} )${redirects}`;
    case 'FunctionDef':
      return bashFunctionText(c.name, c.body, c.redirections).replace(/\n$/, '').replace(/\n/g, `\n${pad}`);
    case 'ArithmeticCommand': {
      const text = arithmeticText(c.expression);
      if (text !== undefined) return `(( ${text} ))${redirects}`;
      return serializeCommand(c);
    }
    default:
      // [[ … ]]: just-bash's own printing.
      return serializeCommand(c);
  }
}

function simpleCommand(c: SimpleCommandNode): string {
  const words = [
    ...c.assignments.map((a) => serializeCommand({ type: 'SimpleCommand', name: null, args: [], assignments: [a], redirections: [] } as SimpleCommandNode)),
    ...(c.name ? [wordText(c.name)] : []),
    ...c.args.map(wordText),
  ];
  if (c.redirections.some((r) => r.target.type === 'HereDoc')) return serializeCommand(c);
  return [...words, ...c.redirections.map(redirectionText)].join(' ');
}

/**
 * Undo, in place and everywhere in a body (inside `$(…)` too), what the session's rewrite did
 * to each simple command (programs/dispatch-transform.ts): `__layerlab_exec[_…]
 * [__layerlab_reads=3l] prog args` was `prog args`, `__layerlab_source` was `.`, `eval
 * "$(__layerlab_eval_text ARGS)"` was `eval ARGS`, a quoted default got an empty `''` after it.
 */
function undoRewrites(node: unknown): void {
  if (Array.isArray(node)) {
    for (const child of node) undoRewrites(child);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const typed = node as { type?: string; parts?: { type: string; value?: string; parts?: { type: string; operation?: { type: string } | null }[] }[] };
  if (typed.type === 'SimpleCommand') undoDispatch(node as SimpleCommandNode);
  if (typed.type === 'Word' && typed.parts?.length === 2) {
    const [quoted, empty] = typed.parts as [{ type: string; parts?: { type: string; operation?: { type: string } | null }[] }, { type: string; value?: string }];
    const inner = quoted.type === 'DoubleQuoted' && quoted.parts?.length === 1 ? quoted.parts[0]! : undefined;
    if (empty.type === 'SingleQuoted' && empty.value === '' && inner?.type === 'ParameterExpansion' && inner.operation) typed.parts.pop();
  }
  for (const value of Object.values(node)) if (value !== null && typeof value === 'object') undoRewrites(value);
}

function undoDispatch(c: SimpleCommandNode): void {
  const nameText = c.name ? literal(c.name) : undefined;
  if (nameText !== undefined && (nameText === EXEC_COMMAND || nameText.startsWith(`${EXEC_COMMAND}_`))) {
    const args = c.args.filter((w) => !literal(w)?.startsWith(DEMAND_PREFIX));
    c.name = args[0] ?? null;
    c.args = args.slice(1);
  } else if (nameText === CALL_FUNCTION) {
    c.name = c.args[0] ?? null;
    c.args = c.args.slice(1);
  } else if (nameText === '__layerlab_source') c.name = { type: 'Word', parts: [{ type: 'Literal', value: '.' }] } as WordNode;
  else if (nameText === 'eval') c.args = c.args.map(unwrapEvalText);
  c.redirections = c.redirections.filter((r) => !(r.target.type === 'Word' && literal(r.target)?.startsWith('/dev/.layerlab-')) && !isStreamRedirection(r));
  c.assignments = c.assignments.filter((a) => !isStreamAssignment(a) && a.name !== TEMPORARY_ENV_VARIABLE);
}

/** `eval "$(__layerlab_eval_text ARGS…)"` (see dispatch-transform.ts) was `eval ARGS…`. */
function unwrapEvalText(word: WordNode): WordNode {
  const quoted = word.parts.length === 1 && word.parts[0]!.type === 'DoubleQuoted' ? (word.parts[0] as { parts: { type: string; body?: ScriptNode }[] }).parts : undefined;
  const body = quoted?.length === 1 && quoted[0]!.type === 'CommandSubstitution' ? quoted[0]!.body : undefined;
  const inner = body?.statements[0]?.pipelines[0]?.commands[0];
  if (inner?.type !== 'SimpleCommand' || !inner.name || literal(inner.name) !== EVAL_TEXT_COMMAND) return word;
  return { type: 'Word', parts: [{ type: 'Literal', value: inner.args.map(wordText).join(' ') }] } as WordNode;
}

/** bash's spelling of a redirection: the descriptor always written for `>&` (`1>&2`), a space before a file name. */
function redirectionText(r: RedirectionNode): string {
  const target = r.target.type === 'Word' ? wordText(r.target) : '';
  const fd = r.fd === null ? '' : String(r.fd);
  switch (r.operator) {
    case '>&':
    case '<&':
      return `${fd || (r.operator === '>&' ? '1' : '0')}${r.operator}${target}`;
    case '<<<':
      return `${fd}<<< ${target}`;
    default:
      return `${fd}${r.operator} ${target}`;
  }
}

/** An arithmetic expression as typed (bash prints it so), trimmed. */
function arithmeticText(expression: { originalText?: string }): string | undefined {
  return expression.originalText?.trim();
}

function wordText(word: WordNode): string {
  return word.parts
    .map((part) => {
      // bash prints `$((…))` as typed; just-bash re-spaces it.
      const arithmetic = part.type === 'ArithmeticExpansion' ? (part as { expression: { originalText?: string } }).expression.originalText : undefined;
      if (arithmetic !== undefined) return `$((${arithmetic}))`;
      const text = serializeCommand({ type: 'SimpleCommand', name: { type: 'Word', parts: [part] }, args: [], assignments: [], redirections: [] } as unknown as SimpleCommandNode);
      // just-bash escapes a `]` (the end of `[ … ]`), which needs no quoting; the session's
      // rewritten text, parsed again, has it as an escaped character.
      return part.type === 'Literal' || (part.type === 'Escaped' && (part as { value: string }).value === ']') ? text.replace(/\\\]/g, ']') : text;
    })
    .join('');
}

function serializeCommand(c: CommandNode): string {
  const script = { type: 'Script', statements: [{ type: 'Statement', pipelines: [{ type: 'Pipeline', commands: [c], negated: false }], operators: [], background: false }] };
  return serialize(script as unknown as ScriptNode);
}

/** `{ __LAYERLAB_READS=3l; LOOP; }`: the pipe-demand wrapper around a loop (programs/pipe-demand.ts). */
function isDemandGroup(c: CommandNode): boolean {
  if (c.type !== 'Group' || c.body.length !== 2) return false;
  const first = c.body[0]!.pipelines[0]?.commands[0];
  return first?.type === 'SimpleCommand' && first.name === null && first.assignments.some((a) => a.name === PIPE_READS_VARIABLE);
}

/** Statements the session adds (the status of the previous line). */
function isPlumbing(s: StatementNode): boolean {
  const c = s.pipelines.length === 1 ? s.pipelines[0]!.commands[0] : undefined;
  return c?.type === 'SimpleCommand' && c.name !== null && (literal(c.name)?.startsWith('__layerlab_status') ?? false);
}

function literal(word: WordNode): string | undefined {
  let text = '';
  for (const part of word.parts) {
    if (part.type === 'Literal' || part.type === 'SingleQuoted') text += (part as { value: string }).value;
    else return undefined;
  }
  return text;
}
