/**
 * A ready-to-use shell: the host filesystem, the environment a root login has, just-bash's
 * utilities and our commands. The terminal in the page and `layerlab shell` both start here.
 */
import type { ArgumentCompleter } from './completion.ts';
import { getCommandNames, type Command } from 'just-bash';
import { createHostFs, HOST_HOME, HOST_NAME, HOST_PATH } from './host-fs.ts';
import { ShellSession, type ShellTerminal } from './session.ts';
import type { ShellFs } from './shell-fs.ts';

export interface CreateShellOptions {
  terminal: ShellTerminal;
  /** Our commands; each replaces just-bash's command of the same name. */
  commands?: readonly Command[];
  /** The clock for file mtimes, in seconds (tests fix it). */
  now?: () => number;
  /** The host filesystem, when it is not a fresh one (the page restores the student's). */
  fs?: ShellFs;
  /** Programs' own Tab completion (see completion.ts). */
  completers?: ReadonlyMap<string, ArgumentCompleter>;
}

/** Every program the shell runs: just-bash's utilities and our commands. */
export function shellProgramNames(commands: readonly Command[]): string[] {
  return [...getCommandNames(), ...commands.map((command) => command.name)];
}


/** The host shell's environment, as a login shell on the playground's machine has it. */
export const HOST_ENVIRONMENT: Readonly<Record<string, string>> = {
  HOME: HOST_HOME,
  USER: 'root',
  LOGNAME: 'root',
  HOSTNAME: HOST_NAME,
  PATH: HOST_PATH,
  SHELL: '/bin/bash',
  TERM: 'xterm-256color',
  LANG: 'C.UTF-8',
  // A login shell's: bash counts itself in (variables.c, adjust_shell_level).
  SHLVL: '1',
};

export async function createShell(options: CreateShellOptions): Promise<ShellSession> {
  const commands = options.commands ?? [];
  const fs =
    options.fs ??
    (await createHostFs({
      programs: shellProgramNames(commands),
      ...(options.now ? { now: options.now } : {}),
    }));
  return new ShellSession({
    fs,
    terminal: options.terminal,
    ...(options.completers ? { completers: options.completers } : {}),
    cwd: HOST_HOME,
    env: { ...HOST_ENVIRONMENT },
    commands,
  });
}
