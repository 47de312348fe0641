/**
 * The Dockerfile word lexer (moby/buildkit frontend/dockerfile/shell/lex.go): `$VAR`, `${VAR}`,
 * `${VAR:-word}`, `${VAR-word}`, `${VAR:+word}`, `${VAR+word}`, `${VAR:?message}`, single and
 * double quotes, and the escape character. The instructions that allow variables (ADD, COPY,
 * ENV, EXPOSE, FROM, LABEL, STOPSIGNAL, USER, VOLUME, WORKDIR, ARG) run their words through it.
 */
import { LayerlabError } from '../../errors.ts';

export type Env = ReadonlyMap<string, string>;

export interface LexOptions {
  escape?: string;
  /** Keep quotes and escapes in the result (BuildKit's RawQuotes, used for step names). */
  rawQuotes?: boolean;
  /** Leave `$VAR` as written when VAR is unset (BuildKit's SkipUnsetEnv). */
  skipUnset?: boolean;
}

export class DockerfileSyntaxError extends LayerlabError {
  constructor(message: string) {
    super('DOCKERFILE_SYNTAX', message);
  }
}

/** One word with its variables replaced and quotes removed (`ProcessWord`). */
export function processWord(word: string, env: Env, options: LexOptions = {}): string {
  return new Lexer(word, env, options).words(false)[0] ?? '';
}

/** Words split on unquoted blanks, each processed (`ProcessWords`). */
export function processWords(text: string, env: Env, options: LexOptions = {}): string[] {
  return new Lexer(text, env, options).words(true);
}

class Lexer {
  private at = 0;
  private readonly escape: string;

  constructor(
    private readonly text: string,
    private readonly env: Env,
    private readonly options: LexOptions,
  ) {
    this.escape = options.escape ?? '\\';
  }

  words(split: boolean): string[] {
    const out: string[] = [];
    let word = '';
    let started = false;
    const { text } = this;
    while (this.at < text.length) {
      const ch = text[this.at]!;
      if (split && /[ \t\r\n]/.test(ch)) {
        if (started) out.push(word);
        word = '';
        started = false;
        this.at++;
        continue;
      }
      started = true;
      if (ch === this.escape) {
        this.at++;
        if (this.at >= text.length) break;
        if (this.options.rawQuotes) word += ch;
        word += text[this.at++]!;
      } else if (ch === "'") {
        word += this.singleQuoted();
      } else if (ch === '"') {
        word += this.doubleQuoted();
      } else if (ch === '$') {
        word += this.variable();
      } else {
        word += ch;
        this.at++;
      }
    }
    if (started || !split) out.push(word);
    return out;
  }

  private singleQuoted(): string {
    const start = this.at++;
    const end = this.text.indexOf("'", this.at);
    if (end < 0) throw new DockerfileSyntaxError('unexpected end of statement while looking for matching single-quote');
    this.at = end + 1;
    return this.options.rawQuotes ? this.text.slice(start, end + 1) : this.text.slice(start + 1, end);
  }

  private doubleQuoted(): string {
    this.at++;
    let out = this.options.rawQuotes ? '"' : '';
    const { text } = this;
    while (this.at < text.length) {
      const ch = text[this.at]!;
      if (ch === '"') {
        this.at++;
        return this.options.rawQuotes ? `${out}"` : out;
      }
      if (ch === this.escape && this.at + 1 < text.length && '"$'.includes(text[this.at + 1]!) ) {
        if (this.options.rawQuotes) out += ch;
        out += text[this.at + 1]!;
        this.at += 2;
      } else if (ch === this.escape && this.at + 1 < text.length && text[this.at + 1] === this.escape) {
        out += this.options.rawQuotes ? ch + ch : ch;
        this.at += 2;
      } else if (ch === '$') {
        out += this.variable();
      } else {
        out += ch;
        this.at++;
      }
    }
    throw new DockerfileSyntaxError('unexpected end of statement while looking for matching double-quote');
  }

  private variable(): string {
    const { text } = this;
    const start = this.at++;
    if (text[this.at] === '{') {
      this.at++;
      const name = this.name();
      if (name === '') throw new DockerfileSyntaxError(`missing ':' in substitution`);
      if (text[this.at] === '}') {
        this.at++;
        return this.lookup(name, text.slice(start, this.at));
      }
      let operator = text[this.at] ?? '';
      this.at++;
      if (operator === ':') operator += text[this.at++] ?? '';
      const word = this.until('}');
      const raw = text.slice(start, this.at);
      const value = this.env.get(name);
      switch (operator) {
        case ':-':
          return value === undefined || value === '' ? word : value;
        case '-':
          return value === undefined ? word : value;
        case ':+':
          return value === undefined || value === '' ? '' : word;
        case '+':
          return value === undefined ? '' : word;
        case ':?':
        case '?':
          if (value === undefined || (operator === ':?' && value === '')) throw new DockerfileSyntaxError(`${name}: ${word || 'is not allowed to be unset'}`);
          return value;
        default:
          if (this.options.skipUnset) return raw;
          throw new DockerfileSyntaxError(`unsupported modifier (${operator}) in substitution`);
      }
    }
    const name = this.name();
    if (name === '') return '$';
    return this.lookup(name, text.slice(start, this.at));
  }

  /** The word after an operator, itself processed, up to the closing brace. */
  private until(close: string): string {
    let out = '';
    const { text } = this;
    while (this.at < text.length && text[this.at] !== close) {
      const ch = text[this.at]!;
      if (ch === this.escape && this.at + 1 < text.length) {
        out += text[this.at + 1]!;
        this.at += 2;
      } else if (ch === '$') out += this.variable();
      else if (ch === "'") out += this.singleQuoted();
      else if (ch === '"') out += this.doubleQuoted();
      else {
        out += ch;
        this.at++;
      }
    }
    if (this.at >= text.length) throw new DockerfileSyntaxError(`missing '}'`);
    this.at++;
    return out;
  }

  private name(): string {
    const match = /^(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]|[*#$?@!-])/.exec(this.text.slice(this.at));
    if (!match) return '';
    this.at += match[0].length;
    return match[0];
  }

  private lookup(name: string, raw: string): string {
    const value = this.env.get(name);
    if (value !== undefined) return value;
    return this.options.skipUnset ? raw : '';
  }
}
