/**
 * Expected output under a runnable block, compared doctest-style with what the terminal showed.
 *
 * A lesson must survive a catalog rebuild and a different clock, so the text may say what varies
 * instead of spelling it out:
 * - a line that is only `...` matches any number of lines (none too);
 * - `...` inside a line matches any text on that line;
 * - placeholders match one value: `<digest>` (64 hex digits, `sha256:` optional), `<id>` (a
 *   12-digit short ID), `<hex>`, `<n>` (a whole number), `<size>` (`21.3MB`, `4.0K`, `0B`,
 *   `1454592`), `<date>` (ISO, `ls -l`'s `Jan 10  2018`, or Docker's `2 years ago`), `<name>`
 *   (a container name such as `quirky_turing`);
 * - a run of two or more spaces matches any run of spaces (columns move when a value's width does);
 * - trailing spaces and trailing blank lines are ignored.
 * Anything else must be there as written.
 */

const PLACEHOLDERS: Readonly<Record<string, string>> = {
  digest: '(?:sha256:)?[0-9a-f]{64}',
  id: '[0-9a-f]{12}',
  hex: '[0-9a-f]+',
  n: '\\d+',
  size: '\\d+(?:\\.\\d+)?(?: ?(?:[kKMGTP]i?B|[KMGTP]|B))?',
  date: [
    '\\d{4}-\\d{2}-\\d{2}(?:[ T]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?: ?(?:Z|[+-]\\d{2}:?\\d{2}))?)?',
    '[A-Z][a-z]{2} [ \\d]\\d (?: \\d{4}|\\d{2}:\\d{2})',
    '(?:About (?:a|an) (?:minute|hour)|Less than a second|\\d+ (?:seconds?|minutes?|hours?|days?|weeks?|months?|years?)|(?:a|an) (?:second|minute|hour|day|week|month|year)) ago',
  ].join('|'),
  name: '[a-z]+_[a-z]+',
};

/** The placeholder names a lesson may use, for its documentation and the linter. */
export const PLACEHOLDER_NAMES: readonly string[] = Object.keys(PLACEHOLDERS);

const ANY_LINES = Symbol('any lines');
type Pattern = RegExp | typeof ANY_LINES;

export interface OutputMismatch {
  /** 1-based line of the expected text that did not match (past its end: more output came). */
  expectedLine: number;
  expected: string | undefined;
  /** 1-based line of the output where the difference is. */
  actualLine: number;
  actual: string | undefined;
}

/** Compare `actual` output with the `expected` text; undefined when they match. */
export function compareOutput(expected: string, actual: string): OutputMismatch | undefined {
  const expectedLines = significantLines(expected);
  const actualLines = significantLines(actual);
  const patterns = expectedLines.map(linePattern);
  // Backtracking over `...` lines, memoised: (pattern index, output line) pairs already failed.
  const failed = new Set<number>();
  let furthest = { pattern: 0, line: 0 };
  const width = actualLines.length + 1;
  const match = (p: number, a: number): boolean => {
    if (failed.has(p * width + a)) return false;
    if (p > furthest.pattern || (p === furthest.pattern && a > furthest.line)) furthest = { pattern: p, line: a };
    let ok: boolean;
    if (p === patterns.length) ok = a === actualLines.length;
    else {
      const pattern = patterns[p]!;
      if (pattern === ANY_LINES) {
        ok = false;
        for (let next = a; next <= actualLines.length && !ok; next++) ok = match(p + 1, next);
      } else ok = a < actualLines.length && pattern.test(actualLines[a]!) && match(p + 1, a + 1);
    }
    if (!ok) failed.add(p * width + a);
    return ok;
  };
  if (match(0, 0)) return undefined;
  // Report where the longest matching prefix stopped, skipping a `...` there to the line after it.
  let { pattern, line } = furthest;
  while (patterns[pattern] === ANY_LINES) pattern++;
  return {
    expectedLine: pattern + 1,
    expected: expectedLines[pattern],
    actualLine: line + 1,
    actual: actualLines[line],
  };
}

/** The lines that count: trailing spaces and trailing blank lines are not compared. */
function significantLines(text: string): string[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n').map((line) => line.replace(/[ \t]+$/, ''));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function linePattern(line: string): Pattern {
  if (line.trim() === '...') return ANY_LINES;
  let source = '';
  // Split into placeholders, `...`, runs of 2+ spaces, and literal text.
  const token = /<([a-z]+)>|\.\.\.| {2,}/g;
  let last = 0;
  for (let m = token.exec(line); m; m = token.exec(line)) {
    const placeholder = m[1] !== undefined ? PLACEHOLDERS[m[1]] : undefined;
    if (m[1] !== undefined && placeholder === undefined) continue; // `<foo>` that is not ours: literal
    source += escapeRegExp(line.slice(last, m.index));
    source += placeholder !== undefined ? `(?:${placeholder})` : m[0] === '...' ? '.*?' : ' +';
    last = m.index + m[0].length;
  }
  source += escapeRegExp(line.slice(last));
  return new RegExp(`^${source}$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
