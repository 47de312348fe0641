/**
 * Everything the worker does, loaded by engine-worker.ts after the terminal's first prompt is
 * up: the engine (archives the page opens) and the shell beside it.
 */
import type { EngineApi } from './engine-api.ts';
import { createEngineService } from './engine-service.ts';
import type { ExplorerApi } from './explorer-api.ts';
import { createExplorerService } from './explorer-service.ts';
import type { ShellApi } from './shell-api.ts';
import { createShellService } from './shell-service.ts';

export function createServices(): EngineApi & ShellApi & ExplorerApi {
  // The shell runs in the same worker as the engine: one daemon, and archives the page opened;
  // the explorer follows the daemon the terminal shows.
  const explorer = createExplorerService();
  return { ...createEngineService(), ...createShellService({ explorer: explorer.hooks }), ...explorer.api };
}
