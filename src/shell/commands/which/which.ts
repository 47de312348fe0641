/**
 * `which`, as Debian's (debianutils) prints it: for each name, the first executable regular file
 * `DIR/name` along `$PATH` (every one with -a); a name containing `/` is checked as it is.
 * Nothing is printed for a name not found; the status is then 1. -s prints nothing at all.
 */
import { defineCommand, type Command } from 'just-bash';
import type { OverlayFs } from '../../../engine/overlay/overlay-fs.ts';
import { overlayOf, textResult } from '../../command-context.ts';

export function whichCommand(): Command {
  return defineCommand('which', async (args, ctx) => {
    let all = false;
    let silent = false;
    const names: string[] = [];
    for (const arg of args) {
      if (/^-[as]+$/.test(arg)) (all ||= arg.includes('a')), (silent ||= arg.includes('s'));
      else if (arg.startsWith('-') && arg !== '-') return textResult('', `Illegal option ${arg.slice(0, 2)}\nUsage: /usr/bin/which [-as] args\n`, 2);
      else names.push(arg);
    }
    const overlay = overlayOf(ctx);
    const path = ctx.env.get('PATH') ?? '';
    let stdout = '';
    let missing = false;
    for (const name of names) {
      const candidates = name.includes('/') ? [name] : path.split(':').map((dir) => `${dir === '' ? '.' : dir}/${name}`);
      const found = candidates.filter((candidate) => isExecutableFile(overlay, ctx.fs.resolvePath(ctx.cwd, candidate)));
      if (found.length === 0) missing = true;
      for (const hit of all ? found : found.slice(0, 1)) stdout += `${hit}\n`;
    }
    return textResult(silent ? '' : stdout, '', missing ? 1 : 0);
  });
}

function isExecutableFile(overlay: OverlayFs, path: string): boolean {
  try {
    const stat = overlay.stat(path);
    return (stat.type === 'file' || stat.type === 'hardlink') && (stat.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}
