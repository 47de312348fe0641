/**
 * `wc` as BusyBox 1.35's applet prints it (coreutils/wc.c): counts in the order lines, words,
 * characters, bytes, longest line (-l -w -m -c -L; default -lwc), each `%9u` after the first's
 * space-less one (`        2         3         6 file`), or bare when one count of one operand is
 * asked for; a `total` line for several operands.
 *
 * It reads bytes: a printable ASCII character takes a column and continues a word, a space
 * takes a column and ends one, tab/newline/VT/FF/CR end one (a tab to the next multiple of 8;
 * newline, FF and CR end the line), and any other byte (a control, the bytes of a UTF-8
 * character) is passed over; -m counts every byte that does not continue a UTF-8 sequence in
 * a UTF-8 locale (the first of LC_ALL, LC_CTYPE, LANG that is set, even empty, naming one),
 * every byte in any other.
 */
import type { CommandContext, ExecResult } from 'just-bash';
import { OrderedOutput } from '../../command-context.ts';
import { withBusyboxBanner } from '../busybox/banner.ts';
import { DEBIAN_BUSYBOX_VERSION } from '../busybox/debian-applets.ts';
import { readOperand } from './read-operand.ts';

const USAGE = `BusyBox ${DEBIAN_BUSYBOX_VERSION} multi-call binary.

Usage: wc [-cmlwL] [FILE]...

Count lines, words, and bytes for FILEs (or stdin)

\t-c\tCount bytes
\t-m\tCount characters
\t-l\tCount newlines
\t-w\tCount words
\t-L\tPrint longest line length
`;

/** The counts in the order they are printed, with the option letter of each. */
const COLUMNS = [
  ['l', 'lines'],
  ['w', 'words'],
  ['m', 'chars'],
  ['c', 'bytes'],
  ['L', 'longest'],
] as const;
type Counts = Record<(typeof COLUMNS)[number][1], number>;

export async function busyboxWc(args: readonly string[], ctx: CommandContext): Promise<ExecResult> {
  const letters = new Set<string>();
  const operands: string[] = [];
  let optionsEnded = false;
  for (const arg of args) {
    if (optionsEnded || !arg.startsWith('-') || arg === '-') operands.push(arg);
    else if (arg === '--') optionsEnded = true;
    else
      for (const letter of arg.slice(1)) {
        if (!'cmlwL'.includes(letter)) return { stdout: '', stderr: `wc: invalid option -- '${letter}'\n${withBusyboxBanner(USAGE, ctx)}`, exitCode: 1 };
        letters.add(letter);
      }
  }
  const columns = COLUMNS.filter(([letter]) => (letters.size === 0 ? 'lwc'.includes(letter) : letters.has(letter))).map(([, name]) => name);
  const padded = !(columns.length === 1 && operands.length <= 1);
  const line = (counts: Counts, name: string | undefined) =>
    columns.map((c, i) => (padded ? String(counts[c]).padStart(i === 0 ? 9 : 10) : String(counts[c]))).join('') + (name === undefined ? '' : ` ${name}`) + '\n';

  const locale = [ctx.env.get('LC_ALL'), ctx.env.get('LC_CTYPE'), ctx.env.get('LANG')].find((v) => v !== undefined) ?? '';
  const unicode = /\.utf/i.test(locale);
  const out = new OrderedOutput();
  const total: Counts = { lines: 0, words: 0, chars: 0, bytes: 0, longest: 0 };
  let status = 0;
  for (const name of operands.length > 0 ? operands : [undefined]) {
    const bytes = await readOperand(ctx, name, (message) => {
      out.stderr(message);
      status = 1;
    });
    if (bytes === undefined) continue;
    const counts = count(bytes, unicode);
    for (const [, c] of COLUMNS) total[c] = c === 'longest' ? Math.max(total[c], counts[c]) : total[c] + counts[c];
    out.stdout(line(counts, name));
  }
  if (operands.length > 1) out.stdout(line(total, 'total'));
  return out.result(ctx, status);
}

function count(bytes: Uint8Array, unicode: boolean): Counts {
  const counts: Counts = { lines: 0, words: 0, chars: 0, bytes: bytes.length, longest: 0 };
  let column = 0;
  let inWord = false;
  const endLine = () => (counts.longest = Math.max(counts.longest, column));
  for (const c of bytes) {
    if (!unicode || (c & 0xc0) !== 0x80) counts.chars++;
    if (c >= 0x20 && c <= 0x7e) {
      column++;
      if (c !== 0x20) {
        inWord = true;
        continue;
      }
    } else if (c >= 9 && c <= 13) {
      if (c === 9) column = (column | 7) + 1;
      else {
        endLine();
        if (c === 10) counts.lines++;
        if (c !== 11) column = 0;
      }
    } else continue;
    if (inWord) counts.words++;
    inWord = false;
  }
  endLine();
  if (inWord) counts.words++;
  return counts;
}
