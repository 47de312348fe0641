/**
 * A shell with the `docker` command over a fresh daemon (bundled catalog from public/catalog,
 * clock pinned to FIXED_NOW), for running docker sessions the way a student types them.
 */
import { DockerDaemon } from '../../../src/engine/docker/daemon.ts';
import { dockerCommand } from '../../../src/shell/commands/docker/index.ts';
import { nodeCatalogFiles } from '../../../src/node/catalog-files.ts';
import { FIXED_NOW, runShell, type ShellRun } from '../../shell/support/run-shell.ts';
import type { ShellSession } from '../../../src/shell/session.ts';

export { FIXED_NOW };

/** The daemon's clock in tests: 2025-09-01T00:00:00Z, after every catalog image was built. */
export const DAEMON_NOW_MS = Date.UTC(2025, 8, 1);

export function newDaemon(nowMs: number = DAEMON_NOW_MS): DockerDaemon {
  return new DockerDaemon({ catalog: nodeCatalogFiles(), now: () => nowMs });
}

export async function runDocker(script: string, options: { daemon?: DockerDaemon; session?: ShellSession } = {}): Promise<ShellRun & { daemon: DockerDaemon }> {
  const daemon = options.daemon ?? newDaemon();
  const run = await runShell(script, { commands: [dockerCommand(daemon)], ...(options.session ? { session: options.session } : {}) });
  return { ...run, daemon };
}
