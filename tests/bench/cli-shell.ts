/**
 * `layerlab shell` as a user meets it (issue 8): how long big pipelines take in the CLI reading
 * a script, and how soon Ctrl+C stops a loop in the CLI on a terminal (target < 100 ms: from
 * writing ^C into the pseudo-terminal to the next prompt, see tests/cli/support/pty-interrupt.ts).
 * Runnable alone: `npx tsx tests/bench/cli-shell.ts` prints one JSON object.
 */
import { spawnSync } from 'node:child_process';
import { BIN } from '../cli/run-cli.ts';
import { interruptInPty } from '../cli/support/pty-interrupt.ts';

export const PIPELINES = ['seq 1 1000000 | tail -1', 'yes | head -100000 | wc -l'];

export interface CliShellBench {
  /** Seconds each pipeline adds to a `layerlab shell < script` run (startup, the same with `true`, taken off). */
  pipelineSeconds: Record<string, number>;
  /** Ctrl+C to prompt for `while true; do echo y; done`, each try, in ms. */
  interruptLatencyMs: number[];
  /** Ctrl+C to prompt for a command that prints nothing while it runs (`x=$(seq …)`), each try, in ms. */
  silentInterruptLatencyMs: Record<string, number[]>;
}

/** Statements that write nothing to the terminal while they run: ^C comes 300 ms after Enter. */
export const SILENT = ['x=$(seq 1 50000000)', 'for i in $(seq 1 50000000); do :; done'];

function scriptSeconds(script: string): number {
  const start = performance.now();
  const r = spawnSync(BIN, ['shell'], { input: `${script}\n`, encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) throw new Error(`layerlab shell failed on ${script}: ${r.stderr.trim()}`);
  return (performance.now() - start) / 1000;
}

export async function measureCliShell(tries = 3): Promise<CliShellBench> {
  const startup = Math.min(...[0, 1].map(() => scriptSeconds('true')));
  const pipelineSeconds = Object.fromEntries(PIPELINES.map((p) => [p, Math.max(0, scriptSeconds(p) - startup)]));
  const interruptLatencyMs: number[] = [];
  for (let i = 0; i < tries; i++) interruptLatencyMs.push((await interruptInPty('while true; do echo y; done', /y\ny\n/)).latencyMs);
  const silentInterruptLatencyMs: Record<string, number[]> = {};
  for (const statement of SILENT) {
    silentInterruptLatencyMs[statement] = [];
    for (let i = 0; i < tries; i++) silentInterruptLatencyMs[statement].push((await interruptInPty(statement, undefined)).latencyMs);
  }
  return { pipelineSeconds, interruptLatencyMs, silentInterruptLatencyMs };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  measureCliShell().then(
    (result) => process.stdout.write(JSON.stringify(result) + '\n'),
    (err: unknown) => {
      process.stderr.write(`cli shell bench: ${(err as Error).message}\n`);
      process.exit(1);
    },
  );
}
