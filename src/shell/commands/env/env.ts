/**
 * `env` and `printenv` as GNU coreutils 9.1 (and BusyBox 1.35's applets) print them: the
 * environment the program was started with — the shell's exported variables, never the
 * interpreter's own (see shell-variables.ts) — in the order its parent put them in envp
 * (see environment-order.ts): bash's, ash's, or Docker's when `docker run IMAGE env` starts it.
 */
import { defineCommand, type Command, type CommandContext, type ExecResult } from 'just-bash';
import { execCaptured, runsAsBusyboxApplet, sessionOf, textResult } from '../../command-context.ts';
import { processOf } from '../../container/process.ts';
import { EXEC_COMMAND, TEMPORARY_ENV_VARIABLE } from '../../programs/dispatch-transform.ts';
import { findProgram } from '../../programs/exec-command.ts';
import { isInternalVariable, isUnmovedOldpwd } from '../../shell-variables.ts';
import { lastComponent } from '../../../engine/overlay/path.ts';
import { DEBIAN_BUSYBOX_VERSION } from '../busybox/debian-applets.ts';
import { localeQuote } from '../shared/gnu-quote.ts';
import { ashEnvironmentOrder, bashEnvironmentOrder, dockerEnvironmentOrder } from './environment-order.ts';

type Environment = [name: string, value: string][];

/** The environment `program` finds itself started with, in envp order. */
export function startedEnvironment(ctx: CommandContext, program: string): Environment {
  const exported = ctx.exportedEnv ?? Object.fromEntries(ctx.env);
  const names = Object.keys(exported).filter((name) => !isInternalVariable(name));
  const process = processOf(ctx);
  const argv0 = process?.placement?.argv[0];
  if (argv0 !== undefined && lastComponent(argv0) === program && !process?.startedByShell) {
    // Docker started it (`docker run IMAGE env`, `docker exec C env`): no shell added PWD.
    return dockerEnvironmentOrder(names.filter((name) => name !== 'PWD' && name !== 'OLDPWD')).map((name) => [name, exported[name]!]);
  }
  const set = names.filter((name) => !isUnmovedOldpwd(name, exported[name], exported.PWD));
  if (sessionOf(ctx)?.dialect === 'ash') return ashEnvironmentOrder(set).map((name) => [name, exported[name]!]);
  const temporary = (exported[TEMPORARY_ENV_VARIABLE] ?? '').split(':').filter(Boolean);
  const env: Environment = bashEnvironmentOrder(set, temporary).map((name) => [name, exported[name]!]);
  // bash hands a program `_`, the path it runs it from.
  const found = findProgram(ctx, program);
  if ('path' in found) env.push(['_', found.path]);
  return env;
}

function listing(env: Environment, terminator: string): string {
  return env.map(([name, value]) => `${name}=${value}${terminator}`).join('');
}

interface EnvOptions {
  clear: boolean;
  nul: boolean;
  unset: string[];
  chdir?: string;
  /** NAME=VALUE operands, then the command and its arguments. */
  rest: string[];
}

const ENV_LONG: Record<string, 'i' | '0' | 'u' | 'C'> = { 'ignore-environment': 'i', null: '0', unset: 'u', chdir: 'C' };

/** GNU env's options: they end at the first operand (getopt with `+`). */
function parseEnvOptions(args: readonly string[], usage: (message: string) => ExecResult): EnvOptions | ExecResult {
  const options: EnvOptions = { clear: false, nul: false, unset: [], rest: [] };
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      i++;
      break;
    }
    if (arg === '-') {
      options.clear = true;
      continue;
    }
    if (!arg.startsWith('-')) break;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq === -1 ? undefined : eq);
      const matches = Object.keys(ENV_LONG).filter((long) => long.startsWith(name));
      const long = matches.includes(name) ? name : matches.length === 1 ? matches[0]! : undefined;
      if (long === undefined) return usage(`unrecognized option '${arg}'`);
      const letter = ENV_LONG[long]!;
      if (letter === 'u' || letter === 'C') {
        const value = eq !== -1 ? arg.slice(eq + 1) : args[++i];
        if (value === undefined) return usage(`option '--${long}' requires an argument`);
        if (letter === 'u') options.unset.push(value);
        else options.chdir = value;
      } else if (eq !== -1) return usage(`option '--${long}' doesn't allow an argument`);
      else if (letter === 'i') options.clear = true;
      else options.nul = true;
      continue;
    }
    for (let j = 1; j < arg.length; j++) {
      const letter = arg[j]!;
      if (letter === 'i') options.clear = true;
      else if (letter === '0') options.nul = true;
      else if (letter === 'u' || letter === 'C') {
        const value = j + 1 < arg.length ? arg.slice(j + 1) : args[++i];
        if (value === undefined) return usage(`option requires an argument -- '${letter}'`);
        if (letter === 'u') options.unset.push(value);
        else options.chdir = value;
        break;
      } else return usage(`invalid option -- '${letter}'`);
    }
  }
  options.rest = args.slice(i);
  return options;
}

export function envCommand(): Command {
  return defineCommand('env', async (args, ctx) => {
    const busybox = runsAsBusyboxApplet(ctx);
    const usage = (message: string): ExecResult =>
      textResult('', busybox ? `env: ${message}\n${BUSYBOX_ENV_USAGE}` : `env: ${message}\nTry 'env --help' for more information.\n`, busybox ? 1 : 125);
    const parsed = parseEnvOptions(args, usage);
    if ('exitCode' in parsed) return parsed;
    let env: Environment = parsed.clear ? [] : startedEnvironment(ctx, 'env');
    for (const name of parsed.unset) {
      if (name === '' || name.includes('=')) return textResult('', `env: cannot unset '${name}': Invalid argument\n`, 125);
      env = env.filter(([n]) => n !== name);
    }
    let i = 0;
    for (; i < parsed.rest.length && parsed.rest[i]!.includes('='); i++) {
      const assignment = parsed.rest[i]!;
      const eq = assignment.indexOf('=');
      const name = assignment.slice(0, eq);
      const value = assignment.slice(eq + 1);
      const at = env.findIndex(([n]) => n === name);
      // putenv: a name already there keeps its place.
      if (at === -1) env.push([name, value]);
      else env[at] = [name, value];
    }
    const command = parsed.rest.slice(i);
    if (command.length === 0) return textResult(listing(env, parsed.nul ? '\0' : '\n'));
    if (parsed.nul && !busybox) return usage('cannot specify --null (-0) with command');
    const environment = Object.fromEntries(env.filter(([name]) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)));
    const cwd = parsed.chdir === undefined ? ctx.cwd : ctx.fs.resolvePath(ctx.cwd, parsed.chdir);
    if (parsed.chdir !== undefined && !(await ctx.fs.exists(cwd))) {
      return textResult('', `env: cannot change directory to ${localeQuote(parsed.chdir, ctx.env)}: No such file or directory\n`, 125);
    }
    const found = findProgram(ctx, command[0]!, environment.PATH ?? ctx.env.get('PATH'));
    if (!('path' in found)) {
      const error = found.error === 'isDirectory' || found.error === 'permissionDenied' ? 'Permission denied' : 'No such file or directory';
      const status = error === 'Permission denied' ? 126 : 127;
      return textResult('', busybox ? `env: can't execute '${command[0]}': ${error}\n` : `env: ${localeQuote(command[0]!, ctx.env)}: ${error}\n`, status);
    }
    return execCaptured({ ...ctx, cwd } as CommandContext, EXEC_COMMAND, command, { env: environment, replaceEnv: true });
  });
}

export function printenvCommand(): Command {
  return defineCommand('printenv', async (args, ctx) => {
    const busybox = runsAsBusyboxApplet(ctx);
    let terminator = '\n';
    const names: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const arg = args[i]!;
      if (arg === '--') {
        names.push(...args.slice(i + 1));
        break;
      }
      if (arg === '-0' || arg === '--null' || (arg.startsWith('--') && arg.length > 2 && 'null'.startsWith(arg.slice(2)))) terminator = '\0';
      else if (arg.startsWith('--') && !busybox) return textResult('', `printenv: unrecognized option '${arg}'\nTry 'printenv --help' for more information.\n`, 2);
      else if (arg.startsWith('-') && arg !== '-' && !busybox) {
        const letter = [...arg.slice(1)].find((l) => l !== '0') ?? '0';
        if (letter !== '0') return textResult('', `printenv: invalid option -- '${letter}'\nTry 'printenv --help' for more information.\n`, 2);
        terminator = '\0';
      } else names.push(arg);
    }
    const env = startedEnvironment(ctx, 'printenv');
    if (names.length === 0) return textResult(listing(env, terminator));
    const values = new Map(env);
    let out = '';
    let status = 0;
    for (const name of names) {
      const value = name.includes('=') ? undefined : values.get(name);
      if (value === undefined) status = 1;
      else out += value + terminator;
    }
    return textResult(out, '', status);
  });
}

const BUSYBOX_ENV_USAGE = `BusyBox ${DEBIAN_BUSYBOX_VERSION} multi-call binary.

Usage: env [-i0] [-u NAME]... [-] [NAME=VALUE]... [PROG ARGS]

Print current environment or run PROG after setting up environment

\t-, -i\tStart with empty environment
\t-0\tNUL terminated output
\t-u NAME\tRemove variable from environment
`;
