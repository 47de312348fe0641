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
  /** A default pflag shows after the help, `(default true)`; omitted for Go's zero values. */
  default?: string;
  /** Parsed but left out of `--help` (docker hides flags the daemon's API version predates). */
  hidden?: boolean;
}

/** docker/cli's flagsHelper.FormatHelp: the `--format` help of list commands. */
const FORMAT_HELP = `Format output using a custom template:
'table':            Print output in table format with column headers (default)
'table TEMPLATE':   Print output in table format using the given Go template
'json':             Print in JSON format
'TEMPLATE':         Print output using the given Go template.
Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates`;

/** docker/cli's flagsHelper.InspectFormatHelp: the `--format` help of inspect-like commands. */
const INSPECT_FORMAT_HELP = `Format output using a custom template:
'json':             Print in JSON format
'TEMPLATE':         Print output using the given Go template.
Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates`;

/** `--format` of list commands (images, ps, history, volume ls, system df): table, json or a template. */
export const LIST_FORMAT_FLAG: FlagSpec = Object.freeze({ long: 'format', kind: 'string', help: FORMAT_HELP });

/** `-f, --format` of inspect-like commands (inspect, volume inspect, version, info): json or a template. */
export const INSPECT_FORMAT_FLAG: FlagSpec = Object.freeze({ long: 'format', short: 'f', kind: 'string', help: INSPECT_FORMAT_HELP });

/** `docker --help` wraps flag help to the terminal's width less one; 80 when stdin is not a terminal. */
const HELP_COLUMNS = 80 - 1;

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

export interface ParsedDockerFlags {
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

/** Go's strconv.ParseBool: the spellings it reads, undefined for anything else. */
function goParseBool(text: string): boolean | undefined {
  if (/^(1|t|T|TRUE|true|True)$/.test(text)) return true;
  if (/^(0|f|F|FALSE|false|False)$/.test(text)) return false;
  return undefined;
}

/** A bad value for a bool flag, named as pflag's FlagSet.Set names it (`-a, --all` when there is a shorthand). */
function boolValueError(spec: CommandSpec, flag: FlagSpec, value: string): ExecResult {
  const name = flag.short ? `-${flag.short}, --${flag.long}` : `--${flag.long}`;
  return flagError(spec, `invalid argument "${value}" for "${name}" flag: strconv.ParseBool: parsing "${value}": invalid syntax`);
}

/** Parse `args` against a command's flags; a result with `exitCode` is the error (or help) to print. */
export function parseDockerFlags(spec: CommandSpec, args: readonly string[]): ParsedDockerFlags | ExecResult {
  const flags = new Map<string, string[]>();
  const positional: string[] = [];
  const byLong = new Map(spec.flags.map((f) => [f.long, f]));
  const byShort = new Map(spec.flags.filter((f) => f.short).map((f) => [f.short!, f]));
  // `-h` asks for help unless the command has a `-h` of its own (docker run's --hostname).
  const shortHelp = !byShort.has('h');
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
    if (arg === '--help' || (arg === '-h' && shortHelp)) return ok(helpText(spec));
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq < 0 ? undefined : eq);
      const flag = byLong.get(name);
      if (!flag) return flagError(spec, `unknown flag: --${name}`);
      if (flag.kind === 'bool') {
        const value = eq < 0 ? 'true' : arg.slice(eq + 1);
        const on = goParseBool(value);
        if (on === undefined) return boolValueError(spec, flag, value);
        set(flag, String(on));
      } else if (eq >= 0) set(flag, arg.slice(eq + 1));
      else if (i + 1 < args.length) set(flag, args[++i]!);
      else return flagError(spec, `flag needs an argument: --${name}`);
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      for (let j = 1; j < arg.length; j++) {
        const letter = arg[j]!;
        if (letter === 'h' && shortHelp) return ok(helpText(spec));
        const flag = byShort.get(letter);
        if (!flag) return flagError(spec, `unknown shorthand flag: '${letter}' in ${arg}`);
        if (flag.kind === 'bool') {
          // pflag reads `-p=false`: a bool shorthand followed by `=` takes the rest as its value.
          if (arg[j + 1] === '=') {
            const value = arg.slice(j + 2);
            const on = goParseBool(value);
            if (on === undefined) return boolValueError(spec, flag, value);
            set(flag, String(on));
            break;
          }
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

/** cobra's help as docker/cli's usage template lays it out, flags as pflag's FlagUsagesWrapped. */
export function helpText(spec: CommandSpec): string {
  const aliases = spec.aliases ? `\nAliases:\n  ${spec.aliases}\n` : '';
  const options = flagUsages(spec.flags.filter((f) => !f.hidden));
  return `\nUsage:  docker ${spec.use}\n\n${spec.short}\n${aliases}${options ? `\nOptions:\n${options}` : ''}`;
}

/** pflag's FlagUsagesWrapped: names padded to one column, help wrapped beside it, sorted by name. */
function flagUsages(flags: readonly FlagSpec[]): string {
  const sorted = [...flags].sort((a, b) => (a.long < b.long ? -1 : 1));
  const left = (f: FlagSpec) => `${f.short ? `  -${f.short}, ` : '      '}--${f.long}${f.kind === 'bool' ? '' : ` ${f.value ?? 'string'}`}`;
  const width = Math.max(0, ...sorted.map((f) => left(f).length));
  return sorted
    .map((f) => {
      const help = f.default === undefined ? f.help : `${f.help} (default ${f.default})`;
      return `${left(f).padEnd(width)}   ${wrapHelp(width + 3, HELP_COLUMNS, help)}\n`;
    })
    .join('');
}

/** pflag's wrap: text from column `indent` up to `columns`, breaking at spaces, 5 columns of slop. */
function wrapHelp(indent: number, columns: number, text: string): string {
  let room = columns - indent;
  let prefix = '';
  if (room < 24) {
    indent = 16;
    room = columns - indent;
    prefix = '\n' + ' '.repeat(indent);
  }
  const pad = '\n' + ' '.repeat(indent);
  if (room < 24) return text.replace(/\n/g, prefix);
  const slop = 5;
  room -= slop;
  const lines: string[] = [];
  let rest = text;
  do {
    const [line, after] = wrapOnce(room, slop, rest);
    lines.push(line.replace(/\n/g, pad));
    rest = after;
  } while (rest !== '');
  return prefix + lines.join(pad);
}

/** pflag's wrapN: the text up to the last space or newline before `room`, unless all fits within the slop. */
function wrapOnce(room: number, slop: number, text: string): [string, string] {
  if (room + slop > text.length) return [text, ''];
  const head = text.slice(0, room);
  const space = Math.max(head.lastIndexOf(' '), head.lastIndexOf('\t'), head.lastIndexOf('\n'));
  if (space <= 0) return [text, ''];
  const newline = head.lastIndexOf('\n');
  if (newline > 0 && newline < space) return [text.slice(0, newline), text.slice(newline + 1)];
  return [text.slice(0, space), text.slice(space + 1)];
}

export const flagBool = (parsed: ParsedDockerFlags, long: string): boolean => parsed.flags.get(long)?.at(-1) === 'true';
export const flagString = (parsed: ParsedDockerFlags, long: string): string | undefined => parsed.flags.get(long)?.at(-1);
export const flagList = (parsed: ParsedDockerFlags, long: string): string[] => parsed.flags.get(long) ?? [];
