/**
 * Reading a Dockerfile the way BuildKit's parser does (frontend/dockerfile/parser): parser
 * directives at the top (`# escape=`, `# syntax=` — the latter ignored here), comments, line
 * continuations with the escape character, here-documents for RUN/COPY/ADD, then one
 * instruction per logical line with its flags (`--from=…`) and its JSON (exec) or shell form.
 */
import { DockerfileSyntaxError } from './shell-lex.ts';

export interface Heredoc {
  /** The terminating word (`EOF`). */
  name: string;
  /** The body, each line ending in a newline. */
  content: string;
  /** `<<"EOF"` / `<<'EOF'`: no variable expansion. */
  quoted: boolean;
}

export interface Instruction {
  /** Upper-case keyword: `RUN`, `COPY`… */
  keyword: string;
  /** What BuildKit and the legacy builder print for the step: the logical line, continuations joined. */
  original: string;
  /** The text after the keyword, trimmed (flags included). */
  rest: string;
  /** 1-based lines the instruction spans in the file. */
  startLine: number;
  endLine: number;
  heredocs: Heredoc[];
}

export interface Dockerfile {
  escape: string;
  instructions: Instruction[];
  /** The file's lines, for error excerpts. */
  lines: string[];
}

const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);
const HEREDOC = /<<(-?)\s*(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g;

export function parseDockerfile(text: string): Dockerfile {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines.at(-1) === '') lines.pop();
  let escape = '\\';
  let i = 0;
  // Parser directives: only before anything else, each `# key=value` once.
  for (; i < lines.length; i++) {
    const match = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/.exec(lines[i]!);
    if (!match) break;
    const key = match[1]!.toLowerCase();
    if (key === 'escape') {
      if (match[2] !== '\\' && match[2] !== '`') throw new DockerfileSyntaxError(`invalid escape token '${match[2]}' does not match ` + '` or \\');
      escape = match[2]!;
    }
  }
  const isComment = (line: string) => /^\s*#/.test(line);
  const continues = (line: string) => {
    const trimmed = line.replace(/[ \t]+$/, '');
    return trimmed.endsWith(escape) ? trimmed.slice(0, -1) : undefined;
  };
  const instructions: Instruction[] = [];
  for (; i < lines.length; i++) {
    const first = lines[i]!;
    if (isComment(first) || first.trim() === '') continue;
    const startLine = i + 1;
    let logical = '';
    let line = first;
    for (;;) {
      const body = continues(line);
      if (body === undefined) {
        logical += line;
        break;
      }
      logical += body;
      // Comment and blank lines inside a continuation are dropped.
      do i++;
      while (i < lines.length && (isComment(lines[i]!) || lines[i]!.trim() === ''));
      if (i >= lines.length) break;
      line = lines[i]!;
    }
    const original = logical.trim();
    const match = /^(\S+)\s*([\s\S]*)$/.exec(original)!;
    const keyword = match[1]!.toUpperCase();
    const heredocs: Heredoc[] = [];
    if (HEREDOC_KEYWORDS.has(keyword)) {
      for (const found of match[2]!.matchAll(HEREDOC)) {
        const stripTabs = found[1] === '-';
        const name = found[3]!;
        const body: string[] = [];
        for (i++; i < lines.length && (stripTabs ? lines[i]!.replace(/^\t+/, '') : lines[i]) !== name; i++) {
          body.push(stripTabs ? lines[i]!.replace(/^\t+/, '') : lines[i]!);
        }
        if (i >= lines.length) throw new DockerfileSyntaxError(`unterminated heredoc ${name}`);
        heredocs.push({ name, content: body.map((l) => `${l}\n`).join(''), quoted: found[2] !== '' });
      }
    }
    instructions.push({ keyword, original, rest: match[2]!.trim(), startLine, endLine: i + 1, heredocs });
  }
  return { escape, instructions, lines };
}

export interface Flags {
  flags: Map<string, string[]>;
  /** The instruction's text after its flags. */
  rest: string;
}

/** Leading `--name=value` / `--name` flags (BuildKit's BFlags), checked against `allowed`. */
export function splitFlags(instruction: Instruction, allowed: readonly string[]): Flags {
  const flags = new Map<string, string[]>();
  let rest = instruction.rest;
  for (;;) {
    const match = /^--([A-Za-z0-9-]+)(?:=("(?:[^"\\]|\\.)*"|\S*))?(?:\s+|$)/.exec(rest);
    if (!match) break;
    const name = match[1]!;
    if (!allowed.includes(name)) throw new DockerfileSyntaxError(`unknown flag: --${name}`);
    let value = match[2] ?? 'true';
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    flags.set(name, [...(flags.get(name) ?? []), value]);
    rest = rest.slice(match[0].length);
  }
  return { flags, rest };
}

/** A JSON array of strings (exec form), or undefined for the shell form. */
export function jsonForm(text: string): string[] | undefined {
  if (!text.startsWith('[')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  } catch {
    // not JSON: the shell form, as Docker falls back to it
  }
  return undefined;
}

/**
 * `KEY=VALUE …` pairs (ENV, LABEL, ARG) split on unquoted blanks, or the legacy `KEY VALUE` form
 * (one pair, the rest of the line the value). Values still need `processWord`.
 */
export function nameValueWords(text: string, keyword: string): { key: string; value: string | undefined; noDelim: boolean }[] {
  const words = splitRawWords(text);
  if (words.length === 0) throw new DockerfileSyntaxError(`${keyword} requires at least one argument`);
  if (!words[0]!.includes('=') && keyword !== 'ARG') {
    const key = words[0]!;
    const value = text.slice(text.indexOf(key) + key.length).trim();
    if (value === '') throw new DockerfileSyntaxError(`${keyword} must have two arguments`);
    return [{ key, value, noDelim: true }];
  }
  return words.map((word) => {
    const eq = word.indexOf('=');
    if (eq < 0) {
      if (keyword !== 'ARG') throw new DockerfileSyntaxError(`Syntax error - can't find = in "${word}". Must be of the form: name=value`);
      return { key: word, value: undefined, noDelim: false };
    }
    if (eq === 0) throw new DockerfileSyntaxError(`${keyword} names can not be blank`);
    return { key: word.slice(0, eq), value: word.slice(eq + 1), noDelim: false };
  });
}

/** Words split on blanks outside quotes, quotes kept (for a later `processWord`). */
export function splitRawWords(text: string, escape = '\\'): string[] {
  const out: string[] = [];
  let word = '';
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === escape && i + 1 < text.length && quote !== "'") {
      word += ch + text[++i]!;
      continue;
    }
    if (quote) {
      if (ch === quote) quote = '';
      word += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      word += ch;
      continue;
    }
    if (/\s/.test(ch)) {
      if (word !== '') out.push(word);
      word = '';
      continue;
    }
    word += ch;
  }
  if (word !== '') out.push(word);
  return out;
}
