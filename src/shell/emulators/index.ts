/**
 * Programs that run inside containers (and on the host) as emulations: what a placeholder
 * binary names (`layerlab-program: redis-server`) is looked up here when it is not one of
 * just-bash's utilities or our commands. One folder per program.
 */
import type { Command } from 'just-bash';

export interface EmulatorDeps {
  /** The clock, in seconds. */
  readonly now?: () => number;
}

export function emulatedPrograms(_deps: EmulatorDeps = {}): Command[] {
  return [
    // one line per program (or group) — keep them sorted
  ];
}
