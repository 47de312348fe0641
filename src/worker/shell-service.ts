/**
 * The playground's shell in the worker, beside the engine: one Docker daemon for the page
 * (catalog fetched from the site), and a shell per terminal that starts. The student's files,
 * images, containers and registry are kept in the browser across reloads (persistence.ts):
 * restored before the first prompt, saved after statements and when the page is hidden.
 */
import { DockerDaemon } from '../engine/docker/daemon.ts';
import { errorLine } from '../engine/errors.ts';
import { layerlabCommands, layerlabCompleters } from '../shell/commands/index.ts';
import { applyCompletion, formatCompletionList } from '../shell/completion.ts';
import { createShell, shellProgramNames } from '../shell/create-shell.ts';
import { runRepl } from '../shell/repl.ts';
import type { ShellSession } from '../shell/session.ts';
import { fetchCatalogFiles } from './catalog-files.ts';
import { claimSession, indexedDbSessionStore, SessionKeeper, type SessionStore } from './persistence.ts';
import type { ShellApi, TerminalPort } from './shell-api.ts';

export interface ShellServiceOptions {
  /** Where the session is kept; the browser's IndexedDB by default. */
  store?: SessionStore;
  /** Whether this page keeps the session (no other tab does); the session Web Lock by default. */
  claimSession?: () => Promise<boolean>;
}

export function createShellService(options: ShellServiceOptions = {}): ShellApi {
  const docker = new DockerDaemon({ catalog: fetchCatalogFiles() });
  const commands = layerlabCommands({ docker });
  const encoder = new TextEncoder();
  let session: ShellSession | undefined;
  let keeper: SessionKeeper | undefined;
  let columns = 80;
  return {
    async startShell(terminal: TerminalPort) {
      // Lines about saving wait for the next prompt rather than break into the line being typed.
      const pendingLines: string[] = [];
      keeper = new SessionKeeper({
        store: options.store ?? indexedDbSessionStore(),
        daemon: docker,
        programs: shellProgramNames(commands),
        report: (line) => pendingLines.push(line),
      });
      const [fs, sole] = await Promise.all([keeper.restore(), (options.claimSession ?? claimSession)().catch(() => true)]);
      if (!sole) keeper.stopSaving();
      const keep = keeper;
      session = await createShell({
        terminal: {
          stdout: (bytes) => terminal.stdout(bytes),
          stderr: (bytes) => terminal.stderr(bytes),
          columns: () => columns,
          readLine: (prompt) => {
            // The shell asks for a line when the statement before is done: time to save.
            keep.statementDone();
            for (const line of pendingLines.splice(0)) terminal.stderr(encoder.encode(`${line}\n`));
            return terminal.readLine(prompt);
          },
        },
        commands,
        completers: layerlabCompleters({ docker }),
        ...(fs ? { fs } : {}),
      });
      keeper.keep(session.fs);
      const shell = session;
      void runRepl(shell).then(
        (status) => terminal.exited(status),
        (err: unknown) => {
          // Never a stack trace in the terminal: one line, and the shell is over.
          terminal.stderr(encoder.encode(`layerlab: ${errorLine(err)}\n`));
          terminal.exited(1);
        },
      );
    },
    interruptShell() {
      session?.interrupt();
    },
    resizeShell(width: number) {
      if (Number.isInteger(width) && width > 0) columns = width;
    },
    async completeLine(line: string, cursor: number, secondTab: boolean) {
      if (!session) return { line, cursor, beep: true };
      const result = applyCompletion(line, await session.complete(line, cursor), secondTab);
      const { list, ...rest } = result;
      return list ? { ...rest, list: { count: list.length, text: formatCompletionList(list, columns) } } : rest;
    },
    async saveWork() {
      await keeper?.saveNow();
    },
    async forgetSavedWork() {
      await keeper?.forget();
    },
  };
}
