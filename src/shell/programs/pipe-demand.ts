/**
 * SIGPIPE, as far as a shell whose pipes are not streams can have it. In bash, `yes | head -3`
 * ends because head exits after three lines and yes's next write kills it (SIGPIPE). just-bash
 * runs a pipeline's commands one after the other, each reading all its input, so a producer
 * that never ends would never hand over. Where the reader's need is known from its words alone
 * — `head` with a fixed count, reading its stdin — the producer is told how much will be read
 * (a plumbing word in front of its arguments, see exec-command.ts), and one that would write
 * forever (`yes`, a container's output) writes that much and ends as SIGPIPE would end it. A
 * loop or group as the producer (`while true; do echo y; done | head -3`) gets the need as a
 * variable of its subshell, which the loops' tick checks (loop-yield.ts).
 * Any other reader reads everything, as it does in bash.
 */
import type { CommandNode, PipelineNode, ScriptNode, SimpleCommandNode, WordNode } from 'just-bash';
import type { PipeDemand } from '../command-context.ts';
import { PIPE_READS_VARIABLE } from '../loop-yield.ts';
import { parseScript } from '../statement-reader.ts';

/** The plumbing word: `__layerlab_reads=3l` (3 lines) or `=512c` (512 bytes). */
export const DEMAND_PREFIX = '__layerlab_reads=';

export function demandWord(demand: PipeDemand): string {
  return `${DEMAND_PREFIX}${demand.count}${demand.unit === 'lines' ? 'l' : 'c'}`;
}

export function parseDemandWord(word: string): PipeDemand | undefined {
  const match = /^__layerlab_reads=(\d+)([lc])$/.exec(word);
  return match ? { count: Number(match[1]), unit: match[2] === 'l' ? 'lines' : 'bytes' } : undefined;
}

/**
 * Tell each dispatched program (`execName`) in a pipeline what the command after it reads, when
 * that is known. Rewrites `ast` in place.
 */
export function markPipeDemands(ast: ScriptNode, execName: string): void {
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    if ((node as { type?: string }).type === 'Pipeline') markPipeline(node as PipelineNode, execName);
    for (const value of Object.values(node)) visit(value);
  };
  visit(ast);
}

function markPipeline(pipeline: PipelineNode, execName: string): void {
  for (let i = 0; i + 1 < pipeline.commands.length; i++) {
    const producer = pipeline.commands[i]!;
    const reader = pipeline.commands[i + 1]!;
    // `a |& head` feeds head a's stderr too: what a writes on stdout alone is not what head counts.
    if (reader.type !== 'SimpleCommand' || pipeline.pipeStderr?.[i]) continue;
    const demand = readerDemand(reader, execName);
    if (!demand) continue;
    if (producer.type === 'SimpleCommand' && !isProgramCall(producer, execName)) {
      // A function (`f | head -1`): the loops in its body see the need, as a loop piped itself does.
      const name = producer.name ? literalText(producer.name) : undefined;
      if (name !== undefined && !name.startsWith('__layerlab_') && !BUILTINS_THAT_WRITE_ONCE.has(name)) pipeline.commands[i] = markedGroup(producer, demand);
    } else if (producer.type === 'SimpleCommand') {
      if (producer.args.some((w) => literalText(w)?.startsWith(DEMAND_PREFIX))) continue;
      producer.args.unshift({ type: 'Word', parts: [{ type: 'Literal', value: demandWord(demand) }] } as WordNode);
    } else if (LOOPING.has(producer.type) && !isMarkedGroup(producer)) {
      // `{ __LAYERLAB_READS=3l; while …; done; }`: the loop tick reads it (loop-yield.ts). The
      // variable lives in the pipeline's subshell, which keeps its own variables.
      pipeline.commands[i] = markedGroup(producer, demand);
    }
  }
}

/** Builtins that write what they write and end: nothing to tell them (the rest may be functions). */
const BUILTINS_THAT_WRITE_ONCE = new Set(['echo', 'printf', 'cat', ':', 'true', 'false', 'set', 'declare', 'typeset', 'export', 'alias', 'type', 'pwd', 'history', 'jobs', 'read', 'test', '[', 'cd', 'eval', 'source', '.']);

/** Compound commands whose loops may write forever. */
const LOOPING = new Set(['While', 'Until', 'For', 'CStyleFor', 'Group', 'Subshell']);

function markedGroup(producer: CommandNode, demand: PipeDemand): CommandNode {
  const group = structuredClone((parseScript(`{ ${PIPE_READS_VARIABLE}=${demandWord(demand).slice(DEMAND_PREFIX.length)}; :; }`) as unknown as ScriptNode).statements[0]!.pipelines[0]!.commands[0]!) as CommandNode & { body: ScriptNode['statements'] };
  group.body[1]!.pipelines[0]!.commands[0] = producer;
  return group;
}

function isMarkedGroup(command: CommandNode): boolean {
  if (command.type !== 'Group') return false;
  const first = command.body[0]?.pipelines[0]?.commands[0];
  return first?.type === 'SimpleCommand' && first.name === null && first.assignments.some((a) => a.name === PIPE_READS_VARIABLE);
}

function isProgramCall(command: SimpleCommandNode, execName: string): boolean {
  return command.name !== null && literalText(command.name) === execName && command.args.length > 0;
}

/**
 * What `head` reads of its stdin, from its words (GNU coreutils 9.1 and BusyBox 1.35 agree on
 * these forms): `-n N`, `-nN`, `--lines=N`, `-N`, `-c N`, `-cN`, `--bytes=N`, none (10 lines),
 * N with a multiplier suffix (`-c 2M`). Anything else — a file operand, a count with a sign,
 * `-z`, a word with an expansion — leaves it unknown.
 */
function readerDemand(reader: SimpleCommandNode, execName: string): PipeDemand | undefined {
  if (!isProgramCall(reader, execName)) return undefined;
  const words = reader.args.map(literalText);
  if (words.some((w) => w === undefined)) return undefined;
  const [program, ...args] = words as string[];
  if (program!.slice(program!.lastIndexOf('/') + 1) !== 'head') return undefined;
  // Redirected stdin: head does not read the pipe.
  if (reader.redirections.some((r) => r.operator === '<' || r.operator === '<<' || r.operator === '<<<' || r.operator === '<<-')) return undefined;
  const read = headReads(args);
  return read && read.files.length === 0 ? read.demand : undefined;
}

/**
 * How many bytes `head ARGS` (already expanded) reads of each file operand, when its words say
 * (`head -c 2000000 /dev/urandom`): the dispatch has an endless device give that much.
 */
export function headFileBytes(args: readonly string[]): number | undefined {
  const read = headReads(args);
  return read && read.files.length > 0 && read.demand.unit === 'bytes' ? read.demand.count : undefined;
}

/** The files `head` reads for lines (`-n N`, N not 0, or the default 10); undefined when it counts bytes or none. */
export function headLineFiles(args: readonly string[]): string[] | undefined {
  const read = headReads(args);
  return read && read.demand.unit === 'lines' && read.demand.count !== 0 ? read.files : undefined;
}

/** `head`'s count from its words, and its file operands (`-` is stdin). Undefined for forms it cannot tell. */
function headReads(args: readonly string[]): { demand: PipeDemand; files: string[] } | undefined {
  let demand: PipeDemand = { unit: 'lines', count: 10 };
  const files: string[] = [];
  const count = (text: string | undefined, unit: PipeDemand['unit']): boolean => {
    const value = text === undefined ? undefined : headCount(text);
    if (value === undefined) return false;
    demand = { unit, count: value };
    return true;
  };
  let operandsOnly = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    let ok: boolean;
    if (operandsOnly || arg === '-' || !arg.startsWith('-')) {
      if (arg !== '-') files.push(arg);
      ok = true;
    } else if (arg === '-n' || arg === '-c') ok = count(args[++i], arg === '-n' ? 'lines' : 'bytes');
    else if (/^-[nc]/.test(arg)) ok = count(arg.slice(2), arg[1] === 'n' ? 'lines' : 'bytes');
    else if (arg.startsWith('--lines=') || arg.startsWith('--bytes=')) ok = count(arg.slice(8), arg.startsWith('--lines') ? 'lines' : 'bytes');
    else if (/^-\d+$/.test(arg) && i === 0) ok = count(arg.slice(1), 'lines');
    else if (arg === '--') ok = operandsOnly = true;
    else ok = arg === '-q' || arg === '-v' || arg === '--quiet' || arg === '--silent' || arg === '--verbose';
    if (!ok) return undefined;
  }
  return { demand, files };
}

const POWERS = 'KMGTPEZYRQ';

/**
 * A count of `head -n`/`-c` with its multiplier suffix, as GNU coreutils 9.1 reads it
 * (xdectoumax with "bkKmMGTPEZYRQ0": `b` 512; `k`/`K`, `m`/`M`, `G`… powers of 1024, of 1000
 * with a `B` after them (`kB`, `MB`), of 1024 with `iB`), or with `busybox` as BusyBox 1.35
 * reads it (xatoul_sfx: `b` 512, `k` 1024, `m` 1048576). Undefined when it is not one.
 */
export function headCount(text: string, busybox = false): number | undefined {
  const match = busybox ? /^(\d+)([bkm]?)$/.exec(text) : /^(\d+)(?:(b)|([kKmMGTPEZYRQ])(B|iB)?)?$/.exec(text);
  if (match === null) return undefined;
  const digits = Number(match[1]);
  if (match[2] === 'b') return digits * 512;
  const letter = busybox ? match[2] : match[3];
  if (!letter) return digits;
  const power = POWERS.indexOf(letter.toUpperCase()) + 1;
  return Math.min(Number.MAX_SAFE_INTEGER, digits * (match[4] === 'B' ? 1000 : 1024) ** power);
}

function literalText(word: WordNode): string | undefined {
  let text = '';
  for (const part of word.parts) {
    if (part.type === 'Literal' || part.type === 'SingleQuoted') text += (part as { value: string }).value;
    else return undefined;
  }
  return text;
}
