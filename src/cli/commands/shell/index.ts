import { createInterface } from 'node:readline';
import { defineCommand } from '../../command.ts';
import { createPlaygroundShell } from '../../../node/playground-shell.ts';
import type { ShellSession } from '../../../shell/session.ts';
import { StatementReader } from '../../../shell/statement-reader.ts';
import { processIo } from '../../node-io.ts';

/**
 * `layerlab shell`: the playground's shell in a real terminal. With standard input not a
 * terminal it reads it as a script the way `bash -s` does — statement by statement, each
 * one's output before the next runs — and exits with the last status.
 */
export const shellCommand = defineCommand({
  name: 'shell',
  usage: 'shell [< SCRIPT]',
  summary: 'Run the playground shell (docker, tar…) in this terminal, or a script from stdin',
  options: {},
  positionals: { min: 0, max: 0 },
  async run() {
    const session = await createPlaygroundShell({
      stdout: (bytes) => processIo.stdout(bytes),
      stderr: (bytes) => processIo.stderr(Buffer.from(bytes).toString('utf8')),
    });
    return process.stdin.isTTY ? interactive(session) : script(session);
  },
});

async function script(session: ShellSession): Promise<number> {
  const reader = new StatementReader();
  let status = 0;
  const lines = (await readAll(process.stdin)).replace(/\n$/, '').split('\n');
  for (const line of lines) {
    const statement = reader.push(line);
    if (statement !== undefined) status = await session.run(statement);
    if (session.exited !== undefined) return session.exited;
  }
  const rest = reader.end();
  if (rest !== undefined) status = await session.run(rest);
  return session.exited ?? (await session.close());
}

function interactive(session: ShellSession): Promise<number> {
  const reader = new StatementReader();
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true, historySize: 1000 });
  let running = false;
  const prompt = () => {
    const home = session.env.HOME ?? '/root';
    const cwd = session.cwd === home ? '~' : session.cwd.startsWith(`${home}/`) ? `~${session.cwd.slice(home.length)}` : session.cwd;
    rl.setPrompt(reader.continuing ? '> ' : `root@${session.env.HOSTNAME ?? 'layerlab'}:${cwd}# `);
    rl.prompt();
  };
  rl.on('SIGINT', () => {
    if (running) {
      session.interrupt();
      return;
    }
    // As bash: drop the line (and any open statement) and start over.
    reader.end();
    process.stdout.write('^C\n');
    prompt();
  });
  return new Promise<number>((resolve) => {
    rl.on('close', () => {
      process.stdout.write('exit\n');
      void session.close().then(resolve);
    });
    (async () => {
      prompt();
      for await (const line of rl) {
        const statement = reader.push(line);
        if (statement !== undefined) {
          running = true;
          await session.run(statement);
          running = false;
          if (session.exited !== undefined) {
            rl.removeAllListeners('close');
            rl.close();
            resolve(session.exited);
            return;
          }
        }
        prompt();
      }
    })();
  });
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
