/**
 * `date` as BusyBox 1.35's applet prints it (coreutils/date.c, libbb/time.c, glibc's strftime
 * and strptime in the C locale): `Thu Nov 26 03:04:05 UTC 2026` by default, `+FORMAT`, -u (UTC),
 * -R (RFC 2822), -I[date|hours|minutes|seconds|ns] (`+00:00` offsets), -d TIME (the forms of
 * parse_datestr: `@N`, `hh:mm[:ss]`, `[YYYY.]MM.DD-hh:mm[:ss]`, `YYYY-MM-DD [hh[:mm[:ss]]] [±hh:mm]`,
 * `Mon D hh:mm:ss YYYY`, `[[[[[YY]YY]MM]DD]hh]mm[.ss]`), -D FORMAT (strptime for -d), -r FILE
 * (its mtime). Setting the clock (-s, or `date MMDDhhmm[[YY]YY][.ss]`) fails as in a container
 * without CAP_SYS_TIME, and the date is printed all the same, as BusyBox does.
 *
 * Time zone: TZ from the environment, UTC when unset; POSIX fixed offsets (`EST5`, `UTC-3`,
 * `<+0530>-5:30`) are honoured; a DST rule after them, and zone names (`Europe/Paris`, which
 * need zoneinfo files), are read as UTC.
 */
import type { CommandContext, ExecResult } from 'just-bash';
import { overlayOf } from '../../command-context.ts';
import { withBusyboxBanner } from '../busybox/banner.ts';
import { DEBIAN_BUSYBOX_VERSION } from '../busybox/debian-applets.ts';
import { strerror } from '../shared/errno-text.ts';

const USAGE = `BusyBox ${DEBIAN_BUSYBOX_VERSION} multi-call binary.

Usage: date [OPTIONS] [+FMT] [[-s] TIME]

Display time (using +FMT), or set time

\t-u\t\tWork in UTC (don't convert to local time)
\t[-s] TIME\tSet time to TIME
\t-d TIME\t\tDisplay TIME, not 'now'
\t-D FMT\t\tFMT (strptime format) for -s/-d TIME conversion
\t-r FILE\t\tDisplay last modification time of FILE
\t-R\t\tOutput RFC-2822 date
\t-I[SPEC]\tOutput ISO-8601 date
\t\t\tSPEC=date (default), hours, minutes, seconds or ns

Recognized TIME formats:
\t@seconds_since_1970
\thh:mm[:ss]
\t[YYYY.]MM.DD-hh:mm[:ss]
\tYYYY-MM-DD hh:mm[:ss]
\t[[[[[YY]YY]MM]DD]hh]mm[.ss]
\t'date TIME' form accepts MMDDhhmm[[YY]YY][.ss] instead
`;

const ISO_FORMATS: Record<string, string> = {
  date: '%Y-%m-%d',
  hours: '%Y-%m-%dT%H%z',
  minutes: '%Y-%m-%dT%H:%M%z',
  seconds: '%Y-%m-%dT%H:%M:%S%z',
  ns: '%Y-%m-%dT%H:%M:%S,000000000%z',
};

const LONG_OPTIONS: Record<string, { letter: string; value: boolean }> = {
  'rfc-822': { letter: 'R', value: false },
  'rfc-2822': { letter: 'R', value: false },
  set: { letter: 's', value: true },
  utc: { letter: 'u', value: false },
  date: { letter: 'd', value: true },
  reference: { letter: 'r', value: true },
};

/** A time zone as glibc applies it: the name %Z prints and the offset east of UTC. */
export interface Zone {
  readonly name: string;
  readonly offset: number;
}

export const UTC: Zone = { name: 'UTC', offset: 0 };

/** The broken-down time strptime fills in (struct tm: month 0-11, year as a full year here). */
interface Tm {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Seconds east of UTC, when the text named an offset (%z). */
  offset?: number;
}

class InvalidDate extends Error {}

export async function busyboxDate(args: readonly string[], ctx: CommandContext, now: number): Promise<ExecResult> {
  const usage = (prefix = '') => ({ stdout: '', stderr: prefix + USAGE, exitCode: 1 });
  const values = new Map<string, string>();
  const flags = new Set<string>();
  let iso: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      rest.push(...args.slice(i + 1));
      break;
    }
    if (arg === '--help') return { stdout: '', stderr: withBusyboxBanner(USAGE, ctx), exitCode: 0 };
    if (arg.startsWith('--')) {
      const [name = '', inline] = arg.slice(2).split(/=(.*)/s);
      const long = LONG_OPTIONS[name];
      if (long === undefined || (!long.value && inline !== undefined)) return usage(`date: unrecognized option '${arg}'\n`);
      flags.add(long.letter);
      if (long.value) {
        const value = inline ?? args[++i];
        if (value === undefined) return usage(`date: option '${arg}' requires an argument\n`);
        values.set(long.letter, value);
      }
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') {
      rest.push(arg);
      continue;
    }
    for (let j = 1; j < arg.length; j++) {
      const letter = arg[j]!;
      if (letter === 'I') {
        // An optional argument: only the rest of the same word.
        iso = arg.slice(j + 1) || 'date';
        if (!(iso in ISO_FORMATS)) return usage();
        flags.add('I');
        break;
      }
      if ('sdDr'.includes(letter)) {
        const value = j + 1 < arg.length ? arg.slice(j + 1) : args[++i];
        if (value === undefined) return usage(`date: option requires an argument -- '${letter}'\n`);
        values.set(letter, value);
        flags.add(letter);
        break;
      }
      if (letter !== 'R' && letter !== 'u') return usage(`date: invalid option -- '${letter}'\n`);
      flags.add(letter);
    }
  }

  let format: string | undefined;
  if (rest[0]?.startsWith('+')) format = rest.shift()!.slice(1);
  let dateText = values.get('s') ?? values.get('d');
  let setting = flags.has('s');
  if (!flags.has('s') && !flags.has('d') && rest.length > 0) {
    setting = true;
    dateText = compatDate(rest.shift()!);
  }
  if (rest.length > 0) return usage();

  const zone = flags.has('u') ? UTC : zoneFromTz(ctx.env.get('TZ'));
  let seconds = now;
  const reference = values.get('r');
  if (reference !== undefined) {
    try {
      seconds = overlayOf(ctx).stat(ctx.fs.resolvePath(ctx.cwd, reference)).mtime;
    } catch (err) {
      return { stdout: '', stderr: `date: can't stat '${reference}': ${strerror(err)}\n`, exitCode: 1 };
    }
  }
  let stderr = '';
  if (dateText !== undefined) {
    // The text's fields go over today at midnight.
    const today = brokenDown(seconds, zone);
    const tm: Tm = { ...today, hour: 0, minute: 0, second: 0 };
    try {
      const hint = values.get('D');
      if (hint !== undefined) {
        if (strptime(dateText, hint, tm) === undefined) throw new InvalidDate();
      } else {
        parseDateString(dateText, tm, today.year);
      }
    } catch (err) {
      if (!(err instanceof InvalidDate)) throw err;
      return { stdout: '', stderr: `date: invalid date '${dateText}'\n`, exitCode: 1 };
    }
    seconds = Date.UTC(tm.year, tm.month, tm.day, tm.hour, tm.minute, tm.second) / 1000 - (tm.offset ?? zone.offset);
    if (setting) stderr = 'date: can\'t set date: Operation not permitted\n';
  }

  const chosen = format ?? (flags.has('I') ? ISO_FORMATS[iso!]! : flags.has('R') ? '%a, %d %b %Y %H:%M:%S %z' : '%a %b %e %H:%M:%S %Z %Y');
  let text = strftime(chosen, seconds, zone);
  // -I prints the offset as +hh:mm.
  if (format === undefined && flags.has('I') && iso !== 'date') text = text.replace(/(\d\d)$/, ':$1');
  return { stdout: `${text}\n`, stderr, exitCode: 0 };
}

/** `date MMDDhhmm[[CC]YY][.ss]` (setting the clock) reordered into parse_datestr's `[[CC]YY]MMDDhhmm[.ss]`. */
function compatDate(text: string): string {
  const digits = /^\d*/.exec(text)![0];
  const after = text.slice(digits.length);
  if (after !== '' && !/^\.\d\d$/.test(after)) return text;
  const yearDigits = digits.length - 8;
  if (yearDigits < 0 || yearDigits > 4 || yearDigits % 2 !== 0) throw new InvalidDate();
  return digits.slice(8) + digits.slice(0, 8) + after;
}

/** The zone TZ names: a POSIX `NAME[+-]h[:mm[:ss]]` (hours west of UTC); anything else is UTC. */
export function zoneFromTz(tz: string | undefined): Zone {
  if (tz === undefined || tz === '') return UTC;
  const match = /^:?(<[A-Za-z0-9+-]+>|[A-Za-z]{3,})([+-]?)(\d{1,2})(?::(\d{1,2})(?::(\d{1,2}))?)?/.exec(tz);
  if (match === null) return UTC;
  const [, name = '', sign, h = '0', m = '0', s = '0'] = match;
  const west = Number(h) * 3600 + Number(m) * 60 + Number(s);
  return { name: name.replace(/^<(.*)>$/, '$1'), offset: sign === '-' ? west : -west };
}

function brokenDown(seconds: number, zone: Zone): Tm {
  const d = new Date((seconds + zone.offset) * 1000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth(), day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() };
}

// ---- parse_datestr ----------------------------------------------------------------------------

/** The strptime formats parse_datestr tries in turn; the first that takes the whole text wins. */
const DATE_FORMATS = ['%R', '%T', '%m.%d-%R', '%m.%d-%T', '%Y.%m.%d-%R', '%Y.%m.%d-%T', '%b %d %T %Y', '%Y-%m-%d %R', '%Y-%m-%d %T', '%Y-%m-%d %R %z', '%Y-%m-%d %T %z', '%Y-%m-%d %H', '%Y-%m-%d'];

function parseDateString(text: string, tm: Tm, currentYear: number): void {
  for (const format of DATE_FORMATS) {
    const attempt = { ...tm };
    if (strptime(text, format, attempt) === text.length) {
      Object.assign(tm, attempt);
      return;
    }
  }
  if (text.startsWith('@')) {
    if (!/^[+-]?\d+$/.test(text.slice(1))) throw new InvalidDate();
    Object.assign(tm, brokenDown(Number(text.slice(1)), UTC), { offset: 0 });
    return;
  }
  // [[[[[YY]YY]MM]DD]hh]mm[.ss]: sscanf's %2u fields, the count of digits before any '.' decides which.
  const dot = text.indexOf('.');
  const length = dot === -1 ? text.length : dot;
  const fields = { 2: ['minute'], 4: ['hour', 'minute'], 6: ['day', 'hour', 'minute'], 8: ['month', 'day', 'hour', 'minute'], 10: ['year', 'month', 'day', 'hour', 'minute'], 12: ['year', 'month', 'day', 'hour', 'minute'] }[length] as (keyof Tm)[] | undefined;
  if (fields === undefined) throw new InvalidDate();
  const scanned = scanUnsigned(text, fields.map((f, i) => (length === 12 && i === 0 ? 4 : 2)));
  if (scanned.values.length < fields.length) throw new InvalidDate();
  fields.forEach((field, i) => (tm[field] = scanned.values[i]!));
  if (fields.includes('month')) tm.month -= 1;
  if (length === 12) {
    // a full year
  } else if (length === 10) {
    // A two-digit year goes within 50 years of this one.
    const current = currentYear - 1900;
    let year = tm.year;
    if (current >= 50) {
      year += Math.floor(current / 100) * 100;
      if (year < current - 50) year += 100;
      if (year > current + 50) year -= 100;
    }
    tm.year = year + 1900;
  }
  tm.second = 0;
  let end = scanned.next;
  if (end === '.') {
    const seconds = /^\s*\+?(\d+)$/.exec(text.slice(dot + 1));
    if (seconds === null) throw new InvalidDate();
    tm.second = Number(seconds[1]);
    end = '';
  }
  if (end !== '') throw new InvalidDate();
}

/** sscanf's `%Nu%Nu…%c`: the numbers read (stopping at the first that fails) and the character after them. */
function scanUnsigned(text: string, widths: number[]): { values: number[]; next: string } {
  const values: number[] = [];
  let at = 0;
  for (const width of widths) {
    while (/\s/.test(text[at] ?? '')) at++;
    const digits = /^\d+/.exec(text.slice(at, at + width));
    if (digits === null) return { values, next: '' };
    values.push(Number(digits[0]));
    at += digits[0].length;
  }
  return { values, next: text[at] ?? '' };
}

// ---- strptime and strftime, as glibc's in the C locale ----------------------------------------

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * glibc's strptime of `text` by `format` into `tm`: the number of characters it took, or
 * undefined when the text does not fit. White space in the format takes any white space.
 */
function strptime(text: string, format: string, tm: Tm): number | undefined {
  let at = 0;
  const number = (min: number, max: number, width: number): number | undefined => {
    while (text[at] === ' ' || text[at] === '\t') at++;
    const digits = /^\d+/.exec(text.slice(at, at + width));
    if (digits === null) return undefined;
    const value = Number(digits[0]);
    if (value < min || value > max) return undefined;
    at += digits[0].length;
    return value;
  };
  for (let i = 0; i < format.length; i++) {
    const f = format[i]!;
    if (/\s/.test(f)) {
      while (/\s/.test(text[at] ?? '')) at++;
      continue;
    }
    if (f !== '%') {
      if (text[at] !== f) return undefined;
      at++;
      continue;
    }
    let spec = format[++i];
    if (spec === 'E' || spec === 'O') spec = format[++i];
    let value: number | undefined;
    switch (spec) {
      case '%':
        if (text[at] !== '%') return undefined;
        at++;
        continue;
      case 'n':
      case 't':
        while (/\s/.test(text[at] ?? '')) at++;
        continue;
      case 'R':
      case 'T':
      case 'D':
      case 'F': {
        const expanded = { R: '%H:%M', T: '%H:%M:%S', D: '%m/%d/%y', F: '%Y-%m-%d' }[spec];
        const taken = strptime(text.slice(at), expanded, tm);
        if (taken === undefined) return undefined;
        at += taken;
        continue;
      }
      case 'Y':
        if ((value = number(0, 9999, 4)) === undefined) return undefined;
        tm.year = value;
        continue;
      case 'y':
        if ((value = number(0, 99, 2)) === undefined) return undefined;
        tm.year = value < 69 ? 2000 + value : 1900 + value;
        continue;
      case 'm':
        if ((value = number(1, 12, 2)) === undefined) return undefined;
        tm.month = value - 1;
        continue;
      case 'd':
      case 'e':
        if ((value = number(1, 31, 2)) === undefined) return undefined;
        tm.day = value;
        continue;
      case 'H':
      case 'k':
        if ((value = number(0, 23, 2)) === undefined) return undefined;
        tm.hour = value;
        continue;
      case 'M':
        if ((value = number(0, 59, 2)) === undefined) return undefined;
        tm.minute = value;
        continue;
      case 'S':
        if ((value = number(0, 61, 2)) === undefined) return undefined;
        tm.second = value;
        continue;
      case 's': {
        const digits = /^-?\d+/.exec(text.slice(at));
        if (digits === null) return undefined;
        at += digits[0].length;
        Object.assign(tm, brokenDown(Number(digits[0]), UTC), { offset: 0 });
        continue;
      }
      case 'b':
      case 'B':
      case 'h': {
        const rest = text.slice(at).toLowerCase();
        const month = MONTHS.findIndex((name) => rest.startsWith(name.toLowerCase()) || rest.startsWith(name.slice(0, 3).toLowerCase()));
        if (month === -1) return undefined;
        at += rest.startsWith(MONTHS[month]!.toLowerCase()) ? MONTHS[month]!.length : 3;
        tm.month = month;
        continue;
      }
      case 'a':
      case 'A': {
        const rest = text.slice(at).toLowerCase();
        const day = DAYS.find((name) => rest.startsWith(name.toLowerCase()) || rest.startsWith(name.slice(0, 3).toLowerCase()));
        if (day === undefined) return undefined;
        at += rest.startsWith(day.toLowerCase()) ? day.length : 3;
        continue;
      }
      case 'z': {
        while (text[at] === ' ') at++;
        if (text[at] === 'Z') {
          at++;
          tm.offset = 0;
          continue;
        }
        const zone = /^([+-])(\d\d)(?::?(\d\d))?/.exec(text.slice(at));
        if (zone === null) return undefined;
        const [, sign, hh = '0', mm] = zone;
        if (Number(mm ?? 0) >= 60 || Number(hh) > 12) return undefined;
        at += zone[0].length;
        tm.offset = (sign === '-' ? -1 : 1) * (Number(hh) * 3600 + Number(mm ?? 0) * 60);
        continue;
      }
      default:
        return undefined;
    }
  }
  return at;
}

/**
 * glibc's strftime in the C locale, with its GNU flags (`-` no padding, `_` spaces, `0` zeros,
 * `^` upper case), a field width, and the E/O modifiers ignored; an unknown conversion is
 * printed as written.
 */
export function strftime(format: string, seconds: number, zone: Zone): string {
  const d = new Date((seconds + zone.offset) * 1000);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth();
  const day = d.getUTCDate();
  const hour = d.getUTCHours();
  const weekday = d.getUTCDay();
  const yearDay = Math.floor((Date.UTC(year, month, day) - Date.UTC(year, 0, 1)) / 86_400_000);
  const iso = isoWeek(year, yearDay, weekday);
  const offsetMinutes = Math.abs(zone.offset) / 60;
  const offset = `${zone.offset < 0 ? '-' : '+'}${String(Math.floor(offsetMinutes / 60)).padStart(2, '0')}${String(offsetMinutes % 60).padStart(2, '0')}`;

  let out = '';
  for (let i = 0; i < format.length; i++) {
    if (format[i] !== '%') {
      out += format[i];
      continue;
    }
    const start = i;
    const spec = /^%([-_0^#]*)(\d*)([EO]?)(.?)/s.exec(format.slice(i))!;
    const [whole, flagText = '', widthText = '', , letter = ''] = spec;
    i += whole.length - 1;
    // [value, default width, default padding]; text values have no padding of their own.
    const numeric = (value: number, width: number, pad: '0' | ' ' = '0'): [string, number, string] => [String(value), width, pad];
    const text = (value: string): [string, number, string] => [value, 0, ' '];
    let field: [string, number, string] | undefined;
    switch (letter) {
      case 'a': field = text(DAYS[weekday]!.slice(0, 3)); break;
      case 'A': field = text(DAYS[weekday]!); break;
      case 'b': case 'h': field = text(MONTHS[month]!.slice(0, 3)); break;
      case 'B': field = text(MONTHS[month]!); break;
      case 'c': field = text(strftime('%a %b %e %H:%M:%S %Y', seconds, zone)); break;
      case 'C': field = numeric(Math.floor(year / 100), 2); break;
      case 'd': field = numeric(day, 2); break;
      case 'D': field = text(strftime('%m/%d/%y', seconds, zone)); break;
      case 'e': field = numeric(day, 2, ' '); break;
      case 'F': field = text(strftime('%Y-%m-%d', seconds, zone)); break;
      case 'g': field = numeric(((iso.year % 100) + 100) % 100, 2); break;
      case 'G': field = numeric(iso.year, 1); break;
      case 'H': field = numeric(hour, 2); break;
      case 'I': field = numeric(hour % 12 || 12, 2); break;
      case 'j': field = numeric(yearDay + 1, 3); break;
      case 'k': field = numeric(hour, 2, ' '); break;
      case 'l': field = numeric(hour % 12 || 12, 2, ' '); break;
      case 'm': field = numeric(month + 1, 2); break;
      case 'M': field = numeric(d.getUTCMinutes(), 2); break;
      case 'n': field = text('\n'); break;
      case 'p': field = text(hour < 12 ? 'AM' : 'PM'); break;
      case 'P': field = text(hour < 12 ? 'am' : 'pm'); break;
      case 'r': field = text(strftime('%I:%M:%S %p', seconds, zone)); break;
      case 'R': field = text(strftime('%H:%M', seconds, zone)); break;
      case 's': field = numeric(seconds, 1); break;
      case 'S': field = numeric(d.getUTCSeconds(), 2); break;
      case 't': field = text('\t'); break;
      case 'T': case 'X': field = text(strftime('%H:%M:%S', seconds, zone)); break;
      case 'u': field = numeric(weekday || 7, 1); break;
      case 'U': field = numeric(Math.floor((yearDay + 7 - weekday) / 7), 2); break;
      case 'V': field = numeric(iso.week, 2); break;
      case 'w': field = numeric(weekday, 1); break;
      case 'W': field = numeric(Math.floor((yearDay + 7 - ((weekday + 6) % 7)) / 7), 2); break;
      case 'x': field = text(strftime('%m/%d/%y', seconds, zone)); break;
      case 'y': field = numeric(((year % 100) + 100) % 100, 2); break;
      case 'Y': field = numeric(year, 1); break;
      case 'z': field = text(offset); break;
      case 'Z': field = text(zone.name); break;
      case '%': field = text('%'); break;
    }
    if (field === undefined) {
      out += format.slice(start, i + 1);
      continue;
    }
    let [value, width, pad] = field;
    // `#` swaps case: %Z and %p go to lower case, names to upper case.
    if (flagText.includes('#') && 'Zp'.includes(letter)) value = value.toLowerCase();
    else if (flagText.includes('^') || (flagText.includes('#') && 'aAbBh'.includes(letter))) value = value.toUpperCase();
    if (flagText.includes('-')) width = 0;
    else if (flagText.includes('_')) pad = ' ';
    else if (flagText.includes('0')) pad = '0';
    if (widthText !== '') width = Number(widthText);
    const negative = value.startsWith('-') && pad === '0';
    const digits = negative ? value.slice(1) : value;
    out += (negative ? '-' : '') + digits.padStart(width - (negative ? 1 : 0), pad);
  }
  return out;
}

/** ISO 8601 week number and week-based year (%V, %G). */
function isoWeek(year: number, yearDay: number, weekday: number): { year: number; week: number } {
  const monday = (weekday + 6) % 7;
  const week = Math.floor((yearDay - monday + 10) / 7);
  const daysIn = (y: number) => (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 366 : 365);
  if (week < 1) {
    const lastDay = yearDay + daysIn(year - 1);
    return { year: year - 1, week: Math.floor((lastDay - monday + 10) / 7) };
  }
  if (week === 53 && yearDay - monday + 3 >= daysIn(year)) return { year: year + 1, week: 1 };
  return { year, week };
}
