/**
 * Drives a shell the way the page's Run button does: the block's lines are typed into the
 * terminal one by one, as a paste is, and the block is over when the shell (or a container's
 * shell that `docker run -it` started on the same terminal) asks for input again. What the
 * terminal showed in between, without prompts, is the block's output.
 */
import { concatBytes } from '../shell/bytes.ts';
import { runRepl } from '../shell/repl.ts';
import type { ShellSession, ShellTerminal } from '../shell/session.ts';

export interface TypedResult {
  /** What the terminal showed: stdout and stderr in the order written. */
  output: string;
  /** `$?` after the block (the status of its last statement). */
  status: number;
  /** The shell ended (`exit`): nothing more can be typed. */
  ended: boolean;
}

/** The terminal a lesson types into; give it to the session's constructor. */
export class TypingTerminal implements ShellTerminal {
  private readonly queue: string[] = [];
  private chunks: Uint8Array[] = [];
  private waitingForLine: ((line: string | null) => void) | undefined;
  private whenIdle: (() => void) | undefined;
  private ended = false;
  private session: ShellSession | undefined;
  private repl: Promise<number> | undefined;
  readonly ttys = { stdout: true, stderr: true };

  constructor(private readonly width = 80) {}

  stdout = (bytes: Uint8Array): void => {
    this.chunks.push(bytes.slice());
  };

  stderr = (bytes: Uint8Array): void => {
    this.chunks.push(bytes.slice());
  };

  columns(): number {
    return this.width;
  }

  readLine = (_prompt: string): Promise<string | null> => {
    const next = this.queue.shift();
    if (next !== undefined) return Promise.resolve(next);
    // Nothing typed ahead: the shell waits for the student, so the block is done.
    const idle = this.whenIdle;
    this.whenIdle = undefined;
    idle?.();
    return new Promise((resolve) => (this.waitingForLine = resolve));
  };

  /** Start the session's read-eval loop on this terminal (once). */
  attach(session: ShellSession): void {
    this.session = session;
    this.repl = runRepl(session).finally(() => {
      this.ended = true;
      const idle = this.whenIdle;
      this.whenIdle = undefined;
      idle?.();
    });
  }

  /** Type `code` (several lines run one after another) and wait until the shell is idle. */
  async type(code: string): Promise<TypedResult> {
    if (!this.session) throw new Error('TypingTerminal: attach a session first');
    if (this.ended) return { output: '', status: this.session.status, ended: true };
    this.chunks = [];
    const idle = new Promise<void>((resolve) => (this.whenIdle = resolve));
    this.queue.push(...code.replace(/\n$/, '').split('\n'));
    const waiting = this.waitingForLine;
    this.waitingForLine = undefined;
    waiting?.(this.queue.shift() ?? null);
    await idle;
    const output = new TextDecoder().decode(concatBytes(this.chunks));
    this.chunks = [];
    return { output, status: this.session.exited ?? this.session.status, ended: this.ended };
  }

  /** End input (Ctrl+D) and wait for the shell to finish. */
  async close(): Promise<void> {
    const waiting = this.waitingForLine;
    this.waitingForLine = undefined;
    waiting?.(null);
    await this.repl;
  }
}
