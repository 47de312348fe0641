/**
 * The module web worker that runs the engine, off the page's main thread. It is the only code
 * that calls the engine; the page talks to it through comlink (see engine-api.ts).
 */
import * as Comlink from 'comlink';
import { createEngineService } from './engine-service.ts';
import { createExplorerService } from './explorer-service.ts';
import { createShellService } from './shell-service.ts';

// The shell runs in the same worker as the engine: one daemon, and archives the page opened;
// the explorer follows the daemon the terminal shows.
const explorer = createExplorerService();
Comlink.expose({ ...createEngineService(), ...createShellService({ explorer: explorer.hooks }), ...explorer.api });
