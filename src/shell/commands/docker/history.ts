/**
 * `docker history IMAGE` / `docker image history IMAGE`: moby's image history (one row per
 * config history entry, newest first; the newest row names the image, the rows below name its
 * parents while the daemon knows them, else `<missing>`) printed by docker/cli's history
 * formatter: a Go template per row, and for `table` formats a tabwriter (min width 10, padding 3).
 */
import { truncateId } from '../../../engine/docker/short-id.ts';
import type { StoredImage } from '../../../engine/docker/types.ts';
import { humanDuration, humanSizeWithPrecision } from '../../../engine/docker/units.ts';
import { goJson, goString, goValue, isTemplateError, mapOf, parseTemplate, type GoTemplate, type GoType } from './go-template.ts';
import { flagBool, flagString, LIST_FORMAT_FLAG, parseDockerFlags, type CommandSpec, type FlagSpec } from './cli.ts';
import type { CommandOutput, ImageLookup } from './inspect.ts';
import { isEastAsianWide } from '../../text-width.ts';

/** moby's image.HistoryResponseItem. */
export interface HistoryRow {
  readonly id: string;
  /** Unix seconds (0 when the entry has no date). */
  readonly created: number;
  readonly createdBy: string;
  readonly size: number;
  readonly comment: string;
}

/** The rows the daemon returns for an image, newest first. */
export function imageHistory(stored: StoredImage, lookup: ImageLookup): HistoryRow[] {
  const { configFile } = stored.image;
  const rows: HistoryRow[] = [];
  let layer = 0;
  for (const entry of configFile.history ?? []) {
    let size = 0;
    if (!entry.empty_layer) size = stored.layerSizes[layer++] ?? 0;
    const created = entry.created ? Math.floor(Date.parse(entry.created) / 1000) : 0;
    rows.unshift({
      id: '<missing>',
      created: Number.isNaN(created) ? 0 : created,
      createdBy: entry.created_by ?? '',
      size,
      comment: entry.comment ?? '',
    });
  }
  // The newest row carries the image ID, the next its parent's, and so on while parents are known.
  let image: StoredImage | undefined = stored;
  const seen = new Set<string>();
  for (let i = 0; i < rows.length && image && !seen.has(image.id); i++) {
    seen.add(image.id);
    rows[i] = { ...rows[i]!, id: image.id };
    image = image.parent ? lookup(image.parent) : undefined;
  }
  return rows;
}

const DEFAULT_TABLE = 'table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}';
const NON_HUMAN_TABLE = 'table {{.ID}}\t{{.CreatedAt}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}';
const HEADERS: Record<string, string> = {
  ID: 'IMAGE',
  CreatedSince: 'CREATED',
  CreatedAt: 'CREATED AT',
  CreatedBy: 'CREATED BY',
  Size: 'SIZE',
  Comment: 'COMMENT',
};
/** The formatter's context; its methods are what `{{.Field}}` may name. */
const HISTORY_CONTEXT: GoType = {
  kind: 'struct',
  name: '*formatter.historyContext',
  fields: Object.keys(HEADERS).map((name) => ({ name, type: goString })),
  marshalJSON: (fields) => historyRowJson(fields as Record<string, string>),
};
/** Before 2000 a date is not shown as "N years ago" (reproducible builds date images 1970). */
const EPOCH_SECONDS = Date.UTC(2000, 0, 1) / 1000;

/** The flags as `docker history --help` lists them (API 1.47: no --platform yet). */
const HISTORY_FLAGS: FlagSpec[] = [
  LIST_FORMAT_FLAG,
  { long: 'human', short: 'H', kind: 'bool', help: 'Print sizes and dates in human readable format', default: 'true' },
  { long: 'no-trunc', kind: 'bool', help: "Don't truncate output" },
  { long: 'platform', kind: 'string', help: 'Show history for the given platform', hidden: true },
  { long: 'quiet', short: 'q', kind: 'bool', help: 'Only show image IDs' },
];

/** `docker history` or `docker image history`, as errors and `--help` name it. */
function historySpec(command: string): CommandSpec {
  return {
    path: command,
    use: `${command.slice('docker '.length)} [OPTIONS] IMAGE`,
    short: 'Show the history of an image',
    aliases: 'docker image history, docker history',
    flags: HISTORY_FLAGS,
    args: { min: 1, max: 1 },
  };
}

/** `docker history [OPTIONS] IMAGE` (args after `history`); `now` is the clock in ms; `tableMinWidth` 20 before Docker 20.10. */
export function dockerHistory(args: readonly string[], lookup: ImageLookup, now: number, command = 'docker history', tableMinWidth = 10): CommandOutput {
  const opts = parseHistoryFlags(args, command);
  if ('exitCode' in opts) return opts;
  const stored = lookup(opts.image);
  if (!stored) return { stdout: '', stderr: `Error response from daemon: No such image: ${normalizedName(opts.image)}\n`, exitCode: 1 };

  let format = opts.format === '' ? 'table' : opts.format;
  if (format === 'table') format = opts.quiet ? '{{.ID}}' : opts.human ? DEFAULT_TABLE : NON_HUMAN_TABLE;
  const isTable = format.startsWith('table');
  let body = isTable ? format.slice('table'.length) : format === 'json' ? '{{json .}}' : format;
  body = body.replace(/^ +| +$/g, '').replace(/\\t/g, '\t').replace(/\\n/g, '\n');

  let template: GoTemplate;
  try {
    template = parseTemplate(body);
  } catch (err) {
    if (!isTemplateError(err)) throw err;
    return { stdout: '', stderr: `template parsing error: ${err.message}\n`, exitCode: 1 };
  }
  let out = '';
  try {
    for (const row of imageHistory(stored, lookup)) {
      const fields = historyFields(row, { trunc: !opts.noTrunc, human: opts.human, now });
      out += template.execute(goValue(HISTORY_CONTEXT, fields)) + '\n';
    }
    if (isTable) {
      const header = template.execute(goValue(mapOf(goString), HEADERS), { headerFunctions: true });
      out = tabwrite(header + '\n' + out, tableMinWidth, 3);
    }
  } catch (err) {
    if (!isTemplateError(err)) throw err;
    return { stdout: '', stderr: `template parsing error: ${err.message}\n`, exitCode: 1 };
  }
  return { stdout: out, stderr: '', exitCode: 0 };
}

/** The values of the formatter's historyContext methods for one row. */
export function historyFields(row: HistoryRow, opts: { trunc: boolean; human: boolean; now: number }): Record<string, string> {
  const createdAt = new Date(row.created * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  const createdBy = row.createdBy.replace(/\t/g, ' ');
  return {
    Comment: row.comment,
    CreatedAt: createdAt,
    CreatedBy: opts.trunc ? ellipsis(createdBy, 45) : createdBy,
    CreatedSince: !opts.human ? createdAt : row.created <= EPOCH_SECONDS ? '' : humanDuration(opts.now - row.created * 1000) + ' ago',
    ID: opts.trunc ? truncateId(row.id) : row.id,
    Size: opts.human ? humanSizeWithPrecision(row.size, 3) : String(row.size),
  };
}


/** formatter.Ellipsis: fit `s` in `max` display columns, ending in "…" when cut. */
export function ellipsis(s: string, max: number): string {
  if (max <= 0) return '';
  const runes = [...s];
  if (max === 1) return runes[0] ?? '';
  let width = 0;
  const widths = runes.map((r) => (width += runeWidth(r)));
  if (width <= max) return s;
  let keep = 0;
  while (keep < runes.length && widths[keep]! <= max - 1) keep++;
  return runes.slice(0, keep).join('') + '…';
}

/** go-runewidth's width, coarsely: East Asian wide and fullwidth characters take two columns. */
function runeWidth(r: string): number {
  const c = r.codePointAt(0)!;
  if (c === 0 || c < 0x20 || (c >= 0x7f && c < 0xa0) || (c >= 0x300 && c <= 0x36f) || c === 0x200b) return 0;
  return isEastAsianWide(c) ? 2 : 1;
}

/**
 * Go's text/tabwriter (flags 0, pad ' '): a tab ends a cell; each column block is as wide as its
 * widest cell (in runes) plus `padding`, and at least `minWidth`. Text after a line's last tab
 * is not a cell and is never padded.
 */
export function tabwrite(text: string, minWidth: number, padding: number): string {
  const lines = text.split('\n').map((line) => line.split('\t'));
  const widths: number[][] = lines.map(() => []);
  const runeCount = (s: string) => [...s].length;
  const format = (line0: number, line1: number, column: number): void => {
    for (let i = line0; i < line1; i++) {
      if (column >= lines[i]!.length - 1) continue;
      let width = minWidth;
      let j = i;
      for (; j < line1 && column < lines[j]!.length - 1; j++) width = Math.max(width, runeCount(lines[j]![column]!) + padding);
      for (let k = i; k < j; k++) widths[k]![column] = width;
      format(i, j, column + 1);
      i = j - 1;
    }
  };
  format(0, lines.length, 0);
  return lines
    .map((cells, i) => cells.map((cell, c) => (c < cells.length - 1 ? cell + ' '.repeat(widths[i]![c]! - runeCount(cell)) : cell)).join(''))
    .join('\n');
}

/** How the daemon names a reference it cannot find: a familiar name gets ":latest". */
function normalizedName(ref: string): string {
  if (/^(sha256:)?[0-9a-f]{12,64}$/.test(ref) || ref.includes('@')) return ref;
  const lastSlash = ref.lastIndexOf('/');
  return ref.slice(lastSlash + 1).includes(':') ? ref : `${ref}:latest`;
}

interface HistoryOptions {
  readonly image: string;
  readonly human: boolean;
  readonly quiet: boolean;
  readonly noTrunc: boolean;
  readonly format: string;
}

function parseHistoryFlags(args: readonly string[], command: string): HistoryOptions | CommandOutput {
  const parsed = parseDockerFlags(historySpec(command), args);
  if ('exitCode' in parsed) return parsed;
  return {
    image: parsed.positional[0]!,
    // --human defaults to true: only an explicit false turns it off.
    human: flagString(parsed, 'human') !== 'false',
    quiet: flagBool(parsed, 'quiet'),
    noTrunc: flagBool(parsed, 'no-trunc'),
    format: flagString(parsed, 'format') ?? '',
  };
}

/** The JSON `{{json .}}` prints for a row: the context's methods, keys sorted, HTML escaped. */
export function historyRowJson(fields: Record<string, string>): string {
  return goJson(Object.fromEntries(Object.keys(fields).sort().map((k) => [k, fields[k]!])), true);
}
