/**
 * What an emulated program needs to know about the container process it runs in: its user, its
 * PID, and how to stay running. A process is found through one environment variable the runtime
 * sets (`__LAYERLAB_PID`, a key into this registry), since just-bash hands commands no other
 * handle that survives scripts and `exec`.
 *
 * Long-running programs (servers, `tail -f`) *hold*: they print their startup output and return,
 * and register what happens next; the runtime keeps the container Up and later delivers signals.
 * (just-bash hands a command's output over only when it returns, so a program that blocked
 * would show nothing in `docker logs` until it ended.)
 */
import type { CommandContext } from 'just-bash';

export const PROCESS_ENV = '__LAYERLAB_PID';

export type Signal = 'SIGTERM' | 'SIGINT' | 'SIGQUIT' | 'SIGKILL';

export const SIGNAL_NUMBERS: Record<Signal, number> = { SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 };

export interface ProcessOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

export interface HeldProgram {
  /** Called once the process's earlier output is out; `out` takes what it prints later. */
  start?(out: ProcessOutput): void;
  /** A signal arrived: what it prints, and its exit status. */
  signal(signal: Signal, out: ProcessOutput): number;
}

export interface ProcessUser {
  uid: number;
  gid: number;
  name?: string;
  group?: string;
}

/** Where a process runs and what it runs: what `ps` shows of it. */
export interface ProcessPlacement {
  /** The container (its identity: two daemons may use the same IDs) and its ID. */
  readonly container: object;
  readonly containerId: string;
  /** The command line it was started with (argv[0] first). */
  readonly argv: readonly string[];
  /** Takes the PID of a new process in the same container (a child such as `ps` gets one). */
  readonly nextPid: () => number;
  /** Takes the PID of a child a process of the container forks: the next free one (default: nextPid). */
  readonly forkPid?: () => number;
}

export interface ContainerProcess {
  readonly key: string;
  /** PID inside the container (1 for the main process). */
  readonly pid: number;
  /** The same process's PID on the host (outside the container's PID namespace: `docker top`, the host's `ps`). */
  readonly hostPid: number;
  user: ProcessUser;
  /** Its container and command line (execve replaces the line); absent for a process that belongs to no container (a build step). */
  placement?: ProcessPlacement;
  /** Its parent's PID in the container (0 for the main process, whose parent is outside). */
  readonly parentPid: number;
  /** The file its program runs from, as /proc/PID/exe names it; unknown until its program starts. */
  exe?: string;
  /** Whether its program has started: the next program run in it is a child (see runAsProcess). */
  programStarted: boolean;
  /** A shell that will exec its one command (`sh -c 'cat /proc/self/cmdline'`): the next program takes its place. */
  execsNext: boolean;
  /** Its program was started by a shell (a child, or exec'd in the shell's place), so its environment is in that shell's order, not Docker's. */
  startedByShell?: boolean;
  hold?: HeldProgram;
  /** Listeners for signals to a program that blocks (sleep). */
  readonly signalListeners: Set<(signal: Signal) => void>;
}

const processes = new Map<string, ContainerProcess>();
let keys = 0;

/** The host's last PID handed out; below it, the host's own daemons and login shell (see commands/ps). */
let lastHostPid = 1200;

/** A new PID on the host, as the kernel hands them out: one after another. */
export function nextHostPid(): number {
  return ++lastHostPid;
}

/**
 * A new process. `programStarted`: its program runs already (an interactive shell reading
 * commands): whatever it runs is a child; otherwise the first program run in it is its own.
 */
export function registerProcess(pid: number, user: ProcessUser, placement?: ProcessPlacement, options: { parentPid?: number; programStarted?: boolean; signalListeners?: Set<(signal: Signal) => void> } = {}): ContainerProcess {
  const key = String(++keys);
  // A container's main process is the child of its runtime shim, started just before it.
  const hostPid = pid === 1 ? (nextHostPid(), nextHostPid()) : nextHostPid();
  const process: ContainerProcess = {
    key,
    pid,
    hostPid,
    user,
    signalListeners: options.signalListeners ?? new Set(),
    parentPid: options.parentPid ?? 0,
    programStarted: options.programStarted ?? false,
    execsNext: false,
    ...(placement ? { placement } : {}),
  };
  processes.set(key, process);
  return process;
}

export function unregisterProcess(process: ContainerProcess): void {
  processes.delete(process.key);
}

/** The container process a command runs in, if any (not on the host, not in `docker build`). */
export function processOf(ctx: Pick<CommandContext, 'env'>): ContainerProcess | undefined {
  const key = ctx.env.get(PROCESS_ENV);
  return key === undefined ? undefined : processes.get(key);
}

/** The program a process runs: its command line and the file it runs from. */
export interface ProgramImage {
  readonly argv: readonly string[];
  readonly exe: string;
  /** A shell given one command to run (`sh -c 'cat x'`): it execs that command rather than forking it. */
  readonly execsItsCommand: boolean;
}

/**
 * Run `program` where execve(2) would run it, so that /proc/self, `ps` and `docker top` name
 * the process that is running. In a container process whose program has not started (the main
 * process, a `docker exec`), `image` is that process's program; in a shell that execs its one
 * command (ash, dash and bash run the last command of `-c` in place: `docker run busybox sh -c
 * 'cat /proc/self/cmdline'` prints `cat…` as PID 1), it takes the shell's place; anything else
 * is a child, with the container's next PID, for as long as it runs. Outside a container (the
 * host, a build step) it just runs.
 *
 * The child is found through `ctx.env` (PROCESS_ENV), set for the run and put back after it:
 * just-bash runs one command of a shell at a time, so nothing else of that shell sees it.
 */
export async function runAsProcess<T>(ctx: Pick<CommandContext, 'env'> & { exportedEnv?: Record<string, string> }, image: ProgramImage, program: () => Promise<T>): Promise<T> {
  const caller = processOf(ctx);
  if (caller?.placement === undefined) return program();
  if (!caller.programStarted || caller.execsNext) {
    if (caller.programStarted) caller.startedByShell = true;
    caller.programStarted = true;
    caller.execsNext = image.execsItsCommand;
    caller.exe = image.exe;
    caller.placement = { ...caller.placement, argv: image.argv };
    return program();
  }
  // A signal to the shell reaches the child it waits on (`docker stop` of `sh -c '…; sleep 100'`
  // ends the sleep), as Ctrl+C reaches a terminal's foreground process group.
  const child = registerProcess((caller.placement.forkPid ?? caller.placement.nextPid)(), caller.user, { ...caller.placement, argv: image.argv }, { parentPid: caller.pid, programStarted: true, signalListeners: caller.signalListeners });
  child.exe = image.exe;
  child.execsNext = image.execsItsCommand;
  child.startedByShell = true;
  // just-bash freezes the exported environment it hands a command: replaced, not changed.
  const exported = ctx.exportedEnv;
  ctx.env.set(PROCESS_ENV, child.key);
  if (exported) ctx.exportedEnv = { ...exported, [PROCESS_ENV]: child.key };
  try {
    return await program();
  } finally {
    ctx.env.set(PROCESS_ENV, caller.key);
    if (exported) ctx.exportedEnv = exported;
    unregisterProcess(child);
    // A child that holds (a server, `tail -f`) keeps running, and its shell waits on it: the
    // process it ran in holds with it (the runtime keeps the container Up and signals it).
    if (child.hold !== undefined) caller.hold ??= child.hold;
  }
}

/** `exec PROG` in a shell of a container: the next program run takes the shell's process. */
export function execInPlace(ctx: Pick<CommandContext, 'env'>): void {
  const caller = processOf(ctx);
  if (caller !== undefined) caller.execsNext = true;
}

/** The processes running in a container now, by PID. */
export function processesIn(container: object): ContainerProcess[] {
  return [...processes.values()].filter((p) => p.placement?.container === container).sort((a, b) => a.pid - b.pid);
}

/** Every container process running now, by host PID. */
export function containerProcesses(): ContainerProcess[] {
  return [...processes.values()].filter((p) => p.placement !== undefined).sort((a, b) => a.hostPid - b.hostPid);
}

/** The PATH a container gets when its image sets none (moby's oci/defaults.go). */
export const DEFAULT_CONTAINER_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The environment a container's processes start with (`docker run`'s, and /proc/<pid>/environ). */
export function containerEnvironment(container: { config: { Env: readonly string[]; Hostname: string; Tty?: boolean } }): Record<string, string> {
  // moby's order (daemon/container.go CreateDaemonEnvironment): PATH, HOSTNAME, TERM with -t,
  // then the image's Env and -e (which may replace those), HOME last when still unset.
  const env: Record<string, string> = { PATH: DEFAULT_CONTAINER_PATH, HOSTNAME: container.config.Hostname };
  if (container.config.Tty) env.TERM = 'xterm';
  for (const entry of container.config.Env) {
    const eq = entry.indexOf('=');
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  env.HOME ??= '/root';
  return env;
}
