/**
 * Line editing for the terminal, as readline gives a real shell: the shell asks for a line
 * (`readLine(prompt)`) and the student types it with the usual keys — arrows, Home/End,
 * Backspace/Delete, history (↑/↓), Ctrl+A/E/U/K/W/L, Ctrl+C (drop the line), Ctrl+D (end of input
 * on an empty line), Tab completion (a second Tab lists the choices, asking first when there are
 * more than 100, as readline does). Keys typed while a command runs wait for the next prompt; a
 * pasted block of lines is read line by line.
 */
import type { TabCompletion } from '../worker/shell-api.ts';

/** What Tab does, as the worker's contract defines it. */
export type { TabCompletion };

/** What `readLine` returns for Ctrl+C at the prompt (see src/shell/repl.ts). */
const INTERRUPT_LINE = '\u0003';

export interface TerminalScreen {
  write(data: string): void;
  clear(): void;
  /** The terminal's width: a line longer than it wraps, and redrawing it must go back up. Unbounded when absent. */
  columns?(): number;
}

export type Completer = (line: string, cursor: number, secondTab: boolean) => Promise<TabCompletion>;

/** readline's completion-query-items: more choices than this are listed only when the student says yes. */
const QUERY_ITEMS = 100;

export class LineEditor {
  private prompt = '';
  private line = '';
  private cursor = 0;
  private readonly history: string[] = [];
  /** Rows between the prompt's first row and the cursor's (a long line wraps). */
  private cursorRow = 0;
  private historyIndex = 0;
  private pendingInput = '';
  private resolveLine: ((line: string | null) => void) | undefined;
  /** Keys typed while a completion is being worked out (they apply after it). */
  private queued: string | undefined;
  private lastKeyWasTab = false;
  /** A long list of choices waiting for y/n. */
  private askingToList: string | undefined;

  constructor(
    private readonly screen: TerminalScreen,
    /** Ctrl+C while no line is being read: interrupt the running command. */
    private readonly onInterrupt: () => void,
    private readonly completer?: Completer,
  ) {}

  /** Callbacks waiting for the shell to ask for a line (see `whenReading`). */
  private readingWaiters: (() => void)[] = [];

  get reading(): boolean {
    return this.resolveLine !== undefined;
  }

  /**
   * Resolves when the shell waits for a line: at once if it does now, else at its next prompt.
   * A lesson's Run waits on it, so it types only when no command runs.
   */
  whenReading(): Promise<void> {
    if (this.reading && this.queued === undefined && this.askingToList === undefined) return Promise.resolve();
    return new Promise((resolve) => this.readingWaiters.push(resolve));
  }

  /**
   * Type `text` as the line and press Enter, as a paste of one line does (a Tab in it is a
   * character, not completion). Only while reading: callers wait with `whenReading` first.
   */
  typeLine(text: string): void {
    if (!this.reading) throw new Error('the shell is not reading a line');
    this.line = text;
    this.cursor = text.length;
    this.redraw();
    this.finish(text);
  }

  /**
   * Stop reading the line asked for, without answering it: the terminal now shows another
   * workspace, which asks for its own line (the worker drops an answer to the old question).
   */
  abandonRead(): void {
    this.resolveLine = undefined;
    this.pendingInput = '';
    this.queued = undefined;
    this.askingToList = undefined;
    this.line = '';
    this.cursor = 0;
  }

  readLine(prompt: string): Promise<string | null> {
    this.prompt = prompt;
    this.line = '';
    this.cursor = 0;
    this.historyIndex = this.history.length;
    this.cursorRow = 0;
    this.screen.write(prompt);
    const result = new Promise<string | null>((resolve) => (this.resolveLine = resolve));
    // Keys typed ahead while the last command ran.
    const pending = this.pendingInput;
    this.pendingInput = '';
    if (pending) this.input(pending);
    this.wakeReadingWaiters();
    return result;
  }

  private wakeReadingWaiters(): void {
    if (this.reading && this.queued === undefined && this.askingToList === undefined) for (const wake of this.readingWaiters.splice(0)) wake();
  }

  /** Keys and pasted text from the terminal (xterm's onData). */
  input(data: string): void {
    if (this.queued !== undefined) {
      this.queued += data;
      return;
    }
    let i = 0;
    while (i < data.length) {
      if (!this.reading) {
        if (data[i] === '\x03') {
          // As a tty does on SIGINT: what was typed ahead is dropped with the command.
          this.screen.write('^C');
          this.pendingInput = '';
          this.onInterrupt();
          i++;
          continue;
        }
        this.pendingInput += data.slice(i);
        return;
      }
      const rest = data.slice(i);
      const escape = /^\x1b(\[[0-9;]*[A-Za-z~]|O[A-Za-z])/.exec(rest);
      if (escape) {
        this.escapeSequence(escape[0]);
        i += escape[0].length;
        continue;
      }
      const ch = data[i]!;
      i++;
      if (this.askingToList !== undefined) {
        this.answerListQuestion(ch);
        continue;
      }
      if (ch === '\t' && this.completer) {
        // The rest waits for the completion, which the shell works out asynchronously.
        this.queued = data.slice(i);
        this.tab();
        return;
      }
      this.lastKeyWasTab = false;
      this.key(ch);
    }
  }

  private tab(): void {
    const secondTab = this.lastKeyWasTab;
    this.lastKeyWasTab = true;
    const done = () => {
      const rest = this.queued ?? '';
      this.queued = undefined;
      if (rest) this.input(rest);
      this.wakeReadingWaiters();
    };
    this.completer!(this.line, this.cursor, secondTab).then(
      (result) => {
        if (result.beep) this.screen.write('\x07');
        if (result.list) {
          if (result.list.count > QUERY_ITEMS) {
            this.askingToList = result.list.text;
            this.newRows(`\r\nDisplay all ${result.list.count} possibilities? (y or n)`);
          } else {
            this.newRows(`\r\n${result.list.text}`);
            this.redraw();
          }
        } else if (result.line !== this.line || result.cursor !== this.cursor) {
          this.line = result.line;
          this.cursor = result.cursor;
          this.redraw();
        }
        done();
      },
      () => done(),
    );
  }

  private answerListQuestion(ch: string): void {
    const list = this.askingToList!;
    if (ch === 'y' || ch === 'Y' || ch === ' ') {
      this.askingToList = undefined;
      this.newRows(`\r\n${list}`);
      this.redraw();
    } else if (ch === 'n' || ch === 'N' || ch === '\x7f' || ch === '\x03') {
      this.askingToList = undefined;
      this.newRows('\r\n');
      this.redraw();
    }
  }

  private key(ch: string): void {
    switch (ch) {
      case '\r':
      case '\n':
        return this.finish(this.line);
      case '\x7f':
      case '\b':
        if (this.cursor > 0) {
          this.line = this.line.slice(0, this.cursor - 1) + this.line.slice(this.cursor);
          this.cursor--;
          this.redraw();
        }
        return;
      case '\x03':
        this.screen.write('^C\r\n');
        return this.finish(INTERRUPT_LINE, false);
      case '\x04':
        if (this.line === '') return this.finish(null, false);
        return this.deleteForward();
      case '\x01':
        return this.moveTo(0);
      case '\x05':
        return this.moveTo(this.line.length);
      case '\x15':
        this.line = this.line.slice(this.cursor);
        this.cursor = 0;
        return this.redraw();
      case '\x0b':
        this.line = this.line.slice(0, this.cursor);
        return this.redraw();
      case '\x17': {
        const before = this.line.slice(0, this.cursor).replace(/\S+\s*$/, '');
        this.line = before + this.line.slice(this.cursor);
        this.cursor = before.length;
        return this.redraw();
      }
      case '\x0c':
        this.screen.clear();
        this.cursorRow = 0;
        return this.redraw();
      case '\t':
        return; // no completer: as bash with completion off
      default:
        if (ch < ' ') return;
        this.line = this.line.slice(0, this.cursor) + ch + this.line.slice(this.cursor);
        this.cursor++;
        this.redraw();
    }
  }

  private escapeSequence(seq: string): void {
    switch (seq) {
      case '\x1b[A':
      case '\x1bOA':
        return this.recall(-1);
      case '\x1b[B':
      case '\x1bOB':
        return this.recall(1);
      case '\x1b[C':
      case '\x1bOC':
        return this.moveTo(Math.min(this.line.length, this.cursor + 1));
      case '\x1b[D':
      case '\x1bOD':
        return this.moveTo(Math.max(0, this.cursor - 1));
      case '\x1b[H':
      case '\x1bOH':
      case '\x1b[1~':
        return this.moveTo(0);
      case '\x1b[F':
      case '\x1bOF':
      case '\x1b[4~':
        return this.moveTo(this.line.length);
      case '\x1b[3~':
        return this.deleteForward();
    }
  }

  private deleteForward(): void {
    if (this.cursor >= this.line.length) return;
    this.line = this.line.slice(0, this.cursor) + this.line.slice(this.cursor + 1);
    this.redraw();
  }

  private recall(step: number): void {
    const index = this.historyIndex + step;
    if (index < 0 || index > this.history.length) return;
    this.historyIndex = index;
    this.line = this.history[index] ?? '';
    this.cursor = this.line.length;
    this.redraw();
  }

  private moveTo(position: number): void {
    this.cursor = position;
    this.redraw();
  }

  /** Rewrite the prompt line: carriage return, clear to the end, prompt and line, cursor placed. */
  private redraw(): void {
    const columns = Math.max(1, this.screen.columns?.() ?? Number.MAX_SAFE_INTEGER);
    const start = visibleWidth(this.prompt);
    // Back to the prompt's first row, clear from there down, write prompt and line again.
    let out = `${this.cursorRow > 0 ? `\x1b[${this.cursorRow}A` : ''}\r\x1b[J${this.prompt}${this.line}`;
    const end = start + this.line.length;
    // A line that ends exactly at the right edge leaves the cursor there, wrap pending (xterm, as
    // VT100): a space and a carriage return put it at the start of the next row, as readline does.
    if (end > 0 && end % columns === 0) out += ' \r';
    const endRow = Math.floor(end / columns);
    const target = start + this.cursor;
    const targetRow = Math.floor(target / columns);
    const targetColumn = target % columns;
    if (endRow > targetRow) out += `\x1b[${endRow - targetRow}A`;
    out += '\r';
    if (targetColumn > 0) out += `\x1b[${targetColumn}C`;
    this.cursorRow = targetRow;
    this.screen.write(out);
  }

  /** Write text that starts new rows below the line (the line is redrawn after it, from its first row). */
  private newRows(text: string): void {
    this.screen.write(text);
    this.cursorRow = 0;
  }

  private finish(result: string | null, echoNewline = true): void {
    const resolve = this.resolveLine!;
    this.resolveLine = undefined;
    if (echoNewline) {
      // The newline goes after the whole line, wherever the cursor was in it.
      if (this.cursor !== this.line.length) {
        this.cursor = this.line.length;
        this.redraw();
      }
      this.screen.write('\r\n');
    }
    this.cursorRow = 0;
    if (result !== null && result !== INTERRUPT_LINE && result.trim() !== '' && this.history[this.history.length - 1] !== result) {
      this.history.push(result);
    }
    resolve(result);
  }
}

/** Columns a prompt takes: its text without escape sequences (colours, titles). */
function visibleWidth(text: string): number {
  return text.replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07/g, '').length;
}
