/**
 * docker/go-units v0.5.0 (what Docker 27's CLI vendors): the sizes and durations `docker images`,
 * `docker history` and `docker ps` print, plus the Go number formatting they rest on.
 */

const DECIMAL_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'];

function scaleToUnit(size: number, base: number, units: readonly string[]): [number, string] {
  let i = 0;
  while (size >= base && i < units.length - 1) {
    size /= base;
    i++;
  }
  return [size, units[i]!];
}

/** `HumanSizeWithPrecision`: `%.<precision>g` + SI unit, e.g. 1048576 → "1.05MB" (precision 3). */
export function humanSizeWithPrecision(size: number, precision: number): string {
  const [scaled, unit] = scaleToUnit(size, 1000, DECIMAL_UNITS);
  return formatGoFloat(scaled, 'g', precision) + unit;
}

/**
 * What Docker's tables print for a size (`docker images` SIZE, `docker history`, `docker ps -s`):
 * `HumanSizeWithPrecision(size, 3)`, e.g. 7052000 → "7.05MB", 999999 → "1e+03kB".
 */
export function goUnitsSize(size: number): string {
  return humanSizeWithPrecision(size, 3);
}

/** `HumanSize`: four significant digits, e.g. 1024 → "1.024kB". */
export function humanSize(size: number): string {
  return humanSizeWithPrecision(size, 4);
}

/** `BytesSize`: binary units, four significant digits, e.g. 3.42 GiB → "3.42GiB". */
export function bytesSize(size: number): string {
  const [scaled, unit] = scaleToUnit(size, 1024, BINARY_UNITS);
  return formatGoFloat(scaled, 'g', 4) + unit;
}

/**
 * `HumanDuration` of v0.5.0: hours round to the nearest, days/weeks/months/years truncate
 * (so 2 weeks 4 days is still "2 weeks").
 */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.trunc(ms / 60_000);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.trunc(ms / 3_600_000 + 0.5);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.trunc(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.trunc(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24 / 30)} months`;
  return `${Math.trunc(Math.trunc(ms / 3_600_000) / 24 / 365)} years`;
}

// ---------------------------------------------------------------------------------------------
// Go's strconv.FormatFloat for 'e', 'f' and 'g'. JavaScript's toPrecision rounds exact ties up
// where Go rounds them to even (12.25 → "12.2" in Go), so digits come from the exact binary value.

interface Decimal {
  /** Significant digits, no leading or trailing zeros ("" for zero). */
  digits: string;
  /** Position of the decimal point relative to the start of `digits`. */
  point: number;
}

/** The exact decimal expansion of a finite, non-negative double. */
function exactDecimal(x: number): Decimal {
  if (x === 0) return { digits: '', point: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exponent: number;
  if (biased === 0) exponent = -1074;
  else {
    mantissa |= 1n << 52n;
    exponent = biased - 1075;
  }
  let text: string;
  let point: number;
  if (exponent >= 0) {
    text = (mantissa << BigInt(exponent)).toString();
    point = text.length;
  } else {
    // m / 2^k = m * 5^k / 10^k
    text = (mantissa * 5n ** BigInt(-exponent)).toString();
    point = text.length + exponent;
  }
  return trimDecimal({ digits: text, point });
}

function trimDecimal(d: Decimal): Decimal {
  let start = 0;
  while (start < d.digits.length && d.digits[start] === '0') start++;
  let end = d.digits.length;
  while (end > start && d.digits[end - 1] === '0') end--;
  const digits = d.digits.slice(start, end);
  return digits === '' ? { digits: '', point: 0 } : { digits, point: d.point - start };
}

/** Round to `count` significant digits, ties to even (the decimal is exact, so a tie is real). */
function roundDigits(d: Decimal, count: number): Decimal {
  if (count < 0) return { digits: '', point: 0 };
  if (d.digits.length <= count) return d;
  const next = d.digits.charCodeAt(count) - 48;
  const beyond = /[1-9]/.test(d.digits.slice(count + 1));
  const last = count > 0 ? d.digits.charCodeAt(count - 1) - 48 : 0;
  const up = next > 5 || (next === 5 && (beyond || last % 2 === 1));
  const kept = d.digits.slice(0, count);
  if (!up) return trimDecimal({ digits: kept, point: d.point });
  const bumped = (BigInt(kept === '' ? '0' : kept) + 1n).toString();
  // A carry out of the kept digits (999 → 1000) moves the decimal point.
  return trimDecimal({ digits: bumped, point: d.point + (bumped.length - count) });
}

function shortestDecimal(x: number): Decimal {
  // JavaScript and Go both print the shortest digits that read back as the same double.
  const [mantissa, exp] = x.toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  return trimDecimal({ digits, point: Number(exp) + 1 });
}

function formatE(d: Decimal, fraction: number, negative: boolean): string {
  const digits = d.digits === '' ? '0' : d.digits;
  let out = negative ? '-' : '';
  out += digits[0];
  if (fraction > 0) out += '.' + digits.slice(1, 1 + fraction).padEnd(fraction, '0');
  const exp = d.digits === '' ? 0 : d.point - 1;
  const abs = Math.abs(exp);
  return `${out}e${exp < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`;
}

function formatF(d: Decimal, fraction: number, negative: boolean): string {
  const integer = d.point > 0 ? d.digits.slice(0, d.point).padEnd(d.point, '0') : '0';
  let out = (negative ? '-' : '') + integer;
  if (fraction > 0) {
    let frac = '';
    for (let i = 0; i < fraction; i++) {
      const at = d.point + i;
      frac += at >= 0 && at < d.digits.length ? d.digits[at] : '0';
    }
    out += '.' + frac;
  }
  return out;
}

/**
 * Go's `strconv.FormatFloat(x, format, precision, 64)`; precision -1 means the shortest
 * representation (what `%v` prints).
 */
export function formatGoFloat(x: number, format: 'e' | 'f' | 'g', precision: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  const negative = x < 0 || Object.is(x, -0);
  const shortest = precision < 0;
  let d: Decimal;
  if (shortest) d = shortestDecimal(Math.abs(x));
  else {
    d = exactDecimal(Math.abs(x));
    if (format === 'e') d = roundDigits(d, precision + 1);
    else if (format === 'f') d = roundDigits(d, d.point + precision);
    else d = roundDigits(d, precision === 0 ? 1 : precision);
  }
  switch (format) {
    case 'e':
      return formatE(d, shortest ? Math.max(d.digits.length - 1, 0) : precision, negative);
    case 'f':
      return formatF(d, shortest ? Math.max(d.digits.length - d.point, 0) : precision, negative);
    case 'g': {
      let prec = shortest ? d.digits.length : precision === 0 ? 1 : precision;
      let eprec = prec;
      if (eprec > d.digits.length && d.digits.length >= d.point) eprec = d.digits.length;
      // %e is used if the exponent is below -4 or at least the precision (6 for shortest).
      if (shortest) eprec = 6;
      const exp = d.point - 1;
      if (exp < -4 || exp >= eprec) {
        if (prec > d.digits.length) prec = d.digits.length;
        return formatE(d, Math.max(prec - 1, 0), negative);
      }
      if (prec > d.point) prec = d.digits.length;
      return formatF(d, Math.max(prec - d.point, 0), negative);
    }
  }
}
