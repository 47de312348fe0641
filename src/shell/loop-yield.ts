/**
 * Loops that let Ctrl+C in. A shell loop whose body never waits (`while true; do :; done`) runs
 * as one unbroken chain of promise callbacks, and neither the CLI's keypress nor the page
 * worker's interrupt message — both macrotasks — can arrive until it ends. just-bash is patched
 * (scripts/patch-just-bash.mjs) to ask `globalThis.__layerlabLoopTick()` at each iteration of
 * every loop whether its time slice is over and, when it is, to await `.yield()`: one macrotask
 * turn, during which Ctrl+C can abort the session's signal; the interpreter checks that signal
 * before its next statement and the loop ends.
 *
 * A slice of 10 ms keeps the interrupt well inside 100 ms while costing a loop about one
 * macrotask turn (a few microseconds in Node) per slice. Page mode cannot use a
 * SharedArrayBuffer flag instead: GitHub Pages serves no COOP/COEP headers.
 */

/** Longest a loop runs without letting the event loop turn, in ms. */
export const LOOP_SLICE_MS = 10;

interface LoopTick {
  /** Called by each loop iteration with the interpreter and the loop's output so far: whether to yield now. */
  (interpreter?: { fs?: unknown }, output?: { stdout?: unknown }): boolean;
  yield(): Promise<void>;
}

/**
 * Whoever waits on the output of the loops a shell runs (keyed by the shell's filesystem, which
 * just-bash's interpreter carries through every nested script): told a loop's stdout so far at
 * each iteration; answering true means it has what it needs (and has stopped the process).
 */
const outputWatchers = new Map<unknown, (loopStdout: string) => boolean>();

/**
 * Watch the stdout of loops run by the shell on `fs` (see pipe-demand.ts: a container's loop
 * writing into `| head -2`). Returns the function that stops watching.
 */
export function watchLoopOutput(fs: object, watcher: (loopStdout: string) => boolean): () => void {
  outputWatchers.set(fs, watcher);
  return () => {
    if (outputWatchers.get(fs) === watcher) outputWatchers.delete(fs);
  };
}

declare global {
  // eslint-disable-next-line no-var
  var __layerlabLoopTick: LoopTick | undefined;
}

// just-bash blocks timers and clocks while a script runs (its defence in depth): the tick uses
// the ones this module took when it loaded.
const timer = typeof performance !== 'undefined' ? performance : Date;
const now = timer.now.bind(timer);
const immediate = typeof setImmediate === 'function' ? setImmediate : undefined;
const Channel = typeof MessageChannel === 'function' ? MessageChannel : undefined;
const timeout = setTimeout;

/** One turn of the event loop: setImmediate in Node, a MessageChannel message in a worker (setTimeout is clamped to 4 ms). */
function macrotask(): Promise<void> {
  if (immediate) return new Promise((resolve) => immediate(resolve));
  if (Channel) {
    return new Promise((resolve) => {
      const channel = new Channel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(undefined);
    });
  }
  return new Promise((resolve) => timeout(resolve, 0));
}

/** How many commands of the shell on a filesystem are waiting on a timer (sleep, ping's interval). */
const waiting = new WeakMap<object, number>();

/**
 * Run `wait` as time the shell on `fs` spends idle (`sleep`, ping between packets): a process
 * doing only that has done its startup (`docker run -d` returns to the prompt then).
 */
export async function idleWhile<T>(fs: object, wait: Promise<T>): Promise<T> {
  waiting.set(fs, (waiting.get(fs) ?? 0) + 1);
  try {
    return await wait;
  } finally {
    waiting.set(fs, (waiting.get(fs) ?? 1) - 1);
  }
}

/** Whether the shell on `fs` is waiting on a timer now (see idleWhile). */
export function isIdle(fs: object): boolean {
  return (waiting.get(fs) ?? 0) > 0;
}

/** One turn of the event loop, for our own commands that write for as long as the user lets them (`yes` on a terminal). */
export function turnOfEventLoop(): Promise<void> {
  return macrotask();
}

/** Wait `ms` milliseconds (with the timer taken before just-bash could block it). */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => timeout(resolve, ms));
}

/** Install the tick the patched loops call (once per realm; every shell shares it). */
export function installLoopYield(): void {
  if (globalThis.__layerlabLoopTick !== undefined) return;
  let sliceStart = now();
  const tick = ((interpreter, output) => {
    if (outputWatchers.size > 0 && interpreter !== undefined) {
      const watcher = outputWatchers.get(interpreter.fs);
      // Yield at once when the watcher is satisfied: the process it stopped then ends at its next statement.
      if (watcher && typeof output?.stdout === 'string' && watcher(output.stdout)) return true;
    }
    return now() - sliceStart >= LOOP_SLICE_MS;
  }) as LoopTick;
  tick.yield = async () => {
    await macrotask();
    sliceStart = now();
  };
  globalThis.__layerlabLoopTick = tick;
}
