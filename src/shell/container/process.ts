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

export interface ContainerProcess {
  readonly key: string;
  /** PID inside the container (1 for the main process). */
  readonly pid: number;
  user: ProcessUser;
  hold?: HeldProgram;
  /** Listeners for signals to a program that blocks (sleep). */
  readonly signalListeners: Set<(signal: Signal) => void>;
}

const processes = new Map<string, ContainerProcess>();
let keys = 0;

export function registerProcess(pid: number, user: ProcessUser): ContainerProcess {
  const key = String(++keys);
  const process: ContainerProcess = { key, pid, user, signalListeners: new Set() };
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
