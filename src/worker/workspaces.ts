/**
 * Workspaces: the student's free playground and one machine per lesson, each its own shell,
 * Docker daemon and saved session, so a lesson starts clean and "Reset lesson" throws away only
 * that lesson's machine. One terminal shows one workspace at a time; the others keep running
 * where they were (a command they run writes into a buffer shown when the student comes back,
 * a prompt they show waits for the terminal to be theirs again).
 */
import { DockerDaemon } from '../engine/docker/daemon.ts';
import type { CatalogFiles } from '../engine/docker/registry.ts';
import { errorLine } from '../engine/errors.ts';
import { layerlabCommands, layerlabCompleters } from '../shell/commands/index.ts';
import { createShell, shellProgramNames } from '../shell/create-shell.ts';
import { runRepl } from '../shell/repl.ts';
import type { ShellSession } from '../shell/session.ts';
import type { ExplorerHooks } from './explorer-service.ts';
import { SessionKeeper, type SessionStore } from './persistence.ts';
import type { TerminalPort, WorkspaceSpec } from './shell-api.ts';
import { spoolToBlob } from './spool-blob.ts';
import { saveToComputer } from './transfer-service.ts';

/** The workspace that is nobody's lesson: what the page opens on and what "Start over" forgets. */
export const PLAYGROUND = 'playground';

/** Output a workspace wrote while another one had the terminal, kept up to this many bytes (the newest). */
const MAX_HIDDEN_OUTPUT = 1 << 20;

interface PendingRead {
  prompt: string;
  resolve(line: string | null): void;
}

export interface Workspace {
  readonly name: string;
  readonly session: ShellSession;
  /** Its Docker daemon (what the page's explorer shows while this workspace is shown; an upload loads into it). */
  readonly docker: DockerDaemon;
  readonly keeper: SessionKeeper;
  /** Nothing was saved for it: a new machine (a lesson's assets and setup scripts go on it now). */
  readonly fresh: boolean;
  /** The shell waits for a line it asked for while the terminal was elsewhere (or is asking now). */
  pendingRead: PendingRead | undefined;
  hiddenOutput: Uint8Array[];
  hiddenBytes: number;
  ended: boolean;
  /** Thrown away (Reset lesson): its shell gets end of input for every line it asks for. */
  discarded: boolean;
}

export interface WorkspacesOptions {
  catalog: CatalogFiles;
  /** The store a workspace's session is kept in. */
  storeFor(name: string): SessionStore;
  /** Whether this tab keeps sessions at all (another tab may hold them). */
  keepsSessions: Promise<boolean>;
  /** The page's explorer: told which daemon the terminal shows, and asked to open images (`explore`). */
  explorer?: ExplorerHooks;
}

export class Workspaces {
  private readonly open = new Map<string, Workspace>();
  private readonly starting = new Map<string, Promise<Workspace>>();
  private port: TerminalPort | undefined;
  private current: Workspace | undefined;
  /** Bumped on every switch: an answer from the terminal to an older question is dropped. */
  private generation = 0;
  private columns = 80;
  private readonly encoder = new TextEncoder();

  constructor(private readonly options: WorkspacesOptions) {}

  get active(): Workspace | undefined {
    return this.current;
  }

  get width(): number {
    return this.columns;
  }

  resize(columns: number): void {
    this.columns = columns;
  }

  /** Show `spec`'s workspace on `port`, starting it (restored from its saved session) if it is not running. */
  async attach(port: TerminalPort, spec: WorkspaceSpec): Promise<Workspace> {
    this.port = port;
    const generation = ++this.generation;
    this.current = undefined;
    let workspace = this.open.get(spec.name);
    // A shell that ended (`exit`) starts again from what it saved.
    if (workspace?.ended) this.open.delete(spec.name);
    if (!workspace || workspace.ended) {
      // Two quick switches to the same lesson start one machine.
      let starting = this.starting.get(spec.name);
      if (!starting) {
        starting = this.start(spec).finally(() => this.starting.delete(spec.name));
        this.starting.set(spec.name, starting);
      }
      workspace = await starting;
    }
    if (generation !== this.generation) return workspace; // the student switched again meanwhile
    this.current = workspace;
    this.options.explorer?.daemonShown(workspace.docker);
    for (const bytes of workspace.hiddenOutput.splice(0)) port.stdout(bytes);
    workspace.hiddenBytes = 0;
    if (workspace.pendingRead) this.ask(workspace, workspace.pendingRead);
    return workspace;
  }

  /**
   * Throw `name`'s workspace away, saved session and all; the next attach starts it fresh. Its
   * shell is ended as by Ctrl+C and Ctrl+D, so nothing holds its machine any more.
   */
  async discard(name: string): Promise<void> {
    const workspace = this.open.get(name);
    this.open.delete(name);
    if (workspace) {
      workspace.discarded = true;
      workspace.session.interrupt();
      const read = workspace.pendingRead;
      workspace.pendingRead = undefined;
      read?.resolve(null);
      await workspace.keeper.forget();
    } else {
      await this.options.storeFor(name).clear();
    }
    if (this.current === workspace) this.current = undefined;
  }

  /** Every running workspace (to save or forget them all). */
  all(): Workspace[] {
    return [...this.open.values()];
  }

  private async start(spec: WorkspaceSpec): Promise<Workspace> {
    // A compressed archive `docker load`/`import` decompresses goes into a Blob, which a save stores once (persistence.ts).
    const docker = new DockerDaemon({ catalog: this.options.catalog, spool: spoolToBlob });
    const explorer = this.options.explorer;
    // `download` hands a file to the page, whichever workspace asks (see transfer-service.ts).
    const commands = layerlabCommands({
      docker,
      saveToComputer: (content, fileName) => saveToComputer(this.port, content, fileName),
      ...(explorer ? { openExplorer: (imageId: string) => explorer.exploreRequested(imageId) } : {}),
    });
    const store = this.options.storeFor(spec.name);
    // Lines about saving wait for the next prompt rather than break into the line being typed.
    const pendingLines: string[] = [];
    const keeper = new SessionKeeper({ store, daemon: docker, programs: shellProgramNames(commands), report: (line) => pendingLines.push(line) });
    const fresh = (await store.keys().catch(() => [])).length === 0;
    const [fs, sole] = await Promise.all([keeper.restore(), this.options.keepsSessions]);
    if (!sole) keeper.stopSaving();
    const output = (bytes: Uint8Array) => this.write(workspace, bytes);
    const session = await createShell({
      terminal: {
        stdout: output,
        stderr: output,
        columns: () => this.columns,
        readLine: (prompt) => {
          // The shell asks for a line when the statement before is done: time to save.
          keeper.statementDone();
          for (const line of pendingLines.splice(0)) output(this.encoder.encode(`${line}\n`));
          if (workspace.discarded) return Promise.resolve(null);
          return new Promise<string | null>((resolve) => {
            const read: PendingRead = { prompt, resolve };
            workspace.pendingRead = read;
            if (this.current === workspace) this.ask(workspace, read);
          });
        },
      },
      commands,
      completers: layerlabCompleters({ docker }),
      ...(fs ? { fs } : {}),
    });
    // The Docker release a lesson was written for (issue 8's knob); the playground's is the default.
    if (spec.dockerVersion !== undefined) session.setVariable('LAYERLAB_DOCKER_VERSION', spec.dockerVersion);
    keeper.keep(session.fs);
    const workspace: Workspace = { name: spec.name, session, docker, keeper, fresh, pendingRead: undefined, hiddenOutput: [], hiddenBytes: 0, ended: false, discarded: false };
    this.open.set(spec.name, workspace);
    void runRepl(session).then(
      (status) => this.ended(workspace, status),
      (err: unknown) => {
        // Never a stack trace in the terminal: one line, and the shell is over.
        output(this.encoder.encode(`layerlab: ${errorLine(err)}\n`));
        this.ended(workspace, 1);
      },
    );
    return workspace;
  }

  private ask(workspace: Workspace, read: PendingRead): void {
    const generation = this.generation;
    this.port!.readLine(read.prompt).then(
      (line) => {
        // The terminal answered a question of a workspace it has since left: the line was abandoned.
        if (generation !== this.generation || workspace.pendingRead !== read) return;
        workspace.pendingRead = undefined;
        read.resolve(line);
      },
      () => undefined,
    );
  }

  private write(workspace: Workspace, bytes: Uint8Array): void {
    if (this.current === workspace && this.port) {
      this.port.stdout(bytes);
      return;
    }
    workspace.hiddenOutput.push(bytes.slice());
    workspace.hiddenBytes += bytes.length;
    while (workspace.hiddenBytes > MAX_HIDDEN_OUTPUT && workspace.hiddenOutput.length > 1) workspace.hiddenBytes -= workspace.hiddenOutput.shift()!.length;
  }

  private ended(workspace: Workspace, status: number): void {
    workspace.ended = true;
    if (this.open.get(workspace.name) !== workspace) return;
    if (this.current === workspace) this.port?.exited(status);
  }
}
