/**
 * Runs containers' processes: each container gets a machine (its image's layers under its own
 * upper layer) when it is created; `start` runs its main process there, `exec` another one.
 * A process that ends ends the container (status, exit code, log); one that holds (a server,
 * see process.ts) keeps it Up until a signal. One runtime per daemon.
 */
import type { Container } from '../../engine/docker/containers.ts';
import type { DockerDaemon } from '../../engine/docker/daemon.ts';
import type { StoredLayer } from '../../engine/docker/image-store.ts';
import { lastComponent } from '../../engine/overlay/path.ts';
import { OverlayFs } from '../../engine/overlay/overlay-fs.ts';
import { runRepl } from '../repl.ts';
import { withShellLevel } from '../programs/shell-level.ts';
import type { ShellSession, ShellTerminal } from '../session.ts';
import type { ShellDialectName } from '../programs/shell-dialect.ts';
import { InitLayerMerge, withInitLayer } from '../../engine/docker/init-layer.ts';
import { createMachine, shellDialectOf, type Machine } from './machine.ts';
import { containerEnvironment, PROCESS_ENV, registerProcess, unregisterProcess, type ContainerProcess, type ProcessOutput, type ProcessPlacement, type ProcessUser, type Signal } from './process.ts';

/** Docker's PATH for a Linux container whose image sets none (oci.DefaultPathEnv). */

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash']);

/** Whether the shell `name` (a path, or a name looked up on PATH) is dash (Debian's and Ubuntu's `sh`). */
function isDash(overlay: OverlayFs, name: string, path = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'): boolean {
  const candidates = name.includes('/') ? [name] : path.split(':').map((dir) => `${dir}/${name}`);
  for (const candidate of candidates) {
    try {
      if (overlay.statIfExists(candidate) !== undefined) return lastComponent(overlay.realpath(candidate)) === 'dash';
    } catch {
      return false;
    }
  }
  return false;
}

/** How many ended containers' shells are kept for reuse, per kind of shell. */
const IDLE_MACHINES = 2;

/** Where an attached client sees a process's output as it comes. */
export interface Attachment {
  stdout(bytes: Uint8Array): void;
  stderr(bytes: Uint8Array): void;
}

interface Running {
  process: ContainerProcess;
  controller: AbortController;
  /** Resolves with the exit status once the main process has ended. */
  ended: Promise<number>;
  /** Ends a held program with a signal. */
  deliver?: (signal: Signal) => void;
  /** A signal that came before the program got to holding or blocking. */
  pending?: Signal;
  /** Resolves once the process holds, blocks in a program that waits for signals, or ends. */
  settled: Promise<void>;
}

export interface ExecOptions {
  env?: Record<string, string>;
  cwd?: string;
  user?: ProcessUser;
  attach?: Attachment;
}

export class ContainerRuntime {
  private readonly machines = new Map<string, Machine>();
  private readonly running = new Map<string, Running>();
  private readonly attachments = new Map<string, Set<Attachment>>();
  private nextPid = new Map<string, number>();
  /**
   * Each image's layers (and the init layer over them) merged once, for all its containers. Keyed by the top layer, which
   * names the whole stack (its chain ID covers the layers below): the entry goes when the
   * image's layers leave the store.
   */
  private readonly mergedLayers = new WeakMap<StoredLayer, Promise<InitLayerMerge>>();
  /**
   * Per container, the users of the processes writing to it now, innermost last: files a
   * process creates are its user's (`docker run -u 1000 … touch f` makes a file of uid 1000).
   */
  private readonly writers = new Map<string, ProcessUser[]>();
  /** Shells of ended containers, by the kind of /bin/sh they speak, ready to serve another container. */
  private readonly idleMachines = new Map<ShellDialectName, Machine[]>();
  /** Containers whose shell runs (ran) a read-eval loop: its state is theirs, it is not reused. */
  private readonly interactive = new Set<string>();
  private readonly execsRunning = new Map<string, number>();
  private readonly nowSeconds = () => Math.floor(this.daemon.now() / 1000);

  constructor(readonly daemon: DockerDaemon) {}

  /** Run `body` as a process of `user` in the container: what it creates belongs to that user. */
  async runAs<T>(container: Container, user: ProcessUser, body: () => Promise<T>): Promise<T> {
    const stack = this.writers.get(container.id) ?? [];
    this.writers.set(container.id, stack);
    stack.push(user);
    try {
      return await body();
    } finally {
      stack.splice(stack.lastIndexOf(user), 1);
      if (stack.length === 0) this.writers.delete(container.id);
    }
  }

  /**
   * The root filesystem of a new container of image `imageId`: the image's layers and the
   * daemon's init layer (init-layer.ts) under an empty upper layer.
   */
  async newRootfs(imageId: string, containerId?: string): Promise<OverlayFs> {
    const stored = this.daemon.images.layersOf(imageId);
    const top = stored.at(-1);
    const now = () => Math.floor(this.daemon.now() / 1000);
    const owner = () => {
      const user = containerId === undefined ? undefined : this.writers.get(containerId)?.at(-1);
      return user ? { uid: user.uid, gid: user.gid } : { uid: 0, gid: 0 };
    };
    if (top === undefined) return OverlayFs.over(await withInitLayer([], now()), { now, owner });
    let merged = this.mergedLayers.get(top);
    if (merged === undefined) {
      merged = InitLayerMerge.open(stored.map((l) => l.layer));
      this.mergedLayers.set(top, merged);
      // A failed merge (an unreadable layer) is not kept: the next container tries again.
      merged.catch(() => this.mergedLayers.delete(top));
    }
    return OverlayFs.over(await (await merged).forContainer(now()), { now, owner });
  }

  /** The machine whose filesystem is `container.rootfs` (made at create time). */
  async machineFor(container: Container): Promise<Machine> {
    let machine = this.machines.get(container.id);
    if (!machine) {
      // A shell an ended container left, for the same kind of /bin/sh: making one costs more
      // than a short `docker run` itself. Processes get their env and cwd each time they start.
      const dialect = shellDialectOf(container.rootfs);
      const idle = this.idleMachines.get(dialect)?.pop();
      if (idle) {
        idle.fs.retarget(container.rootfs);
        machine = { overlay: container.rootfs, fs: idle.fs, shell: idle.shell };
      } else {
        machine = await createMachine({ overlay: container.rootfs, env: this.environment(container), cwd: container.config.WorkingDir || '/', now: this.nowSeconds });
      }
      this.machines.set(container.id, machine);
    }
    return machine;
  }

  /** The container's main process ended: its shell goes back to the idle ones, unless something still uses it. */
  private releaseMachine(container: Container): void {
    const machine = this.machines.get(container.id);
    this.machines.delete(container.id);
    const interactive = this.interactive.delete(container.id);
    if (!machine || interactive || (this.execsRunning.get(container.id) ?? 0) > 0) return;
    const dialect = shellDialectOf(machine.overlay);
    const idle = this.idleMachines.get(dialect) ?? [];
    if (idle.length >= IDLE_MACHINES) return;
    idle.push(machine);
    this.idleMachines.set(dialect, idle);
  }

  /**
   * A process's environment, in the order Docker 27 builds it (daemon/container.go
   * CreateDaemonEnvironment): PATH, HOSTNAME, TERM=xterm with -t, then the container's Env
   * (the image's, then -e) replacing or appending; runc adds HOME when it is missing.
   */
  environment(container: Container): Record<string, string> {
    return containerEnvironment(container);
  }

  /** Resolves with the main process's status once it has ended (at once if it is not running). */
  whenEnded(container: Container): Promise<number> {
    return this.running.get(container.id)?.ended ?? Promise.resolve(container.state.exitCode);
  }

  isRunning(container: Container): boolean {
    return this.running.has(container.id);
  }

  attach(container: Container, attachment: Attachment): () => void {
    const set = this.attachments.get(container.id) ?? new Set();
    set.add(attachment);
    this.attachments.set(container.id, set);
    return () => set.delete(attachment);
  }

  /**
   * Start the main process. Resolves once it has started; `ended` resolves with its status.
   * With `shell`, an interactive shell main process runs its read-eval loop on that terminal.
   */
  async start(container: Container, user: ProcessUser, options: { terminal?: ShellTerminal; host?: ShellSession } = {}): Promise<{ ended: Promise<number>; settled: Promise<void> }> {
    const machine = await this.machineFor(container);
    const state = container.state;
    state.status = 'running';
    state.pid = 1;
    state.exitCode = 0;
    state.startedAt = this.daemon.now();
    state.finishedAt = 0;
    this.nextPid.set(container.id, 7);
    const argv = [container.path, ...container.args];
    const process = registerProcess(1, user, this.placement(container, argv));
    const controller = new AbortController();
    const record = (stream: 'stdout' | 'stderr', bytes: Uint8Array) => {
      container.log.push({ stream, bytes: bytes.slice(), time: this.daemon.now() });
      for (const a of this.attachments.get(container.id) ?? []) a[stream](bytes);
    };
    const out: ProcessOutput = {
      stdout: (text) => text && record('stdout', new TextEncoder().encode(text)),
      stderr: (text) => text && record('stderr', new TextEncoder().encode(text)),
    };
    // The official images' docker-entrypoint.sh (bash, node, nginx, redis…) execs a first
    // argument that is a command: `docker run -it bash` (CMD bash), `docker run -it node sh` end
    // in that shell's read-eval loop, as the entrypoint's `exec "$@"` would leave them.
    const entrypointExecsShell = lastComponent(container.path) === 'docker-entrypoint.sh' && SHELLS.has(lastComponent(container.args[0] ?? ''));
    const interactiveShell = options.terminal !== undefined && (SHELLS.has(lastComponent(container.path)) || entrypointExecsShell) && !container.args.includes('-c');
    let settle = () => {};
    const running: Running = { process, controller, ended: Promise.resolve(0), settled: new Promise<void>((resolve) => (settle = resolve)) };
    const main = async (): Promise<number> => {
      if (interactiveShell) {
        this.interactive.add(container.id);
        // The shell reads commands: each is a child of it.
        process.programStarted = true;
        const shell = machine.shell;
        shell.setTerminal({ ...options.terminal!, stdout: (b) => (record('stdout', b), undefined), stderr: (b) => (record('stderr', b), undefined) });
        // Its environment and cwd are this container's (the machine may be one another left).
        // ash and bash count themselves into SHLVL; dash (`sh` where the shell is not ash) does not (shell-level.ts).
        const shellProgram = lastComponent(entrypointExecsShell ? container.args[0]! : container.path);
        const environment = this.environment(container);
        const countsLevel = shell.dialect === 'ash' || shellProgram === 'bash';
        shell.resetProcess(countsLevel ? withShellLevel(environment) : environment, container.config.WorkingDir || '/');
        if (shell.dialect === 'bash' && isDash(machine.overlay, shellProgram, environment.PATH)) shell.speakAsDash();
        // The shell is the process: `id` in it answers with the container's user.
        shell.setVariable(PROCESS_ENV, process.key);
        const loop = () => this.runAs(container, user, () => runRepl(shell));
        return options.host ? options.host.withForeground(shell, loop) : loop();
      }
      const env = { ...this.environment(container), [PROCESS_ENV]: process.key };
      const result = await this.runAs(container, user, () =>
        machine.shell.execProgram(argv, {
          env,
          cwd: container.config.WorkingDir || '/',
          signal: controller.signal,
          onStdout: (b) => record('stdout', b),
          onStderr: (b) => record('stderr', b),
        }),
      );
      const held = process.hold;
      if (!held || controller.signal.aborted) return controller.signal.aborted ? 137 : result.exitCode;
      held.start?.(out);
      return new Promise<number>((resolve) => {
        running.deliver = (signal) => resolve(signal === 'SIGKILL' ? 137 : held.signal(signal, out));
        settle();
        if (running.pending) running.deliver(running.pending);
      });
    };
    running.ended = main()
      .catch(() => 1)
      .then((exitCode) => {
        settle();
        unregisterProcess(process);
        this.running.delete(container.id);
        // A stopped container keeps its filesystem (container.rootfs), not its shell: a later
        // start gets a fresh one, as a process would, and exited containers cost no shell each.
        this.releaseMachine(container);
        state.status = 'exited';
        state.pid = 0;
        state.exitCode = exitCode;
        state.finishedAt = this.daemon.now();
        return exitCode;
      });
    this.running.set(container.id, running);
    return { ended: running.ended, settled: running.settled };
  }

  /** Send a signal to the main process; SIGKILL always ends it. */
  signal(container: Container, signal: Signal): void {
    const running = this.running.get(container.id);
    if (!running) return;
    if (running.deliver) {
      running.deliver(signal);
      return;
    }
    if (running.process.signalListeners.size > 0) {
      for (const listener of [...running.process.signalListeners]) listener(signal);
      return;
    }
    if (signal === 'SIGKILL') running.controller.abort();
    else running.pending = signal;
  }

  /** `docker stop`: SIGTERM, then SIGKILL after `timeoutSeconds`. Resolves when it has ended. */
  async stop(container: Container, timeoutSeconds: number, signal: Signal = 'SIGTERM'): Promise<void> {
    const running = this.running.get(container.id);
    if (!running) return;
    this.signal(container, signal);
    const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeoutSeconds * 1000));
    if ((await Promise.race([running.ended, timer])) === 'timeout') {
      this.signal(container, 'SIGKILL');
      await running.ended;
    }
  }

  /** `docker exec`: another process in the running container's machine. */
  async exec(container: Container, argv: readonly string[], options: ExecOptions = {}): Promise<{ exitCode: number; stdout: Uint8Array; stderr: Uint8Array }> {
    const machine = await this.machineFor(container);
    const user = options.user ?? { uid: 0, gid: 0, name: 'root', group: 'root' };
    const process = registerProcess(this.execPid(container), user, this.placement(container, argv));
    this.execsRunning.set(container.id, (this.execsRunning.get(container.id) ?? 0) + 1);
    try {
      return await this.runAs(container, user, () =>
        machine.shell.execProgram(argv, {
          env: { ...this.environment(container), ...options.env, [PROCESS_ENV]: process.key },
          cwd: options.cwd ?? (container.config.WorkingDir || '/'),
          ...(options.attach ? { onStdout: options.attach.stdout, onStderr: options.attach.stderr } : {}),
        }),
      );
    } finally {
      unregisterProcess(process);
      const left = (this.execsRunning.get(container.id) ?? 1) - 1;
      if (left > 0) this.execsRunning.set(container.id, left);
      else this.execsRunning.delete(container.id);
    }
  }

  /** What the process registry keeps of a process of `container` running `argv` (for `ps`). */
  placement(container: Container, argv: readonly string[]): ProcessPlacement {
    return { container, containerId: container.id, argv, nextPid: () => this.execPid(container), forkPid: () => this.forkPid(container) };
  }

  /**
   * The PID of a child forked inside the container: the kernel hands out the next free one (a
   * `docker exec` skips a few, which runc's setup processes take).
   */
  forkPid(container: Container): number {
    const pid = this.nextPid.get(container.id) ?? 7;
    this.nextPid.set(container.id, pid + 1);
    return pid;
  }

  /** The PID of the container's next `exec` process. */
  execPid(container: Container): number {
    const pid = this.nextPid.get(container.id) ?? 7;
    this.nextPid.set(container.id, pid + 6);
    return pid;
  }

  forget(container: Container): void {
    this.machines.delete(container.id);
    this.interactive.delete(container.id);
    this.attachments.delete(container.id);
  }
}

const runtimes = new WeakMap<DockerDaemon, ContainerRuntime>();

export function runtimeOf(daemon: DockerDaemon): ContainerRuntime {
  let runtime = runtimes.get(daemon);
  if (!runtime) runtimes.set(daemon, (runtime = new ContainerRuntime(daemon)));
  return runtime;
}

