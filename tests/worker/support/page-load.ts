/**
 * A page load in Node for the worker's tests: a fresh daemon, shell, SessionKeeper and transfer
 * service over a store standing in for IndexedDB, as src/worker/workspaces.ts puts them together.
 */
import { getCommandNames } from 'just-bash';
import { DockerDaemon } from '../../../src/engine/docker/daemon.ts';
import { nodeCatalogFiles } from '../../../src/node/catalog-files.ts';
import { layerlabCommands } from '../../../src/shell/commands/index.ts';
import { createShell } from '../../../src/shell/create-shell.ts';
import { SessionKeeper, type SessionStore } from '../../../src/worker/persistence.ts';
import type { Download } from '../../../src/worker/transfer-api.ts';
import { createTransferService, saveToComputer } from '../../../src/worker/transfer-service.ts';
import type { Workspace } from '../../../src/worker/workspaces.ts';
import { spoolToBlob } from '../../../src/worker/spool-blob.ts';
import { DAEMON_NOW_MS } from '../../docker/support/docker-shell.ts';
import { FIXED_NOW, runShell } from '../../shell/support/run-shell.ts';

/**
 * A Map standing in for IndexedDB: a Blob is kept as a Blob of the same bytes but not the same
 * object (IndexedDB gives back a Blob of its own copy), sliced, so no bytes are copied here.
 */
export class MemoryStore implements SessionStore {
  readonly data = new Map<string, unknown>();
  async get(key: string) {
    const value = this.data.get(key);
    return value instanceof Blob ? value : structuredClone(value);
  }
  async setMany(entries: [string, unknown][]) {
    for (const [key, value] of entries) this.data.set(key, value instanceof Blob ? value.slice(0, value.size, value.type) : structuredClone(value));
  }
  async delMany(keys: string[]) {
    for (const key of keys) this.data.delete(key);
  }
  async keys() {
    return [...this.data.keys()];
  }
  async clear() {
    this.data.clear();
  }
}

/** The daemon as src/worker/workspaces.ts makes it (a compressed archive loaded is spooled into a Blob), on a fixed clock. */
export function pageDaemon(): DockerDaemon {
  return new DockerDaemon({ catalog: nodeCatalogFiles(), now: () => DAEMON_NOW_MS, spool: spoolToBlob });
}

/** A page load: a fresh daemon, shell and transfer service on `store`; downloads land in `downloads`. */
export async function pageLoad(store: MemoryStore, daemon: DockerDaemon = pageDaemon()) {
  const downloads: Download[] = [];
  const port = { stdout() {}, stderr() {}, readLine: async () => null, exited() {}, download: (d: Download) => void downloads.push(d) };
  const commands = layerlabCommands({ docker: daemon, saveToComputer: (content, name) => saveToComputer(port, content, name) });
  const reports: string[] = [];
  const keeper = new SessionKeeper({ store, daemon, programs: [...getCommandNames(), 'docker', 'download'], report: (line) => reports.push(line) });
  const fs = await keeper.restore();
  const session = await createShell({ terminal: { stdout: () => {}, stderr: () => {} }, commands, now: () => FIXED_NOW, ...(fs ? { fs } : {}) });
  keeper.keep(session.fs);
  const workspace = { name: 'playground', session, docker: daemon, keeper } as unknown as Workspace;
  const transfer = createTransferService(() => workspace);
  const run = (script: string) => runShell(script, { session });
  return { daemon, keeper, reports, run, transfer, downloads };
}
