/**
 * Runs a script in a fresh shell the way `layerlab shell < script` does (statement by
 * statement) and returns what the terminal showed: stdout and stderr apart, and both
 * interleaved as a terminal would show them.
 */
import type { Command } from 'just-bash';
import { createShell } from '../../../src/shell/create-shell.ts';
import type { ShellSession } from '../../../src/shell/session.ts';
import { StatementReader } from '../../../src/shell/statement-reader.ts';

export interface ShellRun {
  stdout: string;
  stderr: string;
  /** stdout and stderr in the order they were written. */
  terminal: string;
  /** Raw stdout bytes (for binary output). */
  stdoutBytes: Uint8Array;
  status: number;
  session: ShellSession;
}

/** A fixed clock (2024-01-02 03:04:05 UTC) so listings with dates are reproducible. */
export const FIXED_NOW = 1704164645;

export async function runShell(script: string, options: { commands?: Command[]; session?: ShellSession; now?: () => number } = {}): Promise<ShellRun> {
  const out: Uint8Array[] = [];
  const err: Uint8Array[] = [];
  const both: Uint8Array[] = [];
  const session =
    options.session ??
    (await createShell({
      terminal: { stdout: () => {}, stderr: () => {} },
      commands: options.commands ?? [],
      now: options.now ?? (() => FIXED_NOW),
    }));
  const lines = script.replace(/\n$/, '').split('\n');
  let next = 0;
  session.setTerminal({
    stdout: (b) => (out.push(b), both.push(b)),
    stderr: (b) => (err.push(b), both.push(b)),
    // Lines are read as the shell asks for them: `docker run -it` reads the ones after it.
    readLine: async () => (next < lines.length ? lines[next++]! : null),
  });
  const reader = new StatementReader();
  let status = 0;
  while (next < lines.length && session.exited === undefined) {
    const statement = reader.push(lines[next++]!);
    if (statement !== undefined) status = await session.run(statement);
  }
  const rest = reader.end();
  if (rest !== undefined && session.exited === undefined) status = await session.run(rest);
  // The session stays open: a later runShell may continue it (`{ session: run.session }`).
  const concat = (parts: Uint8Array[]) => {
    const total = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) (total.set(p, at), (at += p.length));
    return total;
  };
  const dec = new TextDecoder();
  const stdoutBytes = concat(out);
  return { stdout: dec.decode(stdoutBytes), stderr: dec.decode(concat(err)), terminal: dec.decode(concat(both)), stdoutBytes, status, session };
}
