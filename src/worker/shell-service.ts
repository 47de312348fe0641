/**
 * The playground's shell in the worker, beside the engine: one Docker daemon for the page
 * (catalog fetched from the site), and a shell per terminal that starts.
 */
import { DockerDaemon } from '../engine/docker/daemon.ts';
import { errorLine } from '../engine/errors.ts';
import { layerlabCommands } from '../shell/commands/index.ts';
import { createShell } from '../shell/create-shell.ts';
import { runRepl } from '../shell/repl.ts';
import type { ShellSession } from '../shell/session.ts';
import { fetchCatalogFiles } from './catalog-files.ts';
import type { ShellApi, TerminalPort } from './shell-api.ts';

export function createShellService(): ShellApi {
  const docker = new DockerDaemon({ catalog: fetchCatalogFiles() });
  let session: ShellSession | undefined;
  return {
    async startShell(terminal: TerminalPort) {
      session = await createShell({
        terminal: {
          stdout: (bytes) => terminal.stdout(bytes),
          stderr: (bytes) => terminal.stderr(bytes),
          readLine: (prompt) => terminal.readLine(prompt),
        },
        commands: layerlabCommands({ docker }),
      });
      const shell = session;
      void runRepl(shell).then(
        (status) => terminal.exited(status),
        (err: unknown) => {
          // Never a stack trace in the terminal: one line, and the shell is over.
          terminal.stderr(new TextEncoder().encode(`layerlab: ${errorLine(err)}\n`));
          terminal.exited(1);
        },
      );
    },
    interruptShell() {
      session?.interrupt();
    },
  };
}
