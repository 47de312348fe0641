/**
 * The playground shell as Node runs it (`layerlab shell`, tests): the same session as the
 * page's, with our commands, a Docker daemon and the Node adapters they need.
 */
import { DockerDaemon } from '../engine/docker/daemon.ts';
import type { DockerReleaseName } from '../engine/docker/release.ts';
import { layerlabCommands, layerlabCompleters } from '../shell/commands/index.ts';
import { createShell } from '../shell/create-shell.ts';
import type { ShellSession, ShellTerminal } from '../shell/session.ts';
import { nodeCatalogFiles } from './catalog-files.ts';

export interface PlaygroundShellOptions {
  /** The clock in seconds (tests pin it); the daemon's clock follows it. */
  now?: () => number;
  /** Share a daemon between shells (as the page's terminals do). */
  docker?: DockerDaemon;
  /** Container IDs (64 hex digits) in order: tests pin them; random otherwise. */
  containerIds?: () => string;
  /** The Docker release the daemon imitates (a lesson's front matter); 27 by default. */
  release?: DockerReleaseName;
}

export async function createPlaygroundShell(terminal: ShellTerminal, options: PlaygroundShellOptions = {}): Promise<ShellSession> {
  const now = options.now;
  const docker =
    options.docker ??
    new DockerDaemon({
      catalog: nodeCatalogFiles(),
      ...(now ? { now: () => now() * 1000 } : {}),
      ...(options.containerIds ? { containerIds: options.containerIds } : {}),
      ...(options.release ? { release: options.release } : {}),
    });
  return createShell({ terminal, commands: layerlabCommands({ docker, ...(now ? { now } : {}) }), completers: layerlabCompleters({ docker }), ...(now ? { now } : {}) });
}
