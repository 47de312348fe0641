/**
 * `diff`, as GNU diffutils 3.8 prints it: the normal format by default (`1c1,3`, `< a`, `---`,
 * `> b`), `-u`/`-U N` unified (headers `--- a\t2024-01-02 03:04:05.000000000 +0000`, times in
 * UTC), `-q` (`Files a and b differ`), `-s`, `-i`, and directories: `-r` recursion with
 * `Only in a: x` and a `diff -r a/x b/x` line before each pair that differs, `-N` for files
 * present on one side only. Hunks are GNU's own (see edit-script.ts).
 * Status: 0 same, 1 different, 2 trouble.
 */
import { defineCommand, type Command } from 'just-bash';
import type { FileStat } from '../../../engine/overlay/file-stat.ts';
import type { OverlayFs } from '../../../engine/overlay/overlay-fs.ts';
import { posixBaseName } from '../../../engine/overlay/path.ts';
import { OrderedOutput, overlayOf, stdinBytes } from '../../command-context.ts';
import { FsError } from '../../../engine/errors.ts';
import { strerrorOf } from '../shared/errno-text.ts';
import { isUsageError, parseGnuOptions, type OptionSpec } from '../shared/getopt.ts';
import { editScript, type Change } from './edit-script.ts';

const OPTIONS: OptionSpec[] = [
  { key: 'unified', short: 'u' },
  { key: 'unified-lines', short: 'U', value: 'required' },
  { key: 'unified-long', long: 'unified', value: 'optional' },
  { key: 'brief', short: 'q', long: 'brief' },
  { key: 'identical', short: 's', long: 'report-identical-files' },
  { key: 'ignore-case', short: 'i', long: 'ignore-case' },
  { key: 'recursive', short: 'r', long: 'recursive' },
  { key: 'new-file', short: 'N', long: 'new-file' },
  { key: 'text', short: 'a', long: 'text' },
];

interface Settings {
  /** Lines of context for -u; undefined for the normal format. */
  unified: number | undefined;
  brief: boolean;
  reportIdentical: boolean;
  ignoreCase: boolean;
  recursive: boolean;
  newFile: boolean;
  text: boolean;
  /** The options as typed, for the `diff -r a/x b/x` lines. */
  switches: string;
}

/** A file as diff reads it: its name as printed, its stat (undefined: absent, read as empty with -N). */
interface Input {
  name: string;
  path: string;
  stat: FileStat | undefined;
}

const STATUS_SAME = 0;
const STATUS_DIFFERENT = 1;
const STATUS_TROUBLE = 2;
const NO_SUCH_FILE = strerrorOf('ENOENT');

export function diffCommand(): Command {
  return defineCommand('diff', async (args, ctx) => {
    const parsed = parseGnuOptions('diff', args, OPTIONS, 2);
    if (isUsageError(parsed)) return { ...parsed, stderr: parsed.stderr.replace(/^Try /m, 'diff: Try ') };
    const settings = settingsFrom(parsed.options, args.slice(0, args.length - parsed.operands.length));
    if (typeof settings === 'string') return usageError(settings);
    const [first, second, extra] = parsed.operands;
    if (second === undefined) return usageError(first === undefined ? 'missing operand after \'diff\'' : `missing operand after ${quote(first)}`);
    if (extra !== undefined) return usageError(`extra operand ${quote(extra)}`);
    const differ = new Differ(overlayOf(ctx), settings, (p) => ctx.fs.resolvePath(ctx.cwd, p), stdinBytes(ctx));
    const status = await differ.compareOperands(first!, second);
    return differ.out.result(ctx, status);
  });
}

function usageError(message: string) {
  return { stdout: '', stderr: `diff: ${message}\ndiff: Try 'diff --help' for more information.\n`, exitCode: STATUS_TROUBLE };
}

function settingsFrom(options: { key: string; value: string | undefined }[], optionWords: string[]): Settings | string {
  const settings: Settings = {
    unified: undefined,
    brief: false,
    reportIdentical: false,
    ignoreCase: false,
    recursive: false,
    newFile: false,
    text: false,
    switches: optionWords.filter((w) => w.startsWith('-') && w !== '-' && w !== '--').join(' '),
  };
  for (const { key, value } of options) {
    if (key === 'unified') settings.unified = 3;
    else if (key === 'unified-lines' || (key === 'unified-long' && value !== undefined)) {
      if (!/^\d+$/.test(value!)) return `invalid context length '${value}'`;
      settings.unified = Number(value);
    } else if (key === 'unified-long') settings.unified = 3;
    else if (key === 'brief') settings.brief = true;
    else if (key === 'identical') settings.reportIdentical = true;
    else if (key === 'ignore-case') settings.ignoreCase = true;
    else if (key === 'recursive') settings.recursive = true;
    else if (key === 'new-file') settings.newFile = true;
    else if (key === 'text') settings.text = true;
  }
  return settings;
}

class Differ {
  readonly out = new OrderedOutput();

  constructor(
    private readonly fs: OverlayFs,
    private readonly settings: Settings,
    private readonly resolve: (path: string) => string,
    private readonly stdin: Uint8Array,
  ) {}

  async compareOperands(name0: string, name1: string): Promise<number> {
    const inputs = [this.input(name0), this.input(name1)];
    for (const [i, input] of inputs.entries()) {
      if (input.stat === undefined && input.name !== '-' && !(this.settings.newFile && inputs[1 - i]!.stat !== undefined)) {
        return this.trouble(input.name, this.statError(input.path));
      }
    }
    const [a, b] = inputs as [Input, Input];
    const aDir = a.stat?.type === 'directory';
    const bDir = b.stat?.type === 'directory';
    // diff DIR FILE compares DIR/FILE's name with FILE (and the other way round).
    if (aDir && !bDir && b.name !== '-') return this.compareOperands(join(a.name, posixBaseName(b.name)), b.name);
    if (bDir && !aDir && a.name !== '-') return this.compareOperands(a.name, join(b.name, posixBaseName(a.name)));
    if (aDir && bDir) return this.compareDirectories(a, b);
    return this.compareFiles(a, b, false);
  }

  private input(name: string): Input {
    if (name === '-') return { name, path: '-', stat: undefined };
    const path = this.resolve(name);
    return { name, path, stat: this.fs.statIfExists(path) };
  }

  /** Why stat(2) fails on `path`, in strerror's words. */
  private statError(path: string): string {
    try {
      this.fs.stat(path);
    } catch (err) {
      if (err instanceof FsError) return err.strerror;
    }
    return NO_SUCH_FILE;
  }

  private trouble(name: string, message: string): number {
    this.out.stderr(`diff: ${name}: ${message}\n`);
    return STATUS_TROUBLE;
  }

  private async compareDirectories(a: Input, b: Input): Promise<number> {
    const names = [...new Set([...this.children(a), ...this.children(b)])].sort(byteOrder);
    let status = STATUS_SAME;
    for (const name of names) {
      const pair = [this.child(a, name), this.child(b, name)] as const;
      status = Math.max(status, await this.compareEntries(pair[0], pair[1], [a, b]));
    }
    return status;
  }

  /** One name found in either directory (`parents`). */
  private async compareEntries(child0: Input, child1: Input, parents: readonly [Input, Input]): Promise<number> {
    const present = [child0, child1].map((c) => this.fs.lstatIfExists(c.path) !== undefined);
    // diff follows symbolic links, and fails on a dangling one.
    let trouble = false;
    for (const [i, child] of [child0, child1].entries()) {
      if (present[i] && child.stat === undefined) trouble = this.trouble(child.name, NO_SUCH_FILE) > 0;
    }
    if (trouble) return STATUS_TROUBLE;
    if (!present[0] || !present[1]) {
      const only = present[0] ? child0 : child1;
      if (!this.settings.newFile) {
        this.out.stdout(`Only in ${parents[present[0] ? 0 : 1].name}: ${posixBaseName(only.name)}\n`);
        return STATUS_DIFFERENT;
      }
      if (only.stat!.type !== 'directory') return this.compareFiles(child0, child1, true);
      return this.settings.recursive ? this.compareDirectories(child0, child1) : this.commonSubdirectories(child0, child1);
    }
    const stat0 = child0.stat!;
    const stat1 = child1.stat!;
    if (stat0.type === 'directory' && stat1.type === 'directory') {
      return this.settings.recursive ? this.compareDirectories(child0, child1) : this.commonSubdirectories(child0, child1);
    }
    if (stat0.type === 'directory' || stat1.type === 'directory') {
      this.out.stdout(`File ${child0.name} is a ${fileType(stat0)} while file ${child1.name} is a ${fileType(stat1)}\n`);
      return STATUS_DIFFERENT;
    }
    return this.compareFiles(child0, child1, true);
  }

  private commonSubdirectories(a: Input, b: Input): number {
    this.out.stdout(`Common subdirectories: ${a.name} and ${b.name}\n`);
    return STATUS_SAME;
  }

  /** The names in a directory input; none for a side that is absent (-N). */
  private children(input: Input): string[] {
    return input.stat?.type === 'directory' ? this.fs.readdir(input.path) : [];
  }

  private child(parent: Input, name: string): Input {
    const path = `${parent.path === '/' ? '' : parent.path}/${name}`;
    return { name: join(parent.name, name), path, stat: parent.stat === undefined ? undefined : this.fs.statIfExists(path) };
  }

  private async read(input: Input): Promise<Uint8Array> {
    if (input.name === '-' && input.path === '-') return this.stdin;
    if (input.stat === undefined) return new Uint8Array(0);
    return this.fs.readFile(input.path);
  }

  /** Two files; `inDirectory` when found by comparing directories (a `diff …` line heads their output). */
  private async compareFiles(a: Input, b: Input, inDirectory: boolean): Promise<number> {
    const bytes0 = await this.read(a);
    const bytes1 = await this.read(b);
    if (sameBytes(bytes0, bytes1)) {
      if (this.settings.reportIdentical) this.out.stdout(`Files ${a.name} and ${b.name} are identical\n`);
      return STATUS_SAME;
    }
    const binary = !this.settings.text && (bytes0.includes(0) || bytes1.includes(0));
    if (this.settings.brief || binary) {
      this.out.stdout(`${this.settings.brief ? 'Files' : 'Binary files'} ${a.name} and ${b.name} differ\n`);
      return STATUS_DIFFERENT;
    }
    const lines0 = splitLines(new TextDecoder().decode(bytes0));
    const lines1 = splitLines(new TextDecoder().decode(bytes1));
    const fold = this.settings.ignoreCase ? (line: string) => line.toLowerCase() : undefined;
    const script = editScript(lines0, lines1, this.settings.unified ?? 0, fold);
    if (script.length === 0) {
      if (this.settings.reportIdentical) this.out.stdout(`Files ${a.name} and ${b.name} are identical\n`);
      return STATUS_SAME;
    }
    if (inDirectory) this.out.stdout(`diff${this.settings.switches ? ` ${this.settings.switches}` : ''} ${a.name} ${b.name}\n`);
    this.out.stdout(
      this.settings.unified === undefined
        ? normalFormat(script, lines0, lines1)
        : `--- ${a.name}\t${this.timestamp(a)}\n+++ ${b.name}\t${this.timestamp(b)}\n` + unifiedFormat(script, lines0, lines1, this.settings.unified),
    );
    return STATUS_DIFFERENT;
  }

  /** `2024-01-02 03:04:05.000000000 +0000`: the file's mtime (the epoch for an absent one, -N). */
  private timestamp(input: Input): string {
    const seconds = input.stat?.mtime ?? 0;
    return `${new Date(seconds * 1000).toISOString().slice(0, 19).replace('T', ' ')}.000000000 +0000`;
  }
}

/** A file's lines, each with its newline; the last may lack one. */
function splitLines(text: string): string[] {
  const lines = text.split(/(?<=\n)/);
  return lines[lines.length - 1] === '' ? lines.slice(0, -1) : lines;
}

/** A line as printed: without its newline, or followed by diff's note when it has none. */
function printed(line: string): string {
  return line.endsWith('\n') ? line : `${line}\n\\ No newline at end of file\n`;
}

/** `a` or `a,b` (1-based, inclusive); an empty range prints the line before it. */
function normalRange(first: number, count: number): string {
  if (count === 0) return String(first);
  return count === 1 ? String(first + 1) : `${first + 1},${first + count}`;
}

function normalFormat(script: Change[], lines0: string[], lines1: string[]): string {
  let out = '';
  for (const change of script) {
    const kind = change.deleted === 0 ? 'a' : change.inserted === 0 ? 'd' : 'c';
    out += `${normalRange(change.line0, change.deleted)}${kind}${normalRange(change.line1, change.inserted)}\n`;
    for (let i = 0; i < change.deleted; i++) out += `< ${printed(lines0[change.line0 + i]!)}`;
    if (change.deleted > 0 && change.inserted > 0) out += '---\n';
    for (let i = 0; i < change.inserted; i++) out += `> ${printed(lines1[change.line1 + i]!)}`;
  }
  return out;
}

/** `-a,b`: start and length; one line prints its number only, none prints the line before, `,0`. */
function unifiedRange(first: number, count: number): string {
  if (count === 0) return `${first},0`;
  return count === 1 ? String(first + 1) : `${first + 1},${count}`;
}

function unifiedFormat(script: Change[], lines0: string[], lines1: string[], context: number): string {
  let out = '';
  let next = 0;
  while (next < script.length) {
    // Changes closer than 2×context+1 unchanged lines share a hunk.
    let last = next;
    while (last + 1 < script.length && script[last + 1]!.line0 - (script[last]!.line0 + script[last]!.deleted) < 2 * context + 1) last++;
    const firstChange = script[next]!;
    const lastChange = script[last]!;
    const first0 = Math.max(0, firstChange.line0 - context);
    const first1 = Math.max(0, firstChange.line1 - context);
    const end0 = Math.min(lines0.length, lastChange.line0 + lastChange.deleted + context);
    const end1 = Math.min(lines1.length, lastChange.line1 + lastChange.inserted + context);
    out += `@@ -${unifiedRange(first0, end0 - first0)} +${unifiedRange(first1, end1 - first1)} @@\n`;
    let i = first0;
    let j = first1;
    let k = next;
    while (i < end0 || j < end1) {
      const change = k <= last ? script[k] : undefined;
      if (change === undefined || i < change.line0) {
        out += ` ${printed(lines0[i++]!)}`;
        j++;
      } else {
        for (let n = 0; n < change.deleted; n++) out += `-${printed(lines0[i++]!)}`;
        for (let n = 0; n < change.inserted; n++) out += `+${printed(lines1[j++]!)}`;
        k++;
      }
    }
    next = last + 1;
  }
  return out;
}

/** GNU's words for a file's type in "File a is a directory while file b is a regular file". */
function fileType(stat: FileStat): string {
  switch (stat.type) {
    case 'directory':
      return 'directory';
    case 'symlink':
      return 'symbolic link';
    case 'chardev':
      return 'character special file';
    case 'blockdev':
      return 'block special file';
    case 'fifo':
      return 'fifo';
    default:
      return stat.size === 0 ? 'regular empty file' : 'regular file';
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function join(dir: string, name: string): string {
  return dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}


function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function quote(name: string): string {
  return `'${name.replace(/'/g, `'\\''`)}'`;
}
