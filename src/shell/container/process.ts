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
}

export interface ContainerProcess {
  readonly key: string;
  /** PID inside the container (1 for the main process). */
  readonly pid: number;
  /** The same process's PID on the host (outside the container's PID namespace: `docker top`, the host's `ps`). */
  readonly hostPid: number;
  user: ProcessUser;
  /** Its container and command line; absent for a process that belongs to no container (a build step). */
  readonly placement?: ProcessPlacement;
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

export function registerProcess(pid: number, user: ProcessUser, placement?: ProcessPlacement): ContainerProcess {
  const key = String(++keys);
  // A container's main process is the child of its runtime shim, started just before it.
  const hostPid = pid === 1 ? (nextHostPid(), nextHostPid()) : nextHostPid();
  const process: ContainerProcess = { key, pid, hostPid, user, signalListeners: new Set(), ...(placement ? { placement } : {}) };
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
