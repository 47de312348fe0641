/**
 * The terminal's first prompt, shown before the shell has loaded. The shell (the engine, our
 * commands and just-bash: most of the page's bytes) is only needed once a line is entered, so
 * the worker asks the terminal for the first line at once, with the prompt the host's bash
 * shows on starting, and hands the shell that line when it asks for its first one. Typing
 * ahead works as on a slow machine: the line runs once the shell is there.
 *
 * Should the shell write before it asks (a note about saved work), the early prompt's line is
 * cleared first, and the shell asks again with its own prompt; so it does when its first prompt
 * is not this one.
 */
import type { TerminalPort } from './shell-api.ts';
import type { Download } from './transfer-api.ts';

/** bash's PS1 for root in its home directory on the host (ShellSession.ps1(), src/shell/session.ts). */
export const HOST_FIRST_PROMPT = 'root@layerlab:~# ';

/** Carriage return, then erase the line (ECMA-48 EL 2). */
const CLEAR_LINE = new TextEncoder().encode('\r\x1b[2K');

/** The terminal for the shell, and when the early prompt's line was entered (or the read failed). */
export interface EarlyPromptTerminal extends TerminalPort {
  readonly lineEntered: Promise<void>;
}

/** `terminal`, its first line asked for now with `prompt`: give the result to the shell. */
export function withEarlyPrompt(terminal: TerminalPort, prompt: string = HOST_FIRST_PROMPT): EarlyPromptTerminal {
  let early: Promise<string | null> | undefined = terminal.readLine(prompt);
  let answered = false;
  let cleared = false;
  const lineEntered = early.then(
    () => void (answered = true),
    () => undefined,
  );
  const beforeOutput = () => {
    if (early === undefined || answered || cleared) return;
    cleared = true;
    terminal.stdout(CLEAR_LINE);
  };
  return {
    lineEntered,
    stdout(bytes) {
      beforeOutput();
      terminal.stdout(bytes);
    },
    stderr(bytes) {
      beforeOutput();
      terminal.stderr(bytes);
    },
    exited(status) {
      early = undefined;
      terminal.exited(status);
    },
    readLine(asked) {
      const first = early;
      early = undefined;
      // A line already entered is the shell's first, whatever prompt it would have shown.
      if (first && (answered || (!cleared && asked === prompt))) return first;
      if (first && !cleared) terminal.stdout(CLEAR_LINE); // another prompt replaces the early one
      return terminal.readLine(asked);
    },
    // `download FILE` saves through the page's terminal (transfer-service.ts); Node's has none.
    ...(terminal.download ? { download: (download: Download) => terminal.download!(download) } : {}),
  };
}
