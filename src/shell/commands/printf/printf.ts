/**
 * `printf` as bash's builtin: the format reused until the arguments run out, `%s %b %c %d %i
 * %o %u %x %X %e %E %f %F %g %G %q %%` with flags, width and precision (`*` from the
 * arguments), `-v VAR`. Escapes make bytes, not characters: `printf '\xff'` writes the byte 0xff
 * (just-bash's printf writes U+00FF, two bytes in UTF-8), so binary data can be made in lessons.
 * Floating point is rounded as C does (exact binary value, ties to even); bash parses numbers as
 * long double, so a decimal that sits on a tie only in double precision (99.95) may differ.
 */
import { defineCommand, type Command, type CommandContext, type ExecResult } from 'just-bash';
import { bytesResult } from '../../command-context.ts';

const encoder = new TextEncoder();

class ByteWriter {
  private readonly parts: number[] = [];
  text(s: string): void {
    for (const b of encoder.encode(s)) this.parts.push(b);
  }
  byte(b: number): void {
    this.parts.push(b & 0xff);
  }
  bytes(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

/** Reads the escape at `s[i]` (just after the backslash); returns the index after it, or -1 for `\c` (stop). */
function escape(s: string, i: number, out: ByteWriter, inArgument: boolean): number {
  const c = s[i];
  const simple: Record<string, number> = { a: 7, b: 8, e: 27, E: 27, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92, '"': 34, "'": 39, '?': 63 };
  if (c === undefined) {
    out.byte(92);
    return i;
  }
  if (c in simple && !(inArgument && (c === '"' || c === '?'))) {
    out.byte(simple[c]!);
    return i + 1;
  }
  if (c === 'c' && inArgument) return -1;
  // %b takes \0NNN (up to three digits after the 0); the format takes \NNN.
  const octal = (inArgument ? /^0?([0-7]{1,3})/ : /^([0-7]{1,3})/).exec(s.slice(i));
  if (octal) {
    out.byte(parseInt(octal[1]!, 8));
    return i + octal[0].length;
  }
  const hex = /^x([0-9a-fA-F]{1,2})/.exec(s.slice(i));
  if (hex) {
    out.byte(parseInt(hex[1]!, 16));
    return i + hex[0].length;
  }
  const unicode = /^(?:u([0-9a-fA-F]{1,4})|U([0-9a-fA-F]{1,8}))/.exec(s.slice(i));
  if (unicode) {
    const code = parseInt(unicode[1] ?? unicode[2]!, 16);
    out.text(code <= 0x10ffff ? String.fromCodePoint(code) : '');
    return i + unicode[0].length;
  }
  out.byte(92);
  return i; // not an escape: the backslash stands for itself
}

/** `%b`'s argument, escapes expanded; `stop` when it held `\c`. */
function expandEscapes(s: string): { bytes: Uint8Array; stop: boolean } {
  const out = new ByteWriter();
  for (let i = 0; i < s.length; ) {
    if (s[i] !== '\\') {
      out.text(s[i]!);
      i++;
      continue;
    }
    const next = escape(s, i + 1, out, true);
    if (next === -1) return { bytes: out.bytes(), stop: true };
    i = next;
  }
  return { bytes: out.bytes(), stop: false };
}

/** bash's %q: quoted so the shell reads it back as the same word. */
function shellQuote(s: string): string {
  if (s === '') return "''";
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  if (/[\x00-\x1f\x7f]/.test(s)) {
    return `$'${[...s].map((ch) => (ch === "'" ? "\\'" : ch === '\\' ? '\\\\' : ch < ' ' || ch === '\x7f' ? `\\${ch.charCodeAt(0).toString(8).padStart(3, '0')}` : ch)).join('')}'`;
  }
  return s.replace(/[^A-Za-z0-9_@%+=:,./-]/g, (ch) => `\\${ch}`);
}

interface NumberResult {
  value: number;
  error?: string;
}

function parseNumber(arg: string | undefined): NumberResult {
  if (arg === undefined || arg === '') return { value: 0 };
  if (arg[0] === "'" || arg[0] === '"') return { value: arg.length > 1 ? arg.codePointAt(1)! : 0 };
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(arg);
  if (!m) return { value: 0, error: `${arg}: invalid number` };
  const body = m[2]!;
  const magnitude = /^0[xX]/.test(body) ? parseInt(body, 16) : body.length > 1 && body[0] === '0' ? parseInt(body, 8) : parseInt(body, 10);
  const value = m[1] === '-' ? -magnitude : magnitude;
  return m[0].length === arg.length ? { value } : { value, error: `${arg}: invalid number` };
}

function parseFloatArg(arg: string | undefined): NumberResult {
  if (arg === undefined || arg === '') return { value: 0 };
  if (arg[0] === "'" || arg[0] === '"') return { value: arg.length > 1 ? arg.codePointAt(1)! : 0 };
  const value = Number(arg);
  if (Number.isNaN(value) && !/^[+-]?nan$/i.test(arg)) return { value: 0, error: `${arg}: invalid number` };
  return { value };
}

/**
 * `|value|` rounded to `keep` significant digits (or, with `fixed`, to `keep` digits after the
 * point) the way C's printf rounds: on the exact binary value, ties to even. JavaScript's
 * toFixed/toExponential round ties up (1234.5 → "1.235e+3" where C prints 1.234e+03).
 * Returns the digits and the power of ten of the first one.
 */
function roundDecimal(value: number, keep: number, fixed: boolean): { digits: string; exp: number } {
  const [mantissa, expText] = Math.abs(value).toExponential(100).split('e') as [string, string];
  let digits = mantissa.replace('.', '').replace(/0+$/, '') || '0';
  let exp = Number(expText);
  const count = fixed ? exp + 1 + keep : keep;
  if (count < 0) return { digits: '0', exp: -keep };
  const kept = digits.slice(0, count).padEnd(count, '0');
  const rest = digits.slice(count);
  let roundUp = false;
  if (rest.length > 0) {
    if (rest[0]! > '5') roundUp = true;
    else if (rest[0] === '5') roundUp = /[1-9]/.test(rest.slice(1)) || (kept.length > 0 && Number(kept.at(-1)) % 2 === 1) || (kept.length === 0 && false);
  }
  digits = kept;
  if (roundUp) {
    const up = (BigInt(kept || '0') + 1n).toString();
    if (up.length > kept.length) exp += 1;
    digits = up.length > kept.length && kept.length > 0 ? up.slice(0, kept.length) : up.padStart(kept.length, '0');
    if (kept.length === 0) digits = up;
  }
  return { digits: digits === '' ? '0' : digits, exp };
}

/** C's %f. */
function fixedPoint(value: number, precision: number): string {
  const { digits, exp } = roundDecimal(value, precision, true);
  const all = exp < 0 ? '0'.repeat(-exp) + digits : digits;
  const intLength = Math.max(1, exp + 1);
  const padded = all.padEnd(intLength + precision, '0');
  const integer = exp < 0 ? '0' : padded.slice(0, intLength).replace(/^0+(?=\d)/, '');
  const fraction = exp < 0 ? padded.slice(1, 1 + precision) : padded.slice(intLength, intLength + precision);
  return `${value < 0 || Object.is(value, -0) ? '-' : ''}${integer}${precision > 0 ? `.${fraction}` : ''}`;
}

/** C's %e: mantissa and a two-digit (at least) exponent. */
function exponential(value: number, precision: number, upper: boolean): string {
  const { digits, exp } = value === 0 ? { digits: '0'.repeat(precision + 1), exp: 0 } : roundDecimal(value, precision + 1, false);
  const mantissa = `${digits[0]}${precision > 0 ? `.${digits.slice(1, precision + 1).padEnd(precision, '0')}` : ''}`;
  const text = `${value < 0 || Object.is(value, -0) ? '-' : ''}${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return upper ? text.toUpperCase() : text;
}

/** C's %g: %e or %f by the exponent, trailing zeros of the fraction removed (unless `#`). */
function general(value: number, precision: number, alternate: boolean, upper: boolean): string {
  const p = precision === 0 ? 1 : precision;
  if (value === 0) return alternate ? (0).toFixed(p - 1) : '0';
  const exp = roundDecimal(value, p, false).exp;
  let text = exp < -4 || exp >= p ? exponential(value, p - 1, upper) : fixedPoint(value, Math.max(0, p - 1 - exp));
  if (!alternate) text = text.replace(/(\.\d*?)0+(?=e|E|$)/, '$1').replace(/\.(?=e|E|$)/, '');
  return text;
}

function pad(body: string, width: number, left: boolean, zero: boolean): string {
  if (body.length >= width) return body;
  if (left) return body + ' '.repeat(width - body.length);
  if (zero) {
    const sign = /^[+ -]|^0[xX]/.exec(body)?.[0] ?? '';
    return sign + '0'.repeat(width - body.length) + body.slice(sign.length);
  }
  return ' '.repeat(width - body.length) + body;
}

interface Outcome {
  bytes: Uint8Array;
  errors: string[];
}

export function formatPrintf(format: string, args: readonly string[]): Outcome {
  const out = new ByteWriter();
  const errors: string[] = [];
  let next = 0;
  const take = () => (next < args.length ? args[next++] : undefined);
  for (;;) {
    const consumedBefore = next;
    let stop = false;
    for (let i = 0; i < format.length && !stop; ) {
      const ch = format[i]!;
      if (ch === '\\') {
        i = escape(format, i + 1, out, false);
        continue;
      }
      if (ch !== '%') {
        out.text(ch);
        i++;
        continue;
      }
      const spec = /^%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?([a-zA-Z%])/.exec(format.slice(i));
      if (!spec) {
        out.text('%');
        i++;
        continue;
      }
      i += spec[0].length;
      const flags = spec[1]!;
      const conversion = spec[4]!;
      if (conversion === '%') {
        out.text('%');
        continue;
      }
      let width = spec[2] === '*' ? parseNumber(take()).value : Number(spec[2] ?? 0);
      let left = flags.includes('-');
      if (width < 0) {
        left = true;
        width = -width;
      }
      const precisionText = spec[3] === '*' ? String(parseNumber(take()).value) : spec[3];
      const precision = precisionText === undefined ? undefined : Number(precisionText || 0);
      const zero = flags.includes('0') && !left;
      const arg = take();
      switch (conversion) {
        case 's': {
          let text = arg ?? '';
          if (precision !== undefined) text = text.slice(0, precision);
          out.text(pad(text, width, left, false));
          break;
        }
        case 'q':
          out.text(pad(shellQuote(arg ?? ''), width, left, false));
          break;
        case 'b': {
          const expanded = expandEscapes(arg ?? '');
          const body = precision !== undefined ? expanded.bytes.subarray(0, precision) : expanded.bytes;
          if (!left) for (let k = body.length; k < width; k++) out.byte(32);
          for (const b of body) out.byte(b);
          if (left) for (let k = body.length; k < width; k++) out.byte(32);
          stop = expanded.stop;
          break;
        }
        case 'c':
          out.text(pad((arg ?? '').slice(0, 1), width, left, false));
          break;
        case 'd':
        case 'i':
        case 'o':
        case 'u':
        case 'x':
        case 'X': {
          const n = parseNumber(arg);
          if (n.error) errors.push(n.error);
          const value = BigInt(Math.trunc(n.value));
          const unsigned = value < 0n && conversion !== 'd' && conversion !== 'i' ? value + (1n << 64n) : value;
          const radix = conversion === 'o' ? 8 : conversion === 'x' || conversion === 'X' ? 16 : 10;
          let digits = (unsigned < 0n ? -unsigned : unsigned).toString(radix);
          if (conversion === 'X') digits = digits.toUpperCase();
          if (precision !== undefined) digits = precision === 0 && unsigned === 0n ? '' : digits.padStart(precision, '0');
          if (flags.includes('#') && unsigned !== 0n) digits = conversion === 'o' ? `0${digits}` : conversion === 'x' ? `0x${digits}` : conversion === 'X' ? `0X${digits}` : digits;
          const sign = unsigned < 0n ? '-' : flags.includes('+') && radix === 10 ? '+' : flags.includes(' ') && radix === 10 ? ' ' : '';
          out.text(pad(sign + digits, width, left, zero && precision === undefined));
          break;
        }
        case 'e':
        case 'E':
        case 'f':
        case 'F':
        case 'g':
        case 'G': {
          const n = parseFloatArg(arg);
          if (n.error) errors.push(n.error);
          const p = precision ?? 6;
          const lower = conversion.toLowerCase();
          let body =
            !Number.isFinite(n.value)
              ? Number.isNaN(n.value) ? 'nan' : n.value > 0 ? 'inf' : '-inf'
              : lower === 'f' ? fixedPoint(n.value, p) : lower === 'e' ? exponential(n.value, p, false) : general(n.value, p, flags.includes('#'), false);
          if (conversion === conversion.toUpperCase()) body = body.toUpperCase();
          if (n.value >= 0 && !Object.is(n.value, -0)) body = (flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + body;
          out.text(pad(body, width, left, zero && Number.isFinite(n.value)));
          break;
        }
        default:
          errors.push(`%${conversion}: invalid format character`);
          return { bytes: out.bytes(), errors };
      }
    }
    // The format is used again while arguments remain (and it consumed some).
    if (stop || next >= args.length || next === consumedBefore) break;
  }
  return { bytes: out.bytes(), errors };
}

export function printfCommand(): Command {
  return defineCommand('printf', async (args, ctx: CommandContext): Promise<ExecResult> => {
    let rest = [...args];
    let variable: string | undefined;
    if (rest[0] === '-v') {
      variable = rest[1];
      rest = rest.slice(2);
      if (variable === undefined) return { stdout: '', stderr: 'bash: printf: -v: option requires an argument\nprintf: usage: printf [-v var] format [arguments]\n', exitCode: 2 };
    }
    if (rest[0] === '--') rest = rest.slice(1);
    if (rest.length === 0) return { stdout: '', stderr: 'printf: usage: printf [-v var] format [arguments]\n', exitCode: 2 };
    const { bytes, errors } = formatPrintf(rest[0]!, rest.slice(1));
    const stderr = errors.map((e) => `bash: printf: ${e}\n`).join('');
    const exitCode = errors.length > 0 ? 1 : 0;
    if (variable !== undefined) {
      await ctx.assignShellVariable?.(variable, new TextDecoder().decode(bytes));
      return { stdout: '', stderr, exitCode };
    }
    return bytesResult(bytes, stderr, exitCode);
  });
}
