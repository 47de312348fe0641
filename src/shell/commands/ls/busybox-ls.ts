/**
 * `ls` as a BusyBox applet prints it (coreutils/ls.c of BusyBox 1.35, checked against Debian's
 * busybox-static 1.35.0). Unlike GNU's, nothing is sized to the widest value: fixed printf
 * widths throughout,
 *   [%7u inode ][%6u 1K-blocks ]%-10s mode %4u links %-8.8s owner %-8.8s group %9u size time name
 * (devices `%4u, %3u`, -h sizes `%7s`), times `Jan  2 03:04` or `Jan  2  2024` (recent means
 * younger than 365/2 days), `--full-time` as `2024-01-02 03:04:05 +0000`; `total` is
 * (1 + sum of 512-byte blocks) / 2. Control characters in names are always `?`, nothing is
 * quoted; on a terminal the columns are all as wide as the longest name plus 2, filled down
 * (-C) or across (-x), in a width one less than the terminal's. Errors: `ls: NAME: strerror`,
 * status 1. `-e` (full time in 1.27, alpine 3.7) is not an option of 1.35. No colours
 * (Debian's build has them off; alpine's and busybox:latest's colour a terminal by default).
 */
import type { CommandContext, ExecResult } from 'just-bash';
import type { FileStat } from '../../../engine/overlay/file-stat.ts';
import type { OverlayFs } from '../../../engine/overlay/overlay-fs.ts';
import { parentPath } from '../../../engine/overlay/path.ts';
import { OrderedOutput, overlayOf, stdoutIsTerminal, terminalColumns } from '../../command-context.ts';
import { DEBIAN_BUSYBOX_VERSION } from '../busybox/debian-applets.ts';
import { Accounts } from '../shared/accounts.ts';
import { strerror } from '../shared/errno-text.ts';
import { apparentSize, blocks512, inodeNumber, fileModeString, linkCount } from '../shared/ext4-estimates.ts';
import { matchLongOption } from '../shared/getopt.ts';
import { busyboxHumanSize } from '../shared/human-size.ts';
import { utcParts } from '../shared/time-format.ts';

const USAGE = `BusyBox ${DEBIAN_BUSYBOX_VERSION} multi-call binary.

Usage: ls [-1AaCxdLHRFplinshrSXvctu] [-w WIDTH] [FILE]...

List directory contents

\t-1\tOne column output
\t-a\tInclude names starting with .
\t-A\tLike -a, but exclude . and ..
\t-x\tList by lines
\t-d\tList directory names, not contents
\t-L\tFollow symlinks
\t-H\tFollow symlinks on command line
\t-R\tRecurse
\t-p\tAppend / to directory names
\t-F\tAppend indicator (one of */=@|) to names
\t-l\tLong format
\t-i\tList inode numbers
\t-n\tList numeric UIDs and GIDs instead of names
\t-s\tList allocated blocks
\t-lc\tList ctime
\t-lu\tList atime
\t--full-time\tList full date/time
\t-h\tHuman readable sizes (1K 243M 2G)
\t--group-directories-first
\t-S\tSort by size
\t-X\tSort by extension
\t-v\tSort by version
\t-t\tSort by mtime
\t-tc\tSort by ctime
\t-tu\tSort by atime
\t-r\tReverse sort order
\t-w N\tFormat N columns wide
\t--color[={always,never,auto}]
`;

/** Short options of Debian's 1.35 build; `T` and `w` take a value. */
const SHORT = new Set('CadilkgnsxAQctuSXrvFpLHRh1'.split(''));
const LONG = ['full-time', 'group-directories-first', 'color'];

/** Option pairs where the later one cancels the earlier (ls.c's getopt32 complementary list). */
const CANCELS: Record<string, string> = { t: 'S', S: 't', H: 'L', L: 'H', C: 'xl1', x: 'Cl1', l: 'xC', '1': 'Cx', c: 'u', u: 'c' };

interface Options {
  flags: Set<string>;
  width: number | undefined;
}

/** Half a year as ls.c counts it for "recent" times. */
const HALF_YEAR = (3600 * 24 * 365) / 2;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

interface Node {
  /** The name shown (the operand as typed, or the directory entry's name). */
  name: string;
  /** The path as busybox builds it (`dir/sub`), shown in `-R` headers. */
  fullname: string;
  stat: FileStat;
}

export async function busyboxLs(args: string[], ctx: CommandContext, now: number): Promise<ExecResult> {
  const parsed = parseOptions(args);
  if ('exitCode' in parsed) return parsed;
  const { flags } = parsed.options;
  const onTerminal = stdoutIsTerminal(ctx);
  if (flags.has('d')) flags.delete('R');
  // Without -l, -c and -u sort by that time (there is only one time here: the mtime).
  if (!flags.has('l') && (flags.has('c') || flags.has('u'))) flags.add('t');
  if (!['l', '1', 'x', 'C'].some((f) => flags.has(f))) flags.add(onTerminal ? 'C' : '1');
  const overlay = overlayOf(ctx);
  const lister = new BusyboxLister(overlay, flags, parsed.options.width ?? terminalColumns(ctx) - 1, await Accounts.load(overlay), now);
  const operands = parsed.operands.length > 0 ? parsed.operands : ['.'];
  return lister.run(operands, (p) => ctx.fs.resolvePath(ctx.cwd, p)).result(ctx, lister.status);
}

function parseOptions(args: string[]): { options: Options; operands: string[] } | ExecResult {
  const flags = new Set<string>();
  let width: number | undefined;
  const operands: string[] = [];
  const set = (flag: string) => {
    for (const cancelled of CANCELS[flag] ?? '') flags.delete(cancelled);
    flags.add(flag);
    // -n and -g imply -l; --full-time too.
    if (flag === 'n' || flag === 'g' || flag === 'full-time') set('l');
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const [name = '', value] = arg.slice(2).split(/=(.*)/s);
      const match = matchLongOption(name, LONG);
      if (!('long' in match)) return usageError('ambiguous' in match ? `option '${arg}' is ambiguous` : `unrecognized option '${arg}'`);
      const long = match.long;
      if (value !== undefined && long !== 'color') return usageError(`option '--${long}' doesn't allow an argument`);
      set(long);
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') {
      operands.push(arg);
      continue;
    }
    for (let j = 1; j < arg.length; j++) {
      const flag = arg[j]!;
      if (flag === 'w' || flag === 'T') {
        const value = j + 1 < arg.length ? arg.slice(j + 1) : args[++i];
        if (value === undefined) return usageError(`option requires an argument -- '${flag}'`);
        if (flag === 'w') {
          if (!/^\d+$/.test(value)) return { stdout: '', stderr: `ls: invalid number '${value}'\n`, exitCode: 1 };
          width = Number(value);
        }
        break;
      }
      if (!SHORT.has(flag)) return usageError(`invalid option -- '${flag}'`);
      set(flag);
    }
  }
  return { options: { flags, width }, operands };
}

function usageError(problem: string): ExecResult {
  return { stdout: '', stderr: `ls: ${problem}\n${USAGE}`, exitCode: 1 };
}

class BusyboxLister {
  private readonly output = new OrderedOutput();
  status = 0;
  /** Whether a flag was given (made once: it runs for every name listed). */
  private readonly has = (flag: string): boolean => this.flags.has(flag);

  constructor(
    private readonly overlay: OverlayFs,
    private readonly flags: ReadonlySet<string>,
    private readonly width: number,
    private readonly accounts: Accounts,
    private readonly now: number,
  ) {}

  run(operands: string[], resolve: (path: string) => string): OrderedOutput {
    const { has } = this;
    // Links named on the command line are followed unless -l, -s or -F (or always with -H, -L).
    const follow = !(has('l') || has('s') || has('F')) || has('H') || has('L');
    const nodes: Node[] = [];
    for (const operand of operands) {
      const stat = this.statOf(resolve(operand), operand, follow);
      if (stat) nodes.push({ name: operand, fullname: operand, stat });
    }
    if (nodes.length === 0) return this.output;
    if (has('d')) {
      this.display(this.sorted(nodes));
      return this.output;
    }
    const files = nodes.filter((n) => n.stat.type !== 'directory');
    const dirs = nodes.filter((n) => n.stat.type === 'directory');
    if (files.length > 0) this.display(this.sorted(files));
    this.listDirectories(this.sorted(dirs), files.length === 0, operands.length > 1);
    return this.output;
  }

  /** lstat (or stat, following links), or the error printed as busybox prints it. */
  private statOf(path: string, shown: string, follow: boolean): FileStat | undefined {
    try {
      return follow ? this.overlay.stat(path) : this.overlay.lstat(path);
    } catch (err) {
      this.output.stderr(`ls: ${shown}: ${strerror(err)}\n`);
      this.status = 1;
      return undefined;
    }
  }

  private listDirectories(dirs: Node[], first: boolean, showName: boolean): void {
    for (const dir of dirs) {
      if (showName || this.flags.has('R')) {
        this.output.stdout(`${first ? '' : '\n'}${dir.fullname}:\n`);
        first = false;
      }
      const children = this.read(dir);
      if (this.flags.has('l') || this.flags.has('s')) this.output.stdout(`total ${this.total(children)}\n`);
      if (children.length === 0) continue;
      const sorted = this.sorted(children);
      this.display(sorted);
      if (!this.flags.has('R')) continue;
      const subdirs = sorted.filter((n) => n.stat.type === 'directory' && n.name !== '.' && n.name !== '..');
      this.listDirectories(subdirs, false, showName);
    }
  }

  private read(dir: Node): Node[] {
    let stats: FileStat[];
    try {
      stats = this.overlay.lstatChildren(dir.stat.path);
    } catch (err) {
      this.output.stderr(`ls: can't open '${dir.fullname}': ${strerror(err)}\n`);
      this.status = 1;
      return [];
    }
    const all = this.flags.has('a');
    const hidden = all || this.flags.has('A');
    const join = (name: string) => (dir.fullname.endsWith('/') ? dir.fullname + name : `${dir.fullname}/${name}`);
    const nodes: Node[] = [];
    if (all) {
      nodes.push({ name: '.', fullname: join('.'), stat: this.overlay.lstat(dir.stat.path) });
      nodes.push({ name: '..', fullname: join('..'), stat: this.overlay.lstat(parentPath(dir.stat.path)) });
    }
    for (const stat of stats) {
      const name = stat.path.slice(stat.path.lastIndexOf('/') + 1);
      if (name.startsWith('.') && !hidden) continue;
      const followed = this.flags.has('L') ? this.statOf(stat.path, join(name), true) : stat;
      if (followed) nodes.push({ name, fullname: join(name), stat: followed });
    }
    return nodes;
  }

  private total(nodes: Node[]): string {
    const kib = Math.floor((1 + nodes.reduce((sum, n) => sum + blocks512(n.stat), 0)) / 2);
    return this.flags.has('h') ? busyboxHumanSize(kib * 1024, 0).padEnd(7) : String(kib);
  }

  private sorted(nodes: Node[]): Node[] {
    const { has } = this;
    const byName = (a: Node, b: Node) => compareBytes(a.name, b.name);
    const extension = (name: string) => (name.includes('.') ? name.slice(name.indexOf('.')) : '');
    const [directoriesFirst, bySize, byTime, byExtension] = ['group-directories-first', 'S', 't', 'X'].map(has);
    const compare = (a: Node, b: Node): number => {
      let dif = 0;
      if (directoriesFirst) dif = Number(b.stat.type === 'directory') - Number(a.stat.type === 'directory');
      if (dif !== 0) return dif;
      if (bySize) dif = apparentSize(b.stat) - apparentSize(a.stat);
      else if (byTime) dif = b.stat.mtime - a.stat.mtime;
      else if (byExtension) dif = compareBytes(extension(a.name), extension(b.name));
      return dif !== 0 ? dif : byName(a, b);
    };
    const sorted = [...nodes].sort(compare);
    return has('r') ? sorted.reverse() : sorted;
  }

  /** ls.c display_files: one per line, or columns as wide as the longest name plus 2. */
  private display(nodes: Node[]): void {
    const { has } = this;
    let columns = 1;
    let columnWidth = 0;
    if (!has('l') && !has('1')) {
      columnWidth = Math.max(...nodes.map((n) => this.nameWidth(n.name))) + 2 + (has('i') ? 8 : 0) + (has('s') ? 5 : 0);
      columns = Math.floor(this.width / columnWidth);
    }
    let rows = nodes.length;
    if (columns > 1) rows = Math.ceil(nodes.length / columns);
    else columns = 1;
    let text = '';
    for (let row = 0; row < rows; row++) {
      let column = 0;
      let nextTab = 0;
      for (let nc = 0; nc < columns; nc++) {
        const i = has('x') ? row * columns + nc : nc * rows + row;
        if (i >= nodes.length) continue;
        if (column > 0) {
          // printf("%*s", nexttab - column, ""): a negative width pads as much, to the left.
          text += ' '.repeat(Math.abs(nextTab - column));
          column = nextTab;
        }
        nextTab = column + columnWidth;
        const cell = this.single(nodes[i]!);
        text += cell.text;
        column += cell.width;
      }
      text += '\n';
    }
    this.output.stdout(text);
  }

  /** ls.c display_single: one name with its fields, and the columns it takes. */
  private single(node: Node): { text: string; width: number } {
    const { has } = this;
    const { stat } = node;
    let text = '';
    if (has('i')) text += `${String(inodeNumber(this.overlay, stat)).padStart(7)} `;
    if (has('s')) text += `${String(Math.floor(blocks512(stat) / 2)).padStart(6)} `;
    if (has('l')) {
      text += `${fileModeString(stat).padEnd(10)} ${String(linkCount(this.overlay, stat)).padStart(4)} `;
      const user = (this.accounts.user(stat.uid) ?? String(stat.uid)).slice(0, 8);
      const group = (this.accounts.group(stat.gid) ?? String(stat.gid)).slice(0, 8);
      if (has('n')) text += has('g') ? `${String(stat.gid).padEnd(8)} ` : `${String(stat.uid).padEnd(8)} ${String(stat.gid).padEnd(8)} `;
      else text += has('g') ? `${group.padEnd(8)} ` : `${user.padEnd(8)} ${group.padEnd(8)} `;
      if (stat.type === 'chardev' || stat.type === 'blockdev') text += `${String(stat.devmajor).padStart(4)}, ${String(stat.devminor).padStart(3)} `;
      else if (has('h')) text += `${busyboxHumanSize(apparentSize(stat), 1).padStart(7)} `;
      else text += `${String(apparentSize(stat)).padStart(9)} `;
      text += `${has('full-time') ? fullTime(stat.mtime) : this.shortTime(stat.mtime)} `;
    }
    const width = utf8Length(text) + this.nameWidth(node.name);
    text += this.printable(node.name);
    let append = this.appendChar(stat);
    let extra = 0;
    if (has('l') && stat.type === 'symlink') {
      text += ` -> ${this.printable(stat.linkname)}`;
      extra += 4 + this.nameWidth(stat.linkname);
      if (has('F') || has('p')) {
        let target: FileStat | undefined;
        try {
          target = this.overlay.stat(stat.path);
        } catch {
          target = undefined;
        }
        append = target === undefined ? '' : this.appendChar(target);
      }
    }
    if ((has('F') || has('p')) && append !== '') {
      text += append;
      extra++;
    }
    return { text, width: width + extra };
  }

  /** -F's and -p's suffix (ls.c append_char). */
  private appendChar(stat: FileStat): string {
    if (!this.flags.has('F') && !this.flags.has('p')) return '';
    if (stat.type === 'directory') return '/';
    if (!this.flags.has('F')) return '';
    switch (stat.type) {
      case 'file':
      case 'hardlink':
        return stat.mode & 0o111 ? '*' : '';
      case 'symlink':
        return '@';
      case 'fifo':
        return '|';
      default:
        return '';
    }
  }

  /** `Jan  2 03:04` for the last half year (and up to 15 minutes ahead), `Jan  2  2024` otherwise. */
  private shortTime(seconds: number): string {
    const t = utcParts(seconds);
    const age = this.now - seconds;
    const day = `${MONTHS[t.month]} ${String(t.day).padStart(2)}`;
    return age < HALF_YEAR && age > -15 * 60 ? `${day} ${t.hh}:${t.mm}` : `${day} ${String(t.year).padStart(5)}`;
  }

  /** A name with control characters as `?` (libbb's printable_string), `"…"`-quoted under -Q. */
  private printable(name: string): string {
    if (PLAIN.test(name) && !this.flags.has('Q')) return name;
    const shown = name.replace(/[\x00-\x1f\x7f]/g, '?');
    return this.flags.has('Q') ? `"${shown.replace(/["\\]/g, '\\$&')}"` : shown;
  }

  /** Columns a name takes: bytes, as Debian's build counts them (no Unicode support). */
  private nameWidth(name: string): number {
    const width = utf8Length(name);
    return this.flags.has('Q') ? width + 2 + (name.match(/["\\]/g)?.length ?? 0) : width;
  }
}

/** `2024-01-02 03:04:05 +0000`, strftime's "%Y-%m-%d %H:%M:%S %z" in UTC. */
function fullTime(seconds: number): string {
  const t = utcParts(seconds);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${t.year}-${two(t.month + 1)}-${two(t.day)} ${t.hh}:${t.mm}:${t.ss} +0000`;
}

/** Printable ASCII: shown as is, one byte (and column) per character. */
const PLAIN = /^[\x20-\x7e]*$/;

function utf8Length(text: string): number {
  if (PLAIN.test(text)) return text.length;
  let length = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    length += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return length;
}

/** strcmp on the names' UTF-8 bytes. */
function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  // UTF-8 bytes sort as code points do; UTF-16 units do too, except a surrogate (astral
  // character) against U+E000..U+FFFF: compare code points there.
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(j)!;
    if (x !== y) return x - y;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return utf8Length(a) - utf8Length(b);
}
