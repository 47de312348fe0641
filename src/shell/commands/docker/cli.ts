/**
 * The parts of docker/cli every subcommand shares: pflag-style flag parsing (`-aq`, `--all`,
 * `--format=…`, `-o FILE`, `--`), cobra's argument-count errors (cli/required.go), `--help`,
 * and how errors print: flag errors exit 125, daemon errors are "Error response from daemon: …".
 */
import type { ExecResult } from 'just-bash';
import { DaemonError } from '../../../engine/docker/registry.ts';
import { errorLine, LayerlabError } from '../../../engine/errors.ts';

export interface FlagSpec {
  long: string;
  short?: string;
  kind: 'bool' | 'string' | 'list';
  /** Placeholder shown in help (`string`, `filter`, `list`). */
  value?: string;
  help: string;
}

export interface CommandSpec {
  /** `docker image ls`: what error messages and help call the command. */
  path: string;
  /** The usage line after `docker …`, e.g. `tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]`. */
  use: string;
  short: string;
  aliases?: string;
  flags: FlagSpec[];
  args: { min: number; max: number };
}

export interface ParsedArgs {
  flags: Map<string, string[]>;
  positional: string[];
}

export const ok = (stdout = '', stderr = ''): ExecResult => ({ stdout, stderr, exitCode: 0 });
export const fail = (stderr: string, exitCode = 1, stdout = ''): ExecResult => ({ stdout, stderr, exitCode });

/** Error text as the CLI prints it: the daemon's errors behind "Error response from daemon: ". */
export function errorResult(err: unknown, stdout = ''): ExecResult {
  if (err instanceof DaemonError) return fail(`Error response from daemon: ${err.message}\n`, 1, stdout);
  if (err instanceof LayerlabError) return fail(`${err.message}\n`, 1, stdout);
  return fail(`${errorLine(err)}\n`, 1, stdout);
}

const flagError = (spec: CommandSpec, message: string): ExecResult => fail(`${message}\nSee '${spec.path} --help'.\n`, 125);

/** Parse `args` against a command's flags; a result with `exitCode` is the error (or help) to print. */
export function parseArgs(spec: CommandSpec, args: readonly string[]): ParsedArgs | ExecResult {
  const flags = new Map<string, string[]>();
  const positional: string[] = [];
  const byLong = new Map(spec.flags.map((f) => [f.long, f]));
  const byShort = new Map(spec.flags.filter((f) => f.short).map((f) => [f.short!, f]));
  const set = (flag: FlagSpec, value: string) => {
    if (flag.kind === 'list') flags.set(flag.long, [...(flags.get(flag.long) ?? []), value]);
    else flags.set(flag.long, [value]);
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (arg === '--help' || arg === '-h') return ok(helpText(spec));
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq < 0 ? undefined : eq);
      const flag = byLong.get(name);
      if (!flag) return flagError(spec, `unknown flag: --${name}`);
      if (flag.kind === 'bool') {
        const value = eq < 0 ? 'true' : arg.slice(eq + 1);
        if (!/^(true|false|1|0|t|f|TRUE|FALSE|True|False)$/.test(value)) {
          return flagError(spec, `invalid argument "${value}" for "--${name}" flag: strconv.ParseBool: parsing "${value}": invalid syntax`);
        }
        set(flag, /^(true|1|t|TRUE|True)$/.test(value) ? 'true' : 'false');
      } else if (eq >= 0) set(flag, arg.slice(eq + 1));
      else if (i + 1 < args.length) set(flag, args[++i]!);
      else return flagError(spec, `flag needs an argument: --${name}`);
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      for (let j = 1; j < arg.length; j++) {
        const letter = arg[j]!;
        if (letter === 'h') return ok(helpText(spec));
        const flag = byShort.get(letter);
        if (!flag) return flagError(spec, `unknown shorthand flag: '${letter}' in ${arg}`);
        if (flag.kind === 'bool') {
          set(flag, 'true');
          continue;
        }
        const rest = arg.slice(j + 1).replace(/^=/, '');
        if (rest !== '') set(flag, rest);
        else if (i + 1 < args.length) set(flag, args[++i]!);
        else return flagError(spec, `flag needs an argument: '${letter}' in -${letter}`);
        break;
      }
      continue;
    }
    positional.push(arg);
  }
  const countError = argumentCountError(spec, positional.length);
  if (countError) return fail(countError, 1);
  return { flags, positional };
}

/** cobra's argument checks, worded as docker/cli's cli/required.go words them. */
function argumentCountError(spec: CommandSpec, count: number): string | undefined {
  const { min, max } = spec.args;
  if (count >= min && count <= max) return undefined;
  const plural = (n: number) => (n === 1 ? 'argument' : 'arguments');
  let what: string;
  if (max === 0) what = 'accepts no arguments';
  else if (min === max) what = `requires exactly ${min} ${plural(min)}`;
  else if (max === Infinity) what = `requires at least ${min} ${plural(min)}`;
  else if (min === 0) what = `requires at most ${max} ${plural(max)}`;
  else what = `requires at least ${min} and at most ${max} ${plural(max)}`;
  return `"${spec.path}" ${what}.\nSee '${spec.path} --help'.\n\nUsage:  docker ${spec.use}\n\n${spec.short}\n`;
}

export function helpText(spec: CommandSpec): string {
  const left = (f: FlagSpec) => `${f.short ? `-${f.short}, ` : '    '}--${f.long}${f.kind === 'bool' ? '' : ` ${f.value ?? 'string'}`}`;
  const width = Math.max(0, ...spec.flags.map((f) => left(f).length));
  const options = spec.flags.map((f) => `  ${left(f).padEnd(width)}   ${f.help}\n`).join('');
  const aliases = spec.aliases ? `\nAliases:\n  ${spec.aliases}\n` : '';
  return `\nUsage:  docker ${spec.use}\n\n${spec.short}\n${aliases}${options ? `\nOptions:\n${options}` : ''}`;
}

export const flagBool = (parsed: ParsedArgs, long: string): boolean => parsed.flags.get(long)?.at(-1) === 'true';
export const flagString = (parsed: ParsedArgs, long: string): string | undefined => parsed.flags.get(long)?.at(-1);
export const flagList = (parsed: ParsedArgs, long: string): string[] => parsed.flags.get(long) ?? [];
