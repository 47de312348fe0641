/**
 * Programs that run inside containers (and on the host) as emulations: what a placeholder
 * binary names (`layerlab-program: redis-server`) is looked up here when it is not one of
 * just-bash's utilities or our commands. One folder per program.
 */
import type { Command } from 'just-bash';
import { aptGetCommand } from './apt/apt-get.ts';
import { helloCommand } from './hello/hello.ts';
import { idCommand, switchUserCommand, whoamiCommand } from './identity/identity.ts';
import { nginxCommand } from './nginx/nginx.ts';
import { redisServerCommand } from './redis/redis-server.ts';
import { dashCommand } from './shells/dash.ts';
import { sleepCommand } from './sleep/sleep.ts';
import { tailCommand } from './tail/tail.ts';
import { pingCommand } from './ping/ping.ts';

export interface EmulatorDeps {
  /** The clock, in seconds. */
  readonly now?: () => number;
}

export function emulatedPrograms(deps: EmulatorDeps = {}): Command[] {
  return [
    // one line per program (or group) — keep them sorted
    aptGetCommand('apt'),
    aptGetCommand('apt-get'),
    dashCommand(),
    switchUserCommand('gosu'),
    helloCommand(),
    idCommand(),
    nginxCommand(deps),
    pingCommand(),
    redisServerCommand(deps),
    sleepCommand(),
    switchUserCommand('su-exec'),
    tailCommand(),
    whoamiCommand(),
  ];
}
