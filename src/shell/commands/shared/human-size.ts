/**
 * The human-readable sizes of the tools we emulate, one function per variant:
 * - `gnuHumanSize`: gnulib's human_readable as ls -h, du -h and df -h call it;
 * - `busyboxHumanSize`: libbb's make_human_readable_str (BusyBox ls, du, df, free).
 * Docker's go-units sizes are `goUnitsSize` and friends in src/engine/docker/units.ts.
 */

const POWER_LETTERS = 'KMGTPEZY';

/**
 * gnulib's human_readable with ls -h / du -h options (powers of 1024, rounding up): `5`, `4.9K`,
 * `11K`, `1.0M`.
 */
export function gnuHumanSize(bytes: number): string {
  if (bytes < 1024) return String(bytes);
  let amount = bytes;
  let tenths = 0;
  let rounding = 0;
  let exponent = 0;
  do {
    const r10 = (amount % 1024) * 10 + tenths;
    const r2 = (r10 % 1024) * 2 + (rounding >> 1);
    amount = Math.floor(amount / 1024);
    tenths = Math.floor(r10 / 1024);
    rounding = r2 < 1024 ? (r2 !== 0 ? 1 : 0) : 2 + (1024 < r2 ? 1 : 0);
    exponent++;
  } while (amount >= 1024 && exponent < POWER_LETTERS.length);
  let fraction = '';
  if (amount < 10) {
    if (rounding > 0) {
      tenths++;
      rounding = 0;
      if (tenths === 10) {
        amount++;
        tenths = 0;
      }
    }
    if (amount < 10) {
      fraction = `.${tenths}`;
      tenths = 0;
      rounding = 0;
    }
  }
  if (tenths + rounding > 0) {
    amount++;
    if (amount === 1024 && exponent < POWER_LETTERS.length) {
      exponent++;
      amount = 1;
      fraction = '.0';
    }
  }
  return `${amount}${fraction}${POWER_LETTERS[exponent - 1]}`;
}

const BUSYBOX_UNITS = ['', 'K', 'M', 'G', 'T', 'P', 'E'];

/**
 * libbb's make_human_readable_str(value, blockSize, 0): powers of 1024 with one decimal
 * (`4.0K`, `1024.0K` for one byte short of a MiB); with blockSize 0, no decimal (`16K`).
 */
export function busyboxHumanSize(value: number, blockSize: number): string {
  if (value === 0) return '0';
  let val = value;
  let frac = 0;
  let unit = 0;
  while (val >= 1024) {
    unit++;
    frac = Math.floor(((val % 1024) * 10 + 512) / 1024);
    val = Math.floor(val / 1024);
  }
  if (frac >= 10) {
    val++;
    frac = 0;
  }
  if (unit === 0) return String(val);
  if (blockSize === 0) return `${frac >= 5 ? val + 1 : val}${BUSYBOX_UNITS[unit]}`;
  return `${val}.${frac}${BUSYBOX_UNITS[unit]}`;
}
