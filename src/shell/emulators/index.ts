/**
 * Programs that run inside containers as emulations: what a placeholder binary names
 * (`layerlab-program: redis-server`) is looked up here when it is not one of just-bash's
 * utilities or our commands. One folder per program. `sleep` and `tail` (which follows files
 * with -f) are among our commands (../commands/index.ts): the host has them too.
 */
import type { Command } from 'just-bash';
import { apkCommand } from './apk/apk.ts';
import { aptGetCommand } from './apt/apt-get.ts';
import { helloCommand } from './hello/hello.ts';
import { httpdCommand } from './httpd/httpd.ts';
import { idCommand, switchUserCommand, whoamiCommand } from './identity/identity.ts';
import { nginxCommand } from './nginx/nginx.ts';
import { pingCommand } from './ping/ping.ts';
import { redisServerCommand } from './redis/redis-server.ts';
import { goCommand } from './runtimes/go.ts';
import { nodeCommand } from './runtimes/node.ts';
import { python3Command } from './runtimes/python.ts';
import { dashCommand } from './shells/dash.ts';

export interface EmulatorDeps {
  /** The clock, in seconds. */
  readonly now?: () => number;
}

export function emulatedPrograms(deps: EmulatorDeps = {}): Command[] {
  return [
    // one line per program (or group) — keep them sorted
    apkCommand(),
    aptGetCommand('apt'),
    aptGetCommand('apt-get'),
    dashCommand(),
    goCommand(),
    switchUserCommand('gosu'),
    helloCommand(),
    httpdCommand(deps),
    idCommand(),
    nginxCommand(deps),
    nodeCommand(),
    pingCommand(),
    python3Command(),
    redisServerCommand(deps),
    switchUserCommand('su-exec'),
    whoamiCommand(),
  ];
}
