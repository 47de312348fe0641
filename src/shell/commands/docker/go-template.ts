/**
 * The subset of Go's `text/template` that `docker … --format` users type, with docker/cli's extra
 * functions (templates/templates.go). Values carry their Go type (`GoValue`) because output
 * depends on it: a nil `[]string` prints `[]`, a nil interface `<no value>`, a struct `{a b}`.
 *
 * Errors read as Go's: "template: :1: function \"foo\" not defined" (parse),
 * "template: :1:2: executing \"\" at <.Nope>: map has no entry for key \"Nope\"" (execution).
 */
import { formatGoFloat } from '../../../engine/docker/units.ts';

// ---------------------------------------------------------------------------------------------
// Go types and values

export type GoType =
  | { readonly kind: 'string' | 'bool' | 'int' | 'float'; readonly name?: string }
  /** time.Duration: nanoseconds, printed by its String method ("1m30s"). */
  | { readonly kind: 'duration' }
  /** time.Time from an RFC 3339 string, printed by its String method. */
  | { readonly kind: 'time' }
  /** interface{}: the value is decoded JSON (objects → map[string]interface{}, numbers → json.Number). */
  | { readonly kind: 'interface' }
  | { readonly kind: 'slice'; readonly elem: GoType; readonly name?: string }
  | { readonly kind: 'map'; readonly elem: GoType; readonly name?: string }
  | {
      readonly kind: 'struct';
      readonly name: string;
      readonly fields: readonly GoField[];
      /** A MarshalJSON method: what `{{json .}}` prints instead of the fields. */
      readonly marshalJSON?: (value: unknown) => string;
      /** Methods that take arguments (`{{.Label "k"}}`), over the struct's JSON object. */
      readonly methods?: Readonly<Record<string, GoMethod>>;
    }
  | { readonly kind: 'pointer'; readonly elem: GoType };

export interface GoField {
  /** The Go field name (what `.Name` looks up). */
  readonly name: string;
  /** The JSON key the value sits under, when it differs from `name` (`ID` is `"Id"`). */
  readonly json?: string;
  readonly type: GoType;
}

/** A method of a struct value: how many arguments it takes and what it returns. */
export interface GoMethod {
  readonly arity: number;
  readonly call: (receiver: unknown, args: readonly GoValue[]) => GoValue;
}

/** A value and its Go type. For structs `value` is the JSON object; nil is `null`. */
export interface GoValue {
  readonly type: GoType | undefined; // undefined: Go's invalid reflect.Value, printed "<no value>"
  readonly value: unknown;
}

export const goString: GoType = { kind: 'string' };
export const goBool: GoType = { kind: 'bool' };
export const goInt: GoType = { kind: 'int' };
export const goAny: GoType = { kind: 'interface' };
export const sliceOf = (elem: GoType, name?: string): GoType => ({ kind: 'slice', elem, ...(name ? { name } : {}) });
export const mapOf = (elem: GoType, name?: string): GoType => ({ kind: 'map', elem, ...(name ? { name } : {}) });
export const pointerTo = (elem: GoType): GoType => ({ kind: 'pointer', elem });
export const emptyStruct: GoType = { kind: 'struct', name: 'struct {}', fields: [] };
const jsonNumber: GoType = { kind: 'string', name: 'json.Number' };
const NO_VALUE: GoValue = { type: undefined, value: undefined };

export function goValue(type: GoType, value: unknown): GoValue {
  return { type, value };
}

/** Decoded JSON as an interface{} holds it (docker's raw fallback decodes with UseNumber). */
function dynamic(value: unknown): GoValue {
  if (value === null || value === undefined) return NO_VALUE;
  switch (typeof value) {
    case 'string':
      return { type: goString, value };
    case 'boolean':
      return { type: goBool, value };
    case 'number':
      return { type: jsonNumber, value: String(value) };
    default:
      return Array.isArray(value) ? { type: sliceOf(goAny), value } : { type: mapOf(goAny), value };
  }
}

/** Unwrap interfaces to the concrete value inside (Go's `indirectInterface`). */
function concrete(v: GoValue): GoValue {
  return v.type?.kind === 'interface' ? dynamic(v.value) : v;
}

function typeName(t: GoType | undefined): string {
  if (!t) return '<nil>';
  switch (t.kind) {
    case 'string':
    case 'bool':
    case 'int':
      return t.name ?? t.kind;
    case 'float':
      return t.name ?? 'float64';
    case 'duration':
      return 'time.Duration';
    case 'time':
      return 'time.Time';
    case 'interface':
      return 'interface {}';
    case 'slice':
      return t.name ?? `[]${typeName(t.elem)}`;
    case 'map':
      return t.name ?? `map[string]${typeName(t.elem)}`;
    case 'struct':
      return t.name;
    case 'pointer':
      return `*${typeName(t.elem)}`;
  }
}

function isNil(v: GoValue): boolean {
  const k = v.type?.kind;
  return (k === 'pointer' || k === 'slice' || k === 'map' || k === 'interface') && (v.value === null || v.value === undefined);
}

function zeroOf(type: GoType): unknown {
  switch (type.kind) {
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'int':
    case 'float':
    case 'duration':
      return 0;
    case 'time':
      return '0001-01-01T00:00:00Z';
    case 'struct':
      return {};
    default:
      return null;
  }
}

function fieldOf(struct: GoValue & { type: { kind: 'struct' } }, field: GoField): GoValue {
  const obj = struct.value as Record<string, unknown>;
  const raw = obj[field.json ?? field.name];
  return { type: field.type, value: raw === undefined ? zeroOf(field.type) : raw };
}

/** Go's truth: false, 0, nil, and empty strings, slices and maps are false; structs are true. */
function truth(v: GoValue): boolean {
  if (!v.type) return false;
  const c = concrete(v);
  if (!c.type) return false;
  switch (c.type.kind) {
    case 'string':
      return (c.value as string) !== '';
    case 'bool':
      return c.value as boolean;
    case 'int':
    case 'float':
    case 'duration':
      return (c.value as number) !== 0;
    case 'slice':
      return Array.isArray(c.value) && c.value.length > 0;
    case 'map':
      return c.value !== null && Object.keys(c.value as object).length > 0;
    case 'pointer':
      return c.value !== null && c.value !== undefined;
    default:
      return true;
  }
}

/** Go's byte-wise string order (sorted map keys). */
function compareGoStrings(a: string, b: string): number {
  const ca = [...a].map((c) => c.codePointAt(0)!);
  const cb = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) if (ca[i] !== cb[i]) return ca[i]! - cb[i]!;
  return ca.length - cb.length;
}

function sortedKeys(obj: object): string[] {
  return Object.keys(obj).sort(compareGoStrings);
}

// ---------------------------------------------------------------------------------------------
// fmt: %v and friends

/** Go's time.Duration.String: "1h2m3.5s", "150ms", "0s". */
export function formatDuration(ns: number): string {
  if (ns === 0) return '0s';
  const sign = ns < 0 ? '-' : '';
  let u = Math.abs(ns);
  if (u < 1e9) {
    const [unit, scale] = u < 1e3 ? ['ns', 1] : u < 1e6 ? ['µs', 1e3] : ['ms', 1e6];
    return sign + trimFraction(u / (scale as number)) + unit;
  }
  const h = Math.floor(u / 3.6e12);
  u -= h * 3.6e12;
  const m = Math.floor(u / 6e10);
  u -= m * 6e10;
  const s = trimFraction(u / 1e9) + 's';
  return sign + (h > 0 ? `${h}h${m}m${s}` : m > 0 ? `${m}m${s}` : s);
}

function trimFraction(x: number): string {
  return x.toFixed(9).replace(/\.?0+$/, '');
}

/** Go's time.Time.String for an RFC 3339 timestamp: "2024-09-26 21:31:42 +0000 UTC". */
export function formatGoTime(rfc3339: string): string {
  const m = /^(\d{4})-(\d\d)-(\d\d)[Tt](\d\d):(\d\d):(\d\d)(\.\d+)?([Zz]|[+-]\d\d:\d\d)$/.exec(rfc3339);
  if (!m) return rfc3339;
  const fraction = m[7] ? m[7].replace(/0+$/, '') : '';
  const zone = m[8]!.toUpperCase() === 'Z' ? '+0000 UTC' : `${m[8]!.replace(':', '')} ${m[8]!.replace(':', '')}`;
  return `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]}${fraction === '.' ? '' : fraction} ${zone}`;
}

function formatNumber(type: GoType, n: number): string {
  if (type.kind === 'float') return formatGoFloat(n, 'g', -1);
  return Number.isInteger(n) ? BigInt(n).toString() : String(n);
}

/** fmt's %v. `depth` > 0 inside composites, where pointers print as addresses. */
export function formatValue(v: GoValue, depth = 0): string {
  if (!v.type) return depth === 0 ? '<no value>' : '<nil>';
  const t = v.type;
  switch (t.kind) {
    case 'string':
      return v.value as string;
    case 'bool':
      return String(v.value);
    case 'int':
    case 'float':
      return formatNumber(t, v.value as number);
    case 'duration':
      return formatDuration(v.value as number);
    case 'time':
      return formatGoTime(v.value as string);
    case 'interface': {
      const c = dynamic(v.value);
      return c.type ? formatValue(c, depth) : '<nil>';
    }
    case 'slice':
      if (!Array.isArray(v.value)) return '[]';
      return `[${v.value.map((e) => formatValue({ type: t.elem, value: e }, depth + 1)).join(' ')}]`;
    case 'map': {
      if (v.value === null || v.value === undefined) return 'map[]';
      const obj = v.value as Record<string, unknown>;
      return `map[${sortedKeys(obj)
        .map((k) => `${k}:${formatValue({ type: t.elem, value: obj[k] }, depth + 1)}`)
        .join(' ')}]`;
    }
    case 'struct':
      return `{${t.fields.map((f) => formatValue(fieldOf(v as GoValue & { type: { kind: 'struct' } }, f), depth + 1)).join(' ')}}`;
    case 'pointer':
      if (v.value === null || v.value === undefined) return '<nil>';
      // fmt prints &{…} for a top-level pointer and an address below; our addresses are made up.
      return depth === 0 ? '&' + formatValue({ type: t.elem, value: v.value }, depth) : '0xc000010000';
  }
}

/** What the template prints for a pipeline's value (pointers are dereferenced first). */
function printable(v: GoValue): string {
  if (v.type?.kind === 'pointer' && v.value !== null && v.value !== undefined) return formatValue({ type: v.type.elem, value: v.value });
  return formatValue(v);
}

/** Go's encoding/json encoding of a JSON-shaped value, compact; `escapeHTML` as json.Marshal does. */
export function goJson(value: unknown, escapeHTML: boolean, indent = '', level = 0): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return goJsonString(value, escapeHTML);
    case 'number':
      return Number.isInteger(value) ? BigInt(value).toString() : formatGoFloat(value, Math.abs(value) < 1e-6 || Math.abs(value) >= 1e21 ? 'e' : 'f', -1);
    case 'boolean':
      return String(value);
  }
  const nl = indent ? '\n' + indent.repeat(level + 1) : '';
  const close = indent ? '\n' + indent.repeat(level) : '';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[${value.map((e) => nl + goJson(e, escapeHTML, indent, level + 1)).join(',')}${close}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  const sep = indent ? ': ' : ':';
  return `{${entries.map(([k, v]) => nl + goJsonString(k, escapeHTML) + sep + goJson(v, escapeHTML, indent, level + 1)).join(',')}${close}}`;
}

function goJsonString(s: string, escapeHTML: boolean): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x2028 || c === 0x2029 || (escapeHTML && (ch === '<' || ch === '>' || ch === '&')))
      out += '\\u' + c.toString(16).padStart(4, '0');
    else if (c >= 0xd800 && c <= 0xdfff) out += '\ufffd'; // a lone surrogate: invalid UTF-8 in Go
    else out += ch;
  }
  return out + '"';
}

/** The JSON of a Go value: struct fields in declaration order, map keys sorted, nil as null. */
function jsonOfValue(v: GoValue): unknown {
  if (!v.type || v.value === null || v.value === undefined) return null;
  const t = v.type;
  switch (t.kind) {
    case 'struct': {
      const out: Record<string, unknown> = {};
      const obj = v.value as Record<string, unknown>;
      for (const f of t.fields) {
        const key = f.json ?? f.name;
        if (key in obj) out[key] = jsonOfValue(fieldOf(v as GoValue & { type: { kind: 'struct' } }, f));
      }
      return out;
    }
    case 'pointer':
      return jsonOfValue({ type: t.elem, value: v.value });
    case 'slice':
      return (v.value as unknown[]).map((e) => jsonOfValue({ type: t.elem, value: e }));
    case 'map': {
      const obj = v.value as Record<string, unknown>;
      return Object.fromEntries(sortedKeys(obj).map((k) => [k, jsonOfValue({ type: t.elem, value: obj[k] })]));
    }
    case 'interface': {
      const c = dynamic(v.value);
      return c.type ? jsonOfValue(c) : null;
    }
    case 'string':
      return t.name === 'json.Number' ? Number(v.value) : v.value;
    default:
      return v.value;
  }
}

// fmt.Sprintf for the verbs people put in --format.
function sprintf(format: string, args: GoValue[]): string {
  let out = '';
  let argIndex = 0;
  for (let i = 0; i < format.length; i++) {
    const ch = format[i]!;
    if (ch !== '%') {
      out += ch;
      continue;
    }
    const m = /^([-+# 0]*)(\d+|\*)?(?:\.(\d+|\*)?)?([a-zA-Z%])/.exec(format.slice(i + 1));
    if (!m) {
      out += '%!(NOVERB)';
      break;
    }
    i += m[0].length;
    const flags = m[1]!;
    let width = m[2] === '*' ? Number(args[argIndex++]?.value) : m[2] ? Number(m[2]) : undefined;
    let precision = m[3] === '*' ? Number(args[argIndex++]?.value) : m[3] !== undefined ? Number(m[3]) : m[0].includes('.') ? 0 : undefined;
    const verb = m[4]!;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (argIndex >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const arg = concrete(args[argIndex++]!);
    let text = formatVerb(verb, arg, flags, precision);
    if (width !== undefined && [...text].length < width) {
      const pad = width - [...text].length;
      if (flags.includes('-')) text += ' '.repeat(pad);
      else if (flags.includes('0') && /[dfegxXbo]/.test(verb)) {
        const sign = /^[+-]/.test(text) ? text[0]! : '';
        text = sign + '0'.repeat(pad) + text.slice(sign.length);
      } else text = ' '.repeat(pad) + text;
    }
    width = precision = undefined;
    out += text;
  }
  if (argIndex < args.length) out += `%!(EXTRA ${args.slice(argIndex).map((a) => `${typeName(concrete(a).type)}=${formatValue(a)}`).join(', ')})`;
  return out;
}

function formatVerb(verb: string, arg: GoValue, flags: string, precision: number | undefined): string {
  const kind = arg.type?.kind;
  const bad = () => `%!${verb}(${typeName(arg.type)}=${formatValue(arg)})`;
  const sign = (n: number, s: string) => (n >= 0 && flags.includes('+') ? '+' + s : n >= 0 && flags.includes(' ') ? ' ' + s : s);
  switch (verb) {
    case 'v': // %+v and %#v (field names, Go syntax) are not supported: printed as %v
      return formatValue(arg);
    case 's': {
      if (kind === 'string' || kind === 'slice' || kind === 'map' || kind === 'struct' || kind === 'pointer' || kind === 'time' || kind === 'duration') {
        const text = formatValue(arg);
        return precision !== undefined ? [...text].slice(0, precision).join('') : text;
      }
      return bad();
    }
    case 'q':
      if (kind === 'string') return goQuote(arg.value as string);
      if (kind === 'slice' && Array.isArray(arg.value))
        return `[${arg.value.map((e) => formatVerb('q', concrete({ type: (arg.type as { kind: 'slice'; elem: GoType }).elem, value: e }), flags, precision)).join(' ')}]`;
      return bad();
    case 'd':
      if (kind === 'int' || kind === 'duration') return sign(arg.value as number, BigInt(arg.value as number).toString());
      return bad();
    case 't':
      return kind === 'bool' ? String(arg.value) : bad();
    case 'x':
    case 'X': {
      let text: string;
      if (kind === 'int') text = BigInt(arg.value as number).toString(16);
      else if (kind === 'string') text = [...new TextEncoder().encode(arg.value as string)].map((b) => b.toString(16).padStart(2, '0')).join('');
      else return bad();
      return verb === 'X' ? text.toUpperCase() : text;
    }
    case 'c':
      return kind === 'int' ? String.fromCodePoint(arg.value as number) : bad();
    case 'f':
    case 'F':
    case 'e':
    case 'g':
      if (kind === 'float' || kind === 'int') {
        const n = arg.value as number;
        if (kind === 'int') return bad();
        const v = verb === 'F' ? 'f' : (verb as 'e' | 'f' | 'g');
        return sign(n, formatGoFloat(n, v, precision ?? (v === 'g' ? -1 : 6)));
      }
      return bad();
    default:
      return bad();
  }
}

function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c === 7) out += '\\a';
    else if (c === 8) out += '\\b';
    else if (c === 12) out += '\\f';
    else if (c === 11) out += '\\v';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + '"';
}

/** An operand of print/println: a nil interface prints "<nil>" there, not "<no value>". */
function operandText(v: GoValue): string {
  return concrete(v).type ? formatValue(v) : '<nil>';
}

/** fmt.Sprint: a space between operands when neither is a string. */
function sprint(args: GoValue[]): string {
  let out = '';
  args.forEach((a, i) => {
    const isString = (x: GoValue) => concrete(x).type?.kind === 'string';
    if (i > 0 && !isString(a) && !isString(args[i - 1]!)) out += ' ';
    out += operandText(a);
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Lexer

type TokenKind =
  | 'text' | 'left' | 'right' | 'space' | 'field' | 'variable' | 'identifier' | 'keyword' | 'dot'
  | 'string' | 'rawString' | 'char' | 'number' | 'bool' | 'nil' | 'declare' | 'assign' | 'pipe'
  | 'leftParen' | 'rightParen' | 'comma' | 'comment' | 'eof';

interface Token {
  kind: TokenKind;
  text: string;
  pos: number;
}

const KEYWORDS = new Set(['if', 'else', 'end', 'range', 'with', 'define', 'template', 'block', 'break', 'continue']);

class TemplateError extends Error {}

function lineOf(source: string, pos: number): number {
  return 1 + (source.slice(0, pos).match(/\n/g)?.length ?? 0);
}

function lex(source: string): Token[] {
  const tokens: Token[] = [];
  const fail = (pos: number, msg: string): never => {
    throw new TemplateError(`template: :${lineOf(source, pos)}: ${msg}`);
  };
  let i = 0;
  while (i < source.length) {
    const open = source.indexOf('{{', i);
    let textEnd = open === -1 ? source.length : open;
    // "{{- " trims the space before it; "{{-3}}" is a number.
    const trimLeft = open !== -1 && source[open + 2] === '-' && /\s/.test(source[open + 3] ?? '');
    let text = source.slice(i, textEnd);
    if (trimLeft) text = text.replace(/\s+$/, '');
    if (text) tokens.push({ kind: 'text', text, pos: i });
    if (open === -1) break;
    let p = open + 2;
    if (trimLeft) p += 2;
    tokens.push({ kind: 'left', text: '{{', pos: open });
    // Comments: {{/* … */}}
    if (source.startsWith('/*', p)) {
      const close = source.indexOf('*/', p);
      if (close === -1) fail(open, 'unclosed comment');
      let q = close + 2;
      let trimRight = false;
      if (source.startsWith(' -}}', q)) {
        trimRight = true;
        q += 4;
      } else if (source.startsWith('}}', q)) q += 2;
      else fail(open, 'comment ends before closing delimiter');
      tokens.pop();
      i = q;
      if (trimRight) i = skipSpace(source, i);
      continue;
    }
    let closed = false;
    while (p < source.length) {
      if (source.startsWith('}}', p) || (source.startsWith(' -}}', p) || source.startsWith('\t-}}', p) || source.startsWith('\n-}}', p))) {
        const trimRight = !source.startsWith('}}', p);
        const end = trimRight ? p + 4 : p + 2;
        tokens.push({ kind: 'right', text: '}}', pos: trimRight ? p + 1 : p });
        i = trimRight ? skipSpace(source, end) : end;
        closed = true;
        break;
      }
      const c = source[p]!;
      const start = p;
      if (/\s/.test(c)) {
        while (p < source.length && /\s/.test(source[p]!) && !source.startsWith(' -}}', p)) p++;
        if (p === start) p++;
        tokens.push({ kind: 'space', text: ' ', pos: start });
      } else if (c === '"') {
        p++;
        while (p < source.length && source[p] !== '"') {
          if (source[p] === '\\') p++;
          if (source[p] === '\n') fail(start, 'unterminated quoted string');
          p++;
        }
        if (p >= source.length) fail(start, 'unterminated quoted string');
        p++;
        tokens.push({ kind: 'string', text: source.slice(start, p), pos: start });
      } else if (c === '`') {
        const close = source.indexOf('`', p + 1);
        if (close === -1) fail(start, 'unterminated raw quoted string');
        p = close + 1;
        tokens.push({ kind: 'rawString', text: source.slice(start, p), pos: start });
      } else if (c === "'") {
        p++;
        if (source[p] === '\\') p++;
        p++;
        if (source[p] !== "'") fail(start, 'unterminated character constant');
        p++;
        tokens.push({ kind: 'char', text: source.slice(start, p), pos: start });
      } else if (c === ':' && source[p + 1] === '=') {
        p += 2;
        tokens.push({ kind: 'declare', text: ':=', pos: start });
      } else if (c === '=') {
        p++;
        tokens.push({ kind: 'assign', text: '=', pos: start });
      } else if (c === '|') {
        p++;
        tokens.push({ kind: 'pipe', text: '|', pos: start });
      } else if (c === '(') {
        p++;
        tokens.push({ kind: 'leftParen', text: '(', pos: start });
      } else if (c === ')') {
        p++;
        tokens.push({ kind: 'rightParen', text: ')', pos: start });
      } else if (c === ',') {
        p++;
        tokens.push({ kind: 'comma', text: ',', pos: start });
      } else if (c === '$') {
        p++;
        while (p < source.length && /[\p{L}\p{Nd}_]/u.test(source[p]!)) p++;
        tokens.push({ kind: 'variable', text: source.slice(start, p), pos: start });
      } else if (c === '.' && !/[0-9]/.test(source[p + 1] ?? '')) {
        p++;
        while (p < source.length && /[\p{L}\p{Nd}_]/u.test(source[p]!)) p++;
        tokens.push({ kind: p === start + 1 ? 'dot' : 'field', text: source.slice(start, p), pos: start });
      } else if (/[0-9+\-.]/.test(c)) {
        const m = /^[+-]?(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|(\d[\d_]*)?\.?\d*([eE][+-]?\d+)?)/.exec(source.slice(p));
        if (!m || m[0] === '' || m[0] === '+' || m[0] === '-') fail(start, `bad number syntax: "${source.slice(p, p + 1)}"`);
        p += m![0].length;
        if (/[\p{L}_]/u.test(source[p] ?? '')) fail(start, `bad number syntax: "${source.slice(start, p + 1)}"`);
        tokens.push({ kind: 'number', text: source.slice(start, p), pos: start });
      } else if (/[\p{L}_]/u.test(c)) {
        while (p < source.length && /[\p{L}\p{Nd}_]/u.test(source[p]!)) p++;
        const word = source.slice(start, p);
        const kind: TokenKind = KEYWORDS.has(word) ? 'keyword' : word === 'true' || word === 'false' ? 'bool' : word === 'nil' ? 'nil' : 'identifier';
        tokens.push({ kind, text: word, pos: start });
      } else if (c === '}') {
        fail(start, 'unexpected "}" in operand');
      } else {
        fail(start, `unrecognized character in action: ${goQuoteRune(c)}`);
      }
    }
    if (!closed) fail(open, 'unclosed action');
  }
  tokens.push({ kind: 'eof', text: '', pos: source.length });
  return tokens;
}

function goQuoteRune(c: string): string {
  return `'${c}' ${c.length === 1 ? 'U+' + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0') : ''}`.trim();
}

function skipSpace(source: string, i: number): number {
  while (i < source.length && /\s/.test(source[i]!)) i++;
  return i;
}

// ---------------------------------------------------------------------------------------------
// Parser

type Node =
  | { type: 'text'; pos: number; text: string }
  | { type: 'action'; pos: number; pipe: Pipe }
  | ControlNode
  | { type: 'break' | 'continue'; pos: number };

interface ControlNode {
  type: 'if' | 'with' | 'range';
  pos: number;
  pipe: Pipe;
  list: Node[];
  elseList?: Node[];
}

interface Pipe {
  pos: number;
  decl: string[];
  isAssign: boolean;
  cmds: Cmd[];
}

interface Cmd {
  pos: number;
  args: Arg[];
}

type Arg =
  | { type: 'field'; pos: number; idents: string[] }
  | { type: 'variable'; pos: number; name: string; idents: string[] }
  | { type: 'dot'; pos: number }
  | { type: 'nil'; pos: number }
  | { type: 'bool'; pos: number; value: boolean }
  | { type: 'number'; pos: number; text: string; value: number; isInt: boolean }
  | { type: 'string'; pos: number; text: string; value: string }
  | { type: 'identifier'; pos: number; name: string }
  | { type: 'chain'; pos: number; node: Arg; idents: string[] }
  | { type: 'pipe'; pos: number; pipe: Pipe };

/** Names of the functions a template may call (parse fails on any other, as Go's does). */
const FUNCTION_NAMES = new Set([
  'and', 'or', 'not', 'len', 'index', 'slice', 'print', 'printf', 'println', 'eq', 'ne', 'lt', 'le', 'gt', 'ge',
  'html', 'js', 'urlquery', 'call',
  // docker/cli templates.basicFunctions
  'json', 'split', 'join', 'title', 'lower', 'upper', 'pad', 'truncate',
]);

class Parser {
  private i = 0;
  private vars: string[][] = [['$']];

  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
  ) {}

  private fail(pos: number, msg: string): never {
    throw new TemplateError(`template: :${lineOf(this.source, pos)}: ${msg}`);
  }

  private peek(): Token {
    return this.tokens[this.i]!;
  }

  private next(): Token {
    return this.tokens[this.i++]!;
  }

  private peekNonSpace(): Token {
    while (this.peek().kind === 'space') this.i++;
    return this.peek();
  }

  private nextNonSpace(): Token {
    this.peekNonSpace();
    return this.next();
  }

  parse(): Node[] {
    const [list, end] = this.itemList(true);
    if (end) this.fail(end.pos, `unexpected {{${end.text}}}`);
    return list;
  }

  /** Parse until {{end}} / {{else}} (returned), or EOF when `top`. */
  private itemList(top: boolean): [Node[], Token | undefined] {
    const list: Node[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') {
        if (!top) this.fail(t.pos, 'unexpected EOF');
        return [list, undefined];
      }
      if (t.kind === 'text') {
        this.next();
        list.push({ type: 'text', pos: t.pos, text: t.text });
        continue;
      }
      // left delimiter
      this.next();
      const k = this.peekNonSpace();
      if (k.kind === 'keyword' && (k.text === 'end' || k.text === 'else')) {
        this.next();
        if (k.text === 'end') this.expectRight('end');
        return [list, k];
      }
      list.push(this.action());
    }
  }

  private expectRight(context: string): void {
    const t = this.nextNonSpace();
    if (t.kind !== 'right') this.fail(t.pos, `unexpected ${describe(t)} in ${context}`);
  }

  private action(): Node {
    const t = this.peekNonSpace();
    if (t.kind === 'keyword') {
      this.next();
      switch (t.text) {
        case 'if':
        case 'with':
        case 'range':
          return this.control(t.text, t.pos);
        case 'break':
        case 'continue':
          this.expectRight(t.text);
          return { type: t.text, pos: t.pos };
        default:
          this.fail(t.pos, `{{${t.text}}} is not supported by docker's --format here`);
      }
    }
    const pipe = this.pipeline('command', 'right');
    return { type: 'action', pos: t.pos, pipe };
  }

  private control(kind: 'if' | 'with' | 'range', pos: number): Node {
    this.vars.push([]);
    const pipe = this.pipeline(kind, 'right');
    const [list, end] = this.itemList(false);
    let elseList: Node[] | undefined;
    if (end?.text === 'else') {
      const after = this.peekNonSpace();
      if (after.kind === 'keyword' && (after.text === 'if' || after.text === 'with') && kind === after.text) {
        // {{else if …}} is {{else}}{{if …}}…{{end}} sharing this {{end}}.
        this.next();
        elseList = [this.control(after.text as 'if' | 'with', after.pos)];
      } else {
        this.expectRight('else');
        const [els, end2] = this.itemList(false);
        if (end2?.text === 'else') this.fail(end2.pos, 'expected end; found {{else}}');
        elseList = els;
      }
    }
    this.vars.pop();
    return elseList ? { type: kind, pos, pipe, list, elseList } : { type: kind, pos, pipe, list };
  }

  private pipeline(context: string, end: 'right' | 'rightParen'): Pipe {
    const start = this.peekNonSpace();
    const pipe: Pipe = { pos: start.pos, decl: [], isAssign: false, cmds: [] };
    // Variable declarations: $x := …, $k, $v := … (range), $x = …
    if (start.kind === 'variable') {
      const save = this.i;
      this.next();
      const names = [start.text];
      let t = this.peekNonSpace();
      if (t.kind === 'comma' && context === 'range') {
        this.next();
        const second = this.nextNonSpace();
        if (second.kind !== 'variable') this.fail(second.pos, 'range can only initialize variables');
        names.push(second.text);
        t = this.peekNonSpace();
      }
      if (t.kind === 'declare' || t.kind === 'assign') {
        this.next();
        pipe.decl = names;
        pipe.isAssign = t.kind === 'assign';
        if (pipe.isAssign) for (const n of names) this.useVariable(n, start.pos);
        else this.vars[this.vars.length - 1]!.push(...names);
      } else this.i = save;
    }
    for (;;) {
      const t = this.peekNonSpace();
      if (t.kind === (end === 'right' ? 'right' : 'rightParen')) {
        this.next();
        break;
      }
      if (t.kind === 'eof' || t.kind === 'right' || t.kind === 'rightParen') this.fail(t.pos, `unexpected ${describe(t)} in ${context === 'command' ? 'operand' : context}`);
      pipe.cmds.push(this.command(end));
    }
    if (pipe.cmds.length === 0) this.fail(start.pos, `missing value for ${context}`);
    return pipe;
  }

  private command(end: 'right' | 'rightParen'): Cmd {
    const cmd: Cmd = { pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      const t = this.peekNonSpace();
      if (t.kind === 'pipe') {
        this.next();
        if (cmd.args.length === 0) this.fail(t.pos, 'missing command');
        return cmd;
      }
      if (t.kind === 'right' || t.kind === 'rightParen') {
        if (t.kind === 'rightParen' && end === 'right') this.fail(t.pos, 'unexpected right paren');
        if (cmd.args.length === 0) this.fail(t.pos, 'missing command');
        return cmd;
      }
      const arg = this.operand();
      if (!arg) this.fail(t.pos, `unexpected ${describe(t)} in operand`);
      cmd.args.push(arg);
      const after = this.peek();
      if (after.kind !== 'space' && after.kind !== 'right' && after.kind !== 'rightParen' && after.kind !== 'pipe')
        this.fail(after.pos, `unexpected ${describe(after)} in operand`);
    }
  }

  private operand(): Arg | undefined {
    const node = this.term();
    if (!node) return undefined;
    if (this.peek().kind !== 'field') return node;
    const chainPos = this.peek().pos;
    const idents: string[] = [];
    while (this.peek().kind === 'field') idents.push(this.next().text.slice(1));
    // Go folds .A.B into one field node positioned at the chained part.
    if (node.type === 'field') return { type: 'field', pos: chainPos, idents: [...node.idents, ...idents] };
    if (node.type === 'variable') return { type: 'variable', pos: chainPos, name: node.name, idents: [...node.idents, ...idents] };
    if (node.type === 'bool' || node.type === 'string' || node.type === 'number' || node.type === 'nil' || node.type === 'dot')
      this.fail(chainPos, `unexpected . after term ${JSON.stringify(argString(node))}`);
    return { type: 'chain', pos: chainPos, node, idents };
  }

  private term(): Arg | undefined {
    const t = this.nextNonSpace();
    switch (t.kind) {
      case 'identifier':
        if (!FUNCTION_NAMES.has(t.text)) this.fail(t.pos, `function "${t.text}" not defined`);
        return { type: 'identifier', pos: t.pos, name: t.text };
      case 'dot':
        return { type: 'dot', pos: t.pos };
      case 'nil':
        return { type: 'nil', pos: t.pos };
      case 'variable':
        this.useVariable(t.text, t.pos);
        return { type: 'variable', pos: t.pos, name: t.text, idents: [] };
      case 'field':
        return { type: 'field', pos: t.pos, idents: [t.text.slice(1)] };
      case 'bool':
        return { type: 'bool', pos: t.pos, value: t.text === 'true' };
      case 'number':
      case 'char': {
        const value = t.kind === 'char' ? unquoteChar(t.text) : parseGoNumber(t.text);
        if (Number.isNaN(value)) this.fail(t.pos, `illegal number syntax: "${t.text}"`);
        return { type: 'number', pos: t.pos, text: t.text, value, isInt: t.kind === 'char' || !/[.eE]/.test(t.text) || /^[+-]?0[xX]/.test(t.text) };
      }
      case 'string':
        return { type: 'string', pos: t.pos, text: t.text, value: unquoteString(t.text) };
      case 'rawString':
        return { type: 'string', pos: t.pos, text: t.text, value: t.text.slice(1, -1) };
      case 'leftParen': {
        const pipe = this.pipeline('parenthesized pipeline', 'rightParen');
        return { type: 'pipe', pos: t.pos, pipe };
      }
      default:
        this.i--;
        return undefined;
    }
  }

  private useVariable(name: string, pos: number): void {
    if (!this.vars.some((scope) => scope.includes(name))) this.fail(pos, `undefined variable "${name}"`);
  }
}

function describe(t: Token): string {
  if (t.kind === 'eof') return 'EOF';
  if (t.kind === 'right') return '"}}"';
  if (t.kind === 'rightParen') return '")"';
  return `<${t.text}>`;
}

function parseGoNumber(text: string): number {
  const clean = text.replace(/_/g, '');
  if (/^[+-]?0[xXbBoO]/.test(clean)) {
    const sign = clean.startsWith('-') ? -1 : 1;
    return sign * Number(clean.replace(/^[+-]/, ''));
  }
  if (/^[+-]?0\d+$/.test(clean)) return parseInt(clean, 8);
  return clean === '' || clean === '.' ? NaN : Number(clean);
}

function unquoteString(text: string): string {
  return text
    .slice(1, -1)
    .replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g, (_, e: string) => {
      switch (e[0]) {
        case 'n':
          return '\n';
        case 't':
          return '\t';
        case 'r':
          return '\r';
        case 'a':
          return '\x07';
        case 'b':
          return '\b';
        case 'f':
          return '\f';
        case 'v':
          return '\v';
        case 'x':
        case 'u':
        case 'U':
          return String.fromCodePoint(parseInt(e.slice(1), 16));
        default:
          return /[0-7]/.test(e[0]!) ? String.fromCodePoint(parseInt(e, 8)) : e;
      }
    });
}

function unquoteChar(text: string): number {
  return unquoteString(`"${text.slice(1, -1)}"`).codePointAt(0) ?? NaN;
}

function argString(a: Arg): string {
  switch (a.type) {
    case 'field':
      return '.' + a.idents.join('.');
    case 'variable':
      return [a.name, ...a.idents].join('.');
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'bool':
      return String(a.value);
    case 'number':
    case 'string':
      return a.text;
    case 'identifier':
      return a.name;
    case 'chain':
      return [argString(a.node), ...a.idents].join('.');
    case 'pipe':
      return `(${pipeString(a.pipe)})`;
  }
}

function cmdString(c: Cmd): string {
  return c.args.map(argString).join(' ');
}

function pipeString(p: Pipe): string {
  const decl = p.decl.length ? `${p.decl.join(', ')} ${p.isAssign ? '=' : ':='} ` : '';
  return decl + p.cmds.map(cmdString).join(' | ');
}

// ---------------------------------------------------------------------------------------------
// Execution

export interface ExecuteOptions {
  /** `missingkey=error`: a map without the key is an error instead of `<no value>`. */
  readonly missingKeyError?: boolean;
  /**
   * docker/cli's HeaderFunctions, used to render a table's header row: json, split, join,
   * title, lower, upper and truncate return their first argument unchanged.
   */
  readonly headerFunctions?: boolean;
}

const HEADER_IDENTITY = new Set(['json', 'split', 'join', 'title', 'lower', 'upper', 'truncate']);

class ExecError extends Error {}

/** A parsed template: parse errors surface from `parseTemplate`, execution errors from `execute`. */
export class GoTemplate {
  private constructor(
    private readonly source: string,
    private readonly root: Node[],
  ) {}

  static parse(source: string): GoTemplate {
    return new GoTemplate(source, new Parser(source, lex(source)).parse());
  }

  execute(data: GoValue, options: ExecuteOptions = {}): string {
    return new Execution(this.source, data, options).run(this.root);
  }
}

export function parseTemplate(source: string): GoTemplate {
  return GoTemplate.parse(source);
}

/** Whether `err` is a template parse or execution error (its message is what docker prints). */
export function isTemplateError(err: unknown): err is Error {
  return err instanceof TemplateError || err instanceof ExecError;
}

class LoopControl {
  constructor(readonly kind: 'break' | 'continue') {}
}

type Variables = { name: string; value: GoValue }[];

class Execution {
  private out = '';
  private vars: Variables;

  constructor(
    private readonly source: string,
    private readonly data: GoValue,
    private readonly options: ExecuteOptions,
  ) {
    this.vars = [{ name: '$', value: data }];
  }

  run(nodes: Node[]): string {
    this.walkList(this.data, nodes);
    return this.out;
  }

  private fail(pos: number, context: string, msg: string): never {
    const before = this.source.slice(0, pos);
    const lastNl = before.lastIndexOf('\n');
    const col = lastNl === -1 ? pos : pos - (lastNl + 1);
    throw new ExecError(`template: :${lineOf(this.source, pos)}:${col}: executing "" at <${context}>: ${msg}`);
  }

  private walkList(dot: GoValue, nodes: Node[]): void {
    for (const n of nodes) this.walk(dot, n);
  }

  private walk(dot: GoValue, node: Node): void {
    switch (node.type) {
      case 'text':
        this.out += node.text;
        return;
      case 'action': {
        const v = this.evalPipe(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.out += printable(v);
        return;
      }
      case 'if':
      case 'with': {
        const mark = this.vars.length;
        const v = this.evalPipe(dot, node.pipe);
        if (truth(v)) this.walkList(node.type === 'with' ? v : dot, node.list);
        else if (node.elseList) this.walkList(dot, node.elseList);
        this.vars.length = mark;
        return;
      }
      case 'range':
        this.walkRange(dot, node);
        return;
      case 'break':
      case 'continue':
        throw new LoopControl(node.type);
    }
  }

  private walkRange(dot: GoValue, node: ControlNode): void {
    const mark = this.vars.length;
    const decl = node.pipe.decl;
    const v = concrete(this.evalPipe(dot, { ...node.pipe, decl: [] }));
    const items: [GoValue, GoValue][] = [];
    const t = v.type;
    if (t?.kind === 'slice') {
      (Array.isArray(v.value) ? v.value : []).forEach((e, i) => items.push([{ type: goInt, value: i }, { type: t.elem, value: e }]));
    } else if (t?.kind === 'map') {
      const obj = (v.value ?? {}) as Record<string, unknown>;
      for (const k of sortedKeys(obj)) items.push([{ type: goString, value: k }, { type: t.elem, value: obj[k] }]);
    } else if (t?.kind === 'int') {
      for (let i = 0; i < (v.value as number); i++) items.push([{ type: goInt, value: i }, { type: goInt, value: i }]);
    } else if (t?.kind === 'pointer' && v.value === null) {
      // nothing
    } else if (t) {
      this.fail(node.pos, `range ${pipeString(node.pipe)}`, `range can't iterate over ${formatValue(v)}`);
    }
    if (items.length === 0) {
      if (node.elseList) this.walkList(dot, node.elseList);
      this.vars.length = mark;
      return;
    }
    for (const [key, elem] of items) {
      if (decl.length === 1) this.vars.push({ name: decl[0]!, value: elem });
      else if (decl.length === 2) this.vars.push({ name: decl[0]!, value: key }, { name: decl[1]!, value: elem });
      try {
        this.walkList(elem, node.list);
      } catch (e) {
        if (!(e instanceof LoopControl)) throw e;
        if (e.kind === 'break') break;
      } finally {
        this.vars.length = mark;
      }
    }
  }

  private evalPipe(dot: GoValue, pipe: Pipe): GoValue {
    let value: GoValue | undefined;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, value);
      // An interface{} result is unwrapped to what it holds.
      if (value.type?.kind === 'interface') value = dynamic(value.value);
    }
    const result = value!;
    for (const name of pipe.decl) {
      if (pipe.isAssign) {
        const slot = [...this.vars].reverse().find((v) => v.name === name);
        if (slot) slot.value = result;
      } else this.vars.push({ name, value: result });
    }
    return result;
  }

  private evalCommand(dot: GoValue, cmd: Cmd, final: GoValue | undefined): GoValue {
    const first = cmd.args[0]!;
    if (first.type === 'identifier') return this.callFunction(dot, first, cmd, final);
    if (cmd.args.length > 1 || final) {
      if (first.type === 'field' || first.type === 'chain' || first.type === 'variable') {
        const method = this.methodCall(dot, first, cmd, final);
        if (method) return method;
        // Only methods take arguments; our values have none.
        const last = first.idents.at(-1);
        if (last !== undefined) this.fail(first.pos, argString(first), `${last} is not a method but has arguments`);
      }
      this.fail(first.pos, argString(first), `can't give argument to non-function ${argString(first)}`);
    }
    return this.evalArg(dot, first);
  }

  private evalArg(dot: GoValue, arg: Arg): GoValue {
    switch (arg.type) {
      case 'dot':
        return dot;
      case 'nil':
        this.fail(arg.pos, 'nil', 'nil is not a command');
      // eslint-disable-next-line no-fallthrough
      case 'bool':
        return { type: goBool, value: arg.value };
      case 'number':
        return { type: arg.isInt ? goInt : { kind: 'float' }, value: arg.value };
      case 'string':
        return { type: goString, value: arg.value };
      case 'field':
        return this.fieldChain(dot, arg, arg.idents);
      case 'variable': {
        const slot = [...this.vars].reverse().find((v) => v.name === arg.name);
        if (!slot) this.fail(arg.pos, arg.name, `undefined variable: ${arg.name}`);
        return this.fieldChain(slot.value, arg, arg.idents);
      }
      case 'chain': {
        const base = this.evalArg(dot, arg.node);
        return this.fieldChain(base, arg, arg.idents);
      }
      case 'pipe': {
        const mark = this.vars.length;
        const v = this.evalPipe(dot, arg.pipe);
        this.vars.length = mark;
        return v;
      }
      case 'identifier':
        return this.callFunction(dot, arg, { pos: arg.pos, args: [arg] }, undefined);
    }
  }

  /** `.Label "k"`: a struct method called with arguments, or undefined when the chain names none. */
  private methodCall(dot: GoValue, first: Arg & { type: 'field' | 'chain' | 'variable' }, cmd: Cmd, final: GoValue | undefined): GoValue | undefined {
    const name = first.idents.at(-1);
    if (name === undefined) return undefined;
    const base = first.type === 'field' ? dot : first.type === 'chain' ? this.evalArg(dot, first.node) : this.evalArg(dot, { ...first, idents: [] });
    let receiver = concrete(this.fieldChain(base, first, first.idents.slice(0, -1)));
    if (receiver.type?.kind === 'pointer') receiver = { type: receiver.type.elem, value: receiver.value };
    const method = receiver.type?.kind === 'struct' ? receiver.type.methods?.[name] : undefined;
    if (!method) return undefined;
    const args = cmd.args.slice(1).map((a) => this.evalArg(dot, a));
    if (final) args.push(final);
    if (args.length !== method.arity) this.fail(first.pos, argString(first), `wrong number of args for ${name}: want ${method.arity} got ${args.length}`);
    return method.call(receiver.value, args);
  }

  private fieldChain(receiver: GoValue, node: Arg, idents: string[]): GoValue {
    let v = receiver;
    for (const name of idents) v = this.field(v, name, node);
    return v;
  }

  private field(receiver: GoValue, name: string, node: Arg): GoValue {
    const context = argString(node);
    let v = concrete(receiver);
    if (v.type?.kind === 'pointer') {
      if (v.value === null || v.value === undefined) this.fail(node.pos, context, `nil pointer evaluating ${typeName(v.type)}.${name}`);
      v = { type: v.type.elem, value: v.value };
    }
    const t = v.type;
    if (!t) this.fail(node.pos, context, `nil pointer evaluating interface {}.${name}`);
    if (t.kind === 'struct') {
      const field = t.fields.find((f) => f.name === name);
      if (field) return fieldOf(v as GoValue & { type: { kind: 'struct' } }, field);
      const method = t.methods?.[name];
      if (method) this.fail(node.pos, context, `wrong number of args for ${name}: want ${method.arity} got 0`);
    } else if (t.kind === 'map') {
      const obj = v.value as Record<string, unknown> | null;
      if (obj && Object.prototype.hasOwnProperty.call(obj, name)) return { type: t.elem, value: obj[name] };
      if (this.options.missingKeyError) this.fail(node.pos, context, `map has no entry for key ${goQuote(name)}`);
      return NO_VALUE;
    }
    this.fail(node.pos, context, `can't evaluate field ${name} in type ${typeName(receiver.type?.kind === 'interface' ? t : receiver.type)}`);
  }

  // Functions --------------------------------------------------------------------------------

  private callFunction(dot: GoValue, ident: Extract<Arg, { type: 'identifier' }>, cmd: Cmd, final: GoValue | undefined): GoValue {
    const name = ident.name;
    const argNodes = cmd.args.slice(1);
    const context = cmdString(cmd);
    const fail = (msg: string): never => this.fail(cmd.pos, context, `error calling ${name}: ${msg}`);
    const failAt = (msg: string): never => this.fail(ident.pos, name, msg);
    // and/or evaluate lazily, returning the deciding argument.
    if (name === 'and' || name === 'or') {
      const n = argNodes.length + (final ? 1 : 0);
      if (n < 1) failAt(`wrong number of args for ${name}: want at least 1 got 0`);
      let v: GoValue = NO_VALUE;
      for (let i = 0; i < n; i++) {
        v = i < argNodes.length ? this.evalArg(dot, argNodes[i]!) : final!;
        if (truth(v) === (name === 'or')) return v;
      }
      return v;
    }
    const args = argNodes.map((a) => this.evalArg(dot, a));
    if (final) args.push(final);
    const arity = (min: number, max = min) => {
      if (args.length < min || args.length > max)
        failAt(`wrong number of args for ${name}: want ${max === Infinity ? `at least ${min}` : min} got ${args.length}`);
    };
    // A literal argument of the wrong kind fails as Go's evalArg words it; a computed one as validateType does.
    const wrongType = (i: number, want: string): never => {
      const node = argNodes[i];
      if (!node) return this.fail(cmd.pos, context, `wrong type for value; expected ${want}; got ${typeName(concrete(args[i]!).type)}`);
      const literal = node.type === 'string' || node.type === 'number' || node.type === 'bool';
      if (!literal) return this.fail(node.pos, argString(node), `wrong type for value; expected ${want}; got ${typeName(concrete(args[i]!).type)}`);
      const msg = want === 'string' ? `expected string; found ${argString(node)}` : want === 'int' ? `expected integer; found ${argString(node)}` : `can't handle ${argString(node)} for arg of type ${want}`;
      return this.fail(node.pos, argString(node), msg);
    };
    const str = (i: number): string => {
      const v = concrete(args[i]!);
      if (v.type?.kind !== 'string') wrongType(i, 'string');
      return v.value as string;
    };
    const int = (i: number): number => {
      const v = concrete(args[i]!);
      if (v.type?.kind !== 'int') wrongType(i, 'int');
      return v.value as number;
    };
    const strings = (i: number): string[] => {
      const v = concrete(args[i]!);
      if (v.type?.kind !== 'slice' || v.type.elem.kind !== 'string' || v.type.elem.name) wrongType(i, '[]string');
      return ((v.value as string[] | null) ?? []) as string[];
    };
    const text = (s: string): GoValue => ({ type: goString, value: s });
    if (this.options.headerFunctions && HEADER_IDENTITY.has(name)) {
      arity(name === 'split' || name === 'join' || name === 'truncate' ? 2 : 1);
      return text(str(0));
    }
    switch (name) {
      case 'not':
        arity(1);
        return { type: goBool, value: !truth(args[0]!) };
      case 'len': {
        arity(1);
        const v = concrete(args[0]!);
        if (!v.type || (v.type.kind === 'pointer' && v.value === null)) fail('len of nil pointer');
        const t = v.type!;
        if (t.kind === 'string') return { type: goInt, value: new TextEncoder().encode(v.value as string).length };
        if (t.kind === 'slice') return { type: goInt, value: Array.isArray(v.value) ? v.value.length : 0 };
        if (t.kind === 'map') return { type: goInt, value: v.value ? Object.keys(v.value).length : 0 };
        return fail(`len of type ${typeName(t)}`);
      }
      case 'index': {
        arity(1, Infinity);
        let v = args[0]!;
        for (const indexArg of args.slice(1)) {
          v = concrete(v);
          const t = v.type;
          if (!t) fail('index of untyped nil');
          if (t!.kind === 'pointer') v = { type: t!.elem, value: v.value };
          const vt = v.type!;
          const ix = concrete(indexArg);
          if (vt.kind === 'slice' || vt.kind === 'string') {
            if (ix.type?.kind !== 'int') fail(`cannot index slice/array with type ${typeName(ix.type)}`);
            const length = vt.kind === 'slice' ? (Array.isArray(v.value) ? v.value.length : 0) : new TextEncoder().encode(v.value as string).length;
            const n = ix.value as number;
            if (n < 0 || n >= length) fail(`index out of range: ${n}`);
            if (vt.kind === 'slice') v = { type: vt.elem, value: (v.value as unknown[])[n] };
            else v = { type: { kind: 'int', name: 'uint8' }, value: new TextEncoder().encode(v.value as string)[n] };
          } else if (vt.kind === 'map') {
            if (ix.type?.kind !== 'string') fail(`value has type ${typeName(ix.type)}; should be string`);
            const obj = (v.value ?? {}) as Record<string, unknown>;
            const key = ix.value as string;
            v = Object.prototype.hasOwnProperty.call(obj, key) ? { type: vt.elem, value: obj[key] } : { type: vt.elem, value: zeroOf(vt.elem) };
          } else fail(`can't index item of type ${typeName(vt)}`);
        }
        return v;
      }
      case 'slice': {
        arity(1, 4);
        const v = concrete(args[0]!);
        const bounds = args.slice(1).map((_, i) => int(i + 1));
        if (v.type?.kind === 'string') return text((v.value as string).slice(bounds[0] ?? 0, bounds[1]));
        if (v.type?.kind === 'slice') return { type: v.type, value: ((v.value as unknown[]) ?? []).slice(bounds[0] ?? 0, bounds[1]) };
        return fail(`can't slice item of type ${typeName(v.type)}`);
      }
      case 'print':
        return text(sprint(args));
      case 'println':
        return text(args.map(operandText).join(' ') + '\n');
      case 'printf':
        arity(1, Infinity);
        return text(sprintf(str(0), args.slice(1)));
      case 'eq':
      case 'ne':
      case 'lt':
      case 'le':
      case 'gt':
      case 'ge':
        return { type: goBool, value: this.compare(name, args, cmd, context) };
      case 'html':
        return text(sprint(args).replace(/[<>&'"\0]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&#39;', '"': '&#34;', '\0': '\uFFFD' })[c]!));
      case 'js':
        return text(sprint(args).replace(/[\\'"<>&=\n\r\t]/g, (c) => ({ '\\': '\\\\', "'": "\\'", '"': '\\"', '<': '\\u003C', '>': '\\u003E', '&': '\\u0026', '=': '\\u003D', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c]!));
      case 'urlquery':
        return text(encodeURIComponent(sprint(args)).replace(/%20/g, '+').replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()));
      case 'call':
        return fail('call of nil');
      case 'json': {
        arity(1);
        const v = args[0]!;
        const t = v.type?.kind === 'pointer' ? v.type.elem : v.type;
        if (t?.kind === 'struct' && t.marshalJSON && v.value !== null) return text(t.marshalJSON(v.value));
        return text(goJson(jsonOfValue(v), false));
      }
      case 'split': {
        arity(2);
        const s = str(0);
        const sep = str(1);
        const parts = sep === '' ? [...s] : s.split(sep);
        return { type: sliceOf(goString), value: parts };
      }
      case 'join':
        arity(2);
        return text(strings(0).join(str(1)));
      case 'title':
        arity(1);
        // strings.Title: upper-case the first letter of each word (words split on non-letters).
        return text(str(0).replace(/(^|[^\p{L}\p{N}_'])(\p{L})/gu, (_, sep: string, c: string) => sep + c.toUpperCase()));
      case 'lower':
        arity(1);
        return text(str(0).toLowerCase());
      case 'upper':
        arity(1);
        return text(str(0).toUpperCase());
      case 'pad': {
        arity(3);
        const s = str(0);
        return text(s === '' ? s : ' '.repeat(Math.max(int(1), 0)) + s + ' '.repeat(Math.max(int(2), 0)));
      }
      case 'truncate': {
        arity(2);
        const s = str(0);
        const bytes = new TextEncoder().encode(s);
        const n = int(1);
        if (bytes.length < n) return text(s);
        if (n < 0) fail(`runtime error: slice bounds out of range [:${n}]`);
        return text(new TextDecoder().decode(bytes.slice(0, n)));
      }
    }
    return failAt(`"${name}" is not a defined function`);
  }

  private compare(name: string, args: GoValue[], cmd: Cmd, context: string): boolean {
    const fail = (msg: string): never => this.fail(cmd.pos, context, `error calling ${name}: ${msg}`);
    if (args.length < (name === 'eq' ? 2 : 2) || (name !== 'eq' && args.length > 2))
      this.fail(cmd.pos, context, `wrong number of args for ${name}: want ${name === 'eq' ? 'at least 1' : 2} got ${args.length}`);
    const basic = (v: GoValue): [string, unknown] => {
      const c = concrete(v);
      const k = c.type?.kind;
      if (k === 'int' || k === 'float' || k === 'duration') return ['number', c.value];
      if (k === 'string') return ['string', c.value];
      if (k === 'bool') return ['bool', c.value];
      if (!c.type || isNil(c)) return ['nil', null];
      return fail('invalid type for comparison');
    };
    const [ka, a] = basic(args[0]!);
    const cmp = (other: GoValue): number => {
      const [kb, b] = basic(other);
      if (ka !== kb) fail('incompatible types for comparison');
      if (ka === 'bool' || ka === 'nil') {
        if (name !== 'eq' && name !== 'ne') fail('invalid type for comparison');
        return a === b ? 0 : 1;
      }
      return a === b ? 0 : (a as number | string) < (b as number | string) ? -1 : 1;
    };
    switch (name) {
      case 'eq':
        return args.slice(1).some((b) => cmp(b) === 0);
      case 'ne':
        return cmp(args[1]!) !== 0;
      case 'lt':
        return cmp(args[1]!) < 0;
      case 'le':
        return cmp(args[1]!) <= 0;
      case 'gt':
        return cmp(args[1]!) > 0;
      default:
        return cmp(args[1]!) >= 0;
    }
  }
}
