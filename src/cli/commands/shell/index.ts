import { createInterface } from 'node:readline';
import { defineCliCommand } from '../../command.ts';
import { DOCKER_RELEASE_VARIABLE } from '../../../engine/docker/release.ts';
import { createPlaygroundShell } from '../../../node/playground-shell.ts';
import { INTERRUPT_LINE, runRepl } from '../../../shell/repl.ts';
import type { ShellSession, ShellTerminal } from '../../../shell/session.ts';
import { processIo } from '../../node-io.ts';

/**
 * `layerlab shell`: the playground's shell in a real terminal. With standard input not a
 * terminal it reads it as a script the way `bash -s` does — statement by statement, each
 * one's output before the next runs, no prompts — and exits with the last status. A
 * `docker run -it` inside reads the following lines, as it would read the terminal.
 */
export const shellCommand = defineCliCommand({
  name: 'shell',
  usage: 'shell [< SCRIPT]',
  summary: 'Run the playground shell (docker, tar…) in this terminal, or a script from stdin',
  options: {},
  positionals: { min: 0, max: 0 },
  async run() {
    const output: Pick<ShellTerminal, 'stdout' | 'stderr' | 'columns' | 'ttys'> = {
      stdout: (bytes) => processIo.stdout(bytes),
      stderr: (bytes) => processIo.stderr(Buffer.from(bytes).toString('utf8')),
      // What programs see of this process's own stdout and stderr (`ls` into a file prints one name per line).
      columns: () => process.stdout.columns ?? 80,
      ttys: { stdout: process.stdout.isTTY === true, stderr: process.stderr.isTTY === true },
    };
    const status = process.stdin.isTTY ? await interactive(output) : await script(output);
    return endWithShell(status);
  },
});

async function script(output: Pick<ShellTerminal, 'stdout' | 'stderr' | 'columns' | 'ttys'>): Promise<number> {
  const lines = (await readAll(process.stdin)).replace(/\n$/, '').split('\n');
  let next = 0;
  // A script, as `bash -s` reads one: not interactive (`set` shows no PS1, no history variables).
  const session = await createPlaygroundShell({ ...output, interactive: false, readLine: async () => (next < lines.length ? lines[next++]! : null) });
  inheritDockerRelease(session);
  return runRepl(session);
}

/**
 * `LAYERLAB_DOCKER_VERSION=20.10 layerlab shell`: the shell starts with the setting, as a lesson's
 * front matter starts the page's (workspaces.ts), so `docker` imitates that release from the
 * first line. The rest of this process's environment stays out: the playground is its own machine.
 * An unknown value is refused by `docker` itself, in its words (release-setting.ts).
 */
function inheritDockerRelease(session: ShellSession): void {
  const release = process.env[DOCKER_RELEASE_VARIABLE];
  if (release !== undefined && release !== '') session.setVariable(DOCKER_RELEASE_VARIABLE, release);
}

/**
 * The shell is over (end of its script, `exit`, Ctrl+D): so is the process, as a docker client
 * ends while the daemon keeps its containers. The daemon lives in this process, so what it
 * still runs (`docker run -d busybox sleep 3600`) would keep Node waiting on its timers: the
 * process exits now. Output is written synchronously (node-io.ts), so none is lost.
 */
function endWithShell(status: number): never {
  process.exit(status);
}

async function interactive(output: Pick<ShellTerminal, 'stdout' | 'stderr' | 'columns' | 'ttys'>): Promise<number> {
  let session: ShellSession | undefined;
  // Tab completion by the shell (src/shell/completion.ts); readline lists the choices and completes their common prefix.
  const completer = (line: string, callback: (err: null, result: [string[], string]) => void) => {
    if (!session) return callback(null, [[], line]);
    void session.complete(line, line.length).then(
      ({ start, end, items }) => callback(null, [items.map((item) => item.insert + (items.length === 1 && !item.directory ? ' ' : '')), line.slice(start, end)]),
      () => callback(null, [[], line]),
    );
  };
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true, historySize: 1000, completer });
  const typedAhead: string[] = [];
  let waiting: ((line: string | null) => void) | undefined;
  let closed = false;
  rl.on('line', (line) => {
    if (waiting) {
      const resolve = waiting;
      waiting = undefined;
      resolve(line);
    } else typedAhead.push(line);
  });
  rl.on('SIGINT', () => {
    if (waiting) {
      // At the prompt: bash shows ^C, drops the line and starts over (readline keeps its
      // line in `line`/`cursor`; emptying them quietly avoids a redraw of the old prompt).
      process.stdout.write('^C\n');
      Object.assign(rl, { line: '', cursor: 0 });
      const resolve = waiting;
      waiting = undefined;
      resolve(INTERRUPT_LINE);
    } else {
      // A tty echoes ^C (readline's raw mode does not); the shell then starts a new line.
      process.stdout.write('^C');
      session?.interrupt();
    }
  });
  rl.on('close', () => {
    closed = true;
    process.stdout.write('exit\n');
    waiting?.(null);
    waiting = undefined;
  });
  session = await createPlaygroundShell({
    ...output,
    readLine(prompt) {
      if (closed) return Promise.resolve(null);
      rl.setPrompt(prompt);
      rl.prompt();
      if (typedAhead.length > 0) return Promise.resolve(typedAhead.shift()!);
      return new Promise((resolve) => (waiting = resolve));
    },
  });
  inheritDockerRelease(session);
  const status = await runRepl(session);
  rl.removeAllListeners('close');
  rl.close();
  return status;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
