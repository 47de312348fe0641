/**
 * The module web worker that runs the engine, off the page's main thread. It is the only code
 * that calls the engine; the page talks to it through comlink (see engine-api.ts).
 *
 * This entry is small on purpose: the engine and the shell (services.ts, with just-bash) load
 * as chunks of their own while the terminal already shows its first prompt (early-prompt.ts);
 * every call waits for them.
 */
import * as Comlink from 'comlink';
import type { EngineApi } from './engine-api.ts';
import type { ExplorerApi } from './explorer-api.ts';
import { withEarlyPrompt } from './early-prompt.ts';
import type { ShellApi, TerminalPort, WorkspaceSpec } from './shell-api.ts';
import type { TransferApi } from './transfer-api.ts';

type WorkerApi = EngineApi & ShellApi & ExplorerApi & TransferApi;

/**
 * Loaded on the first call, which is the page's startShell once its terminal is up: its first
 * prompt is sent before this chunk is fetched and compiled (which would hold this thread).
 */
let loaded: Promise<WorkerApi> | undefined;
const services = (): Promise<WorkerApi> => (loaded ??= import('./services.ts').then((module) => module.createServices()));

/**
 * Other calls (the explorer's subscription comes as the page mounts) wait for startShell, so the
 * services chunk is never being compiled when the first prompt is due.
 */
let shellAsked!: () => void;
const shellStarting = new Promise<void>((resolve) => (shellAsked = resolve));

const api = new Proxy({} as WorkerApi, {
  get(_target, name) {
    if (typeof name !== 'string') return undefined;
    if (name === 'startShell') {
      return (terminal: TerminalPort, workspace?: WorkspaceSpec) => {
        shellAsked();
        const port = withEarlyPrompt(terminal);
        return services().then((service) => service.startShell(port, workspace));
      };
    }
    return (...args: unknown[]) => shellStarting.then(services).then((service) => (service[name as keyof WorkerApi] as (...a: unknown[]) => unknown)(...args));
  },
});

Comlink.expose(api);
