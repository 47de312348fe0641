/**
 * Groups input lines into complete shell statements, the way an interactive bash waits with its
 * PS2 prompt ("> ") until an `if`, a loop, a quoted string or a here-document is closed. Used by
 * the terminal (to know when to run) and by `layerlab shell < script` (to run a script the way
 * `bash -s` reads it: statement by statement, each one's output before the next one runs).
 */
import { Bash } from 'just-bash';

/** A shell used only to parse (just-bash's parser is reachable through `transform` in every build). */
let parser: Bash | undefined;
/** just-bash's AST of `text` (throws its parse error); no rewriting applied. */
export function parseScript(text: string): { statements: unknown[] } {
  return (parser ??= new Bash()).transform(text).ast as unknown as { statements: unknown[] };
}
const parse = parseScript;

export type StatementState = 'complete' | 'incomplete' | 'error';

/** Whether `text` (one or more lines, no trailing newline needed) is ready to run. */
export function statementState(text: string): StatementState {
  if (text.trim() === '') return 'complete';
  if (/(^|[^\\])(\\\\)*\\$/.test(text)) return 'incomplete'; // a trailing backslash continues the line
  if (openHeredocs(text)) return 'incomplete';
  try {
    parse(text);
    return 'complete';
  } catch (err) {
    return isEndOfInputError(err, text) ? 'incomplete' : 'error';
  }
}

/** Feed lines; complete statements come out of `push` (and `end` at end of input). */
export class StatementReader {
  private pending: string[] = [];

  /** True while a statement is open (the terminal shows PS2). */
  get continuing(): boolean {
    return this.pending.length > 0;
  }

  /** Add a line; returns the statement it completes, if any (errors come out too: the shell reports them). */
  push(line: string): string | undefined {
    this.pending.push(line);
    const text = this.pending.join('\n');
    if (statementState(text) === 'incomplete') return undefined;
    this.pending = [];
    return text;
  }

  /** What is left at end of input (an unterminated statement), for the shell to report. */
  end(): string | undefined {
    if (this.pending.length === 0) return undefined;
    const text = this.pending.join('\n');
    this.pending = [];
    return text;
  }
}

function isEndOfInputError(err: unknown, text: string): boolean {
  const message = err instanceof Error ? err.message : String(err);
  if (/\bEOF\b/.test(message)) return true;
  // "Parse error at L:C: syntax error near unexpected token `fi'" — reported at the very end of
  // the input means the parser ran out of text (e.g. `if true; then`), not a real error.
  const at = /at (\d+):(\d+)/.exec(message);
  if (!at) return false;
  const lines = text.split('\n');
  const line = Number(at[1]);
  const column = Number(at[2]);
  return line >= lines.length && column > lines[lines.length - 1]!.replace(/\s+$/, '').length;
}

/** Here-documents opened (`<<WORD`, `<<-WORD`, `<<'WORD'`) whose terminator line has not come yet. */
function openHeredocs(text: string): boolean {
  const lines = text.split('\n');
  const waiting: { word: string; strip: boolean }[] = [];
  for (const line of lines) {
    if (waiting.length > 0) {
      const head = waiting[0]!;
      const candidate = head.strip ? line.replace(/^\t+/, '') : line;
      if (candidate === head.word) waiting.shift();
      continue;
    }
    for (const match of stripQuoted(line).matchAll(/<<(-?)\s*(['"]?)([A-Za-z0-9_.-]+)\2/g)) {
      if (match.index !== undefined && line[match.index + 2] === '<') continue; // <<< here-string
      waiting.push({ strip: match[1] === '-', word: match[3]! });
    }
  }
  return waiting.length > 0;
}

/** `line` with the contents of quoted strings blanked out (quotes around a here-doc word kept). */
function stripQuoted(line: string): string {
  return line.replace(/(<<-?\s*)(['"])([^'"]*)\2|'[^']*'|"(?:\\.|[^"\\])*"/g, (whole, heredoc: string | undefined, quote: string, word: string) =>
    heredoc !== undefined ? `${heredoc}${quote}${word}${quote}` : ' '.repeat(whole.length),
  );
}
