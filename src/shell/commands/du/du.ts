/**
 * `du`, as GNU coreutils 9.1 prints it: `SIZE<TAB>PATH`, children before their directory,
 * directories only unless -a. Flags: -a/--all, -b/--bytes (apparent bytes), --apparent-size,
 * -c/--total, -h/--human-readable, -k (the default unit: 1K blocks, rounded up), -m,
 * -s/--summarize, -d N/--max-depth=N. Symlinks are not followed (they take no blocks).
 *
 * Disk usage uses the ext4 block estimate of ../shared/ext4-estimates.ts (a file takes whole 4 KiB
 * blocks, a directory one). Entries are visited in name order (GNU du follows the directory's
 * on-disk order). A hard-linked file is counted once per name.
 */
import { defineCommand, type Command } from 'just-bash';
import type { FileStat } from '../../../engine/overlay/file-stat.ts';
import type { OverlayFs } from '../../../engine/overlay/overlay-fs.ts';
import { overlayOf, runsAsBusyboxApplet } from '../../command-context.ts';
import { busyboxDu } from './busybox-du.ts';
import { joinPath } from '../../../engine/overlay/path.ts';
import { strerror } from '../shared/errno-text.ts';
import { apparentSize, blocks512 } from '../shared/ext4-estimates.ts';
import { quote, quoteaf } from '../shared/gnu-quote.ts';
import { gnuHumanSize } from '../shared/human-size.ts';
import { isUsageError, parseGnuOptions, usageError, type OptionSpec } from '../shared/getopt.ts';

const OPTIONS: OptionSpec[] = [
  { key: 'all', short: 'a', long: 'all' },
  { key: 'bytes', short: 'b', long: 'bytes' },
  { key: 'apparent', long: 'apparent-size' },
  { key: 'total', short: 'c', long: 'total' },
  { key: 'human', short: 'h', long: 'human-readable' },
  { key: 'kilo', short: 'k' },
  { key: 'mega', short: 'm' },
  { key: 'summarize', short: 's', long: 'summarize' },
  { key: 'max-depth', short: 'd', long: 'max-depth', value: 'required' },
];

export function duCommand(): Command {
  return defineCommand('du', async (args, ctx) => {
    if (runsAsBusyboxApplet(ctx)) return busyboxDu(args, ctx);
    const parsed = parseGnuOptions('du', args, OPTIONS, 1);
    if (isUsageError(parsed)) return parsed;
    const keys = parsed.options.map((o) => o.key);
    const depthOption = parsed.options.filter((o) => o.key === 'max-depth').pop()?.value;
    if (depthOption !== undefined && !/^\d+$/.test(depthOption)) {
      return usageError('du', `invalid maximum depth ${quote(depthOption)}`);
    }
    const all = keys.includes('all');
    const summarize = keys.includes('summarize');
    if (summarize && all) {
      return usageError('du', 'cannot both summarize and show all entries');
    }
    const maxDepth = summarize ? 0 : depthOption !== undefined ? Number(depthOption) : Infinity;
    const apparent = keys.includes('bytes') || keys.includes('apparent');
    const unit = keys.filter((k) => ['bytes', 'human', 'kilo', 'mega'].includes(k)).pop() ?? 'kilo';
    const show = (bytes: number) =>
      unit === 'human' ? gnuHumanSize(bytes) : unit === 'bytes' ? String(bytes) : String(Math.ceil(bytes / (unit === 'mega' ? 1024 * 1024 : 1024)));
    const size = (stat: FileStat) => (apparent ? apparentSize(stat) : blocks512(stat) * 512);
    const overlay = overlayOf(ctx);

    let stdout = '';
    let stderr = '';
    let grandTotal = 0;
    // A file with several names counts (and shows) once, under the first name met, as GNU du does.
    const seenLinked = new Set<number>();
    const visit = (stat: FileStat, display: string, depth: number): number => {
      if (stat.type !== 'directory' && overlay.linkCount(stat.path) > 1) {
        const inode = overlay.inodeOf(stat.path);
        if (seenLinked.has(inode)) return 0;
        seenLinked.add(inode);
      }
      let total = size(stat);
      if (stat.type === 'directory') {
        for (const name of readdirQuietly(overlay, stat.path)) {
          const child = overlay.lstat(joinPath(stat.path, name));
          total += visit(child, display.endsWith('/') ? display + name : `${display}/${name}`, depth + 1);
        }
      }
      if (depth <= maxDepth && (depth === 0 || all || stat.type === 'directory')) stdout += `${show(total)}\t${display}\n`;
      return total;
    };
    for (const operand of parsed.operands.length > 0 ? parsed.operands : ['.']) {
      let stat: FileStat;
      try {
        stat = overlay.lstat(ctx.fs.resolvePath(ctx.cwd, operand));
      } catch (err) {
        stderr += `du: cannot access ${quoteaf(operand)}: ${strerror(err)}\n`;
        continue;
      }
      grandTotal += visit(stat, operand, 0);
    }
    if (keys.includes('total')) stdout += `${show(grandTotal)}\ttotal\n`;
    return { stdout, stderr, exitCode: stderr === '' ? 0 : 1 };
  });
}

function readdirQuietly(overlay: OverlayFs, path: string): string[] {
  try {
    return overlay.readdir(path);
  } catch {
    return [];
  }
}
