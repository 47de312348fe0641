/**
 * The page's terminal and what drives it: xterm.js on the page, the shell in the worker, the
 * line editor between them, and the workspace on show (the playground or a lesson's machine,
 * see src/worker/workspaces.ts). A lesson's Run types through here: each line waits until the
 * shell asks for one (no command running), then is typed where the student sees it.
 */
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import * as Comlink from 'comlink';
import type { ShellApi, ShellLoading, WorkspaceSpec } from '../worker/shell-api.ts';
import { LineEditor } from './line-editor.ts';
import { saveDownload } from './download.ts';

/** Terminal output kept per workspace, to show again when the student comes back to it. */
const MAX_TRANSCRIPT_BYTES = 2 << 20;

/** A queued Run that will not type: the terminal moved to another workspace first. */
export class RunCancelledError extends Error {
  constructor() {
    super('the terminal moved to another workspace');
  }
}

/**
 * Resolves once what was written to `term` so far is drawn and painted: xterm.js parses writes
 * in a task of its own and draws the rows at the animation frame after; the frame after that
 * one is when the browser has painted them. A hidden page draws no frames (its prompt is drawn
 * when shown), so there a moment's wait stands in for them.
 */
function promptDrawn(term: Terminal): Promise<void> {
  const parsed = new Promise<void>((resolve) => term.write('', resolve));
  return parsed.then(
    () =>
      new Promise<void>((resolve) => {
        if (document.visibilityState === 'hidden') {
          setTimeout(resolve, 100);
          return;
        }
        // A render that came before the callback (a long write split over tasks) is not
        // repeated: the cursor's blink draws again within a second, and so does this timer.
        const fallback = setTimeout(resolve, 1000);
        const rendered = term.onRender(() => {
          rendered.dispose();
          clearTimeout(fallback);
          requestAnimationFrame(() => resolve());
        });
      }),
  );
}

/** A workspace's terminal output, replayed when it is shown again; `promptAt`: the chunk its last prompt starts at. */
interface Transcript {
  chunks: (string | Uint8Array)[];
  bytes: number;
  promptAt?: number;
}

export class TerminalController {
  private term: Terminal | undefined;
  private editor: LineEditor | undefined;
  private workspace: WorkspaceSpec = { name: 'playground' };
  private readonly transcripts = new Map<string, Transcript>();
  /** Runs type one after another. */
  private queue: Promise<void> = Promise.resolve();
  /** Bumped on every workspace switch: Runs queued before it are dropped. */
  private epoch = 0;
  private started: Promise<{ fresh: boolean }> | undefined;
  /** Whether the first workspace was new, for the first `show` of it (a lesson's setup runs then). */
  private firstOpened: Promise<{ fresh: boolean }> | undefined;
  private markMounted!: () => void;
  private readonly mounted = new Promise<void>((resolve) => (this.markMounted = resolve));
  private markPromptDrawn!: () => void;
  /**
   * Resolves once the shell's first prompt is on screen: the terminal drew it and a frame went
   * by, so the browser painted it. What the prompt does not need (the worker's shell, the
   * lessons, the offline cache) starts loading then, not beside it.
   */
  readonly firstPrompt: Promise<void> = new Promise<void>((resolve) => (this.markPromptDrawn = resolve));
  /** Serialises workspace switches. */
  private switching: Promise<unknown> = Promise.resolve();

  constructor(private readonly shell: Comlink.Remote<ShellApi & ShellLoading>) {}

  get shown(): WorkspaceSpec {
    return this.workspace;
  }

  /** Put the terminal in `host` and start the shell on `first` (once per page). */
  mount(host: HTMLElement, first: WorkspaceSpec): Promise<{ fresh: boolean }> {
    if (this.started) return this.started;
    const term = new Terminal({ convertEol: true, cursorBlink: true, fontSize: 14, scrollback: 5000 });
    this.term = term;
    const editor = new LineEditor(
      { write: (data) => this.write(data), clear: () => term.clear(), columns: () => term.cols },
      () => void this.shell.interruptShell(),
      (line, cursor, secondTab) => this.shell.completeLine(line, cursor, secondTab),
    );
    this.editor = editor;
    term.onData((data) => editor.input(data));
    this.workspace = first;
    // Asked before the terminal is opened and fitted (the longest step of the mount): the
    // worker's first prompt comes back meanwhile, and is written once this task ends.
    this.started = this.shell.startShell(
      Comlink.proxy({
        stdout: (bytes: Uint8Array) => this.write(bytes),
        stderr: (bytes: Uint8Array) => this.write(bytes),
        readLine: (prompt: string) => {
          const transcript = this.transcriptOf(this.workspace.name);
          transcript.promptAt = transcript.chunks.length;
          return editor.readLine(prompt);
        },
        exited: (status: number) => this.write(`\r\n[the shell exited with status ${status}; reload the page for a new one]\r\n`),
        download: saveDownload,
      }),
      first,
    );
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(host);
    fit.fit();
    // The split between lesson and terminal moves: fit whenever the box changes size.
    new ResizeObserver(() => fit.fit()).observe(host);
    void this.shell.resizeShell(term.cols);
    term.onResize(({ cols }) => void this.shell.resizeShell(cols));
    this.firstOpened = this.started;
    this.markMounted();
    void editor
      .whenReading()
      .then(() => promptDrawn(term))
      .then(() => {
        this.markPromptDrawn();
        void this.shell.firstPromptShown();
      });
    return this.started;
  }

  focus(): void {
    this.term?.focus();
  }

  /** Show `spec`'s workspace (starting it if needed); `fresh` when nothing was saved for it. */
  show(spec: WorkspaceSpec): Promise<{ fresh: boolean }> {
    return this.switchTo(spec, () => this.shell.openWorkspace(spec));
  }

  /** Throw `spec`'s workspace away and show it fresh (its terminal output is forgotten too). */
  reset(spec: WorkspaceSpec): Promise<{ fresh: boolean }> {
    return this.switchTo(spec, () => this.shell.resetWorkspace(spec), true);
  }

  private switchTo(spec: WorkspaceSpec, open: () => Promise<{ fresh: boolean }>, forget = false): Promise<{ fresh: boolean }> {
    const next = this.switching.then(async () => {
      await this.mounted;
      await this.started;
      if (spec.name === this.workspace.name && !forget) {
        const opened = this.firstOpened ?? { fresh: false };
        this.firstOpened = undefined;
        return opened;
      }
      this.firstOpened = undefined;
      this.epoch++;
      // The shell left behind asks again with a new prompt when it is shown again: the prompt
      // it is waiting at now (and what was typed after it) must not be replayed before that one.
      if (this.editor?.reading) this.dropPendingPrompt(this.workspace.name);
      this.editor?.abandonRead();
      this.workspace = spec;
      if (forget) this.transcripts.delete(spec.name);
      this.term?.reset();
      for (const chunk of this.transcripts.get(spec.name)?.chunks ?? []) this.term?.write(chunk);
      return open();
    });
    this.switching = next.catch(() => undefined);
    return next;
  }

  /**
   * Type `code` into the terminal line by line, as a paste does, each line once the shell asks
   * for one; resolves when the shell asks for the next line after the last. Runs queue.
   */
  run(code: string, options: { interrupt?: boolean } = {}): Promise<void> {
    const lines = code.replace(/\n+$/, '').split('\n');
    // Killercoda's {{exec interrupt}}: Ctrl+C first, as if pressed, to end what still runs (the
    // Run before it waits for that command, so this one must not queue behind it to send it).
    if (options.interrupt && this.editor && !this.editor.reading) this.editor.input('\u0003');
    // A Run clicked while the terminal moves to the lesson's machine types there, once it has.
    const switched = this.switching;
    const job = this.queue.then(async () => {
      await switched;
      const epoch = this.epoch;
      const editor = this.editor!;
      for (const line of lines) {
        await editor.whenReading();
        if (epoch !== this.epoch) throw new RunCancelledError();
        editor.typeLine(line);
      }
      await editor.whenReading();
    });
    this.queue = job.catch(() => undefined);
    return job;
  }

  /** Resolves once every Run queued so far has finished (a Check waits for them). */
  idle(): Promise<void> {
    return Promise.all([this.queue, this.switching]).then(() => undefined);
  }

  private write(data: string | Uint8Array): void {
    this.term?.write(data);
    const transcript = this.transcriptOf(this.workspace.name);
    transcript.chunks.push(data);
    transcript.bytes += data.length;
    while (transcript.bytes > MAX_TRANSCRIPT_BYTES && transcript.chunks.length > 1) {
      transcript.bytes -= transcript.chunks.shift()!.length;
      if (transcript.promptAt !== undefined) transcript.promptAt = Math.max(0, transcript.promptAt - 1);
    }
  }

  private transcriptOf(name: string): Transcript {
    let transcript = this.transcripts.get(name);
    if (!transcript) this.transcripts.set(name, (transcript = { chunks: [], bytes: 0 }));
    return transcript;
  }

  private dropPendingPrompt(name: string): void {
    const transcript = this.transcripts.get(name);
    if (transcript?.promptAt === undefined) return;
    for (const dropped of transcript.chunks.splice(transcript.promptAt)) transcript.bytes -= dropped.length;
    transcript.promptAt = undefined;
  }
}
