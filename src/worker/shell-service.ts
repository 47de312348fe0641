/**
 * The playground's shell in the worker, beside the engine. The terminal shows one workspace at
 * a time (workspaces.ts): the student's playground, or a lesson's own machine. The student's
 * files, images, containers and registry are kept in the browser across reloads
 * (persistence.ts), per workspace: restored before the first prompt, saved after statements and
 * when the page is hidden.
 */
import { applyCompletion, formatCompletionList } from '../shell/completion.ts';
import { fetchCatalogFiles } from './catalog-files.ts';
import type { ExplorerHooks } from './explorer-service.ts';
import { claimSession, DATABASE_NAME, deleteSessionDatabases, indexedDbSessionStore, type SessionStore } from './persistence.ts';
import type { ShellApi, TerminalPort, WorkspaceSpec } from './shell-api.ts';
import { PLAYGROUND, Workspaces } from './workspaces.ts';

export interface ShellServiceOptions {
  /** Where a workspace's session is kept; the browser's IndexedDB by default (one database each). */
  storeFor?: (workspace: string) => SessionStore;
  /** Whether this page keeps the session (no other tab does); the session Web Lock by default. */
  claimSession?: () => Promise<boolean>;
  /** The page's explorer, which follows the daemon the terminal shows (explorer-service.ts). */
  explorer?: ExplorerHooks;
  /** Hears of the workspaces once the shell starts (uploads and downloads reach the shown one: transfer-service.ts). */
  started?: (workspaces: Workspaces) => void;
}

/** The playground keeps the database it always had; a lesson's machine gets its own. */
export function workspaceDatabase(workspace: string): string {
  return workspace === PLAYGROUND ? DATABASE_NAME : `${DATABASE_NAME}:${workspace}`;
}

export function createShellService(options: ShellServiceOptions = {}): ShellApi {
  const storeFor = options.storeFor ?? ((name: string) => indexedDbSessionStore(workspaceDatabase(name)));
  let workspaces: Workspaces | undefined;
  let port: TerminalPort | undefined;
  // The terminal says its width as soon as it opens, before the shell starts.
  let columns = 80;
  const decoder = new TextDecoder();
  const shown = () => {
    const workspace = workspaces?.active;
    if (!workspace) throw new Error('no shell is running yet');
    return workspace;
  };
  const open = async (spec: WorkspaceSpec) => {
    if (!workspaces || !port) throw new Error('the shell has not started');
    return { fresh: (await workspaces.attach(port, spec)).fresh };
  };
  return {
    async startShell(terminal: TerminalPort, workspace: WorkspaceSpec = { name: PLAYGROUND }) {
      port = terminal;
      workspaces = new Workspaces({
        catalog: fetchCatalogFiles(),
        storeFor,
        keepsSessions: (options.claimSession ?? claimSession)().catch(() => true),
        ...(options.explorer ? { explorer: options.explorer } : {}),
      });
      workspaces.resize(columns);
      options.started?.(workspaces);
      return open(workspace);
    },
    openWorkspace: open,
    async resetWorkspace(spec: WorkspaceSpec) {
      await workspaces?.discard(spec.name);
      return open(spec);
    },
    async runScript(script: string) {
      const { session } = shown();
      const result = await session.execProgram(['bash', '-c', script], { cwd: session.env.HOME ?? '/root' });
      return { status: result.exitCode, output: decoder.decode(result.stdout) + decoder.decode(result.stderr) };
    },
    async writeFile(path: string, bytes: Uint8Array) {
      const { session } = shown();
      await session.fs.mkdir(path.slice(0, path.lastIndexOf('/')) || '/', { recursive: true });
      await session.fs.writeFile(path, bytes);
    },
    interruptShell() {
      workspaces?.active?.session.interrupt();
    },
    resizeShell(width: number) {
      if (!Number.isInteger(width) || width <= 0) return;
      columns = width;
      workspaces?.resize(width);
    },
    async completeLine(line: string, cursor: number, secondTab: boolean) {
      const session = workspaces?.active?.session;
      if (!session) return { line, cursor, beep: true };
      const result = applyCompletion(line, await session.complete(line, cursor), secondTab);
      const { list, ...rest } = result;
      return list ? { ...rest, list: { count: list.length, text: formatCompletionList(list, workspaces!.width) } } : rest;
    },
    async saveWork() {
      await Promise.all((workspaces?.all() ?? []).map((workspace) => workspace.keeper.saveNow()));
    },
    async forgetSavedWork() {
      await Promise.all((workspaces?.all() ?? []).map((workspace) => workspace.keeper.forget()));
      // Lessons' machines that are not running are kept in databases of their own.
      if (!options.storeFor) await deleteSessionDatabases();
      else await storeFor(PLAYGROUND).clear();
    },
  };
}
