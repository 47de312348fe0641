/**
 * `du` as BusyBox 1.35's applet prints it (coreutils/du.c): `SIZE<TAB>PATH`, children before
 * their directory, 1K blocks rounded up (-k, the default), -m MiB rounded up, -h libbb's
 * `16.0K`/`4.8M`, -b apparent bytes; -a files too, -s only the operands, -d N no deeper than N
 * (-s and -d: the last one given wins), -c a `total` line, -l hard links counted each time,
 * -L symlinks followed, -H those on the command line (then, as BusyBox does, all below them), -x
 * accepted (one filesystem here).
 *
 * Unlike GNU du, a file or directory reached again through another hard link (or, with -L,
 * through a symlink) is skipped without a line; an operand that cannot be read is
 * `du: NAME: strerror`. Sizes use the ext4 block estimate of ../shared/ext4-estimates.ts; entries are
 * visited in name order (BusyBox follows the directory's on-disk order).
 */
import type { CommandContext, ExecResult } from 'just-bash';
import type { FileStat } from '../../../engine/overlay/file-stat.ts';
import { overlayOf } from '../../command-context.ts';
import { DEBIAN_BUSYBOX_VERSION } from '../busybox/debian-applets.ts';
import { strerror } from '../shared/errno-text.ts';
import { apparentSize, blocks512 } from '../shared/ext4-estimates.ts';
import { busyboxHumanSize } from '../shared/human-size.ts';

const USAGE = `BusyBox ${DEBIAN_BUSYBOX_VERSION} multi-call binary.

Usage: du [-aHLdclsxhmk] [FILE]...

Summarize disk space used for FILEs (or directories)

\t-a\tShow file sizes too
\t-b\tApparent size (including holes)
\t-L\tFollow all symlinks
\t-H\tFollow symlinks on command line
\t-d N\tLimit output to directories (and files with -a) of depth < N
\t-c\tShow grand total
\t-l\tCount sizes many times if hard linked
\t-s\tDisplay only a total for each argument
\t-x\tSkip directories on different filesystems
\t-h\tSizes in human readable format (e.g., 1K 243M 2G)
\t-m\tSizes in megabytes
\t-k\tSizes in kilobytes (default)
`;

const FLAGS = 'aHkLsxlchmb';

export async function busyboxDu(args: readonly string[], ctx: CommandContext): Promise<ExecResult> {
  const flags = new Set<string>();
  let unit: 'k' | 'm' | 'h' = 'k';
  let maxDepth = Infinity;
  let followDepth = 0; // symlinks are followed above this depth (-H: 1, -L: all)
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--help') return { stdout: '', stderr: USAGE, exitCode: 0 };
    if (arg === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      operands.push(arg);
      continue;
    }
    for (let j = 1; j < arg.length; j++) {
      const letter = arg[j]!;
      if (letter === 'd') {
        // The number is the rest of the word, or the next word.
        const value = j + 1 < arg.length ? arg.slice(j + 1) : args[++i];
        if (value === undefined) return { stdout: '', stderr: `du: option requires an argument -- 'd'\n${USAGE}`, exitCode: 1 };
        if (!/^\d+$/.test(value) || Number(value) > 0xffffffff) return { stdout: '', stderr: `du: invalid number '${value}'\n`, exitCode: 1 };
        maxDepth = Number(value);
        break;
      }
      if (!FLAGS.includes(letter)) return { stdout: '', stderr: `du: invalid option -- '${letter}'\n${USAGE}`, exitCode: 1 };
      flags.add(letter);
      if (letter === 'k' || letter === 'm' || letter === 'h') unit = letter;
      else if (letter === 's') maxDepth = 0;
      else if (letter === 'L') followDepth = Infinity;
      else if (letter === 'H') followDepth = 1;
    }
  }
  const apparent = flags.has('b');
  const show = (size: number) => {
    if (apparent) return String(size);
    const bytes = size * 512;
    if (unit === 'h') return busyboxHumanSize(bytes, 1);
    return String(Math.ceil(bytes / (unit === 'm' ? 1024 * 1024 : 1024)));
  };

  const overlay = overlayOf(ctx);
  const seen = new Set<number>();
  let stdout = '';
  let stderr = '';
  // Sizes are 512-byte blocks, or bytes with -b, as du.c adds them up.
  const visit = (name: string, depth: number): number => {
    const path = ctx.fs.resolvePath(ctx.cwd, name);
    let stat: FileStat;
    let inode: number;
    try {
      stat = overlay.lstat(path);
      inode = overlay.inodeOf(path);
    } catch (err) {
      stderr += `du: ${name}: ${strerror(err)}\n`;
      return 0;
    }
    let sum = apparent ? apparentSize(stat) : blocks512(stat);
    if (stat.type === 'symlink' && followDepth > depth) {
      try {
        stat = overlay.stat(path);
        inode = overlay.inodeOf(overlay.realpath(path));
      } catch (err) {
        stderr += `du: ${name}: ${strerror(err)}\n`;
        return 0;
      }
      sum = blocks512(stat);
      if (followDepth === 1) followDepth = Infinity; // du.c turns -H into -L once it has followed one
    }
    if (!flags.has('l') && (stat.type === 'directory' || stat.type === 'file')) {
      if (seen.has(inode)) return 0;
      seen.add(inode);
    }
    if (stat.type === 'directory') {
      let names: string[];
      try {
        names = overlay.readdir(path);
      } catch (err) {
        stderr += `du: can't open '${name}': ${strerror(err)}\n`;
        names = [];
      }
      for (const child of names) sum += visit(name.endsWith('/') ? name + child : `${name}/${child}`, depth + 1);
    } else if (!flags.has('a') && depth !== 0) {
      return sum;
    }
    if (depth <= maxDepth) stdout += `${show(sum)}\t${name}\n`;
    return sum;
  };

  let total = 0;
  for (const operand of operands.length > 0 ? operands : ['.']) total += visit(operand, 0);
  if (flags.has('c')) stdout += `${show(total)}\ttotal\n`;
  return { stdout, stderr, exitCode: stderr === '' ? 0 : 1 };
}
