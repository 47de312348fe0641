/**
 * `ls`, as GNU coreutils 9.1 prints it when its output is not a terminal (the shell's output
 * always goes through a pipe or the terminal device): one name per line, names unquoted, owners
 * from the filesystem's own /etc/passwd and /etc/group, times in UTC.
 *
 * Flags: -a -A -d -F -h -i -l -n -p -r -R -S -t -1, --full-time, --color[=WHEN] (accepted, no
 * colours), and the long spellings of these. Sizes, block totals, link counts and inode numbers
 * are ext4's as estimated in ../stat/file-info.ts.
 *
 * Long format (per block of names, columns padded to the widest value):
 *   [inode ]mode links owner group size time name[ -> target]
 * owner/group names are left-aligned, numbers right-aligned; devices show `major, minor` in the
 * size column; `total N` (1K blocks, or -h sizes) heads each directory.
 */
import { defineCommand, type Command, type ExecResult } from 'just-bash';
import type { FileStat } from '../../../engine/overlay/file-stat.ts';
import type { OverlayFs } from '../../../engine/overlay/overlay-fs.ts';
import { overlayOf } from '../../command-context.ts';
import {
  Accounts,
  apparentSize,
  blocks512,
  fakeInode,
  fileModeString,
  fullTime,
  humanSize,
  linkCount,
  lsTime,
  shellQuote,
  strerror,
} from '../stat/file-info.ts';
import { isUsageError, parseGnuOptions, type OptionSpec } from '../stat/gnu-options.ts';

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
  { key: 'full-time', long: 'full-time' },
  { key: 'color', long: 'color', value: 'optional' },
];

interface Settings {
  all: boolean;
  almostAll: boolean;
  directory: boolean;
  indicator: 'none' | 'slash' | 'classify';
  human: boolean;
  inode: boolean;
  long: boolean;
  numeric: boolean;
  fullTime: boolean;
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
    const parsed = parseGnuOptions('ls', args, OPTIONS, 2);
    if (isUsageError(parsed)) return parsed;
    const settings = settingsFrom(parsed.options.map((o) => o.key));
    const overlay = overlayOf(ctx);
    const lister = new Lister(overlay, settings, await Accounts.load(overlay), deps.now?.() ?? Math.floor(Date.now() / 1000));
    const operands = parsed.operands.length > 0 ? parsed.operands : ['.'];
    return lister.run(operands, (p) => ctx.fs.resolvePath(ctx.cwd, p));
  });
}

function settingsFrom(keys: string[]): Settings {
  const has = (key: string) => keys.includes(key);
  const last = (...candidates: string[]) => keys.filter((k) => candidates.includes(k)).pop();
  const sortKey = last('size-sort', 'time-sort');
  const indicatorKey = last('classify', 'slash');
  return {
    all: last('all', 'almost-all') === 'all',
    almostAll: last('all', 'almost-all') === 'almost-all',
    directory: has('directory'),
    indicator: indicatorKey === 'classify' ? 'classify' : indicatorKey === 'slash' ? 'slash' : 'none',
    human: has('human'),
    inode: has('inode'),
    long: has('long') || has('numeric') || has('full-time'),
    numeric: has('numeric'),
    fullTime: has('full-time'),
    reverse: has('reverse'),
    recursive: has('recursive'),
    sort: sortKey === 'size-sort' ? 'size' : sortKey === 'time-sort' ? 'time' : 'name',
  };
}

class Lister {
  private out = '';
  private err = '';
  private status = 0;

  constructor(
    private readonly overlay: OverlayFs,
    private readonly settings: Settings,
    private readonly accounts: Accounts,
    private readonly now: number,
  ) {}

  run(operands: string[], resolve: (path: string) => string): ExecResult {
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
        this.fail(`cannot access ${shellQuote(operand, true)}: ${strerror(err)}`, 2);
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
    if (files.length > 0) this.out += this.block(this.sorted(files), false, operandStats);
    const order = this.sorted(dirs.map((d) => ({ name: d.name, stat: d.stat, target: undefined })));
    for (const { name, stat } of order) this.listDirectory(name, stat.path, showHeaders);
    return { stdout: this.out, stderr: this.err, exitCode: this.status };
  }

  private listDirectory(name: string, path: string, header: boolean): void {
    let names: string[];
    try {
      names = this.overlay.readdir(path);
    } catch (err) {
      this.fail(`cannot open directory ${shellQuote(name, true)}: ${strerror(err)}`, 2);
      return;
    }
    if (header) this.out += `${this.out === '' ? '' : '\n'}${name}:\n`;
    const entries: Listed[] = [];
    if (this.settings.all) {
      entries.push({ name: '.', stat: this.overlay.lstat(path), target: undefined });
      entries.push({ name: '..', stat: this.overlay.lstat(parentOf(path)), target: undefined });
    }
    for (const child of names) {
      if (child.startsWith('.') && !this.settings.all && !this.settings.almostAll) continue;
      const stat = this.overlay.lstat(joinPath(path, child));
      entries.push({ name: child, stat, target: this.targetOf(stat) });
    }
    const sorted = this.sorted(entries);
    this.out += this.block(sorted, true);
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
    const inodes = entries.map((e) => String(fakeInode(e.stat.path)));
    const inodeWidth = Math.max(0, ...inodes.map((s) => s.length));
    const inodePrefix = (i: number) => (settings.inode ? `${inodes[i]!.padStart(inodeWidth)} ` : '');
    if (!settings.long) return entries.map((e, i) => `${inodePrefix(i)}${e.name}${this.indicator(e.stat, true)}\n`).join('');

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
      text += `total ${settings.human ? humanSize(blocks * 512) : Math.ceil(blocks / 2)}\n`;
    }
    rows.forEach((r, i) => {
      const size = r.device
        ? `${r.device.major.padStart(sizeWidth - 2 - minorWidth)}, ${r.device.minor.padStart(minorWidth)}`
        : r.size.padStart(sizeWidth);
      text += `${inodePrefix(i)}${r.mode} ${r.links.padStart(linkWidth)} ${pad(r.owner, ownerWidth)} ${pad(r.group, groupWidth)} ${size} ${r.time} ${r.name}\n`;
    });
    return text;
  }

  private longFields(entry: Listed): LongFields {
    const { stat } = entry;
    const { settings } = this;
    const owner = (id: number, name: string | undefined) =>
      settings.numeric || name === undefined ? { text: String(id), numeric: true } : { text: name, numeric: false };
    const isDevice = stat.type === 'chardev' || stat.type === 'blockdev';
    let name = entry.name;
    if (stat.type === 'symlink') {
      name += ` -> ${stat.linkname}`;
      if (entry.target) name += this.indicator(entry.target, false);
    } else {
      name += this.indicator(stat, false);
    }
    return {
      mode: fileModeString(stat),
      links: String(linkCount(this.overlay, stat)),
      owner: owner(stat.uid, this.accounts.user(stat.uid)),
      group: owner(stat.gid, this.accounts.group(stat.gid)),
      size: settings.human ? humanSize(apparentSize(stat)) : String(apparentSize(stat)),
      device: isDevice ? { major: String(stat.devmajor), minor: String(stat.devminor) } : undefined,
      time: settings.fullTime ? fullTime(stat.mtime) : lsTime(stat.mtime, this.now),
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

  private fail(message: string, status: number): void {
    this.err += `ls: ${message}\n`;
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

/** Names are padded on the right, numeric ids on the left, as GNU ls aligns them. */
function pad(field: { text: string; numeric: boolean }, width: number): string {
  return field.numeric ? field.text.padStart(width) : field.text.padEnd(width);
}

export function joinPath(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}

export function parentOf(path: string): string {
  const at = path.lastIndexOf('/');
  return at <= 0 ? '/' : path.slice(0, at);
}
