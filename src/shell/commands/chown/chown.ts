/**
 * `chown` and `chgrp`, as GNU coreutils 9.1 runs them as root: `USER`, `USER:GROUP`, `USER:`
 * (the user's login group), `:GROUP`, numeric ids (`+N` is always a number), the old `USER.GROUP`
 * with its warning; names come from the filesystem's own /etc/passwd and /etc/group (in a
 * container, the image's). Flags: -R (symbolic links met on the way are changed, not followed,
 * directories after their contents, as fts's post-order gives them), -h, --dereference,
 * --reference=RFILE, -v, -c, -f, and -H/-L/-P, --preserve-root accepted.
 *
 * The messages are chown-core.c's describe_change, including its quirks: `chown :staff` names
 * "ownership" but `chown :50` names "group", as GNU's empty user name decides.
 *
 * Run as a busybox applet (the program found on PATH is busybox's placeholder), the errors and
 * -v lines are busybox 1.35's: `chown: unknown user nobody2`, `changed ownership of 'f' to 0:0`.
 *
 * Changing the owner of a file that is not a directory clears its set-user-ID bit, and its
 * set-group-ID bit when it is group-executable, as Linux does even for root.
 */
import { defineCommand, type Command, type CommandContext, type ExecResult } from 'just-bash';
import { parsePlaceholder, PLACEHOLDER_HEADER_BYTES } from '../../../catalog/placeholder.ts';
import { FsError } from '../../../engine/errors.ts';
import type { FileStat } from '../../../engine/overlay/file-stat.ts';
import type { OverlayFs } from '../../../engine/overlay/overlay-fs.ts';
import { OrderedOutput, overlayOf } from '../../command-context.ts';
import { accounts, groups, type Account, type Group } from '../shared/accounts.ts';
import { strerrorOf } from '../shared/errno-text.ts';
import { isUsageError, parseGnuOptions, usageError, type OptionSpec } from '../shared/getopt.ts';

const OPTIONS: OptionSpec[] = [
  { key: 'recursive', short: 'R', long: 'recursive' },
  { key: 'no-dereference', short: 'h', long: 'no-dereference' },
  { key: 'dereference', long: 'dereference' },
  { key: 'verbose', short: 'v', long: 'verbose' },
  { key: 'changes', short: 'c', long: 'changes' },
  { key: 'silent', short: 'f', long: 'silent' },
  { key: 'silent', long: 'quiet' },
  { key: 'reference', long: 'reference', value: 'required' },
  { key: 'traverse', short: 'H' },
  { key: 'traverse', short: 'L' },
  { key: 'traverse', short: 'P' },
  { key: 'preserve-root', long: 'preserve-root' },
  { key: 'preserve-root', long: 'no-preserve-root' },
];

/** What to set: ids (undefined: leave as is) and the names the messages use for them. */
interface Target {
  uid: number | undefined;
  gid: number | undefined;
  userName: string | undefined;
  groupName: string | undefined;
}

type Program = 'chown' | 'chgrp';

export function chownCommand(): Command {
  return defineCommand('chown', (args, ctx) => run('chown', args, ctx));
}

export function chgrpCommand(): Command {
  return defineCommand('chgrp', (args, ctx) => run('chgrp', args, ctx));
}

async function run(program: Program, args: string[], ctx: CommandContext): Promise<ExecResult> {
  const parsedOrError = parseGnuOptions(program, args, OPTIONS, 1);
  if (isUsageError(parsedOrError)) return parsedOrError;
  const parsed = parsedOrError;
  const has = (key: string) => parsed.options.some((o) => o.key === key);
  const reference = parsed.options.filter((o) => o.key === 'reference').pop()?.value;
  const fs = overlayOf(ctx);
  const busybox = await isBusyboxApplet(ctx, fs, program);
  const names = new Names(await accounts(ctx), await groups(ctx));
  const operands = [...parsed.operands];
  const usage = (message: string): ExecResult => usageError(program, message);

  let target: Target;
  if (reference !== undefined) {
    if (operands.length === 0) return usage('missing operand');
    const stat = fs.statIfExists(ctx.fs.resolvePath(ctx.cwd, reference));
    if (stat === undefined) return fail(`${program}: failed to get attributes of ${quote(reference)}: ${statError(fs, ctx.fs.resolvePath(ctx.cwd, reference))}\n`);
    target = {
      uid: program === 'chown' ? stat.uid : undefined,
      gid: stat.gid,
      userName: program === 'chown' ? names.user(stat.uid) : undefined,
      groupName: names.group(stat.gid),
    };
  } else {
    if (operands.length === 0) return usage('missing operand');
    if (operands.length === 1) return usage(`missing operand after ${quote(operands[0]!)}`);
    const spec = operands.shift()!;
    const parsedSpec = program === 'chown' ? parseOwnerSpec(spec, names, busybox) : parseGroupSpec(spec, names, busybox);
    if (typeof parsedSpec === 'string') return fail(`${program}: ${parsedSpec}\n`);
    target = parsedSpec.target;
    if (parsedSpec.warning) return runOn(program, operands, target, { ...settings(), warning: parsedSpec.warning });
  }
  return runOn(program, operands, target, settings());

  function settings(): RunSettings {
    const recursive = has('recursive');
    // -R walks without following links (-P, the default) and changes the links themselves.
    const follow = !recursive && lastOf(parsed.options, 'no-dereference', 'dereference') !== 'no-dereference';
    return {
      fs,
      ctx,
      names,
      busybox,
      recursive,
      follow,
      verbosity: has('verbose') ? 'verbose' : has('changes') ? 'changes' : 'off',
      silent: has('silent'),
      warning: undefined,
    };
  }
}

interface RunSettings {
  fs: OverlayFs;
  ctx: CommandContext;
  names: Names;
  busybox: boolean;
  recursive: boolean;
  follow: boolean;
  verbosity: 'off' | 'changes' | 'verbose';
  silent: boolean;
  warning: string | undefined;
}

async function runOn(program: Program, operands: string[], target: Target, settings: RunSettings): Promise<ExecResult> {
  const out = new OrderedOutput();
  if (settings.warning) out.stderr(`${program}: ${settings.warning}\n`);
  let ok = true;
  for (const operand of operands) {
    const path = settings.ctx.fs.resolvePath(settings.ctx.cwd, operand);
    const own = settings.fs.lstatIfExists(path);
    if (own === undefined) {
      ok = false;
      if (!settings.silent) out.stderr(settings.busybox ? `${program}: ${operand}: ${statError(settings.fs, path)}\n` : `${program}: cannot access ${quote(operand)}: ${statError(settings.fs, path)}\n`);
      continue;
    }
    const followed = settings.follow && own.type === 'symlink';
    const stat = followed ? settings.fs.statIfExists(path) : own;
    if (stat === undefined) {
      ok = false;
      if (!settings.silent) out.stderr(settings.busybox ? `${program}: ${operand}: ${statError(settings.fs, path)}\n` : `${program}: cannot dereference ${quote(operand)}: ${statError(settings.fs, path)}\n`);
      continue;
    }
    if (settings.recursive && stat.type === 'directory') {
      for (const child of postOrder(settings.fs, path)) {
        await change(child.stat, `${operand.replace(/\/+$/, '')}${child.relative}`, child.path, false);
      }
    }
    await change(stat, operand, path, followed);
  }
  return out.result(settings.ctx, ok ? 0 : 1);

  async function change(stat: FileStat, name: string, path: string, follow: boolean): Promise<void> {
    const uid = target.uid ?? stat.uid;
    const gid = target.gid ?? stat.gid;
    const changed = uid !== stat.uid || gid !== stat.gid;
    if (target.uid !== undefined || target.gid !== undefined) {
      await settings.fs.chown(path, uid, gid, { follow });
      // Linux clears set-user-ID (and group-executable set-group-ID) when a file changes owner.
      if (stat.type !== 'directory' && stat.type !== 'symlink' && (stat.mode & 0o6000) !== 0) {
        const cleared = stat.mode & ~(0o4000 | ((stat.mode & 0o010) !== 0 ? 0o2000 : 0));
        if (cleared !== stat.mode) await settings.fs.chmod(path, cleared);
      }
    }
    if (settings.verbosity === 'off' || (settings.verbosity === 'changes' && !changed)) return;
    out.stdout(settings.busybox ? busyboxChange(name, uid, gid) : describeChange(name, changed, stat, target, settings.names));
  }
}

/** chown-core.c's describe_change, for a change that succeeded or was not needed. */
function describeChange(name: string, changed: boolean, stat: FileStat, target: Target, names: Names): string {
  const newUser = target.userName ?? (target.uid !== undefined ? String(target.uid) : undefined);
  const newGroup = target.groupName ?? (target.gid !== undefined ? String(target.gid) : undefined);
  const spec = userGroup(newUser, newGroup);
  const oldSpec = userGroup(newUser !== undefined ? names.user(stat.uid) : undefined, newGroup !== undefined ? names.group(stat.gid) : undefined);
  const file = quote(name);
  if (changed) {
    if (newUser !== undefined) return `changed ownership of ${file} from ${oldSpec} to ${spec}\n`;
    return `changed group of ${file} from ${oldSpec} to ${spec}\n`;
  }
  // GNU's format has one %s after the file here: the old spec fills it (the owner's names).
  if (newUser !== undefined) return `ownership of ${file} retained as ${oldSpec}\n`;
  if (newGroup !== undefined) return `group of ${file} retained as ${oldSpec}\n`;
  return `ownership of ${file} retained\n`;
}

function busyboxChange(name: string, uid: number, gid: number): string {
  return `changed ownership of ${quote(name)} to ${uid}:${gid}\n`;
}

function userGroup(user: string | undefined, group: string | undefined): string | undefined {
  if (user !== undefined) return group !== undefined ? `${user}:${group}` : user;
  return group;
}

/**
 * GNU's parse_user_spec: the spec as a target, or the error message. `USER:` takes the user's
 * login group, so needs a user known by name; an unknown name that is a number is the number.
 */
function parseOwnerSpec(spec: string, names: Names, busybox: boolean): { target: Target; warning?: string } | string {
  let separator = spec.indexOf(':');
  let warning: string | undefined;
  if (separator < 0) {
    const dot = spec.indexOf('.');
    // The old `USER.GROUP`, when the whole is not a user name (names may contain dots).
    if (dot >= 0 && names.accountNamed(spec) === undefined && !busybox) {
      separator = dot;
      warning = `warning: '.' should be ':': ${quote(spec)}`;
    }
  }
  const userPart = separator < 0 ? spec : spec.slice(0, separator);
  const groupPart = separator < 0 ? '' : spec.slice(separator + 1);
  const target: Target = { uid: undefined, gid: undefined, userName: undefined, groupName: undefined };
  if (userPart !== '') {
    const account = userPart.startsWith('+') ? undefined : names.accountNamed(userPart);
    if (account !== undefined) {
      target.uid = account.uid;
      target.userName = account.name;
      if (separator >= 0 && groupPart === '') {
        target.gid = account.gid;
        target.groupName = names.group(account.gid);
      }
    } else {
      const uid = parseId(userPart);
      if (uid === undefined) return busybox ? `unknown user ${groupPart === '' ? userPart : spec}` : `invalid user: ${quote(spec)}`;
      if (separator >= 0 && groupPart === '' && !busybox) return `invalid spec: ${quote(spec)}`;
      target.uid = uid;
    }
  }
  if (groupPart !== '') {
    const group = groupPart.startsWith('+') ? undefined : names.groupNamed(groupPart);
    if (group !== undefined) {
      target.gid = group.gid;
      target.groupName = group.name;
    } else {
      const gid = parseId(groupPart);
      if (gid === undefined) return busybox ? (userPart === '' ? `unknown group ${groupPart}` : `unknown user/group ${spec}`) : `invalid group: ${quote(spec)}`;
      target.gid = gid;
    }
  }
  // "ownership :GROUP", not "group GROUP", when a group was named without a user.
  if (target.userName === undefined && target.uid === undefined && target.groupName !== undefined) target.userName = '';
  return warning === undefined ? { target } : { target, warning };
}

/** chgrp's GROUP: a name or a number; the messages name it as it was given. */
function parseGroupSpec(spec: string, names: Names, busybox: boolean): { target: Target; warning?: string } | string {
  const target: Target = { uid: undefined, gid: undefined, userName: undefined, groupName: undefined };
  if (spec === '') return { target };
  const group = spec.startsWith('+') ? undefined : names.groupNamed(spec);
  const gid = group?.gid ?? parseId(spec);
  if (gid === undefined) return busybox ? `unknown group ${spec}` : `invalid group: ${quote(spec)}`;
  target.gid = gid;
  target.groupName = spec;
  return { target };
}

/** A decimal id (an optional `+` first), within uid_t. */
function parseId(text: string): number | undefined {
  const digits = text.startsWith('+') ? text.slice(1) : text;
  if (!/^\d+$/.test(digits)) return undefined;
  const value = Number(digits);
  return value <= 0xfffffffe ? value : undefined;
}

class Names {
  constructor(
    private readonly users: Account[],
    private readonly groupList: Group[],
  ) {}

  accountNamed(name: string): Account | undefined {
    return this.users.find((u) => u.name === name);
  }

  groupNamed(name: string): Group | undefined {
    return this.groupList.find((g) => g.name === name);
  }

  /** uid_to_name: the name, or the number when /etc/passwd has none. */
  user(uid: number): string {
    return this.users.find((u) => u.uid === uid)?.name ?? String(uid);
  }

  group(gid: number): string {
    return this.groupList.find((g) => g.gid === gid)?.name ?? String(gid);
  }
}

/** The entries under `dir`, each directory after its contents; links are not followed. */
function* postOrder(fs: OverlayFs, dir: string): Generator<{ path: string; relative: string; stat: FileStat }> {
  for (const stat of fs.lstatChildren(dir)) {
    const path = stat.path;
    const relative = path.slice(dir === '/' ? 0 : dir.length);
    if (stat.type === 'directory') for (const child of postOrder(fs, path)) yield { ...child, relative: `${relative}${child.relative}` };
    yield { path, relative, stat };
  }
}

/** Whether `program` here is busybox's applet: the file PATH finds for it is busybox's placeholder. */
async function isBusyboxApplet(ctx: CommandContext, fs: OverlayFs, program: string): Promise<boolean> {
  for (const dir of (ctx.env.get('PATH') ?? '/usr/bin:/bin').split(':')) {
    const path = ctx.fs.resolvePath(ctx.cwd, `${dir || '.'}/${program}`);
    const stat = fs.statIfExists(path);
    if (stat === undefined || stat.type === 'directory' || (stat.mode & 0o111) === 0) continue;
    try {
      return parsePlaceholder(await (await fs.openFile(path)).read(0, PLACEHOLDER_HEADER_BYTES))?.program === 'busybox';
    } catch {
      return false;
    }
  }
  return false;
}

function statError(fs: OverlayFs, path: string): string {
  try {
    fs.stat(path);
  } catch (err) {
    if (err instanceof FsError) return err.strerror;
  }
  return strerrorOf('ENOENT');
}

function lastOf(options: { key: string }[], ...keys: string[]): string | undefined {
  return options.filter((o) => keys.includes(o.key)).pop()?.key;
}

function fail(stderr: string): ExecResult {
  return { stdout: '', stderr, exitCode: 1 };
}

function quote(name: string): string {
  return `'${name.replace(/'/g, `'\\''`)}'`;
}
