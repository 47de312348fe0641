/**
 * Everything the worker does, loaded by engine-worker.ts after the terminal's first prompt is
 * up: the engine (archives the page opens), the shell beside it, the explorer, and uploads and
 * downloads (transfer-service.ts), which reach the workspace the terminal shows.
 */
import type { EngineApi } from './engine-api.ts';
import { createEngineService } from './engine-service.ts';
import type { ExplorerApi } from './explorer-api.ts';
import { createExplorerService } from './explorer-service.ts';
import type { ShellApi } from './shell-api.ts';
import { createShellService } from './shell-service.ts';
import type { TransferApi } from './transfer-api.ts';
import { createTransferService } from './transfer-service.ts';
import type { Workspaces } from './workspaces.ts';

export function createServices(): EngineApi & ShellApi & ExplorerApi & TransferApi {
  // The shell runs in the same worker as the engine: one daemon, and archives the page opened;
  // the explorer follows the daemon the terminal shows.
  const explorer = createExplorerService();
  let workspaces: Workspaces | undefined;
  const shell = createShellService({ explorer: explorer.hooks, started: (started) => (workspaces = started) });
  // An upload can come as soon as the early prompt shows: it waits until the shell's first
  // workspace is shown (or failed to start, and the upload says the shell has not started).
  let shellStarted!: () => void;
  const started = new Promise<void>((resolve) => (shellStarted = resolve));
  const startShell: ShellApi['startShell'] = (terminal, workspace) => shell.startShell(terminal, workspace).finally(shellStarted);
  const transfers = createTransferService(async () => (await started, workspaces?.active));
  return { ...createEngineService(), ...shell, startShell, ...explorer.api, ...transfers };
}
