/**
 * Reads that never end: /dev/zero (and /dev/full, which reads zeros too) has no newline and no
 * end, so `head -n N /dev/zero` looks for lines that never come (GNU head 9.1 writes the zeros
 * on as it reads them, which a terminal does not show; BusyBox's head alike) and `grep WORD
 * /dev/zero` for a line that never matches (GNU grep 3.8 takes a binary file's NULs as line
 * ends: it holds no growing line). Both run until a signal ends them (Ctrl+C: status 130), and
 * so does `cat /dev/zero | head -n 5`, cat writing zeros on to a head that waits for lines.
 * just-bash's commands read a file whole: the device gave one 1 MiB block (dev-fs.ts) and they
 * ended there, head printing it all. The dispatch runs such a call as a wait for the signal.
 */
import type { PipeDemand } from '../command-context.ts';
import { headLineFiles } from './pipe-demand.ts';

/** grep's options that change nothing of "never matches, never ends" (not -v, -e, -f, -z, -m…). */
const PASSIVE_GREP_OPTIONS = /^-[inqsHhcl]+$/;

/** A pattern that cannot match a line of NULs (an empty line): plain letters, digits and a few signs. */
const LITERAL_WORD = /^[A-Za-z0-9_,:@%+=]+$/;

/**
 * Whether `program args` reads one of its files forever; `isZeros` tells a zero device from a
 * file, `demand` is what the pipe's reader takes of the program's output (pipe-demand.ts).
 */
export function readsZerosForever(program: string, args: readonly string[], isZeros: (operand: string) => boolean, demand?: PipeDemand): boolean {
  if (program === 'head') return (headLineFiles(args) ?? []).some(isZeros);
  if (program === 'cat') return demand?.unit === 'lines' && demand.count > 0 && args.some((a) => !a.startsWith('-') && isZeros(a));
  if (program === 'grep') {
    const options = args.filter((a) => a.startsWith('-'));
    const words = args.filter((a) => !a.startsWith('-'));
    const [pattern, ...files] = words;
    return options.every((o) => PASSIVE_GREP_OPTIONS.test(o)) && pattern !== undefined && LITERAL_WORD.test(pattern) && files.some(isZeros);
  }
  return false;
}
