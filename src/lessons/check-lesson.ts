/**
 * Check a lesson as a student would take it, in a fresh session: the scenario's assets and
 * setup first, then every step's runnable blocks in order (typed as Run types them), each
 * output compared with the block's expected output, then the step's verify script. A block
 * with no expected output must succeed (status 0). `layerlab lessons check` and `npm test`
 * run this on every lesson, so a lesson that breaks fails CI, not a class.
 */
import { shellQuote } from '../engine/shell-quote.ts';
import { compareOutput } from './expected-output.ts';
import type { Lesson, LessonFiles } from './lesson.ts';

/** How long a block may run before the checker stops waiting for the prompt. */
export const BLOCK_TIMEOUT_MS = 60_000;
/** How long a block whose next block interrupts it runs first: a server in the foreground starts. */
export const BEFORE_INTERRUPT_MS = 3_000;

/** What a lesson needs of a machine: the terminal Run types into, and a way to run scripts beside it. */
export interface LessonMachine {
  /** Type a block line by line; resolves when the shell waits for input again (`finished`), or when it gave up waiting. */
  type(code: string, timeoutMs?: number): Promise<{ output: string; status: number; ended: boolean; finished: boolean }>;
  /** Ctrl+C in the terminal (Killercoda's `{{exec interrupt}}` sends it before its command). */
  interrupt(): void;
  /** Run a script as its own `bash` process on the machine (verify and setup scripts): status and output. */
  runScript(script: string): Promise<{ status: number; output: string }>;
  /** Copy a file onto the machine (a scenario's assets), making its directory. */
  writeFile(path: string, bytes: Uint8Array): Promise<void>;
}

export interface CheckResult {
  /** 0 for the lesson's setup; steps count from 1. */
  step: number;
  title: string;
  ok: boolean;
  /** One line: what failed and where (`block 2, line 3: expected "…", got "…"`). */
  detail?: string;
}

export async function checkLesson(lesson: Lesson, files: LessonFiles, machine: LessonMachine): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const setupFailure = await prepareLesson(lesson, files, machine);
  if (setupFailure !== undefined) return [{ step: 0, title: 'setup', ok: false, detail: setupFailure }];
  const runnable = lesson.steps.map((step) => step.blocks.filter((block) => block.action === 'run'));
  for (const [i, step] of lesson.steps.entries()) {
    const result: CheckResult = { step: i + 1, title: step.title, ok: true };
    results.push(result);
    let ended = false;
    for (const [j, block] of runnable[i]!.entries()) {
      if (block.interrupt) machine.interrupt();
      // A command still running is fine when the next block interrupts it (a server left in the foreground).
      const next = runnable[i]![j + 1] ?? runnable.slice(i + 1).find((blocks) => blocks.length > 0)?.[0];
      const typed = await machine.type(block.code, next?.interrupt ? BEFORE_INTERRUPT_MS : BLOCK_TIMEOUT_MS);
      ended = typed.ended;
      const failure = typed.finished || next?.interrupt ? blockFailure(block.index, block.code, block.expected, { ...typed, status: typed.finished ? typed.status : 0 }) : `block ${block.index + 1} (${JSON.stringify(firstLine(block.code))}) was still running after ${BLOCK_TIMEOUT_MS / 1000} s: ${lastLine(typed.output) || 'no output'}`;
      if (failure !== undefined) {
        Object.assign(result, { ok: false, detail: failure });
        break;
      }
      if (ended) break;
    }
    if (!result.ok) continue;
    if (step.verify !== undefined) {
      const verified = await machine.runScript(step.verify);
      if (verified.status !== 0) Object.assign(result, { ok: false, detail: `verify failed (status ${verified.status}): ${firstLine(verified.output) || 'no message'}` });
    }
    if (ended && i < lesson.steps.length - 1) {
      results.push({ step: i + 2, title: lesson.steps[i + 1]!.title, ok: false, detail: 'the shell had exited: nothing more could run' });
      break;
    }
  }
  return results;
}

/**
 * Put a scenario's assets on a fresh machine (with their chmod) and run its setup scripts, as
 * Killercoda does before the first step: undefined when all went well, else one line saying what
 * failed. The page runs it on a lesson's new machine; `checkLesson` before the first step.
 */
export async function prepareLesson(lesson: Lesson, files: LessonFiles, machine: Pick<LessonMachine, 'runScript' | 'writeFile'>): Promise<string | undefined> {
  for (const asset of lesson.assets) {
    const bytes = await files.read(asset.file);
    if (bytes === undefined) return `asset ${asset.file} is missing`;
    const target = `${asset.target.replace(/\/+$/, '')}/${asset.file.split('/').pop()!}`;
    await machine.writeFile(target, bytes);
    if (asset.chmod !== undefined) {
      // chmod's own parser reads the mode (`+x`, `755`, `u+x,go-w`), as Killercoda's copy does.
      const chmod = await machine.runScript(`chmod ${shellQuote(asset.chmod)} ${shellQuote(target)}`);
      if (chmod.status !== 0) return `asset ${asset.file}: ${firstLine(chmod.output)}`;
    }
  }
  for (const script of lesson.setup) {
    const { status, output } = await machine.runScript(script);
    if (status !== 0) return `setup script failed (status ${status}): ${firstLine(output) || 'no message'}`;
  }
  return undefined;
}

function blockFailure(index: number, code: string, expected: string | undefined, typed: { output: string; status: number }): string | undefined {
  const which = `block ${index + 1} (${JSON.stringify(firstLine(code))})`;
  if (expected === undefined) {
    return typed.status === 0 ? undefined : `${which} exited ${typed.status}: ${lastLine(typed.output) || 'no output'}`;
  }
  const mismatch = compareOutput(expected, typed.output);
  if (mismatch === undefined) return undefined;
  const want = mismatch.expected === undefined ? 'the end of the output' : JSON.stringify(mismatch.expected);
  const got = mismatch.actual === undefined ? 'the end of the output' : JSON.stringify(mismatch.actual);
  return `${which}, output line ${mismatch.actualLine}: expected ${want}, got ${got}`;
}

function firstLine(text: string): string {
  return text.split('\n').find((line) => line.trim() !== '')?.trim() ?? '';
}

function lastLine(text: string): string {
  return text.split('\n').filter((line) => line.trim() !== '').at(-1)?.trim() ?? '';
}
