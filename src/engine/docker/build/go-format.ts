/**
 * Go's fmt verbs as the builders use them in history `created_by` texts: `%q` and `%v` of a
 * `[]string`, `time.Duration.String()`, and the Healthcheck struct printed by `%+v` (BuildKit)
 * or `%q` of its pointer (legacy builder).
 */
import type { ContainerConfig } from '../../image/types.ts';

/** `strconv.Quote`. */
export function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** `fmt.Sprintf("%q", []string{…})`: `["a" "b"]`. */
export const goQuotedList = (items: readonly string[]): string => `[${items.map(goQuote).join(' ')}]`;

/** `fmt.Sprintf("%v", []string{…})`: `[a b]`. */
export const goList = (items: readonly string[]): string => `[${items.join(' ')}]`;

/** `time.Duration(ns).String()`: `30s`, `1m30s`, `1h0m0s`, `500ms`, `0s`. */
export function goDuration(ns: number): string {
  if (ns === 0) return '0s';
  const sign = ns < 0 ? '-' : '';
  let n = Math.abs(ns);
  if (n < 1e9) {
    const [unit, size] = n < 1e3 ? ['ns', 1] : n < 1e6 ? ['µs', 1e3] : ['ms', 1e6];
    return `${sign}${trimFraction(n / size)}${unit}`;
  }
  const hours = Math.floor(n / 3.6e12);
  n -= hours * 3.6e12;
  const minutes = Math.floor(n / 6e10);
  n -= minutes * 6e10;
  const seconds = `${trimFraction(n / 1e9)}s`;
  if (hours > 0) return `${sign}${hours}h${minutes}m${seconds}`;
  if (minutes > 0) return `${sign}${minutes}m${seconds}`;
  return `${sign}${seconds}`;
}

function trimFraction(value: number): string {
  return value.toFixed(9).replace(/\.?0+$/, '');
}

type Healthcheck = NonNullable<ContainerConfig['Healthcheck']>;

/** BuildKit: `fmt.Sprintf("HEALTHCHECK %+v", config)`. */
export function healthcheckPlusV(h: Healthcheck): string {
  return (
    `{Test:${goList(h.Test ?? [])} Interval:${goDuration(h.Interval ?? 0)} Timeout:${goDuration(h.Timeout ?? 0)} ` +
    `StartPeriod:${goDuration(h.StartPeriod ?? 0)} StartInterval:${goDuration(h.StartInterval ?? 0)} Retries:${h.Retries ?? 0}}`
  );
}

/** Legacy builder: `fmt.Sprintf("HEALTHCHECK %q", &config)` (the retry count prints as a quoted rune). */
export function healthcheckQ(h: Healthcheck): string {
  const rune = (n: number) => (n >= 0x20 && n < 0x7f && n !== 0x27 && n !== 0x5c ? `'${String.fromCharCode(n)}'` : `'\\x${n.toString(16).padStart(2, '0')}'`);
  return (
    `&{${goQuotedList(h.Test ?? [])} ${goQuote(goDuration(h.Interval ?? 0))} ${goQuote(goDuration(h.Timeout ?? 0))} ` +
    `${goQuote(goDuration(h.StartPeriod ?? 0))} ${goQuote(goDuration(h.StartInterval ?? 0))} ${rune(h.Retries ?? 0)}}`
  );
}

/** Parse a Go duration (`30s`, `1m30s`, `500ms`) into nanoseconds; undefined when malformed. */
export function parseGoDuration(text: string): number | undefined {
  if (text === '0') return 0;
  const units: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 6e10, h: 3.6e12 };
  const pattern = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;
  let total = 0;
  let at = 0;
  while (at < text.length) {
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    if (!match) return undefined;
    total += Number(match[1]) * units[match[2]!]!;
    at = pattern.lastIndex;
  }
  return at === 0 ? undefined : Math.round(total);
}
