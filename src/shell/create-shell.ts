/**
 * A ready-to-use shell: the host filesystem, the environment a root login has, just-bash's
 * utilities and our commands. The terminal in the page and `layerlab shell` both start here.
 */
import { getCommandNames, type Command } from 'just-bash';
import { createHostFs, HOST_HOME, HOST_NAME, HOST_PATH } from './host-fs.ts';
import { ShellSession, type ShellTerminal } from './session.ts';

export interface CreateShellOptions {
  terminal: ShellTerminal;
  /** Our commands; each replaces just-bash's command of the same name. */
  commands?: readonly Command[];
  /** The clock for file mtimes, in seconds (tests fix it). */
  now?: () => number;
}

export async function createShell(options: CreateShellOptions): Promise<ShellSession> {
  const commands = options.commands ?? [];
  const fs = await createHostFs({
    programs: [...getCommandNames(), ...commands.map((command) => command.name)],
    ...(options.now ? { now: options.now } : {}),
  });
  return new ShellSession({
    fs,
    terminal: options.terminal,
    cwd: HOST_HOME,
    env: {
      HOME: HOST_HOME,
      USER: 'root',
      LOGNAME: 'root',
      HOSTNAME: HOST_NAME,
      PATH: HOST_PATH,
      SHELL: '/bin/bash',
      TERM: 'xterm-256color',
      LANG: 'C.UTF-8',
    },
    commands,
  });
}
