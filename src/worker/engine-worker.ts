/**
 * The module web worker that runs the engine, off the page's main thread. It is the only code
 * that calls the engine; the page talks to it through comlink (see engine-api.ts).
 */
import * as Comlink from 'comlink';
import { createEngineService } from './engine-service.ts';
import { createShellService } from './shell-service.ts';
import { createTransferService } from './transfer-service.ts';
import type { Workspaces } from './workspaces.ts';

// The shell runs in the same worker as the engine: one daemon, and archives the page opened
// (uploads go into the shown workspace: transfer-service.ts).
let workspaces: Workspaces | undefined;
const shell = createShellService({ started: (started) => (workspaces = started) });
Comlink.expose({ ...createEngineService(), ...shell, ...createTransferService(() => workspaces?.active) });
