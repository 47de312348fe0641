/**
 * The contract between the page's terminal and the shell in the worker. The page gives the
 * shell a terminal (a `Comlink.proxy`): output goes to it as bytes, and the shell asks it for
 * each line it reads. Ctrl+C travels the other way, as `interrupt`.
 */
import type { Download } from './transfer-api.ts';

/** What Tab does (the shell works it out: see src/shell/completion.ts). */
export interface TabCompletion {
  line: string;
  cursor: number;
  /** Choices to show (a second Tab with nothing more to complete), already in columns. */
  list?: { count: number; text: string };
  beep?: boolean;
}

export interface TerminalPort {
  stdout(bytes: Uint8Array): void;
  stderr(bytes: Uint8Array): void;
  /** Show `prompt`, let the student edit a line, resolve with it (null for Ctrl+D, "\u0003" for Ctrl+C). */
  readLine(prompt: string): Promise<string | null>;
  /** The shell ended (`exit`), with this status. */
  exited(status: number): void;
  /** Save a file to the student's computer (`download FILE`): see src/web/download.ts. Absent: no browser. */
  download?(download: Download): void;
}

/** Which machine the terminal shows: the playground, or a lesson's own (see src/worker/workspaces.ts). */
export interface WorkspaceSpec {
  /** `playground`, or `lesson/<id>`. */
  name: string;
  /** `LAYERLAB_DOCKER_VERSION` for its shell (a lesson's front matter `docker:`). */
  dockerVersion?: string;
}

/**
 * Answered by the worker's entry itself (engine-worker.ts), not by the services it loads: the
 * page says when the shell's first prompt is on screen, and only then does the worker fetch
 * the services (engine, shell, just-bash), so they never compete with what the prompt needs.
 */
export interface ShellLoading {
  /** The terminal shows the first prompt (drawn, a frame gone by): load the shell now. */
  firstPromptShown(): void;
}

export interface ShellApi {
  /** Start the shell on `terminal` (the playground unless `workspace` says otherwise); resolves once it is running. */
  startShell(terminal: TerminalPort, workspace?: WorkspaceSpec): Promise<{ fresh: boolean }>;
  /**
   * Show another workspace on the terminal, starting it if needed. `fresh`: it had nothing saved
   * (a lesson's setup runs on it now). The page stops reading the old workspace's line first.
   */
  openWorkspace(workspace: WorkspaceSpec): Promise<{ fresh: boolean }>;
  /** Throw a workspace away (its saved session too) and open it again, fresh. */
  resetWorkspace(workspace: WorkspaceSpec): Promise<{ fresh: boolean }>;
  /** Run a script as its own `bash -c` in the shown workspace, in $HOME (a lesson's verify and setup scripts). */
  runScript(script: string): Promise<{ status: number; output: string }>;
  /** Write a file in the shown workspace, making its directory (a Killercoda scenario's assets). */
  writeFile(path: string, bytes: Uint8Array): Promise<void>;
  /** Ctrl+C while a command runs. */
  interruptShell(): void;
  /** The terminal is now this many columns wide (what `ls` fits its columns to). */
  resizeShell(columns: number): void;
  /** Tab in the line being typed: the new line, or the choices to list (see src/shell/completion.ts). */
  completeLine(line: string, cursor: number, secondTab: boolean): Promise<TabCompletion>;
  /** Save the session now (the page is being hidden or unloaded); resolves once it is written. */
  saveWork(): Promise<void>;
  /** Delete the work kept in this browser and stop keeping it (the page reloads next, fresh). */
  forgetSavedWork(): Promise<void>;
}
