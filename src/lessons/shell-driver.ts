/**
 * Drives a shell the way the page's Run button does: the block's lines are typed into the
 * terminal one by one, as a paste is, and the block is over when the shell (or a container's
 * shell that `docker run -it` started on the same terminal) asks for input again. What the
 * terminal showed in between, without prompts, is the block's output.
 */
import { concatBytes } from '../shell/bytes.ts';
import { BLOCK_TIMEOUT_MS } from './check-lesson.ts';
import { runRepl } from '../shell/repl.ts';
import type { ShellSession, ShellTerminal } from '../shell/session.ts';

export interface TypedResult {
  /** What the terminal showed: stdout and stderr in the order written. */
  output: string;
  /** `$?` after the block (the status of its last statement). */
  status: number;
  /** The shell ended (`exit`): nothing more can be typed. */
  ended: boolean;
  /** The shell asked for input again in time; false when a command still runs (a server in the foreground). */
  finished: boolean;
}


/** The terminal a lesson types into; give it to the session's constructor. */
export class TypingTerminal implements ShellTerminal {
  private readonly queue: string[] = [];
  private chunks: Uint8Array[] = [];
  private waitingForLine: ((line: string | null) => void) | undefined;
  /** The shell waits for a line and none is typed ahead. */
  private idle = false;
  private idleWaiters: (() => void)[] = [];
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
    this.becomeIdle();
    return new Promise((resolve) => (this.waitingForLine = resolve));
  };

  /** Start the session's read-eval loop on this terminal (once). */
  attach(session: ShellSession): void {
    this.session = session;
    this.repl = runRepl(session).finally(() => {
      this.ended = true;
      this.becomeIdle();
    });
  }

  /**
   * Type `code` (several lines run one after another) and wait until the shell is idle, at most
   * `timeoutMs`. A block typed while the one before still runs waits for it first (Ctrl+C, from
   * `interrupt`, is what ends a server left in the foreground).
   */
  async type(code: string, timeoutMs = BLOCK_TIMEOUT_MS): Promise<TypedResult> {
    const session = this.session;
    if (!session) throw new Error('TypingTerminal: attach a session first');
    const result = (finished: boolean): TypedResult => {
      const output = new TextDecoder().decode(concatBytes(this.chunks));
      this.chunks = [];
      return { output, status: session.exited ?? session.status, ended: this.ended, finished };
    };
    if (!(await this.whenIdle(timeoutMs))) return result(false);
    this.chunks = [];
    if (this.ended) return result(true);
    this.idle = false;
    this.queue.push(...code.replace(/\n$/, '').split('\n'));
    const waiting = this.waitingForLine;
    this.waitingForLine = undefined;
    waiting?.(this.queue.shift() ?? null);
    return result(await this.whenIdle(timeoutMs));
  }

  /** Ctrl+C: the running command (or the line being typed) is interrupted, as a terminal does. */
  interrupt(): void {
    if (!this.idle) this.chunks.push(new TextEncoder().encode('^C'));
    this.session?.interrupt();
  }

  /** End input (Ctrl+D) and wait for the shell to finish. */
  async close(): Promise<void> {
    if (!this.idle) this.session?.interrupt();
    const waiting = this.waitingForLine;
    this.waitingForLine = undefined;
    waiting?.(null);
    await this.repl;
  }

  private becomeIdle(): void {
    this.idle = true;
    for (const waiter of this.idleWaiters.splice(0)) waiter();
  }

  /** True once the shell is idle (or over); false when `timeoutMs` passes first. */
  private whenIdle(timeoutMs: number): Promise<boolean> {
    if (this.idle || this.ended) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.idleWaiters = this.idleWaiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs);
      this.idleWaiters.push(waiter);
    });
  }
}
