/**
 * `find` as GNU findutils 4.9 walks and tests, over the shell's filesystem with its full
 * metadata (just-bash's find knows no symlinks (`-type l`), owners or devices). Starting points
 * (default `.`), options `-maxdepth -mindepth -depth -xdev -mount`, tests `-name -iname -path
 * -wholename -ipath -regex -iregex -type -xtype -size -empty -perm -user -group -uid -gid -nouser
 * -nogroup -newer -mtime -mmin -true -false`, operators `( ) ! -not -a -and -o -or ,`, actions
 * `-print -print0 -printf -ls -delete -prune -quit -exec … ; -exec … {} +`. Directory entries come
 * in name order (GNU find uses the directory's own order, which a layer does not have).
 */
import { defineCommand, type Command, type CommandContext, type ExecResult } from 'just-bash';
import { FsError } from '../../../engine/errors.ts';
import type { FileStat } from '../../../engine/overlay/file-stat.ts';
import type { OverlayFs } from '../../../engine/overlay/overlay-fs.ts';
import { posixBaseName } from '../../../engine/overlay/path.ts';
import { bytesResult, execCaptured, overlayOf } from '../../command-context.ts';
import { Accounts } from '../shared/accounts.ts';
import { strerror } from '../shared/errno-text.ts';
import { concatBytes, latin1ToBytes } from '../../bytes.ts';
import { modeString } from '../../../engine/tar/verbose-listing.ts';

/** `drwxr-xr-x` as ls and find -ls print it (a hard link shows as the file it is). */
const fileModeString = (stat: FileStat) => `${stat.type === 'hardlink' ? '-' : { file: '-', directory: 'd', symlink: 'l', chardev: 'c', blockdev: 'b', fifo: 'p' }[stat.type]}${modeString(stat.mode)}`;

type Node =
  | { kind: 'test'; test: (e: Visit) => boolean | Promise<boolean> }
  | { kind: 'action'; run: (e: Visit) => boolean | Promise<boolean> }
  | { kind: 'not'; node: Node }
  | { kind: 'and' | 'or' | 'comma'; left: Node; right: Node };

interface Visit {
  /** The path as find prints it (starting point joined with the names below it). */
  path: string;
  /** Absolute path in the filesystem. */
  abs: string;
  stat: FileStat;
  depth: number;
  start: string;
}

class Usage extends Error {}

const TYPE_LETTER: Record<FileStat['type'], string> = {
  file: 'f',
  hardlink: 'f',
  directory: 'd',
  symlink: 'l',
  chardev: 'c',
  blockdev: 'b',
  fifo: 'p',
};

/** `‘x’` as GNU tools quote a name in a UTF-8 locale. */
const quote = (s: string) => `\u2018${s}\u2019`;

export function findCommand(deps: { now?: () => number } = {}): Command {
  return defineCommand('find', async (args, ctx) => {
    try {
      return await runFind(args, ctx, deps.now ?? (() => Date.now() / 1000));
    } catch (err) {
      if (err instanceof Usage) return { stdout: '', stderr: `find: ${err.message}\n`, exitCode: 1 };
      throw err;
    }
  });
}

async function runFind(args: string[], ctx: CommandContext, now: () => number): Promise<ExecResult> {
  const fs = overlayOf(ctx);
  await loadAccounts(fs);
  let i = 0;
  let follow = false;
  while (args[i] === '-H' || args[i] === '-L' || args[i] === '-P') follow = args[i++] === '-L';
  const starts: string[] = [];
  while (i < args.length && !isExpressionStart(args[i]!)) starts.push(args[i++]!);
  if (starts.length === 0) starts.push('.');

  const out: Uint8Array[] = [];
  const errors: string[] = [];
  const encoder = new TextEncoder();
  const write = (text: string) => out.push(encoder.encode(text));
  const options = { maxdepth: Infinity, mindepth: 0, depthFirst: false };
  let hasAction = false;
  let quit = false;
  let pruned = false;
  const batches: { command: string[]; paths: string[] }[] = [];

  const tokens = args.slice(i);
  let t = 0;
  const need = (option: string) => {
    if (t >= tokens.length) throw new Usage(`missing argument to \`${option}'`);
    return tokens[t++]!;
  };
  const lookup = (path: string): FileStat => (follow ? fs.stat(path) : fs.lstat(path));

  const parsePrimary = (): Node => {
    const token = tokens[t++]!;
    switch (token) {
      case '(': {
        const node = parseOr();
        if (tokens[t++] !== ')') throw new Usage("invalid expression; I was expecting to find a ')' somewhere but did not see one.");
        return node;
      }
      case '!':
      case '-not':
        return { kind: 'not', node: parsePrimary() };
      case '-maxdepth':
      case '-mindepth': {
        const value = need(token);
        if (!/^\d+$/.test(value)) throw new Usage(`Expected a positive decimal integer argument to ${token}, but got ${quote(value)}`);
        options[token === '-maxdepth' ? 'maxdepth' : 'mindepth'] = Number(value);
        return TRUE;
      }
      case '-depth':
        options.depthFirst = true;
        return TRUE;
      case '-follow':
        // The old spelling of -L (GNU warns when it comes after a test; nginx's entrypoint uses it first).
        follow = true;
        return TRUE;
      case '-xdev':
      case '-mount':
      case '-noleaf':
      case '-ignore_readdir_race':
        return TRUE;
      case '-true':
        return TRUE;
      case '-false':
        return { kind: 'test', test: () => false };
      case '-name':
      case '-iname': {
        const re = globToRegExp(need(token), token === '-iname');
        return { kind: 'test', test: (e) => re.test(posixBaseName(e.path)) };
      }
      case '-path':
      case '-wholename':
      case '-ipath':
      case '-iwholename': {
        const re = globToRegExp(need(token), token.startsWith('-i'), true);
        return { kind: 'test', test: (e) => re.test(e.path) };
      }
      case '-regex':
      case '-iregex': {
        const re = new RegExp(`^(?:${need(token)})$`, token === '-iregex' ? 'i' : '');
        return { kind: 'test', test: (e) => re.test(e.path) };
      }
      case '-type':
      case '-xtype': {
        const value = need(token);
        const letters = value.split(',');
        for (const letter of letters) {
          if (!/^[fdlbcps]$/.test(letter)) throw new Usage(`Unknown argument to ${token}: ${letter}`);
        }
        return {
          kind: 'test',
          test: (e) => {
            let stat = e.stat;
            if (token === '-xtype') {
              try {
                stat = follow ? fs.lstat(e.abs) : fs.stat(e.abs);
              } catch {
                /* a broken link: its own type */
              }
            }
            return letters.includes(TYPE_LETTER[stat.type]);
          },
        };
      }
      case '-empty':
        return {
          kind: 'test',
          test: (e) => (e.stat.type === 'directory' ? fs.readdir(e.abs).length === 0 : (e.stat.type === 'file' || e.stat.type === 'hardlink') && e.stat.size === 0),
        };
      case '-size': {
        const value = need(token);
        const m = /^([+-]?)(\d+)([cwbkMG]?)$/.exec(value);
        if (!m) throw new Usage(`invalid -size type ${quote(value)}`);
        const unit = { c: 1, w: 2, b: 512, k: 1024, M: 1024 ** 2, G: 1024 ** 3, '': 512 }[m[3] as 'c'];
        const n = Number(m[2]);
        return {
          kind: 'test',
          test: (e) => {
            // GNU rounds the size up to whole units before comparing.
            const units = Math.ceil(apparentSize(e.stat) / unit);
            return m[1] === '+' ? units > n : m[1] === '-' ? units < n : units === n;
          },
        };
      }
      case '-perm': {
        const value = need(token);
        const m = /^([-/]?)([0-7]{1,4})$/.exec(value);
        if (!m) throw new Usage(`invalid mode ${quote(value)}`);
        const mode = parseInt(m[2]!, 8);
        return {
          kind: 'test',
          test: (e) => {
            const have = e.stat.mode & 0o7777;
            return m[1] === '-' ? (have & mode) === mode : m[1] === '/' ? mode === 0 || (have & mode) !== 0 : have === mode;
          },
        };
      }
      case '-user':
      case '-group': {
        const value = need(token);
        const id = /^\d+$/.test(value) ? Number(value) : accountId(fs, token === '-user' ? '/etc/passwd' : '/etc/group', value);
        if (id === undefined) throw new Usage(`${quote(value)} is not the name of a known ${token === '-user' ? 'user' : 'group'}`);
        return { kind: 'test', test: (e) => (token === '-user' ? e.stat.uid : e.stat.gid) === id };
      }
      case '-uid':
      case '-gid': {
        const cmp = numericCompare(need(token), token);
        return { kind: 'test', test: (e) => cmp(token === '-uid' ? e.stat.uid : e.stat.gid) };
      }
      case '-nouser':
        return { kind: 'test', test: (e) => accountName(fs, '/etc/passwd', e.stat.uid) === undefined };
      case '-nogroup':
        return { kind: 'test', test: (e) => accountName(fs, '/etc/group', e.stat.gid) === undefined };
      case '-newer': {
        const reference = need(token);
        let mtime: number;
        try {
          mtime = fs.stat(ctx.fs.resolvePath(ctx.cwd, reference)).mtime;
        } catch {
          throw new Usage(`${quote(reference)}: No such file or directory`);
        }
        return { kind: 'test', test: (e) => e.stat.mtime > mtime };
      }
      case '-mtime':
      case '-mmin': {
        const cmp = numericCompare(need(token), token);
        const unit = token === '-mtime' ? 86400 : 60;
        return { kind: 'test', test: (e) => cmp(Math.floor((now() - e.stat.mtime) / unit)) };
      }
      case '-print':
        hasAction = true;
        return { kind: 'action', run: (e) => (write(`${e.path}\n`), true) };
      case '-print0':
        hasAction = true;
        return { kind: 'action', run: (e) => (write(`${e.path}\0`), true) };
      case '-printf': {
        hasAction = true;
        const format = need(token);
        return { kind: 'action', run: (e) => (write(printfFormat(format, e, fs)), true) };
      }
      case '-ls':
        hasAction = true;
        return { kind: 'action', run: (e) => (write(lsLine(e, fs)), true) };
      case '-delete':
        hasAction = true;
        options.depthFirst = true;
        return {
          kind: 'action',
          run: async (e) => {
            try {
              await fs.rm(e.abs);
              return true;
            } catch (err) {
              errors.push(`find: cannot delete ${quote(e.path)}: ${strerror(err)}`);
              return false;
            }
          },
        };
      case '-prune':
        return { kind: 'action', run: (e) => ((pruned = e.stat.type === 'directory'), true) };
      case '-quit':
        return { kind: 'action', run: () => ((quit = true), true) };
      case '-exec':
      case '-ok': {
        hasAction = true;
        const command: string[] = [];
        while (t < tokens.length && tokens[t] !== ';' && !(tokens[t] === '+' && command.at(-1) === '{}')) command.push(tokens[t++]!);
        const terminator = tokens[t++];
        if (terminator === undefined || command.length === 0) throw new Usage(`missing argument to \`${token}'`);
        if (terminator === '+') {
          const batch = { command: command.slice(0, -1), paths: [] as string[] };
          batches.push(batch);
          return { kind: 'action', run: (e) => (batch.paths.push(e.path), true) };
        }
        return {
          kind: 'action',
          run: async (e) => {
            const argv = command.map((word) => word.replaceAll('{}', e.path));
            const result = await execCaptured(ctx, argv[0]!, argv.slice(1));
            out.push(latin1ToBytes(result.stdout));
            if (result.stderr) errors.push(result.stderr.replace(/\n$/, ''));
            return result.exitCode === 0;
          },
        };
      }
      default:
        if (token.startsWith('-')) throw new Usage(`unknown predicate \`${token}'`);
        throw new Usage(`paths must precede expression: ${quote(token)}`);
    }
  };
  const parseAnd = (): Node => {
    let left = parsePrimary();
    while (t < tokens.length && tokens[t] !== ')' && tokens[t] !== '-o' && tokens[t] !== '-or' && tokens[t] !== ',') {
      if (tokens[t] === '-a' || tokens[t] === '-and') t++;
      left = { kind: 'and', left, right: parsePrimary() };
    }
    return left;
  };
  const parseOr = (): Node => {
    let left = parseAnd();
    while (t < tokens.length && (tokens[t] === '-o' || tokens[t] === '-or')) {
      t++;
      left = { kind: 'or', left, right: parseAnd() };
    }
    return left;
  };
  const parseComma = (): Node => {
    let left = parseOr();
    while (t < tokens.length && tokens[t] === ',') {
      t++;
      left = { kind: 'comma', left, right: parseOr() };
    }
    return left;
  };
  let expression: Node = tokens.length === 0 ? TRUE : parseComma();
  if (t < tokens.length) throw new Usage(tokens[t] === ')' ? "invalid expression; you have too many ')'" : `paths must precede expression: ${quote(tokens[t]!)}`);
  if (!hasAction) expression = { kind: 'and', left: expression, right: { kind: 'action', run: (e) => (write(`${e.path}\n`), true) } };

  const evaluate = async (node: Node, e: Visit): Promise<boolean> => {
    switch (node.kind) {
      case 'test':
        return node.test(e);
      case 'action':
        return node.run(e);
      case 'not':
        return !(await evaluate(node.node, e));
      case 'and':
        return (await evaluate(node.left, e)) && evaluate(node.right, e);
      case 'or':
        return (await evaluate(node.left, e)) || evaluate(node.right, e);
      case 'comma':
        await evaluate(node.left, e);
        return evaluate(node.right, e);
    }
  };

  const visit = async (e: Visit): Promise<void> => {
    if (quit) return;
    const isDir = e.stat.type === 'directory';
    const matches = e.depth >= options.mindepth;
    pruned = false;
    if (!options.depthFirst && matches) await evaluate(expression, e);
    const descend = isDir && e.depth < options.maxdepth && !(pruned && !options.depthFirst);
    if (descend) {
      let names: string[] = [];
      try {
        names = fs.readdir(e.abs);
      } catch (err) {
        errors.push(`find: ${quote(e.path)}: ${strerror(err)}`);
      }
      for (const name of names) {
        if (quit) return;
        const abs = e.abs === '/' ? `/${name}` : `${e.abs}/${name}`;
        let stat: FileStat;
        try {
          stat = lookup(abs);
        } catch {
          stat = fs.lstat(abs);
        }
        await visit({ path: e.path.endsWith('/') ? `${e.path}${name}` : `${e.path}/${name}`, abs, stat, depth: e.depth + 1, start: e.start });
      }
    }
    if (options.depthFirst && matches) await evaluate(expression, e);
  };

  for (const start of starts) {
    const abs = ctx.fs.resolvePath(ctx.cwd, start);
    let stat: FileStat;
    try {
      stat = follow || start.endsWith('/') ? fs.stat(abs) : fs.lstat(abs);
    } catch (err) {
      errors.push(`find: ${quote(start)}: ${strerror(err)}`);
      continue;
    }
    await visit({ path: start, abs, stat, depth: 0, start });
    if (quit) break;
  }
  for (const batch of batches) {
    if (batch.paths.length === 0) continue;
    const result = await execCaptured(ctx, batch.command[0]!, [...batch.command.slice(1), ...batch.paths]);
    out.push(latin1ToBytes(result.stdout));
    if (result.stderr) errors.push(result.stderr.replace(/\n$/, ''));
  }
  const stderr = errors.join('\n');
  return bytesResult(concatBytes(out), stderr ? `${stderr}\n` : '', errors.length > 0 ? 1 : 0);
}

const TRUE: Node = { kind: 'test', test: () => true };

/** st_size: a symlink's is the length of its target (in bytes), a directory's one ext4 block. */
function apparentSize(stat: FileStat): number {
  if (stat.type === 'symlink') return new TextEncoder().encode(stat.linkname).length;
  if (stat.type === 'directory') return 4096;
  return stat.size;
}

function isExpressionStart(arg: string): boolean {
  return arg.startsWith('-') || arg === '(' || arg === '!' || arg === ')' || arg === ',';
}


/** fnmatch(3): `*`, `?`, `[…]`; `*` and `?` also match `/` for -path (GNU find does not use FNM_PATHNAME). */
function globToRegExp(glob: string, ignoreCase: boolean, _path = false): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') re += '[\\s\\S]*';
    else if (c === '?') re += '[\\s\\S]';
    else if (c === '\\' && i + 1 < glob.length) re += escapeRe(glob[++i]!);
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end === -1) re += '\\[';
      else {
        let body = glob.slice(i + 1, end);
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        re += `[${body.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += escapeRe(c);
  }
  return new RegExp(`^${re}$`, ignoreCase ? 'i' : '');
}

const escapeRe = (c: string) => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function numericCompare(value: string, option: string): (n: number) => boolean {
  const m = /^([+-]?)(\d+)$/.exec(value);
  if (!m) throw new Usage(`invalid argument ${quote(value)} to ${quote(option)}`);
  const n = Number(m[2]);
  return m[1] === '+' ? (x) => x > n : m[1] === '-' ? (x) => x < n : (x) => x === n;
}

/** /etc/passwd and /etc/group of `fs`, loaded once per find (async read, then sync lookups). */
const accountsOf = new WeakMap<OverlayFs, Accounts>();
async function loadAccounts(fs: OverlayFs): Promise<void> {
  accountsOf.set(fs, await Accounts.load(fs));
}

function accountId(fs: OverlayFs, file: string, name: string): number | undefined {
  const accounts = accountsOf.get(fs);
  return file === '/etc/passwd' ? accounts?.uid(name) : accounts?.gid(name);
}

function accountName(fs: OverlayFs, file: string, id: number): string | undefined {
  const accounts = accountsOf.get(fs);
  return file === '/etc/passwd' ? accounts?.user(id) : accounts?.group(id);
}

function printfFormat(format: string, e: Visit, fs: OverlayFs): string {
  return format.replace(/\\([\\abfnrtv0])|%([%pfhPsmMugUGylTt@])|%T(.)/g, (all, esc: string | undefined, directive: string | undefined) => {
    if (esc !== undefined) return { '\\': '\\', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '0': '\0' }[esc]!;
    switch (directive) {
      case '%':
        return '%';
      case 'p':
        return e.path;
      case 'f':
        return posixBaseName(e.path);
      case 'h': {
        const slash = e.path.lastIndexOf('/');
        return slash === -1 ? '.' : slash === 0 ? '/' : e.path.slice(0, slash);
      }
      case 'P':
        return e.path === e.start ? '' : e.path.slice(e.start.length).replace(/^\//, '');
      case 's':
        return String(apparentSize(e.stat));
      case 'm':
        return (e.stat.mode & 0o7777).toString(8);
      case 'M':
        return fileModeString(e.stat);
      case 'u':
        return accountName(fs, '/etc/passwd', e.stat.uid) ?? String(e.stat.uid);
      case 'g':
        return accountName(fs, '/etc/group', e.stat.gid) ?? String(e.stat.gid);
      case 'U':
        return String(e.stat.uid);
      case 'G':
        return String(e.stat.gid);
      case 'y':
        return TYPE_LETTER[e.stat.type];
      case 'l':
        return e.stat.type === 'symlink' ? e.stat.linkname : '';
      default:
        return all;
    }
  });
}

/** `-ls`: GNU find's `ls -dils` line (inode and blocks estimated as our ls does). */
function lsLine(e: Visit, fs: OverlayFs): string {
  const owner = accountName(fs, '/etc/passwd', e.stat.uid) ?? String(e.stat.uid);
  const group = accountName(fs, '/etc/group', e.stat.gid) ?? String(e.stat.gid);
  const blocks = e.stat.type === 'directory' ? 4 : Math.ceil(e.stat.size / 4096) * 4;
  const date = new Date(e.stat.mtime * 1000);
  const month = date.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const day = String(date.getUTCDate()).padStart(2, ' ');
  const time = `${String(date.getUTCHours()).padStart(2, '0')}:${String(date.getUTCMinutes()).padStart(2, '0')}`;
  const link = e.stat.type === 'symlink' ? ` -> ${e.stat.linkname}` : '';
  return `${String(0).padStart(9)} ${String(blocks).padStart(6)} ${fileModeString(e.stat)}   1 ${owner.padEnd(8)} ${group.padEnd(8)} ${String(apparentSize(e.stat)).padStart(8)} ${month} ${day} ${time} ${e.path}${link}\n`;
}


