/**
 * `wc`, as GNU coreutils 9.1 prints it in a UTF-8 locale: counts in the order lines, words,
 * characters, bytes, maximum line width (-l -w -m -c -L; default -lwc), a `total` line for
 * several operands, `-` for standard input.
 *
 * Columns: one count of one operand is printed as it is; otherwise every column is as wide as
 * the digits of the operands' total size in bytes, and at least 7 when one of them is not a
 * regular file (standard input, a directory, a device). Standard input always counts as not
 * regular here: the shell cannot tell a redirected file from a pipe, and a pipe is the usual case.
 *
 * A word is a run of printable characters between white space (non-printable characters neither
 * start nor end one); invalid UTF-8 bytes are not characters; -L counts columns, tabs to the
 * next multiple of 8, wide characters as 2.
 */
import { defineCommand, latin1FromBytes, type Command } from 'just-bash';
import { OrderedOutput, overlayOf, runsAsBusyboxApplet } from '../../command-context.ts';
import { isUsageError, parseGnuOptions, type OptionSpec } from '../shared/getopt.ts';
import { busyboxWc } from './busybox-wc.ts';
import { readOperand } from './read-operand.ts';
import { isEastAsianWide } from '../../text-width.ts';

const OPTIONS: OptionSpec[] = [
  { key: 'bytes', short: 'c', long: 'bytes' },
  { key: 'chars', short: 'm', long: 'chars' },
  { key: 'lines', short: 'l', long: 'lines' },
  { key: 'max-line-length', short: 'L', long: 'max-line-length' },
  { key: 'words', short: 'w', long: 'words' },
];

/** The columns, in the order wc prints them. */
const COLUMNS = ['lines', 'words', 'chars', 'bytes', 'max-line-length'] as const;
type Column = (typeof COLUMNS)[number];
type Counts = Record<Column, number>;

export function wcCommand(): Command {
  return defineCommand('wc', async (args, ctx) => {
    if (runsAsBusyboxApplet(ctx)) return busyboxWc(args, ctx);
    const parsed = parseGnuOptions('wc', args, OPTIONS, 1);
    if (isUsageError(parsed)) return parsed;
    const chosen = new Set(parsed.options.map((o) => o.key));
    const columns = COLUMNS.filter((c) => (chosen.size === 0 ? c === 'lines' || c === 'words' || c === 'bytes' : chosen.has(c)));
    const fs = overlayOf(ctx);
    const operands = parsed.operands.length > 0 ? parsed.operands : [undefined];

    // What each operand is, for the column width (GNU stats them all before counting).
    let regularBytes = 0;
    let minimumWidth = 1;
    for (const name of operands) {
      const path = name === undefined || name === '-' ? undefined : ctx.fs.resolvePath(ctx.cwd, name);
      const stat = path === undefined ? undefined : fs.statIfExists(path);
      // The shell's own devices (/dev/null) are not in the overlay: not regular files either.
      if (path !== undefined && stat === undefined && !(await ctx.fs.exists(path))) continue;
      if (stat?.type === 'file') regularBytes += stat.size;
      else minimumWidth = 7;
    }
    const width = operands.length === 1 && columns.length === 1 ? 1 : Math.max(minimumWidth, String(regularBytes).length);
    const line = (counts: Counts, name: string | undefined) =>
      columns.map((c) => String(counts[c]).padStart(width)).join(' ') + (name === undefined ? '' : ` ${name}`) + '\n';

    const out = new OrderedOutput();
    const total: Counts = { lines: 0, words: 0, chars: 0, bytes: 0, 'max-line-length': 0 };
    let status = 0;
    // `wc -c` alone: GNU wc takes a regular file's size from fstat and reads nothing; stdin's
    // bytes are counted without decoding a character (a 100 MB pipe costs no pass over it).
    const bytesOnly = columns.length === 1 && columns[0] === 'bytes';
    for (const name of operands) {
      const path = name === undefined || name === '-' ? undefined : ctx.fs.resolvePath(ctx.cwd, name);
      const regular = bytesOnly && path !== undefined ? fs.statIfExists(path) : undefined;
      if (bytesOnly && (path === undefined || regular?.type === 'file')) {
        const size = regular?.size ?? latin1FromBytes(ctx.stdin).length;
        total.bytes += size;
        out.stdout(line({ lines: 0, words: 0, chars: 0, bytes: size, 'max-line-length': 0 }, name));
        continue;
      }
      const bytes = await readOperand(ctx, name, (message) => {
        out.stderr(message);
        status = 1;
      });
      if (bytes === undefined) continue;
      const counts = columns.every((c) => c === 'lines' || c === 'bytes') ? countLines(bytes) : count(bytes);
      for (const c of COLUMNS) total[c] = c === 'max-line-length' ? Math.max(total[c], counts[c]) : total[c] + counts[c];
      out.stdout(line(counts, name));
    }
    if (operands.length > 1) out.stdout(line(total, 'total'));
    return out.result(ctx, status);
  });
}

/** Characters that separate words: ASCII white space and the no-break spaces GNU wc also takes as such. */
function isSpace(c: number): boolean {
  return (c >= 9 && c <= 13) || c === 0x20 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x2060 || c === 0x3000 || c === 0x2007 || c === 0x85;
}

/** Only lines and bytes wanted (`wc -l`, `wc -c` of a big file): newlines are all it takes to count. */
function countLines(bytes: Uint8Array): Counts {
  let lines = 0;
  for (let at = bytes.indexOf(0x0a); at !== -1; at = bytes.indexOf(0x0a, at + 1)) lines++;
  return { lines, words: 0, chars: 0, bytes: bytes.length, 'max-line-length': 0 };
}

function count(bytes: Uint8Array): Counts {
  let lines = 0;
  let words = 0;
  let chars = 0;
  let longest = 0;
  let column = 0;
  let inWord = false;
  for (let i = 0; i < bytes.length; ) {
    const [c, length] = decodeUtf8(bytes, i);
    i += length;
    if (c < 0) continue; // an invalid byte: no character, no column
    chars++;
    if (c === 0x0a || c === 0x0d || c === 0x0c) {
      if (c === 0x0a) lines++;
      longest = Math.max(longest, column);
      column = 0;
      inWord = false;
    } else if (c === 0x09) {
      column += 8 - (column % 8);
      inWord = false;
    } else if (isSpace(c)) {
      if (c === 0x20 || c === 0xa0 || c > 0xff) column += c === 0x20 || c === 0xa0 ? 1 : columnWidth(c);
      inWord = false;
    } else {
      const width = columnWidth(c);
      column += width;
      if (width > 0 || isWideZero(c)) {
        if (!inWord) words++;
        inWord = true;
      }
    }
  }
  longest = Math.max(longest, column);
  return { lines, words, chars, bytes: bytes.length, 'max-line-length': longest };
}

/** Printable characters of no width (combining marks) still belong to a word. */
function isWideZero(c: number): boolean {
  return (c >= 0x300 && c <= 0x36f) || c === 0x200b;
}

/** wcwidth(3), coarsely: controls 0, combining marks 0, East Asian wide and fullwidth 2. */
function columnWidth(c: number): number {
  if (c < 0x20 || (c >= 0x7f && c < 0xa0) || isWideZero(c)) return 0;
  return isEastAsianWide(c) ? 2 : 1;
}

/** The code point at `i` and its length in bytes; -1 (length 1) for a byte that starts no valid sequence. */
function decodeUtf8(bytes: Uint8Array, i: number): [number, number] {
  const b0 = bytes[i]!;
  if (b0 < 0x80) return [b0, 1];
  const length = b0 >= 0xc2 && b0 <= 0xdf ? 2 : b0 >= 0xe0 && b0 <= 0xef ? 3 : b0 >= 0xf0 && b0 <= 0xf4 ? 4 : 0;
  if (length === 0 || i + length > bytes.length) return [-1, 1];
  let c = b0 & (0xff >> (length + 1));
  for (let k = 1; k < length; k++) {
    const b = bytes[i + k]!;
    if ((b & 0xc0) !== 0x80) return [-1, 1];
    c = (c << 6) | (b & 0x3f);
  }
  const overlong = (length === 3 && c < 0x800) || (length === 4 && (c < 0x10000 || c > 0x10ffff));
  if (overlong || (c >= 0xd800 && c <= 0xdfff)) return [-1, 1];
  return [c, length];
}
