/**
 * `tree`, as tree 2.1 prints it in a UTF-8 locale: `├── `, `└── `, `│  ` drawing, names in
 * code-point order, `name -> target` for symlinks, non-printable characters as `\ooo`, and the
 * report `N directories, M files` (the directories named on the command line count; a symlink
 * to a directory counts as a directory and is not descended; a dangling one counts as a file).
 * Flags: -a (dotfiles), -d (directories only), -f (full path prefix), -L LEVEL, --noreport.
 * An operand that is not a directory prints `NAME  [error opening dir]` (status 2 when missing).
 */
import { defineCommand, type Command } from 'just-bash';
import type { FileStat } from '../../../engine/overlay/file-stat.ts';
import type { OverlayFs } from '../../../engine/overlay/overlay-fs.ts';
import { overlayOf } from '../../command-context.ts';
import { joinPath } from '../../../engine/overlay/path.ts';

/** tree's continuation line in UTF-8 is `│`, two no-break spaces, then a space. */
const VERTICAL = '│\u00a0\u00a0 ';

export interface TreeOptions {
  all: boolean;
  dirsOnly: boolean;
  fullPath: boolean;
  maxLevel: number;
  report: boolean;
}

/** What tree shows without flags (`all` for -a). */
export const TREE_DEFAULTS: Readonly<TreeOptions> = { all: false, dirsOnly: false, fullPath: false, maxLevel: Infinity, report: true };

export interface TreeCounts {
  directories: number;
  files: number;
}

export function treeCommand(): Command {
  return defineCommand('tree', async (args, ctx) => {
    const options: TreeOptions = { ...TREE_DEFAULTS };
    const operands: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const arg = args[i]!;
      if (arg === '--noreport') options.report = false;
      else if (arg.startsWith('-L')) {
        const level = arg.length > 2 ? arg.slice(2) : args[++i];
        if (level === undefined) return { stdout: '', stderr: 'tree: Missing argument to -L option.\n', exitCode: 1 };
        if (!/^\d+$/.test(level) || Number(level) < 1) return { stdout: '', stderr: 'tree: Invalid level, must be greater than 0.\n', exitCode: 1 };
        options.maxLevel = Number(level);
      } else if (arg === '--') operands.push(...args.slice(i + 1)), (i = args.length);
      else if (/^-[adf]+$/.test(arg)) {
        if (arg.includes('a')) options.all = true;
        if (arg.includes('d')) options.dirsOnly = true;
        if (arg.includes('f')) options.fullPath = true;
      } else if (arg.startsWith('-') && arg !== '-') {
        return { stdout: '', stderr: `tree: Invalid argument -\`${arg.replace(/^-+/, '')[0] ?? ''}'.\nusage: tree [-adfL] [-L level] [--noreport] [--] [directory ...]\n`, exitCode: 1 };
      } else operands.push(arg);
    }
    const overlay = overlayOf(ctx);
    const counts: TreeCounts = { directories: 0, files: 0 };
    let stdout = '';
    let exitCode = 0;
    for (const operand of operands.length > 0 ? operands : ['.']) {
      let stat: FileStat | undefined;
      try {
        stat = overlay.stat(ctx.fs.resolvePath(ctx.cwd, operand));
      } catch {
        stat = undefined;
      }
      if (stat?.type !== 'directory') {
        stdout += `${printable(operand)}  [error opening dir]\n`;
        if (stat === undefined) exitCode = 2;
        else counts.files++;
        continue;
      }
      stdout += drawDirectory(overlay, stat.path, operand, options, counts);
    }
    if (options.report) stdout += treeReport(counts, options);
    return { stdout, stderr: '', exitCode };
  });
}

/** A directory operand as tree draws it: its name as given, then what is below it; counted in `counts`. */
export function drawDirectory(overlay: OverlayFs, path: string, display: string, options: TreeOptions, counts: TreeCounts): string {
  counts.directories++;
  return `${printable(display)}\n` + drawChildren(overlay, path, display, '', 1, options, counts);
}

/** The closing report: a blank line, then `N directories, M files` (directories only with -d). */
export function treeReport(counts: TreeCounts, options: TreeOptions): string {
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return `\n${plural(counts.directories, 'directory', 'directories')}` + (options.dirsOnly ? '\n' : `, ${plural(counts.files, 'file', 'files')}\n`);
}

function drawChildren(overlay: OverlayFs, path: string, display: string, indent: string, level: number, options: TreeOptions, counts: TreeCounts): string {
  if (level > options.maxLevel) return '';
  const children = overlay
    .readdir(path)
    .filter((name) => options.all || !name.startsWith('.'))
    .map((name) => {
      const stat = overlay.lstat(joinPath(path, name));
      return { name, stat, isDir: stat.type === 'directory' || (stat.type === 'symlink' && pointsToDirectory(overlay, stat.path)) };
    })
    .filter((child) => !options.dirsOnly || child.isDir)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  let text = '';
  children.forEach((child, i) => {
    const last = i === children.length - 1;
    const shownPath = options.fullPath ? `${display.endsWith('/') ? display : `${display}/`}${child.name}` : child.name;
    let line = printable(shownPath);
    if (child.stat.type === 'symlink') line += ` -> ${printable(child.stat.linkname)}`;
    text += `${indent}${last ? '└── ' : '├── '}${line}\n`;
    if (child.isDir) counts.directories++;
    else counts.files++;
    if (child.stat.type === 'directory') {
      text += drawChildren(overlay, child.stat.path, options.fullPath ? shownPath : child.name, indent + (last ? '    ' : VERTICAL), level + 1, options, counts);
    }
  });
  return text;
}

function pointsToDirectory(overlay: OverlayFs, path: string): boolean {
  try {
    return overlay.stat(path).type === 'directory';
  } catch {
    return false;
  }
}

/** tree's escaping of non-printable characters: `\ooo`. */
function printable(name: string): string {
  return name.replace(/[\x00-\x1f\x7f]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);
}
