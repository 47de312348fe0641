/**
 * getopt_long as GNU tools parse their arguments: short options cluster (`-la`), take a value
 * attached or as the next argument (`-L2`, `-L 2`), long options take `=value` or the next
 * argument and may be abbreviated to any unambiguous prefix, options and operands may mix, and
 * `--` ends the options. Errors are worded as glibc's getopt words them.
 */
import type { ExecResult } from 'just-bash';

export interface OptionSpec {
  /** What the option means, e.g. `all`; several spellings can share one key. */
  key: string;
  short?: string;
  long?: string;
  /** Takes a value (`required`), or may take one with `=` only (`optional`, e.g. `--color[=WHEN]`). */
  value?: 'required' | 'optional';
}

export interface ParsedOptions {
  /** Options in the order given, so the last of two conflicting ones wins as in GNU tools. */
  options: { key: string; value: string | undefined }[];
  operands: string[];
}

export function parseGnuOptions(program: string, args: readonly string[], specs: readonly OptionSpec[], usageStatus: number): ParsedOptions | ExecResult {
  const options: ParsedOptions['options'] = [];
  const operands: string[] = [];
  const usage = (message: string): ExecResult => usageError(program, message, usageStatus);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const [name, inline] = splitOnce(arg.slice(2), '=');
      const match = matchLongOption(name, specs.flatMap((spec) => spec.long ?? []));
      if ('unknown' in match) return usage(`unrecognized option '--${name}'`);
      if ('ambiguous' in match) return usage(`option '--${name}' is ambiguous; possibilities:${match.ambiguous.map((l) => ` '--${l}'`).join('')}`);
      const spec = specs.find((s) => s.long === match.long)!;
      if (spec.value === undefined && inline !== undefined) return usage(`option '--${spec.long}' doesn't allow an argument`);
      let value = inline;
      if (spec.value === 'required' && value === undefined) {
        if (i + 1 >= args.length) return usage(`option '--${spec.long}' requires an argument`);
        value = args[++i]!;
      }
      options.push({ key: spec.key, value });
      continue;
    }
    if (arg.startsWith('-') && arg !== '-') {
      for (let j = 1; j < arg.length; j++) {
        const letter = arg[j]!;
        const spec = specs.find((s) => s.short === letter);
        if (spec === undefined) return usage(`invalid option -- '${letter}'`);
        if (spec.value !== 'required') {
          options.push({ key: spec.key, value: undefined });
          continue;
        }
        let value = arg.slice(j + 1);
        if (value === '') {
          if (i + 1 >= args.length) return usage(`option requires an argument -- '${letter}'`);
          value = args[++i]!;
        }
        options.push({ key: spec.key, value });
        break;
      }
      continue;
    }
    operands.push(arg);
  }
  return { options, operands };
}

/**
 * Which long option `--name` means, as getopt_long decides: the one spelled exactly so, else the
 * only one `name` abbreviates; several are ambiguous (listed once each, in order), none unknown.
 */
export function matchLongOption(name: string, longs: readonly string[]): { long: string } | { ambiguous: string[] } | { unknown: true } {
  if (longs.includes(name)) return { long: name };
  const matches = [...new Set(longs.filter((long) => long.startsWith(name)))];
  if (matches.length === 1) return { long: matches[0]! };
  return matches.length === 0 ? { unknown: true } : { ambiguous: matches };
}

/** GNU's pointer after a usage error: `Try 'ls --help' for more information.` */
export function tryHelp(program: string): string {
  return `Try '${program} --help' for more information.\n`;
}

/** A usage error as GNU tools print it: `program: message`, then the pointer to --help. */
export function usageError(program: string, message: string, status = 1): ExecResult {
  return { stdout: '', stderr: `${program}: ${message}\n${tryHelp(program)}`, exitCode: status };
}

export function isUsageError(parsed: ParsedOptions | ExecResult): parsed is ExecResult {
  return 'exitCode' in parsed;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
