import * as Comlink from 'comlink';
import type { EngineApi } from '../worker/engine-api.ts';
import type { ExplorerApi } from '../worker/explorer-api.ts';
import type { ShellApi, ShellLoading } from '../worker/shell-api.ts';
import type { TransferApi } from '../worker/transfer-api.ts';

/** Everything the worker answers (engine-worker.ts): the archive panel's engine, the terminal's shell, the explorer, uploads and downloads. */
export type WorkerApi = EngineApi & ShellApi & ShellLoading & ExplorerApi & TransferApi;

/**
 * The page's handle on the engine worker. One worker for the page's lifetime: it keeps the open
 * archive (a reference to the user's File) between calls, so verification and analysis never
 * re-read what listing already indexed.
 */
export function startEngine(): Comlink.Remote<WorkerApi> {
  // The production page starts it from index.html's head, before its scripts load (vite.config.ts).
  const early = (globalThis as { __layerlabEngine?: Worker }).__layerlabEngine;
  const worker = early ?? new Worker(new URL('../worker/engine-worker.ts', import.meta.url), { type: 'module', name: 'layerlab-engine' });
  return Comlink.wrap<WorkerApi>(worker);
}

/** The one line to show for a failed call (the worker already reduced it to one line). */
export function failureLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n', 1)[0] || 'something went wrong';
}
