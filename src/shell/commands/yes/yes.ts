/**
 * `yes [STRING]...`: the line (its operands joined by spaces, or `y`) again and again, as GNU
 * coreutils 9.1's yes prints it, or BusyBox 1.35's applet (which takes no options at all:
 * `--help` prints its usage on stderr and exits 0, anything else is a word to repeat).
 *
 * yes never ends by itself: it writes until the reader of its pipe goes (SIGPIPE) or Ctrl+C.
 * Pipes here are not streams (just-bash runs a pipeline's commands one after the other), so
 * yes writes what its reader will take when the shell knows it (`yes | head -3`: see
 * programs/pipe-demand.ts), then ends as a writer to a closed pipe does (status 141, no
 * message); on the shell's own output (the terminal) it writes until Ctrl+C (130); elsewhere
 * (a pipe to a reader that reads everything, a file) it stops after PIPE_READ_AHEAD bytes as
 * if the reader had gone, so nothing waits forever on a pipe that cannot flow.
 */
import { defineCommand, type Command, type CommandContext, type ExecResult } from 'just-bash';
import { liveStreamsOf, pipeDemandOf, runsAsBusyboxApplet, sessionOf } from '../../command-context.ts';
import { pause } from '../../loop-yield.ts';
import { withBusyboxBanner } from '../busybox/banner.ts';
import { DEBIAN_BUSYBOX_VERSION } from '../busybox/debian-applets.ts';

/** What yes writes into a pipe whose reader's need is not known (a Linux pipe holds 64 KiB; this lets big pipelines work). */
export const PIPE_READ_AHEAD = 16 * 1024 * 1024;

/**
 * How much yes writes to the terminal at a time, and how long it waits after: a terminal takes
 * what it is given without pushing back, so yes keeps to a pace a terminal can show.
 */
const TERMINAL_CHUNK = 16 * 1024;
const TERMINAL_PAUSE_MS = 10;

/** Exit status of a process killed by SIGPIPE (128 + 13), as bash reports it. */
const SIGPIPE_STATUS = 141;

const GNU_HELP = `Usage: yes [STRING]...
  or:  yes OPTION
Repeatedly output a line with all specified STRING(s), or 'y'.

      --help        display this help and exit
      --version     output version information and exit

GNU coreutils online help: <https://www.gnu.org/software/coreutils/>
Report any translation bugs to <https://translationproject.org/team/>
Full documentation <https://www.gnu.org/software/coreutils/yes>
or available locally via: info '(coreutils) yes invocation'
`;

const GNU_VERSION = `yes (GNU coreutils) 9.1
Copyright (C) 2022 Free Software Foundation, Inc.
License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.
This is free software: you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.

Written by David MacKenzie.
`;

const BUSYBOX_USAGE = `BusyBox ${DEBIAN_BUSYBOX_VERSION} multi-call binary.

Usage: yes [STRING]

Repeatedly print a line with STRING, or 'y'
`;

export function yesCommand(): Command {
  return defineCommand('yes', async (args, ctx) => {
    const parsed = runsAsBusyboxApplet(ctx) ? busyboxArguments(args, ctx) : gnuArguments(args);
    if ('exitCode' in parsed) return parsed;
    return repeat(`${parsed.words.length > 0 ? parsed.words.join(' ') : 'y'}\n`, ctx);
  });
}

/**
 * coreutils' parse_gnu_standard_options_only with scan_all: getopt_long over all the arguments
 * (options may follow operands, `--` ends them) knowing only --help and --version, which may be
 * abbreviated; the operands are the words, in order.
 */
function gnuArguments(args: readonly string[]): { words: readonly string[] } | ExecResult {
  const usage = (message: string): ExecResult => ({ stdout: '', stderr: `yes: ${message}\nTry 'yes --help' for more information.\n`, exitCode: 1 });
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      words.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      words.push(arg);
      continue;
    }
    if (arg.startsWith('--')) {
      const [name, value] = arg.slice(2).split(/=(.*)/s) as [string, string | undefined];
      const matches = ['help', 'version'].filter((long) => long.startsWith(name));
      if (matches.length === 0) return usage(`unrecognized option '${arg}'`);
      if (matches.length > 1) return usage(`option '${arg}' is ambiguous; possibilities: '--help' '--version'`);
      if (value !== undefined) return usage(`option '--${matches[0]}' doesn't allow an argument`);
      return { stdout: matches[0] === 'help' ? GNU_HELP : GNU_VERSION, stderr: '', exitCode: 0 };
    }
    return usage(`invalid option -- '${arg[1]}'`);
  }
  return { words };
}

/** BusyBox's yes parses nothing; only the multi-call binary's own `--help` is an option. */
function busyboxArguments(args: readonly string[], ctx: object): { words: readonly string[] } | ExecResult {
  if (args[0] === '--help') return { stdout: '', stderr: withBusyboxBanner(BUSYBOX_USAGE, ctx), exitCode: 0 };
  return { words: args };
}

async function repeat(line: string, ctx: CommandContext): Promise<ExecResult> {
  const demand = pipeDemandOf(ctx);
  if (demand !== undefined) {
    // Exactly what the reader takes (whole lines), then the pipe is closed on yes.
    const lines = demand.unit === 'lines' ? demand.count : Math.ceil(demand.count / line.length);
    return { stdout: line.repeat(lines), stderr: '', exitCode: SIGPIPE_STATUS };
  }
  const session = sessionOf(ctx);
  if (session && liveStreamsOf(ctx).stdout) return repeatOnTerminal(line, ctx, session);
  return { stdout: line.repeat(Math.max(1, Math.floor(PIPE_READ_AHEAD / line.length))), stderr: '', exitCode: SIGPIPE_STATUS };
}

/** On the shell's own output: chunk after chunk, the event loop turning between them, until Ctrl+C. */
async function repeatOnTerminal(line: string, ctx: CommandContext, session: NonNullable<ReturnType<typeof sessionOf>>): Promise<ExecResult> {
  const chunk = new TextEncoder().encode(line.repeat(Math.max(1, Math.floor(TERMINAL_CHUNK / line.length))));
  let interrupted = false;
  const off = session.onInterrupt(() => (interrupted = true));
  try {
    while (!interrupted && !ctx.signal?.aborted) {
      session.terminal.stdout(chunk);
      await pause(TERMINAL_PAUSE_MS);
    }
  } finally {
    off();
  }
  return { stdout: '', stderr: '', exitCode: 130 };
}
