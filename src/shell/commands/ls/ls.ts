/**
 * `ls`, as GNU coreutils 9.1 prints it. Into a pipe or a file: one name per line, names as they
 * are. On the terminal (isatty, see programs/terminal-output.ts): names in columns fitted to
 * the terminal's width (tabs every 8 columns, as GNU's `indent`), quoted the way a shell would
 * read them back (`'a b'`), unquoted names shifted one space when some are quoted. Owners come
 * from the filesystem's own /etc/passwd and /etc/group, times are UTC.
 *
 * Flags: -a -A -b -C -d -F -h -i -l -m -n -N -p -q -Q -r -R -S -t -T -w -x -1, --full-time,
 * --time-style (or TIME_STYLE), --quoting-style, --color[=WHEN] (accepted, no colours), and the
 * long spellings of these.
 * Sizes, block totals, link counts and inode numbers are ext4's as estimated in ../shared/ext4-estimates.ts.
 *
 * Long format (per block of names, columns padded to the widest value):
 *   [inode ]mode links owner group size time name[ -> target]
 * owner/group names are left-aligned, numbers right-aligned; devices show `major, minor` in the
 * size column; `total N` (1K blocks, or -h sizes) heads each directory.
 */
import { defineCommand, type Command, type ExecResult } from 'just-bash';
import type { FileStat } from '../../../engine/overlay/file-stat.ts';
import type { OverlayFs } from '../../../engine/overlay/overlay-fs.ts';
import { OrderedOutput, overlayOf, runsAsBusyboxApplet, stdoutIsTerminal, terminalColumns } from '../../command-context.ts';
import { busyboxLs } from './busybox-ls.ts';
import { joinPath, parentPath } from '../../../engine/overlay/path.ts';
import { Accounts } from '../shared/accounts.ts';
import { strerror } from '../shared/errno-text.ts';
import { apparentSize, blocks512, inodeNumber, fileModeString, linkCount } from '../shared/ext4-estimates.ts';
import { localeQuote, quote, quoteaf, shellEscape } from '../shared/gnu-quote.ts';
import { gnuHumanSize } from '../shared/human-size.ts';
import { fullTime, isRecent, lsTime } from '../shared/time-format.ts';
import { isUsageError, parseGnuOptions, usageError, type OptionSpec } from '../shared/getopt.ts';
import { strftime, UTC } from '../date/busybox-date.ts';
import { isEastAsianWide } from '../../text-width.ts';

const OPTIONS: OptionSpec[] = [
  { key: 'all', short: 'a', long: 'all' },
  { key: 'almost-all', short: 'A', long: 'almost-all' },
  { key: 'directory', short: 'd', long: 'directory' },
  { key: 'classify', short: 'F', long: 'classify' },
  { key: 'human', short: 'h', long: 'human-readable' },
  { key: 'inode', short: 'i', long: 'inode' },
  { key: 'long', short: 'l' },
  { key: 'numeric', short: 'n', long: 'numeric-uid-gid' },
  { key: 'slash', short: 'p' },
  { key: 'reverse', short: 'r', long: 'reverse' },
  { key: 'recursive', short: 'R', long: 'recursive' },
  { key: 'size-sort', short: 'S' },
  { key: 'time-sort', short: 't' },
  { key: 'one', short: '1' },
  { key: 'columns', short: 'C' },
  { key: 'across', short: 'x' },
  { key: 'commas', short: 'm' },
  { key: 'width', short: 'w', long: 'width', value: 'required' },
  { key: 'tabsize', short: 'T', long: 'tabsize', value: 'required' },
  { key: 'literal', short: 'N', long: 'literal' },
  { key: 'escape', short: 'b', long: 'escape' },
  { key: 'quote-name', short: 'Q', long: 'quote-name' },
  { key: 'hide-control-chars', short: 'q', long: 'hide-control-chars' },
  { key: 'show-control-chars', long: 'show-control-chars' },
  { key: 'quoting-style', long: 'quoting-style', value: 'required' },
  { key: 'full-time', long: 'full-time' },
  { key: 'time-style', long: 'time-style', value: 'required' },
  { key: 'color', long: 'color', value: 'optional' },
];

const QUOTING_STYLES = ['literal', 'shell', 'shell-always', 'shell-escape', 'shell-escape-always', 'c', 'escape'] as const;
type QuotingStyle = (typeof QUOTING_STYLES)[number];

interface Settings {
  all: boolean;
  almostAll: boolean;
  directory: boolean;
  indicator: 'none' | 'slash' | 'classify';
  human: boolean;
  inode: boolean;
  long: boolean;
  /** How names are laid out when not long: one per line, down columns (-C), across (-x), comma-separated (-m). */
  layout: 'one' | 'columns' | 'across' | 'commas';
  /** Line width for columns; 0 for none. */
  width: number;
  tabSize: number;
  quoting: QuotingStyle;
  /** Control characters shown as `?` (-q, the default on a terminal). */
  hideControl: boolean;
  numeric: boolean;
  /** strftime formats of the long format's times (old, recent); undefined for the C locale's. */
  timeFormats: { old: string; recent: string } | undefined;
  reverse: boolean;
  recursive: boolean;
  sort: 'name' | 'size' | 'time';
}

/** One name to print: `stat` is the lstat (or, for a followed operand, the stat). */
interface Listed {
  name: string;
  stat: FileStat;
  /** For a symlink: what it points to, when that exists. */
  target: FileStat | undefined;
}

export function lsCommand(deps: { now?: () => number } = {}): Command {
  return defineCommand('ls', async (args, ctx) => {
    if (runsAsBusyboxApplet(ctx)) return busyboxLs(args, ctx, deps.now?.() ?? Math.floor(Date.now() / 1000));
    const parsed = parseGnuOptions('ls', args, OPTIONS, 2);
    if (isUsageError(parsed)) return parsed;
    const onTerminal = stdoutIsTerminal(ctx);
    const settings = settingsFrom(parsed.options, onTerminal, onTerminal ? terminalColumns(ctx) : 80, ctx.env);
    if (typeof settings === 'string') return usageError('ls', settings, 2);
    if ('fatal' in settings) return { stdout: '', stderr: `ls: ${settings.fatal}\n`, exitCode: 2 };
    const overlay = overlayOf(ctx);
    const lister = new Lister(overlay, settings, await Accounts.load(overlay), deps.now?.() ?? Math.floor(Date.now() / 1000));
    const operands = parsed.operands.length > 0 ? parsed.operands : ['.'];
    return lister.run(operands, (p) => ctx.fs.resolvePath(ctx.cwd, p)).result(ctx, lister.status);
  });
}

/** The settings, or the message of an invalid option value. */
function settingsFrom(
  options: { key: string; value: string | undefined }[],
  onTerminal: boolean,
  terminalWidth: number,
  env: ReadonlyMap<string, string>,
): Settings | string | { fatal: string } {
  const keys = options.map((o) => o.key);
  const has = (key: string) => keys.includes(key);
  const last = (...candidates: string[]) => keys.filter((k) => candidates.includes(k)).pop();
  const valueOf = (key: string) => options.filter((o) => o.key === key).pop()?.value;
  const sortKey = last('size-sort', 'time-sort');
  const indicatorKey = last('classify', 'slash');
  // -l, -1, -C, -x, -m: the last one wins; -n and --full-time mean -l.
  const formatKey = last('long', 'numeric', 'full-time', 'one', 'columns', 'across', 'commas');
  const long = formatKey === 'long' || formatKey === 'numeric' || formatKey === 'full-time';
  const layout = formatKey === 'columns' || formatKey === 'across' || formatKey === 'commas' || formatKey === 'one' ? formatKey : onTerminal ? 'columns' : 'one';
  let width = terminalWidth;
  const widthText = valueOf('width');
  if (widthText !== undefined) {
    if (!/^\d+$/.test(widthText)) return `invalid line width: ${quote(widthText)}`;
    width = Number(widthText);
  }
  let tabSize = 8;
  const tabText = valueOf('tabsize');
  if (tabText !== undefined) {
    if (!/^\d+$/.test(tabText)) return `invalid tab size: ${quote(tabText)}`;
    tabSize = Number(tabText);
  }
  let quoting: QuotingStyle = onTerminal ? 'shell-escape' : 'literal';
  for (const option of options) {
    if (option.key === 'literal') quoting = 'literal';
    else if (option.key === 'escape') quoting = 'escape';
    else if (option.key === 'quote-name') quoting = 'c';
    else if (option.key === 'quoting-style') {
      const style = QUOTING_STYLES.find((name) => name === option.value);
      if (style === undefined) {
        return `invalid argument ${quote(option.value ?? '')} for '--quoting-style'\nValid arguments are:\n${QUOTING_STYLES.map((name) => `  - '${name}'\n`).join('')}`.trimEnd();
      }
      quoting = style;
    }
  }
  const controlKey = last('hide-control-chars', 'show-control-chars');
  // --full-time is --format=long --time-style=full-iso; the last of it and --time-style wins.
  const styleKey = last('full-time', 'time-style');
  const style = styleKey === 'full-time' ? 'full-iso' : styleKey === 'time-style' ? valueOf('time-style')! : env.get('TIME_STYLE');
  const timeFormats = long && style !== undefined ? timeStyleFormats(style, env) : undefined;
  if (typeof timeFormats === 'string' || (timeFormats !== undefined && 'fatal' in timeFormats)) return timeFormats;
  return {
    all: last('all', 'almost-all') === 'all',
    almostAll: last('all', 'almost-all') === 'almost-all',
    directory: has('directory'),
    indicator: indicatorKey === 'classify' ? 'classify' : indicatorKey === 'slash' ? 'slash' : 'none',
    human: has('human'),
    inode: has('inode'),
    long,
    layout,
    width,
    tabSize,
    quoting,
    hideControl: controlKey === undefined ? onTerminal : controlKey === 'hide-control-chars',
    numeric: has('numeric'),
    timeFormats,
    reverse: has('reverse'),
    recursive: has('recursive'),
    sort: sortKey === 'size-sort' ? 'size' : sortKey === 'time-sort' ? 'time' : 'name',
  };
}

const TIME_STYLES: Record<string, { old: string; recent: string } | undefined> = {
  'full-iso': { old: '%Y-%m-%d %H:%M:%S.%N %z', recent: '%Y-%m-%d %H:%M:%S.%N %z' },
  'long-iso': { old: '%Y-%m-%d %H:%M', recent: '%Y-%m-%d %H:%M' },
  iso: { old: '%Y-%m-%d ', recent: '%m-%d %H:%M' },
  locale: undefined,
};

/**
 * GNU ls 9.1's --time-style (decode_switches): `posix-STYLE` is STYLE outside the C/POSIX
 * locale and the locale's format in it; `+FORMAT` is a strftime format, or two separated by a
 * newline (old files', then recent ones'); a style name may be abbreviated (argmatch).
 */
function timeStyleFormats(given: string, env: ReadonlyMap<string, string>): { old: string; recent: string } | undefined | string | { fatal: string } {
  let style = given;
  while (style.startsWith('posix-')) {
    if (!hardLocale(env)) return undefined;
    style = style.slice('posix-'.length);
  }
  if (style.startsWith('+')) {
    const formats = style.slice(1).split('\n');
    if (formats.length > 2) return { fatal: `invalid time style format ${localeQuote(style.slice(1), env)}` };
    return { old: formats[0]!, recent: formats[1] ?? formats[0]! };
  }
  const names = Object.keys(TIME_STYLES);
  const matches = names.includes(style) ? [style] : names.filter((name) => name.startsWith(style));
  if (matches.length !== 1) {
    const valid = ['[posix-]full-iso', '[posix-]long-iso', '[posix-]iso', '[posix-]locale', "+FORMAT (e.g., +%H:%M) for a 'date'-style format"];
    return `${matches.length === 0 ? 'invalid' : 'ambiguous'} argument ${localeQuote(style, env)} for ${localeQuote('time style', env)}\nValid arguments are:\n${valid.map((v) => `  - ${v}`).join('\n')}`;
  }
  return TIME_STYLES[matches[0]!];
}

/** gnulib's hard_locale(LC_TIME): any locale but C and POSIX (C.UTF-8 included). */
function hardLocale(env: ReadonlyMap<string, string>): boolean {
  const name = env.get('LC_ALL') || env.get('LC_TIME') || env.get('LANG') || 'C';
  return name !== 'C' && name !== 'POSIX';
}


/** A time in one of the style's formats (gnulib's nstrftime: strftime plus %N, nanoseconds). */
function styledTime(seconds: number, now: number, formats: { old: string; recent: string }): string {
  const format = isRecent(seconds, now) ? formats.recent : formats.old;
  const whole = Math.floor(seconds);
  const nanos = String(Math.round((seconds - whole) * 1e9)).padStart(9, '0');
  // %N (or %3N: its first digits) first; `%%` stays for strftime.
  const withNanos = format.replace(/%(%|(\d*)N)/g, (all, _spec, width: string | undefined) =>
    all === '%%' ? all : nanos.slice(0, width ? Math.min(Number(width), 9) : 9).padEnd(width ? Number(width) : 9, '0'),
  );
  return strftime(withNanos, whole, UTC);
}

class Lister {
  private readonly output = new OrderedOutput();
  private listedAny = false;
  status = 0;

  constructor(
    private readonly overlay: OverlayFs,
    private readonly settings: Settings,
    private readonly accounts: Accounts,
    private readonly now: number,
  ) {}

  run(operands: string[], resolve: (path: string) => string): OrderedOutput {
    const files: Listed[] = [];
    const dirs: { name: string; path: string; stat: FileStat }[] = [];
    // Without -l, -d or -F, a symlink named on the command line that leads to a directory is followed.
    const followToDir = !this.settings.long && !this.settings.directory && this.settings.indicator !== 'classify';
    for (const operand of operands) {
      const path = resolve(operand);
      let stat: FileStat;
      try {
        stat = this.overlay.lstat(path);
      } catch (err) {
        this.fail(`cannot access ${quoteaf(operand)}: ${strerror(err)}`, 2);
        continue;
      }
      const target = this.targetOf(stat);
      if (stat.type === 'symlink' && followToDir && target?.type === 'directory') stat = target;
      if (stat.type === 'directory' && !this.settings.directory) dirs.push({ name: operand, path, stat });
      else files.push({ name: operand, stat, target });
    }
    const showHeaders = operands.length > 1 || this.settings.recursive;
    // GNU sizes the columns of the file operands' block over every operand, directories too.
    const operandStats = [...files, ...dirs.map((d) => ({ name: d.name, stat: d.stat, target: undefined }))];
    if (files.length > 0) this.print(this.block(this.sorted(files), false, operandStats));
    const order = this.sorted(dirs.map((d) => ({ name: d.name, stat: d.stat, target: undefined })));
    for (const { name, stat } of order) this.listDirectory(name, stat.path, showHeaders);
    return this.output;
  }

  private listDirectory(name: string, path: string, header: boolean): void {
    let children: FileStat[];
    try {
      // Each name's lstat in one pass over the directory (not a lookup from the root per name).
      children = this.overlay.lstatChildren(path);
    } catch (err) {
      this.fail(`cannot open directory ${quoteaf(name)}: ${strerror(err)}`, 2);
      return;
    }
    if (header) this.print(`${this.listedAny ? '\n' : ''}${name}:\n`);
    const entries: Listed[] = [];
    if (this.settings.all) {
      entries.push({ name: '.', stat: this.overlay.lstat(path), target: undefined });
      entries.push({ name: '..', stat: this.overlay.lstat(parentPath(path)), target: undefined });
    }
    for (const stat of children) {
      const child = stat.path.slice(stat.path.lastIndexOf('/') + 1);
      if (child.startsWith('.') && !this.settings.all && !this.settings.almostAll) continue;
      entries.push({ name: child, stat, target: this.targetOf(stat) });
    }
    const sorted = this.sorted(entries);
    this.print(this.block(sorted, true));
    if (!this.settings.recursive) return;
    for (const entry of sorted) {
      if (entry.stat.type !== 'directory' || entry.name === '.' || entry.name === '..') continue;
      this.listDirectory(name.endsWith('/') ? name + entry.name : `${name}/${entry.name}`, entry.stat.path, true);
    }
  }

  private targetOf(stat: FileStat): FileStat | undefined {
    if (stat.type !== 'symlink') return undefined;
    try {
      return this.overlay.stat(stat.path);
    } catch {
      return undefined;
    }
  }

  private sorted<T extends Listed>(entries: T[]): T[] {
    const byName = (a: Listed, b: Listed) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    const compare =
      this.settings.sort === 'time'
        ? (a: Listed, b: Listed) => b.stat.mtime - a.stat.mtime || byName(a, b)
        : this.settings.sort === 'size'
          ? (a: Listed, b: Listed) => apparentSize(b.stat) - apparentSize(a.stat) || byName(a, b)
          : byName;
    const sorted = [...entries].sort(compare);
    return this.settings.reverse ? sorted.reverse() : sorted;
  }

  /** The lines for one group of names (a directory's, or the file operands). */
  private block(entries: Listed[], isDirectory: boolean, sizedBy: Listed[] = entries): string {
    const { settings } = this;
    const inodes = settings.inode ? entries.map((e) => String(inodeNumber(this.overlay, e.stat))) : [];
    const inodeWidth = Math.max(0, ...inodes.map((s) => s.length));
    const inodePrefix = (i: number) => (settings.inode ? `${inodes[i]!.padStart(inodeWidth)} ` : '');
    const quoted = entries.map((e) => quoteName(e.name, settings));
    // GNU shifts unquoted names one column when others in the block start with a quote (ls.c, align_variable_outer_quotes).
    const aligns = settings.long || ((settings.layout === 'columns' || settings.layout === 'across') && settings.width !== 0);
    const shift = aligns && quoted.some((q) => /^['"]/.test(q) && (settings.quoting === 'shell' || settings.quoting === 'shell-escape'));
    const display = (i: number) => (shift && !/^['"]/.test(quoted[i]!) ? ' ' : '') + quoted[i]!;
    if (!settings.long) {
      const cells = entries.map((e, i) => `${inodePrefix(i)}${display(i)}${this.indicator(e.stat, true)}`);
      return layoutNames(cells, settings);
    }

    const rows = entries.map((e) => this.longFields(e));
    const sizing = sizedBy === entries ? rows : sizedBy.map((e) => this.longFields(e));
    const width = (pick: (r: LongFields) => string) => Math.max(0, ...sizing.map((r) => pick(r).length));
    const linkWidth = width((r) => r.links);
    const ownerWidth = width((r) => r.owner.text);
    const groupWidth = width((r) => r.group.text);
    const majorWidth = width((r) => r.device?.major ?? '');
    const minorWidth = width((r) => r.device?.minor ?? '');
    const sizeWidth = Math.max(width((r) => r.size), sizing.some((r) => r.device) ? majorWidth + 2 + minorWidth : 0);
    let text = '';
    if (isDirectory) {
      const blocks = entries.reduce((sum, e) => sum + blocks512(e.stat), 0);
      text += `total ${settings.human ? gnuHumanSize(blocks * 512) : Math.ceil(blocks / 2)}\n`;
    }
    rows.forEach((r, i) => {
      const size = r.device
        ? `${r.device.major.padStart(sizeWidth - 2 - minorWidth)}, ${r.device.minor.padStart(minorWidth)}`
        : r.size.padStart(sizeWidth);
      const name = shift && !/^['"]/.test(r.name) ? ` ${r.name}` : r.name;
      text += `${inodePrefix(i)}${r.mode} ${r.links.padStart(linkWidth)} ${pad(r.owner, ownerWidth)} ${pad(r.group, groupWidth)} ${size} ${r.time} ${name}\n`;
    });
    return text;
  }

  private longFields(entry: Listed): LongFields {
    const { stat } = entry;
    const { settings } = this;
    const owner = (id: number, name: string | undefined) =>
      settings.numeric || name === undefined ? { text: String(id), numeric: true } : { text: name, numeric: false };
    const isDevice = stat.type === 'chardev' || stat.type === 'blockdev';
    let name = quoteName(entry.name, settings);
    if (stat.type === 'symlink') {
      name += ` -> ${quoteName(stat.linkname, settings)}`;
      if (entry.target) name += this.indicator(entry.target, false);
    } else {
      name += this.indicator(stat, false);
    }
    return {
      mode: fileModeString(stat),
      links: String(linkCount(this.overlay, stat)),
      owner: owner(stat.uid, this.accounts.user(stat.uid)),
      group: owner(stat.gid, this.accounts.group(stat.gid)),
      size: settings.human ? gnuHumanSize(apparentSize(stat)) : String(apparentSize(stat)),
      device: isDevice ? { major: String(stat.devmajor), minor: String(stat.devminor) } : undefined,
      time: settings.timeFormats ? styledTime(stat.mtime, this.now, settings.timeFormats) : lsTime(stat.mtime, this.now),
      name,
    };
  }

  /** -F / -p suffix. A symlink's own `@` shows only outside long format, where its target is not shown. */
  private indicator(stat: FileStat, listedAlone: boolean): string {
    const style = this.settings.indicator;
    if (style === 'none') return '';
    if (stat.type === 'directory') return '/';
    if (style === 'slash') return '';
    switch (stat.type) {
      case 'symlink':
        return listedAlone ? '@' : '';
      case 'fifo':
        return '|';
      case 'file':
      case 'hardlink':
        return stat.mode & 0o111 ? '*' : '';
      default:
        return '';
    }
  }

  private print(text: string): void {
    this.output.stdout(text);
    if (text !== '') this.listedAny = true;
  }

  private fail(message: string, status: number): void {
    this.output.stderr(`ls: ${message}\n`);
    this.status = Math.max(this.status, status);
  }
}

interface LongFields {
  mode: string;
  links: string;
  owner: { text: string; numeric: boolean };
  group: { text: string; numeric: boolean };
  size: string;
  device: { major: string; minor: string } | undefined;
  time: string;
  name: string;
}

// ---- names on the line -----------------------------------------------------------------------

const CONTROL = /[\x00-\x1f\x7f]/g;
const C_ESCAPES: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v' };

/** A name as ls shows it in the given quoting style (gnulib quotearg.c). */
export function quoteName(name: string, settings: Pick<Settings, 'quoting' | 'hideControl'>): string {
  if (settings.quoting === 'literal' && !settings.hideControl) return name;
  const hide = (text: string) => (settings.hideControl ? text.replace(CONTROL, '?') : text);
  switch (settings.quoting) {
    case 'literal':
      return hide(name);
    case 'shell-escape':
    case 'shell-escape-always':
      return shellEscape(name, settings.quoting === 'shell-escape-always');
    case 'shell':
    case 'shell-always': {
      // Like shell-escape, but control characters stay inside the quotes as they are (or `?`).
      const controls: string[] = [];
      const masked = name.replace(CONTROL, (c) => (controls.push(c), '\u{F8FF}'));
      const quoted = shellEscape(masked, settings.quoting === 'shell-always' || controls.length > 0);
      return hide(quoted.replace(/\u{F8FF}/gu, () => controls.shift()!));
    }
    case 'c':
      return `"${cEscape(name).replace(/"/g, '\\"')}"`;
    case 'escape':
      return cEscape(name).replace(/ /g, '\\ ');
  }
}

function cEscape(name: string): string {
  return name.replace(/\\/g, '\\\\').replace(CONTROL, (c) => C_ESCAPES[c] ?? `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);
}

const MIN_COLUMN_WIDTH = 3;

/** Names (with their inode and indicator) laid out as GNU ls lays them out (ls.c: calculate_columns, print_many_per_line, print_horizontal, print_with_separator). */
function layoutNames(cells: string[], settings: Pick<Settings, 'layout' | 'width' | 'tabSize'>): string {
  if (cells.length === 0) return '';
  if (settings.layout === 'one') return cells.map((c) => `${c}\n`).join('');
  const widths = cells.map(displayWidth);
  const { width: lineLength, tabSize } = settings;
  if (settings.layout === 'commas' || lineLength === 0) {
    const separator = settings.layout === 'commas' ? ',' : ' ';
    let out = '';
    let pos = 0;
    cells.forEach((cell, i) => {
      if (i > 0) {
        if (lineLength === 0 || pos + widths[i]! + 2 < lineLength) {
          out += `${separator} `;
          pos += 2;
        } else {
          out += `${separator}\n`;
          pos = 0;
        }
      }
      out += cell;
      pos += widths[i]!;
    });
    return `${out}\n`;
  }
  const byColumns = settings.layout === 'columns';
  const n = cells.length;
  const maxIdx = Math.floor(lineLength / MIN_COLUMN_WIDTH) + (lineLength % MIN_COLUMN_WIDTH !== 0 ? 1 : 0);
  const maxCols = maxIdx > 0 && maxIdx < n ? maxIdx : n;
  const columnInfo = Array.from({ length: maxCols }, (_, i) => ({
    valid: true,
    lineLen: (i + 1) * MIN_COLUMN_WIDTH,
    colArr: new Array<number>(i + 1).fill(MIN_COLUMN_WIDTH),
  }));
  for (let file = 0; file < n; file++) {
    for (let i = 0; i < maxCols; i++) {
      const info = columnInfo[i]!;
      if (!info.valid) continue;
      const idx = byColumns ? Math.floor(file / Math.floor((n + i) / (i + 1))) : file % (i + 1);
      const realLength = widths[file]! + (idx === i ? 0 : 2);
      if (info.colArr[idx]! < realLength) {
        info.lineLen += realLength - info.colArr[idx]!;
        info.colArr[idx] = realLength;
        info.valid = info.lineLen < lineLength;
      }
    }
  }
  let cols = maxCols;
  while (cols > 1 && !columnInfo[cols - 1]!.valid) cols--;
  const colArr = columnInfo[cols - 1]!.colArr;
  const indent = (from: number, to: number): string => {
    let text = '';
    while (from < to) {
      if (tabSize !== 0 && Math.floor(to / tabSize) > Math.floor((from + 1) / tabSize)) {
        text += '\t';
        from += tabSize - (from % tabSize);
      } else {
        text += ' ';
        from++;
      }
    }
    return text;
  };
  let out = '';
  if (byColumns) {
    const rows = Math.ceil(n / cols);
    for (let row = 0; row < rows; row++) {
      let pos = 0;
      for (let col = 0, file = row; ; col++) {
        out += cells[file]!;
        const next = file + rows;
        if (next >= n) break;
        out += indent(pos + widths[file]!, pos + colArr[col]!);
        pos += colArr[col]!;
        file = next;
      }
      out += '\n';
    }
    return out;
  }
  let pos = 0;
  out += cells[0]!;
  for (let file = 1; file < n; file++) {
    const col = file % cols;
    if (col === 0) {
      out += '\n';
      pos = 0;
    } else {
      out += indent(pos + widths[file - 1]!, pos + colArr[col - 1]!);
      pos += colArr[col - 1]!;
    }
    out += cells[file]!;
  }
  return `${out}\n`;
}

/** Columns a name takes on the terminal: one per character, none for a control character, two for a wide (CJK) one. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x20 || code === 0x7f) continue;
    width += isEastAsianWide(code) ? 2 : 1;
  }
  return width;
}

/** Names are padded on the right, numeric ids on the left, as GNU ls aligns them. */
function pad(field: { text: string; numeric: boolean }, width: number): string {
  return field.numeric ? field.text.padStart(width) : field.text.padEnd(width);
}

