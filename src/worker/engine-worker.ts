/**
 * The module web worker that runs the engine, off the page's main thread. It is the only code
 * that calls the engine; the page talks to it through comlink (see engine-api.ts).
 *
 * This entry is small on purpose: the engine and the shell (services.ts, with just-bash) load
 * as chunks of their own once the terminal shows its first prompt (early-prompt.ts); every call
 * waits for them.
 */
import * as Comlink from 'comlink';
import type { EngineApi } from './engine-api.ts';
import type { ExplorerApi } from './explorer-api.ts';
import { withEarlyPrompt } from './early-prompt.ts';
import type { ShellApi, TerminalPort, WorkspaceSpec } from './shell-api.ts';
import type { TransferApi } from './transfer-api.ts';

type WorkerApi = EngineApi & ShellApi & ExplorerApi & TransferApi;

/** Loaded once the terminal shows its first prompt (see `firstPromptShown` below). */
let loaded: Promise<WorkerApi> | undefined;
const services = (): Promise<WorkerApi> => (loaded ??= import('./services.ts').then((module) => module.createServices()));

/**
 * The services chunk is fetched once the page says the early prompt is on screen (or a line was
 * entered at it, which the shell must run): its download and compiling would otherwise compete
 * with what the prompt needs, on the page's network and the machine's cores. Other calls (the
 * explorer's subscription comes as the page mounts) wait for the same.
 */
let promptShown!: () => void;
const firstPromptShown = new Promise<void>((resolve) => (promptShown = resolve));
const servicesAfterPrompt = (): Promise<WorkerApi> => firstPromptShown.then(services);

const api = new Proxy({} as WorkerApi, {
  get(_target, name) {
    if (typeof name !== 'string') return undefined;
    if (name === 'firstPromptShown') return () => promptShown();
    if (name === 'startShell') {
      return (terminal: TerminalPort, workspace?: WorkspaceSpec) => {
        const port = withEarlyPrompt(terminal);
        void port.lineEntered.then(() => promptShown());
        return servicesAfterPrompt().then((service) => service.startShell(port, workspace));
      };
    }
    return (...args: unknown[]) => servicesAfterPrompt().then((service) => (service[name as keyof WorkerApi] as (...a: unknown[]) => unknown)(...args));
  },
});

Comlink.expose(api);
