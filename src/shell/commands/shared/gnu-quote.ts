/**
 * How GNU coreutils quote names and arguments in their messages: gnulib's quotearg
 * (lib/quotearg.c, `quotearg_buffer_restyled`) in the styles coreutils' system.h picks:
 * - `quotef`: shell-escape, and `:` quoted too — a name as the first field of `FILE: message`
 *   (`cat: a{b: No such file or directory`, `cat: 'a b': …`);
 * - `quoteaf`: shell-escape-always — a name inside a sentence (`cannot access 'x'`);
 * - `quote`: the locale style — a value that is not a name (`invalid field value 'x'`).
 * The playground's locale is C.UTF-8, so printable non-ASCII characters pass as they are;
 * bytes that are not UTF-8 arrive as U+DC80–U+DCFF (as engine/tar/header.ts decodes names)
 * and come out as octal escapes. `quote` keeps the C locale's straight quotes where a UTF-8
 * locale would print ‘…’, as the playground's messages always have.
 */

/** C's escapes, which gnulib prefers to octal. */
const C_ESCAPES: Readonly<Record<string, string>> = { '\x07': 'a', '\b': 'b', '\f': 'f', '\n': 'n', '\r': 'r', '\t': 't', '\v': 'v' };

/** Characters a shell reads specially wherever they stand (quotearg.c's shell cases, `\` and `'` included). */
const SHELL_SPECIAL = new Set([...' !"$&()*;<=>?[\\^`|\'']);

/** Characters that read the same inside "…" as outside (quotearg.c's `c_and_shell_quote_compat`). */
const DOUBLE_QUOTE_SAFE = /^[A-Za-z0-9%+,\-./:\]_ @']$/;

/** gnulib's shell-escape style: `name` as it is when the shell would read it so, else quoted (always, with `always`). */
export function shellEscape(name: string, always = false): string {
  return always || needsShellQuotes(name, '') ? shellEscapeAlways(name) : name;
}

/** gnulib's shell-escape-always style: always quoted, `'a b'`, `"q'x"`, `'a'$'\n''b'`. */
export function shellEscapeAlways(name: string): string {
  const chars = [...name];
  // An apostrophe alone among harmless characters reads better in double quotes.
  if (chars.includes("'") && chars.every((ch, i) => doubleQuoteSafe(ch, i, chars.length))) return `"${name}"`;
  let out = "'";
  let inEscapes = false;
  for (const ch of chars) {
    if (ch === "'") {
      out += "'\\''";
      inEscapes = false;
    } else if (isPrintable(ch)) {
      if (inEscapes) out += "''";
      inEscapes = false;
      out += ch;
    } else {
      if (!inEscapes) out += "'$'";
      inEscapes = true;
      out += escapeUnprintable(ch);
    }
  }
  return `${out}'`;
}

/** coreutils' `quotef`: a name leading a message, quoted when the shell (or a reader splitting on `:`) needs it. */
export function quotef(name: string): string {
  return needsShellQuotes(name, ':') ? shellEscapeAlways(name) : name;
}

/** coreutils' `quoteaf`: a name within a message, always quoted. */
export const quoteaf = shellEscapeAlways;

/** gnulib's `quote` (locale style, C quote marks): `'x'`, with `\'`, `\\` and C escapes inside. */
export function quote(arg: string): string {
  let out = "'";
  for (const ch of arg) {
    if (ch === "'" || ch === '\\') out += `\\${ch}`;
    else if (isPrintable(ch)) out += ch;
    else out += escapeUnprintable(ch);
  }
  return `${out}'`;
}

function needsShellQuotes(name: string, alsoQuoted: string): boolean {
  if (name === '' || name === '{' || name === '}' || name.startsWith('#') || name.startsWith('~')) return true;
  for (const ch of name) if (SHELL_SPECIAL.has(ch) || alsoQuoted.includes(ch) || !isPrintable(ch)) return true;
  return false;
}

function doubleQuoteSafe(ch: string, index: number, length: number): boolean {
  if (DOUBLE_QUOTE_SAFE.test(ch)) return true;
  if (ch === '#' || ch === '~') return index === 0;
  if (ch === '{' || ch === '}') return length === 1;
  return ch.codePointAt(0)! >= 0x80 && isPrintable(ch);
}

/** iswprint in a UTF-8 locale, near enough: not a C0/C1 control, DEL, or a byte that was not UTF-8. */
function isPrintable(ch: string): boolean {
  const code = ch.codePointAt(0)!;
  return !(code < 0x20 || (code >= 0x7f && code < 0xa0) || (code >= 0xd800 && code <= 0xdfff));
}

/** `\n` for C's escapes, else each byte in octal (`\377`, `\302\200`). */
function escapeUnprintable(ch: string): string {
  const letter = C_ESCAPES[ch];
  if (letter !== undefined) return `\\${letter}`;
  const code = ch.charCodeAt(0);
  const bytes = ch.length === 1 && code >= 0xdc80 && code <= 0xdcff ? [code - 0xdc00] : [...new TextEncoder().encode(ch)];
  return bytes.map((b) => `\\${b.toString(8).padStart(3, '0')}`).join('');
}
