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
  (interpreter?: { fs?: unknown; state?: { env?: Map<string, string> } }, output?: { stdout?: unknown; stderr?: unknown }): boolean;
  yield(): Promise<void>;
}

/** The shell variable a pipeline's producer carries when its reader's need is known (pipe-demand.ts). */
export const PIPE_READS_VARIABLE = '__LAYERLAB_READS';

/** Newlines counted so far in a loop's growing output (scanned once: `| head -100000` stays linear). */
const counted = new WeakMap<object, { scanned: number; lines: number }>();

/**
 * Whether a loop's output already holds what the reader of its pipe takes (`3l`: three lines,
 * `512c`: 512 bytes).
 */
function readerSatisfied(reads: string, output: object, stdout: string): boolean {
  const match = /^(\d+)([lc])$/.exec(reads);
  if (!match) return false;
  const want = Number(match[1]);
  if (match[2] === 'c') return stdout.length >= want;
  const seen = counted.get(output) ?? { scanned: 0, lines: 0 };
  if (stdout.length < seen.scanned) Object.assign(seen, { scanned: 0, lines: 0 });
  for (let at = stdout.indexOf('\n', seen.scanned); at !== -1 && seen.lines < want; at = stdout.indexOf('\n', at + 1)) {
    seen.lines++;
    seen.scanned = at + 1;
  }
  if (seen.lines < want) seen.scanned = stdout.length;
  counted.set(output, seen);
  return seen.lines >= want;
}

/** Exit status of a process killed by SIGPIPE (128 + 13), as bash reports it. */
const SIGPIPE_STATUS = 141;

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
    // A loop writing into a pipe whose reader has what it takes: the producer ends as SIGPIPE
    // ends it — as `exit 141` of its subshell, which the pipeline catches with its output.
    const reads = interpreter?.state?.env?.get(PIPE_READS_VARIABLE);
    const ExitError = (globalThis as { __layerlabExitError?: new (status: number, stdout: string, stderr: string) => Error }).__layerlabExitError;
    if (reads !== undefined && output && typeof output.stdout === 'string' && ExitError && readerSatisfied(reads, output, output.stdout)) {
      throw new ExitError(SIGPIPE_STATUS, output.stdout, typeof output.stderr === 'string' ? output.stderr : '');
    }
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
