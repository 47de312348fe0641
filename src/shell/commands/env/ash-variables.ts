/**
 * BusyBox 1.35 ash's `set` and `export -p` (ash.c showvars): the variables sorted by name, one
 * a line, values in ash's single quotes (`'it'"'"'s'`); `export -p` prefixes `export ` and lists
 * exported ones only. `set` shows ash's own variables as a fresh ash has them — PS1 for root,
 * PS2, PS4, IFS, OPTIND, an empty LINENO and FUNCNAME, PPID 0 (the shell of a container is started
 * from outside its PID namespace) — and none of bash's that just-bash keeps (BASHOPTS, OSTYPE…).
 */
import { defineCommand, type Command, type CommandContext } from 'just-bash';
import { textResult } from '../../command-context.ts';
import { ASH_VARIABLES_COMMAND } from '../../programs/dispatch-transform.ts';
import { isInternalVariable, isUnmovedOldpwd } from '../../shell-variables.ts';

/** What just-bash keeps that is bash's, not ash's. */
const BASH_ONLY = new Set(['BASHOPTS', 'SHELLOPTS', 'OSTYPE', 'MACHTYPE', 'HOSTTYPE', 'BASH', 'BASH_VERSION', 'BASHPID', 'PIPESTATUS']);

/** A fresh ash's own variables (ash.c varinit, and PPID set at start). */
const ASH_OWN: Record<string, string> = { FUNCNAME: '', IFS: ' \t\n', LINENO: '', OPTIND: '1', PPID: '0', PS1: '\\w \\$ ', PS2: '> ', PS4: '+ ' };

/** ash's single_quote(): runs of `'` go in double quotes, the rest in single quotes. */
export function ashQuote(value: string): string {
  let out = '';
  let rest = value;
  do {
    const quote = rest.indexOf("'");
    const plain = quote === -1 ? rest : rest.slice(0, quote);
    out += `'${plain}'`;
    rest = rest.slice(plain.length);
    const quotes = /^'*/.exec(rest)![0];
    if (quotes === '') break;
    out += `"${quotes}"`;
    rest = rest.slice(quotes.length);
  } while (rest !== '');
  return out;
}

function shown(name: string): boolean {
  return !isInternalVariable(name) && !BASH_ONLY.has(name) && !name.startsWith('BASH_');
}

function shellVariables(ctx: CommandContext): Map<string, string> {
  const variables = new Map(Object.entries(ASH_OWN));
  for (const [name, value] of ctx.env) if (shown(name)) variables.set(name, value);
  if (isUnmovedOldpwd('OLDPWD', variables.get('OLDPWD'), variables.get('PWD'))) variables.delete('OLDPWD');
  return variables;
}

const byName = ([a]: [string, string], [b]: [string, string]) => (a < b ? -1 : a > b ? 1 : 0);

export function ashVariablesCommand(): Command {
  return defineCommand(ASH_VARIABLES_COMMAND, async (args, ctx) => {
    if (args[0] === 'export') {
      const env = ctx.exportedEnv ?? {};
      const exported = Object.entries(env).filter(([name, value]) => shown(name) && !isUnmovedOldpwd(name, value, env.PWD));
      return textResult(exported.sort(byName).map(([name, value]) => `export ${name}=${ashQuote(value)}\n`).join(''));
    }
    return textResult([...shellVariables(ctx)].sort(byName).map(([name, value]) => `${name}=${ashQuote(value)}\n`).join(''));
  });
}
