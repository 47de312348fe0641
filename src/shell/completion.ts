/**
 * Tab completion, as bash with readline does it: the word under the cursor is completed as a
 * command name in command position (programs on PATH, builtins, functions, aliases), as a
 * variable after `$`, by a program's own completer where one is registered (`docker` completes
 * its subcommands, images and containers, as bash-completion does), and as a file name
 * otherwise — directories with a `/`, special characters backslash-escaped.
 *
 * The terminal decides what to do with the candidates (see `applyCompletion`): one is inserted,
 * several are completed to their common prefix, and a second Tab lists them in columns.
 */
import type { OverlayFs } from '../engine/overlay/overlay-fs.ts';

export interface CompletionItem {
  /** What replaces the word (escaped for the shell). */
  insert: string;
  /** What the list shows. */
  display: string;
  /** A directory: completing it adds `/`, not a space. */
  directory: boolean;
}

export interface Completion {
  /** The word being completed: `line.slice(start, end)`. */
  start: number;
  end: number;
  items: CompletionItem[];
}

/** A program's completer: candidates for argument `index` (1 is the first argument), or undefined for file names. */
export type ArgumentCompleter = (words: readonly string[], index: number) => readonly string[] | undefined | Promise<readonly string[] | undefined>;

export interface CompletionContext {
  fs: OverlayFs;
  cwd: string;
  env: Readonly<Record<string, string>>;
  /** Builtins, functions and aliases the shell knows: command names with no file. */
  shellNames: readonly string[];
  completers?: ReadonlyMap<string, ArgumentCompleter>;
}

const WORD_BREAKS = /[\s;|&<>()]/;
const SHELL_SPECIAL = /[\s!"#$&'()*;<=>?[\\\]^`{|}~]/g;

export async function complete(line: string, cursor: number, context: CompletionContext): Promise<Completion> {
  let start = cursor;
  while (start > 0 && !(WORD_BREAKS.test(line[start - 1]!) && line[start - 2] !== '\\')) start--;
  const word = unescape(line.slice(start, cursor));
  const before = line.slice(0, start);
  const done = (items: CompletionItem[]): Completion => ({ start, end: cursor, items: items.sort((a, b) => (a.insert < b.insert ? -1 : a.insert > b.insert ? 1 : 0)) });

  if (word.startsWith('$') && !word.includes('/')) {
    const prefix = word.slice(1).replace(/^\{/, '');
    const brace = word.startsWith('${');
    return done(
      Object.keys(context.env)
        .filter((name) => name.startsWith(prefix) && !name.startsWith('__LAYERLAB') && !name.startsWith('BASH_ALIAS_'))
        .map((name) => ({ insert: brace ? `\${${name}}` : `$${name}`, display: name, directory: false })),
    );
  }
  const words = argumentsBefore(before);
  if (words === undefined && !word.includes('/')) return done(commandNames(word, context));
  if (words !== undefined) {
    const completer = context.completers?.get(words[0]!);
    const candidates = await completer?.(words.concat(word), words.length);
    if (candidates !== undefined) {
      return done(unique(candidates.filter((c) => c.startsWith(word))).map((c) => ({ insert: escape(c), display: c, directory: false })));
    }
  }
  return done(fileNames(word, context, words === undefined));
}

/** The words of the command the cursor is in, before the word being completed; undefined in command position. */
function argumentsBefore(text: string): string[] | undefined {
  // The current simple command starts after the last separator.
  const command = text.split(/(?:&&|\|\||[;|&(]|\$\()/).pop() ?? '';
  const words = command.trim() === '' ? [] : command.trim().split(/(?<!\\)\s+/);
  // Assignments and `sudo`-like prefixes keep command position.
  while (words.length > 0 && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]!) || ['time', 'exec', 'command', 'sudo', 'nohup', 'xargs', 'env'].includes(words[0]!))) words.shift();
  return words.length === 0 ? undefined : words.map(unescape);
}

function commandNames(prefix: string, context: CompletionContext): CompletionItem[] {
  const names = new Set<string>(context.shellNames.filter((name) => name.startsWith(prefix)));
  for (const dir of (context.env.PATH ?? '/usr/bin:/bin').split(':')) {
    for (const entry of list(context, dir || '.')) {
      if (!entry.name.startsWith(prefix) || entry.directory) continue;
      try {
        if ((context.fs.stat(entry.path).mode & 0o111) !== 0) names.add(entry.name);
      } catch {
        // A dangling link on PATH is no command.
      }
    }
  }
  return [...names].filter((name) => !name.startsWith('__layerlab')).map((name) => ({ insert: escape(name), display: name, directory: false }));
}

function fileNames(word: string, context: CompletionContext, executablesOnly: boolean): CompletionItem[] {
  const slash = word.lastIndexOf('/');
  const typedDir = slash === -1 ? '' : word.slice(0, slash + 1);
  const base = word.slice(slash + 1);
  const home = context.env.HOME ?? '/root';
  const expanded = typedDir.startsWith('~/') ? home + typedDir.slice(1) : typedDir;
  const dir = expanded === '' ? context.cwd : expanded.startsWith('/') ? expanded : `${context.cwd.replace(/\/$/, '')}/${expanded}`;
  const items: CompletionItem[] = [];
  for (const entry of list(context, dir)) {
    if (!entry.name.startsWith(base) || (entry.name.startsWith('.') && !base.startsWith('.'))) continue;
    if (executablesOnly && !entry.directory) {
      try {
        if ((context.fs.stat(entry.path).mode & 0o111) === 0) continue;
      } catch {
        continue;
      }
    }
    items.push({ insert: escape(typedDir + entry.name) + (entry.directory ? '/' : ''), display: entry.name + (entry.directory ? '/' : ''), directory: entry.directory });
  }
  return items;
}

/** A directory's entries, symlinks to directories counted as directories; nothing for a missing one. */
function list(context: CompletionContext, dir: string): { name: string; path: string; directory: boolean }[] {
  let names: string[];
  try {
    names = context.fs.readdir(dir);
  } catch {
    return [];
  }
  return names.map((name) => {
    const path = dir.endsWith('/') ? dir + name : `${dir}/${name}`;
    let directory = false;
    try {
      directory = context.fs.stat(path).type === 'directory';
    } catch {
      // dangling link
    }
    return { name, path, directory };
  });
}

function escape(text: string): string {
  return text.replace(SHELL_SPECIAL, (ch) => `\\${ch}`).replace(/^\\~/, '~');
}

function unescape(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** What a Tab does to the line: the new line and cursor, and the names to list (second Tab, no progress). */
export function applyCompletion(
  line: string,
  completion: Completion,
  secondTab: boolean,
): { line: string; cursor: number; list?: string[]; beep?: boolean } {
  const { start, end, items } = completion;
  const typed = line.slice(start, end);
  const put = (text: string) => ({ line: line.slice(0, start) + text + line.slice(end), cursor: start + text.length });
  if (items.length === 0) return { line, cursor: end, beep: true };
  if (items.length === 1) {
    const only = items[0]!;
    return put(only.insert + (only.directory || line[end] === ' ' ? '' : ' '));
  }
  const common = commonPrefix(items.map((item) => item.insert));
  if (common.length > typed.length) return put(common);
  if (secondTab) return { line, cursor: end, list: items.map((item) => item.display) };
  return { line, cursor: end, beep: true };
}

function commonPrefix(values: string[]): string {
  let prefix = values[0] ?? '';
  for (const value of values) {
    while (!value.startsWith(prefix)) prefix = prefix.slice(0, -1);
  }
  return prefix;
}

/** The list readline prints: names down columns, each padded to the widest plus two. */
export function formatCompletionList(names: readonly string[], columns: number): string {
  const width = Math.max(...names.map((name) => name.length)) + 2;
  const perLine = Math.max(1, Math.floor(columns / width));
  const rows = Math.ceil(names.length / perLine);
  let out = '';
  for (let row = 0; row < rows; row++) {
    let text = '';
    for (let col = 0; col < perLine; col++) {
      const name = names[row + col * rows];
      if (name === undefined) break;
      const last = row + (col + 1) * rows >= names.length;
      text += last ? name : name.padEnd(width);
    }
    out += `${text}\n`;
  }
  return out;
}
