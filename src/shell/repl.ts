/**
 * The read-eval loop of a terminal: read a line (showing PS1, or PS2 inside an open statement),
 * run each complete statement, until `exit` or the end of input. The host terminal runs one;
 * `docker run -it` runs another, for the container's shell, on the same terminal.
 */
import type { ShellSession } from './session.ts';
import { StatementReader } from './statement-reader.ts';

/** What a terminal's `readLine` returns for Ctrl+C at the prompt: the line (and any open statement) is dropped. */
export const INTERRUPT_LINE = '\u0003';

export async function runRepl(shell: ShellSession): Promise<number> {
  const readLine = shell.terminal.readLine;
  if (readLine === undefined) throw new Error('this terminal cannot read input');
  const reader = new StatementReader();
  for (;;) {
    const line = await readLine(reader.continuing ? shell.ps2() : shell.ps1());
    if (line === null) {
      // End of input: what is open runs (bash reports it), then the shell ends as with `exit`.
      const rest = reader.end();
      if (rest !== undefined) await shell.run(rest);
      return shell.exited ?? (await shell.close());
    }
    if (line === INTERRUPT_LINE) {
      reader.end();
      continue;
    }
    const statement = reader.push(line);
    if (statement === undefined) continue;
    await shell.run(statement);
    if (shell.exited !== undefined) return shell.exited;
  }
}
