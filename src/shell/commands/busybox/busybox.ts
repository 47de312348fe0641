/**
 * The host's `busybox` (Debian's busybox-static 1.35): with no arguments or --help, its banner,
 * usage and applet list (wrapped as busybox wraps it for an 80-column non-terminal); `--list`
 * the applet names; `--list-full` (and any other `--list…`, e.g. `--list-modules`, which busybox
 * 1.35 takes the same way) their install paths — except that `--list-modules` leaves out
 * `bin/busybox` itself: the workshop's busybox-static script links every listed path to
 * /bin/busybox, which on 1.35 replaces the copied binary by a link to itself; the workshop was
 * written on hosts where that did not happen, and the lesson must build a working image; `busybox APPLET ARGS…` runs the shell's command
 * of that name with the same stdin (bytes unchanged), or `APPLET: applet not found` (127).
 */
import { defineCommand, latin1FromBytes, type Command, type ExecResult } from 'just-bash';
import { execCaptured, textResult } from '../../command-context.ts';
import { busyboxBanner } from './banner.ts';
import { DEBIAN_BUSYBOX_APPLETS } from './debian-applets.ts';

/** Applet install paths (`bin/ls`, `usr/bin/awk`, `linuxrc`), in busybox's order: by name. */
const INSTALL_PATHS: string[] = Object.entries(DEBIAN_BUSYBOX_APPLETS)
  .flatMap(([dir, names]) => names.map((name) => ({ name, path: dir === '' ? name : `${dir}/${name}` })))
  .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  .map((applet) => applet.path);

const APPLET_NAMES = INSTALL_PATHS.map((path) => path.slice(path.lastIndexOf('/') + 1));
const APPLETS = new Set(APPLET_NAMES);

const USAGE_AFTER_BANNER = `
BusyBox is copyrighted by many authors between 1998-2015.
Licensed under GPLv2. See source distribution for detailed
copyright notices.

Usage: busybox [function [arguments]...]
   or: busybox --list[-full]
   or: busybox --install [-s] [DIR]
   or: function [arguments]...

\tBusyBox is a multi-call binary that combines many common Unix
\tutilities into a single executable.  The shell in this build
\tis configured to run built-in utilities without $PATH search.
\tYou don't need to install a link to busybox for each utility.
\tTo run external program, use full path (/sbin/ip instead of ip).

Currently defined functions:
`;

/** Output width busybox assumes when stdout is not a terminal. */
const OUTPUT_WIDTH = 80;

export function busyboxCommand(): Command {
  return defineCommand('busybox', async (args, ctx) => {
    const [first, ...rest] = args;
    if (first === undefined || first === '--help') return textResult(busyboxBanner(ctx) + USAGE_AFTER_BANNER + appletColumns());
    if (first === '--list') return textResult(APPLET_NAMES.map((name) => `${name}\n`).join(''));
    if (first === '--list-modules') return textResult(INSTALL_PATHS.filter((path) => path !== 'bin/busybox').map((path) => `${path}\n`).join(''));
    if (first.startsWith('--list')) return textResult(INSTALL_PATHS.map((path) => `${path}\n`).join(''));
    const applet = first.slice(first.lastIndexOf('/') + 1);
    if (!APPLETS.has(applet) || ctx.exec === undefined) return textResult('', `${applet}: applet not found\n`, 127);
    return runApplet(applet, rest, ctx);
  });
}

/**
 * Run the shell's command `applet` with `args` untouched and this command's stdin, bytes kept, and
 * this process's environment: a script run by `ctx.exec` starts from the interpreter's defaults,
 * so without it `busybox sh -c` lost the exported variables and the process's user.
 */
function runApplet(applet: string, args: string[], ctx: Parameters<Command['execute']>[1]): Promise<ExecResult> {
  const command = applet === '[' || applet === '[[' ? applet : `'${applet}'`;
  return execCaptured(ctx, command, args, { env: { ...(ctx.exportedEnv ?? Object.fromEntries(ctx.env)) } });
}

/** busybox's applet list: comma-separated, each line starting with a tab (counted as 6 columns). */
function appletColumns(): string {
  const width = OUTPUT_WIDTH - 1; // no comma in the very last column
  let text = '';
  let column = 0;
  for (const name of APPLET_NAMES) {
    const length = name.length + 2;
    if (column >= width - length) {
      text += ',\n';
      column = 0;
    }
    if (column === 0) {
      column = 6;
      text += '\t';
    } else text += ', ';
    text += name;
    column += length;
  }
  return `${text}\n`;
}
