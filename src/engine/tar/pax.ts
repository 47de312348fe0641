/**
 * pax extended header records: `"%d %s=%s\n"`, length first (counting itself), key, value.
 * https://pubs.opengroup.org/onlinepubs/9699919799/utilities/pax.html#tag_20_92_13_03
 */
import { TarFormatError } from '../errors.ts';
import { decodeName, encodeName } from './header.ts';

export type PaxRecords = Map<string, string>;

/** Keys whose values are names: they may not hold a NUL (Go's `validPAXRecord`). */
const NAME_KEYS = new Set(['path', 'linkpath', 'uname', 'gname']);

/**
 * Parse the data of an `x` or `g` header into `into` (later records win). `offset` is where
 * `data` starts in the archive, for error messages.
 */
export function parsePaxRecords(data: Uint8Array, offset: number, into: PaxRecords = new Map()): PaxRecords {
  let pos = 0;
  // A pax data block may be padded with NULs after the last record.
  while (pos < data.length && data[pos] !== 0) {
    const start = pos;
    // Leading zeros are allowed (Go reads the length with strconv.ParseInt): only the digits
    // after them count towards the nine that keep `length` well inside a safe integer.
    let length = 0;
    let digits = 0;
    while (pos < data.length && data[pos]! >= 0x30 && data[pos]! <= 0x39 && digits < 9) {
      length = length * 10 + (data[pos]! - 0x30);
      if (length > 0) digits++;
      pos++;
    }
    if (pos === start || data[pos] !== 0x20) throw new TarFormatError(offset + start, 'pax record length is not a number');
    const end = start + length;
    if (end > data.length || end <= pos + 1) throw new TarFormatError(offset + start, 'pax record length is out of range');
    if (data[end - 1] !== 0x0a) throw new TarFormatError(offset + start, 'pax record does not end with a newline');
    const keyStart = pos + 1;
    let eq = keyStart;
    while (eq < end - 1 && data[eq] !== 0x3d) eq++;
    if (eq === end - 1 || eq === keyStart) throw new TarFormatError(offset + start, 'pax record has no key=value');
    const key = decodeName(data, keyStart, eq);
    const value = decodeName(data, eq + 1, end - 1);
    if (key.includes('\0') || (NAME_KEYS.has(key) && value.includes('\0'))) {
      throw new TarFormatError(offset + start, `pax record ${JSON.stringify(key.slice(0, 40))} contains a NUL byte`);
    }
    if (key === 'GNU.sparse.offset' || key === 'GNU.sparse.numbytes') {
      // Sparse format 0.0 repeats these two keys, one pair per region: keep them all, in order,
      // as a 0.1-style map (what Go's reader does).
      const map = into.get('GNU.sparse.map');
      into.set('GNU.sparse.map', map ? `${map},${value}` : value);
    } else {
      into.set(key, value);
    }
    pos = end;
  }
  return into;
}

/**
 * A non-negative decimal integer from a pax record (size, uid, gid). Any number of leading zeros
 * is fine (`size=000…0999`), as Go's strconv.ParseInt and GNU tar's strtoumax read them.
 */
export function paxInteger(records: PaxRecords, key: string, offset: number): number | undefined {
  const text = records.get(key);
  if (text === undefined || text === '') return undefined;
  if (!/^[0-9]+$/.test(text)) throw new TarFormatError(offset, `pax ${key} is not a number: ${JSON.stringify(text.slice(0, 40))}`);
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new TarFormatError(offset, `pax ${key} overflows`);
  return value;
}

/**
 * A time in seconds, optionally negative and fractional (`mtime=1350244992.023960108`); leading
 * zeros allowed, as in Go's parsePAXTime.
 */
export function paxTime(records: PaxRecords, key: string, offset: number): number | undefined {
  const text = records.get(key);
  if (text === undefined || text === '') return undefined;
  const match = /^(-?)0*([0-9]+)(\.[0-9]*)?$/.exec(text);
  if (!match || match[2]!.length > 15) throw new TarFormatError(offset, `pax ${key} is not a time: ${JSON.stringify(text.slice(0, 40))}`);
  return Number(text.endsWith('.') ? text.slice(0, -1) : text);
}

/** Encode one record; its length prefix counts its own digits. */
export function encodePaxRecord(key: string, value: string): Uint8Array {
  const body = encodeName(` ${key}=${value}\n`);
  let length = body.length + 1;
  while (String(length).length + body.length > length) length++;
  const digits = encodeName(String(length));
  const record = new Uint8Array(length);
  record.set(digits);
  record.set(body, digits.length);
  return record;
}
