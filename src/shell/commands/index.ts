/**
 * Our commands, one folder each (flags and output format beside the code). They replace
 * just-bash's commands of the same name. Each factory takes what the command needs.
 */
import type { Command } from 'just-bash';

export interface CommandDeps {
  /** Reserved for shared services (the docker daemon, the clock…), added as commands need them. */
  readonly now?: () => number;
}

export function layerlabCommands(_deps: CommandDeps = {}): Command[] {
  return [
    // one line per command (or group of commands) — keep them sorted
  ];
}
