/**
 * `ulimit`, the shell builtin: bash 5.2's on the host and in bash images, BusyBox 1.35 ash's in
 * busybox and alpine images (shell_common.c). Each shell keeps its own limits, starting from
 * what a Debian 12 amd64 host gives a root login shell, or what Docker 27 gives a container
 * (docker.service's LimitCORE and LimitNPROC=infinity, containerd's 1048576 open files, and no
 * CAP_SYS_RESOURCE to raise a hard limit). Setting a limit without
 * -S or -H sets both, as both shells do; the kernel's rules decide what may be set (a soft limit
 * above the hard one is EINVAL, a hard one raised without the capability or past fs.nr_open EPERM).
 */
import { defineCommand, type Command, type CommandContext, type ExecResult } from 'just-bash';
import { sessionOf, textResult } from '../../command-context.ts';
import { processOf } from '../../container/process.ts';
import { MEMORY_KIB } from '../system/host-machine.ts';

type Limit = number | 'unlimited';

interface Resource {
  option: string;
  /** bash's description and unit (ulimit.def). */
  bash: { description: string; units?: string };
  /** BusyBox ash's label (shell_common.c limits_tbl), absent where ash has no such option. */
  ash?: string;
  /** Soft and hard limits, in the units shown. */
  host: [Limit, Limit];
  container?: [Limit, Limit];
}

/**
 * Linux sizes RLIMIT_NPROC and RLIMIT_SIGPENDING from memory (kernel/fork.c: max_threads is
 * the page count over 8 × THREAD_SIZE / PAGE_SIZE = 32, and each limit is half of it).
 */
const TASKS = Math.floor(MEMORY_KIB.total / 4 / 32 / 2);

/** fs.nr_open: no open-files limit can be set above it, even by root. */
const NR_OPEN = 1048576;

/** In bash's `ulimit -a` order. */
const RESOURCES: readonly Resource[] = [
  { option: 'R', bash: { description: 'real-time non-blocking time', units: 'microseconds' }, host: ['unlimited', 'unlimited'] },
  { option: 'c', bash: { description: 'core file size', units: 'blocks' }, ash: 'core file size (blocks)', host: [0, 'unlimited'], container: ['unlimited', 'unlimited'] },
  { option: 'd', bash: { description: 'data seg size', units: 'kbytes' }, ash: 'data seg size (kb)', host: ['unlimited', 'unlimited'] },
  { option: 'e', bash: { description: 'scheduling priority' }, ash: 'scheduling priority', host: [0, 0] },
  { option: 'f', bash: { description: 'file size', units: 'blocks' }, ash: 'file size (blocks)', host: ['unlimited', 'unlimited'] },
  { option: 'i', bash: { description: 'pending signals' }, ash: 'pending signals', host: [TASKS, TASKS] },
  { option: 'l', bash: { description: 'max locked memory', units: 'kbytes' }, ash: 'max locked memory (kb)', host: [8192, 8192] },
  { option: 'm', bash: { description: 'max memory size', units: 'kbytes' }, ash: 'max memory size (kb)', host: ['unlimited', 'unlimited'] },
  { option: 'n', bash: { description: 'open files' }, ash: 'open files', host: [1024, NR_OPEN], container: [NR_OPEN, NR_OPEN] },
  { option: 'p', bash: { description: 'pipe size', units: '512 bytes' }, host: [8, 8] },
  { option: 'q', bash: { description: 'POSIX message queues', units: 'bytes' }, ash: 'POSIX message queues (bytes)', host: [819200, 819200] },
  { option: 'r', bash: { description: 'real-time priority' }, ash: 'real-time priority', host: [0, 0] },
  { option: 's', bash: { description: 'stack size', units: 'kbytes' }, ash: 'stack size (kb)', host: [8192, 'unlimited'] },
  { option: 't', bash: { description: 'cpu time', units: 'seconds' }, ash: 'cpu time (seconds)', host: ['unlimited', 'unlimited'] },
  { option: 'u', bash: { description: 'max user processes' }, ash: 'max user processes', host: [TASKS, TASKS], container: ['unlimited', 'unlimited'] },
  { option: 'v', bash: { description: 'virtual memory', units: 'kbytes' }, ash: 'virtual memory (kb)', host: ['unlimited', 'unlimited'] },
  { option: 'x', bash: { description: 'file locks' }, ash: 'file locks', host: ['unlimited', 'unlimited'] },
];

/** Each shell's limits, by option: [soft, hard]. */
const limitsByShell = new WeakMap<object, Map<string, [Limit, Limit]>>();

function limitsOf(ctx: CommandContext, inContainer: boolean): Map<string, [Limit, Limit]> {
  const shell = sessionOf(ctx);
  let limits = shell ? limitsByShell.get(shell) : undefined;
  if (!limits) {
    limits = new Map(RESOURCES.map((r) => [r.option, [...((inContainer && r.container) || r.host)] as [Limit, Limit]]));
    if (shell) limitsByShell.set(shell, limits);
  }
  return limits;
}

const exceeds = (a: Limit, b: Limit) => a === 'unlimited' ? b !== 'unlimited' : b !== 'unlimited' && a > b;

interface Words {
  usage(option: string): ExecResult;
  invalidNumber(value: string): ExecResult;
  cannotModify(resource: Resource, error: string): ExecResult;
  line(resource: Resource, value: Limit): string;
}

const BASH_WORDS: Words = {
  usage: (option) => textResult('', `bash: ulimit: -${option}: invalid option\nulimit: usage: ulimit [-SHabcdefiklmnpqrstuvxPRT] [limit]\n`, 2),
  invalidNumber: (value) => textResult('', `bash: ulimit: ${value}: invalid number\n`, 1),
  cannotModify: (r, error) => textResult('', `bash: ulimit: ${r.bash.description}: cannot modify limit: ${error}\n`, 1),
  // printone(): "%-20s %20s" of the description and "(units, -X) ".
  line: (r, value) => `${r.bash.description.padEnd(20)} ${`(${r.bash.units ? `${r.bash.units}, ` : ''}-${r.option}) `.padStart(20)}${value}\n`,
};

const ASH_WORDS: Words = {
  usage: (option) => textResult('', `ulimit: invalid option -- '${option}'\n`, 1),
  invalidNumber: (value) => textResult('', `sh: invalid number '${value}'\n`, 1),
  cannotModify: (_r, error) => textResult('', `sh: error setting limit: ${error}\n`, 1),
  line: (r, value) => `${r.ash!.padEnd(32)}(-${r.option}) ${value}\n`,
};

export function ulimitCommand(): Command {
  return defineCommand('ulimit', async (args, ctx) => {
    const ash = sessionOf(ctx)?.dialect === 'ash';
    const words = ash ? ASH_WORDS : BASH_WORDS;
    const known = RESOURCES.filter((r) => !ash || r.ash !== undefined);
    let which: 'soft' | 'hard' | 'both' = 'both';
    let all = false;
    const chosen: Resource[] = [];
    const values: string[] = [];
    for (const arg of args) {
      if (arg.startsWith('-') && arg.length > 1 && !/^-\d/.test(arg)) {
        for (const letter of arg.slice(1)) {
          if (letter === 'S') which = 'soft';
          else if (letter === 'H') which = 'hard';
          else if (letter === 'a') all = true;
          else {
            const resource = known.find((r) => r.option === letter);
            if (!resource) return words.usage(letter);
            chosen.push(resource);
          }
        }
      } else values.push(arg);
    }
    const inContainer = processOf(ctx) !== undefined;
    const limits = limitsOf(ctx, inContainer);
    const shown = (r: Resource) => limits.get(r.option)![which === 'hard' ? 1 : 0];
    if (all) return textResult(known.map((r) => words.line(r, shown(r))).join(''));
    // With no resource named, the file size limit, as both shells do.
    const resources = chosen.length > 0 ? chosen : [known.find((r) => r.option === 'f')!];
    const value = values[0];
    if (value === undefined) {
      if (resources.length === 1) return textResult(`${shown(resources[0]!)}\n`);
      return textResult(resources.map((r) => words.line(r, shown(r))).join(''));
    }
    for (const resource of resources) {
      const [soft, hard] = limits.get(resource.option)!;
      let wanted: Limit;
      if (value === 'unlimited') wanted = 'unlimited';
      else if (value === 'hard' && !ash) wanted = hard;
      else if (value === 'soft' && !ash) wanted = soft;
      else if (/^\d+$/.test(value)) wanted = Number(value);
      else return words.invalidNumber(value);
      const next: [Limit, Limit] = [which === 'hard' ? soft : wanted, which === 'soft' ? hard : wanted];
      // setrlimit(2): soft above hard is EINVAL; raising hard needs CAP_SYS_RESOURCE (Docker
      // drops it), and open files never go past fs.nr_open.
      if (exceeds(next[0], next[1])) return words.cannotModify(resource, 'Invalid argument');
      if ((inContainer && exceeds(next[1], hard)) || (resource.option === 'n' && exceeds(next[1], NR_OPEN))) {
        return words.cannotModify(resource, 'Operation not permitted');
      }
      limits.set(resource.option, next);
    }
    return textResult('');
  });
}
