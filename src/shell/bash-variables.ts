/**
 * The variables bash 5.2 sets itself, which `set` lists beside the environment (compare
 * `env -i bash --norc --noprofile -i -c set`): BASH, BASH_VERSION and BASH_VERSINFO from the
 * bash binary the shell stands for (its `--version` says the same), PS1…PS4, HISTFILE, OPTERR,
 * PPID/UID/EUID, the full BASHOPTS and SHELLOPTS, bash's empty arrays; then the shell's
 * functions in `declare -f` form (function-listing.ts).
 *
 * Scalars that a script may read (`$BASH_VERSION`, `$PS1`) become real variables when the
 * session starts (`bashStartVariables`). What just-bash computes from its own state (PPID, UID,
 * the options) is added when `set` lists: the patched `set` and `declare -f`
 * (scripts/patch-just-bash.mjs) call `globalThis.__layerlabShell`, installed here.
 */
import { parsePlaceholder, PLACEHOLDER_HEADER_BYTES } from '../catalog/placeholder.ts';
import type { OverlayFs } from '../engine/overlay/overlay-fs.ts';
import { bashFunctionText } from './function-listing.ts';
import { isUnmovedOldpwd } from './shell-variables.ts';
import type { CommandNode, SimpleCommandNode } from 'just-bash';

type RedirectionNode = SimpleCommandNode['redirections'][number];

/** Debian 12's bash (bash 5.2.15-2+b7): the host's, and the fallback when no binary says. */
export const DEBIAN_BASH_VERSION = '5.2.15';

/** bash's options that are on by default in 5.2 and that just-bash does not model (shopt's table, bash 5.2.15). */
const BASH_DEFAULT_SHOPT = [
  'checkwinsize', 'cmdhist', 'complete_fullquote', 'extquote', 'force_fignore', 'globasciiranges', 'hostcomplete',
  'interactive_comments', 'patsub_replacement', 'progcomp', 'promptvars', 'sourcepath',
];

/** What just-bash's shopt knows (its BASHOPTS lists only these). */
const JUST_BASH_SHOPT = ['dotglob', 'expand_aliases', 'extglob', 'failglob', 'globskipdots', 'globstar', 'lastpipe', 'nocaseglob', 'nocasematch', 'nullglob', 'xpg_echo'];

/** `set -o` options an interactive bash has on besides those just-bash tracks. */
const INTERACTIVE_SHELLOPTS = ['emacs', 'histexpand', 'history', 'monitor'];

/** bash 5.2's default BASH_LOADABLES_PATH (config-top.h). */
const LOADABLES_PATH = '/usr/local/lib/bash:/usr/lib/bash:/opt/local/lib/bash:/usr/pkg/lib/bash:/opt/pkg/lib/bash:.';

export interface BashIdentity {
  /** `$BASH`: the file bash runs from. */
  path: string;
  /** `5.2.15` */
  version: string;
  musl: boolean;
}

/**
 * Which bash this shell is: the binary a login finds (`$SHELL`, else `bash` on PATH), its
 * version read from its placeholder, as `bash --version` reads it.
 */
export async function bashIdentity(overlay: OverlayFs, env: Readonly<Record<string, string>>): Promise<BashIdentity> {
  const candidates = [
    ...(env.SHELL && /\/bash$/.test(env.SHELL) ? [env.SHELL] : []),
    ...(env.PATH ?? '/usr/bin:/bin').split(':').filter((dir) => dir.startsWith('/')).map((dir) => `${dir.replace(/\/$/, '')}/bash`),
  ];
  const musl = overlay.exists('/lib/ld-musl-x86_64.so.1');
  for (const path of candidates) {
    try {
      const file = await overlay.openFile(path);
      const placeholder = parsePlaceholder(await file.read(0, Math.min(PLACEHOLDER_HEADER_BYTES, file.size)));
      if (placeholder?.program === 'bash') return { path, version: upstreamBashVersion(placeholder.version), musl };
    } catch {
      // not there: the next directory
    }
  }
  return { path: candidates[0] ?? '/bin/bash', version: DEBIAN_BASH_VERSION, musl };
}

/**
 * The version bash itself reports from a package's version (`5.2.15-2+b8`, Debian's, is bash
 * 5.2.15); the host's default when there is no number to read.
 */
export function upstreamBashVersion(packageVersion: string): string {
  return /^\d+\.\d+(\.\d+)?/.exec(packageVersion)?.[0] ?? DEBIAN_BASH_VERSION;
}

/** `5.2.15(1)-release` */
export function bashVersionString(version: string): string {
  return `${version}(1)-release`;
}

/** BASH_VERSINFO's six elements. */
export function bashVersinfo(identity: BashIdentity): string[] {
  const [major = '5', minor = '2', patch = '0'] = identity.version.split('.');
  return [major, minor, patch, '1', 'release', `x86_64-pc-linux-${identity.musl ? 'musl' : 'gnu'}`];
}

/**
 * The scalars bash sets at startup that a student may read or `set` shows, for a shell on a
 * terminal `columns` wide (interactive) or reading a script. Debian's /etc/bash.bashrc sets PS1.
 */
export function bashStartVariables(identity: BashIdentity, home: string, interactive: boolean, columns: number): Record<string, string> {
  const always: Record<string, string> = {
    BASH: identity.path,
    BASH_LOADABLES_PATH: LOADABLES_PATH,
    BASH_VERSION: bashVersionString(identity.version),
    OPTERR: '1',
    PS4: '+ ',
  };
  if (!interactive) return always;
  return {
    ...always,
    COLUMNS: String(columns),
    HISTFILE: `${home}/.bash_history`,
    HISTFILESIZE: '500',
    HISTSIZE: '500',
    LINES: '24',
    MAILCHECK: '60',
    PS1: '${debian_chroot:+($debian_chroot)}\\u@\\h:\\w\\$ ',
    PS2: '> ',
  };
}

/** The interpreter as the patched builtins hand it over (just-bash's InterpreterContext, the parts used). */
interface Interpreter {
  fs?: unknown;
  state: {
    env: Map<string, string>;
    functions: Map<string, { body: CommandNode; redirections?: RedirectionNode[] }>;
    shoptOptions?: Record<string, boolean>;
    virtualPpid?: number;
    virtualUid?: number;
  };
}

interface ShellListingOptions {
  interactive: boolean;
  /** `5.2.15(1)-release`, once known: what $BASH_VERSION says in a shell that has no such variable (a container's process). */
  bashVersion?: string;
}

const shells = new WeakMap<object, ShellListingOptions>();

/** How the shell on `fs` lists itself (an interactive shell has more options on). */
export function registerShellListing(fs: object, options: ShellListingOptions): void {
  shells.set(fs, options);
}

declare global {
  // eslint-disable-next-line no-var
  var __layerlabShell:
    | {
        setListing(interpreter: Interpreter, listing: string): string;
        functions(interpreter: Interpreter, names: readonly string[]): string;
        bashVersion(interpreter: Interpreter): string | undefined;
      }
    | undefined;
}

/** Install the hooks the patched `set` and `declare -f` call (once per realm). */
export function installShellListings(): void {
  globalThis.__layerlabShell ??= {
    setListing,
    functions: functionListing,
    bashVersion: (interpreter) => (interpreter.fs !== undefined ? shells.get(interpreter.fs as object)?.bashVersion : undefined),
  };
}

/** bash's `set`: `listing` is just-bash's (one `NAME=value` a line, sorted); bash's own variables added, then the functions. */
export function setListing(interpreter: Interpreter, listing: string): string {
  const options = (interpreter.fs !== undefined && shells.get(interpreter.fs as object)) || { interactive: true };
  const lines = new Map<string, string>();
  for (const line of listing.split('\n')) {
    if (line === '') continue;
    lines.set(line.slice(0, line.indexOf('=')), line);
  }
  const state = interpreter.state;
  // bash has no OLDPWD until `cd` moves.
  if (isUnmovedOldpwd('OLDPWD', state.env.get('OLDPWD'), state.env.get('PWD'))) lines.delete('OLDPWD');
  const add = (name: string, value: string) => {
    if (!lines.has(name)) lines.set(name, `${name}=${value}`);
  };
  const aliases = [...state.env].filter(([name]) => name.startsWith('BASH_ALIAS_'));
  add('BASH_ALIASES', aliases.length === 0 ? '()' : `(${aliases.map(([name, value]) => `[${name.slice('BASH_ALIAS_'.length)}]=${doubleQuoted(value)} `).join('')})`);
  for (const name of ['BASH_ARGC', 'BASH_ARGV', 'BASH_CMDS', 'BASH_LINENO', 'BASH_SOURCE', 'DIRSTACK', 'GROUPS']) add(name, '()');
  add('PPID', String(state.virtualPpid ?? 0));
  add('UID', String(state.virtualUid ?? 0));
  add('EUID', String(state.virtualUid ?? 0));
  const shopt = state.shoptOptions ?? {};
  const bashopts = [...BASH_DEFAULT_SHOPT, ...JUST_BASH_SHOPT.filter((name) => shopt[name])].sort();
  lines.set('BASHOPTS', `BASHOPTS=${bashopts.join(':')}`);
  const shellopts = (state.env.get('SHELLOPTS') ?? '').split(':').filter(Boolean);
  if (options.interactive) shellopts.push(...INTERACTIVE_SHELLOPTS.filter((name) => !shellopts.includes(name)));
  lines.set('SHELLOPTS', `SHELLOPTS=${shellopts.sort().join(':')}`);
  const names = [...lines.keys()].sort(byteOrder);
  return names.map((name) => `${lines.get(name)}\n`).join('') + functionListing(interpreter, [...state.functions.keys()].sort(byteOrder));
}

/** `declare -f [NAME…]`: each function in bash's form (all of them sorted by name, or the NAMEs in their order). */
function functionListing(interpreter: Interpreter, names: readonly string[]): string {
  return names
    .filter((name) => !name.startsWith('__layerlab_'))
    .map((name) => {
      const definition = interpreter.state.functions.get(name);
      return definition ? bashFunctionText(name, definition.body, definition.redirections ?? []) : '';
    })
    .join('');
}

/** bash sorts variables and functions by their names' bytes (variables.c, qsort_var_comp). */
function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A value in double quotes as `declare -p` shows array elements. */
function doubleQuoted(value: string): string {
  return `"${value.replace(/(["\\$`])/g, '\\$1')}"`;
}
