/**
 * just-bash's generic utilities (cat, head, cp, sort…) run right but fail in their own words:
 * `cat: /tmp: No such file or directory` for a directory, Node's `ENOENT: no such file or
 * directory, open '…'` after `touch: cannot touch`, no `Try 'cp --help'` line. The host is a
 * Debian machine, so this layer makes a native command's failure read as GNU coreutils 9.1
 * (grep 3.8, sed 4.9, diffutils 3.8) would print it, checking the filesystem where the real
 * errno matters. It sits in the dispatch, around just-bash's own programs only.
 *
 * Two kinds of rule, both by program:
 * - before the run, checks the real tool makes first (cp's and mv's destination, ln's implied
 *   directory), so a command that just-bash would get wrong never runs;
 * - after the run, rewrites of the result's stderr, stdout and exit status.
 */
import type { ExecResult } from 'just-bash';
import { FsError, type FsErrorCode } from '../../engine/errors.ts';
import { mountTableOf, normalize, type MountTable } from '../../engine/overlay/mounts.ts';
import type { OverlayFs } from '../../engine/overlay/overlay-fs.ts';
import { posixBaseName } from '../../engine/overlay/path.ts';
import { strerrorOf } from '../commands/shared/errno-text.ts';
import { tryHelp } from '../commands/shared/getopt.ts';
import { quote, quoteaf, quotef } from '../commands/shared/gnu-quote.ts';
import { headCount } from './pipe-demand.ts';

/** One run of a native program, as the rules see it. */
export interface NativeCall {
  readonly program: string;
  readonly args: readonly string[];
  /** The words that are not options (everything after `--` too). */
  readonly operands: readonly string[];
  /** The option words before `--`. */
  readonly options: readonly string[];
  readonly fs: OverlayFs;
  /** The words as typed, before a check rewrote them (grep -s, which just-bash does not know). */
  readonly given: readonly string[];
  /** An operand as an absolute path (trailing slashes dropped). */
  resolve(path: string): string;
  /** It runs as a BusyBox applet (whose checks differ: BusyBox rm has no --preserve-root). */
  readonly busybox?: boolean;
}

/**
 * What a check before the run decided: fail as the real tool does, or run with other arguments
 * (having refused some operands already, with `refused` on stderr and status 1).
 */
type Before = { fail: ExecResult } | { args: string[]; refused?: string } | undefined;
type CheckBefore = (call: NativeCall) => Before | Promise<Before>;
type Rewrite = (result: ExecResult, call: NativeCall) => ExecResult;

export function nativeCall(program: string, args: readonly string[], fs: OverlayFs, resolve: (path: string) => string, given: readonly string[] = args): NativeCall {
  const end = args.indexOf('--');
  const before = end === -1 ? args : args.slice(0, end);
  const options = before.filter(isOption);
  const operands = [...before.filter((a) => !isOption(a)), ...(end === -1 ? [] : args.slice(end + 1))];
  return { program, args, operands, options, fs, given, resolve };
}

/**
 * Runs `run` (just-bash's `program`) with GNU's checks before it and GNU's words after it.
 * `run` gets the arguments to use (a check may supply an implied operand, as `ln` does).
 */
export async function withGnuWording(call: NativeCall, run: (args: string[]) => Promise<ExecResult>): Promise<ExecResult> {
  const before = await BEFORE[call.program]?.(call);
  if (before && 'fail' in before) return before.fail;
  const effective = before ? { ...nativeCall(call.program, before.args, call.fs, call.resolve, call.args), busybox: call.busybox } : call;
  const ran = await run([...effective.args]);
  const result = before?.refused ? { ...ran, stderr: before.refused + ran.stderr, exitCode: ran.exitCode || 1 } : ran;
  // The common case, a command that succeeded quietly, costs nothing more.
  if (result.exitCode === 0 && result.stderr === '') return result;
  let rewritten = result;
  for (const rewrite of [nodeErrorsAsStrerror, ...(AFTER[call.program] ?? []), usageErrorsPointToHelp]) rewritten = rewrite(rewritten, effective);
  return rewritten;
}

// ---- how GNU names files and errors --------------------------------------------------------

/**
 * Why opening `operand` for reading fails, as errno: ENOENT, ENOTDIR (a file in the path, or
 * a trailing slash after one), EISDIR (read(2) on a directory); undefined if it would open.
 */
function readError(call: NativeCall, operand: string): FsErrorCode | undefined {
  try {
    const stat = call.fs.stat(call.resolve(operand));
    if (stat.type === 'directory') return 'EISDIR';
    return operand.endsWith('/') ? 'ENOTDIR' : undefined;
  } catch (err) {
    return err instanceof FsError ? (err.code as FsErrorCode) : undefined;
  }
}

/** errno of stat(2) on `operand`, trailing slash included; undefined when it exists. */
function statError(call: NativeCall, operand: string): FsErrorCode | undefined {
  const error = readError(call, operand);
  return error === 'EISDIR' ? undefined : error;
}

function isDirectory(call: NativeCall, operand: string): boolean {
  return readError(call, operand) === 'EISDIR';
}

function exists(call: NativeCall, operand: string, followLinks = true): boolean {
  const path = call.resolve(operand);
  return (followLinks ? call.fs.statIfExists(path) : call.fs.lstatIfExists(path)) !== undefined;
}

function isOption(word: string): boolean {
  return word.startsWith('-') && word !== '-';
}

/** Whether a short flag (e.g. `r`) or long one (e.g. `--recursive`) was given. */
function hasFlag(call: NativeCall, short: string, long?: string): boolean {
  return call.options.some((o) => (o.startsWith('--') ? o === long : o.slice(1).includes(short)));
}


function fail(stderr: string, exitCode = 1): { fail: ExecResult } {
  return { fail: { stdout: '', stderr, exitCode } };
}

function withStderr(result: ExecResult, stderr: string, exitCode = result.exitCode): ExecResult {
  return { ...result, stderr, exitCode };
}

/** Replace each whole stderr line `from` (without its newline) by what `to` gives. */
function mapStderrLines(result: ExecResult, to: (line: string) => string | undefined): ExecResult {
  if (result.stderr === '') return result;
  const lines = result.stderr.split('\n');
  let changed = false;
  const mapped = lines.map((line) => {
    const next = line === '' ? undefined : to(line);
    if (next === undefined || next === line) return line;
    changed = true;
    return next;
  });
  return changed ? withStderr(result, mapped.join('\n')) : result;
}

// ---- before the run ------------------------------------------------------------------------

/**
 * cp and mv with one source: GNU looks at the destination before copying; just-bash creates a
 * FILE for `cp f /nonexistent/` and blames the source (`cannot stat 'f'`) for a missing
 * destination directory.
 */
function checkCopyDestination(call: NativeCall): Before {
  const { program, operands } = call;
  // Options that name the target or change its meaning: leave those runs as they are.
  if (call.options.some((o) => /^-[^-]*[tTS]|^--(target|no-target|suffix|backup)/.test(o))) return undefined;
  if (operands.length < 2) return undefined;
  const dest = operands[operands.length - 1]!;
  if (operands.length > 2) {
    // cp: target 'h': No such file or directory  (just-bash: "is not a directory")
    const error = statError(call, dest);
    return error === 'ENOENT' ? fail(`${program}: target ${quoteaf(dest)}: ${strerrorOf(error)}\n`) : undefined;
  }
  const source = operands[0]!;
  if (!exists(call, source, false) || isDirectory(call, dest)) return undefined;
  const sourceIsDirectory = isDirectory(call, source);
  // cp: -r not specified; omitting directory 'd'  (just-bash says this itself)
  if (program === 'cp' && sourceIsDirectory && !hasFlag(call, 'r', '--recursive') && !hasFlag(call, 'R') && !hasFlag(call, 'a', '--archive')) return undefined;
  const destError = statError(call, dest);
  if (destError === undefined) {
    // cp: cannot overwrite non-directory 'f' with directory 'd'
    if (sourceIsDirectory) return fail(`${program}: cannot overwrite non-directory ${quoteaf(dest)} with directory ${quoteaf(source)}\n`);
    return undefined;
  }
  // cp: cannot stat 'g/': Not a directory  (a file before a slash: 'g/', 'f/x')
  if (destError === 'ENOTDIR') return fail(`${program}: cannot stat ${quoteaf(dest)}: ${strerrorOf(destError)}\n`);
  const path = call.resolve(dest);
  const parentError = readError(call, path.slice(0, path.lastIndexOf('/')) || '/');
  // A missing parent, or a name with a trailing slash that would have to be a directory.
  const createError: FsErrorCode | undefined =
    parentError === 'ENOENT' || parentError === 'ENOTDIR' ? parentError : dest.endsWith('/') && !sourceIsDirectory ? 'ENOTDIR' : undefined;
  if (createError === undefined) return undefined;
  // mv: cannot move 'f' to '/nope/x': No such file or directory
  if (program === 'mv') return fail(`mv: cannot move ${quoteaf(source)} to ${quoteaf(dest)}: ${strerrorOf(createError)}\n`);
  // cp: cannot create regular file '/nonexistent/': Not a directory
  const what = sourceIsDirectory ? 'directory' : 'regular file';
  return fail(`cp: cannot create ${what} ${quoteaf(dest)}: ${strerrorOf(createError)}\n`);
}

/**
 * ln TARGET and ln TARGET DIRECTORY make the link inside the directory (`./f`, `d/f`), which
 * just-bash does not: it gets the link's own path, so its errors then name it as GNU does
 * (`ln: failed to create hard link './f': File exists`).
 */
function checkLinkDirectory(call: NativeCall): Before {
  if (call.options.some((o) => /^-[^-]*[tT]|^--(target|no-target)/.test(o))) return undefined;
  const { operands } = call;
  const noDereference = hasFlag(call, 'n', '--no-dereference');
  let directory: string;
  if (operands.length === 1) directory = '.';
  else if (operands.length === 2) {
    directory = operands[1]!;
    const stat = noDereference ? call.fs.lstatIfExists(call.resolve(directory)) : call.fs.statIfExists(call.resolve(directory));
    if (stat?.type !== 'directory') return undefined;
  } else return undefined;
  const target = operands[0]!;
  const link = `${directory.replace(/\/+$/, '')}/${posixBaseName(target)}`;
  return { args: [...call.options, '--', target, link] };
}

/**
 * sort -k: GNU checks each key spec before reading (just-bash took `-k x` as the whole line):
 * sort: invalid number at field start: invalid count at start of 'x'
 * sort: field number is zero: invalid field specification '0'
 */
function checkSortKeys(call: NativeCall): Before {
  const args = call.args;
  for (let i = 0; i < args.length && args[i] !== '--'; i++) {
    const arg = args[i]!;
    let spec: string | undefined;
    if (arg === '-k' || arg === '--key') spec = args[++i];
    else if (arg.startsWith('--key=')) spec = arg.slice(6);
    else if (/^-[^-]/.test(arg) && /^-[bdfgiMhnRrVcCmsuz]*k/.test(arg)) spec = arg.slice(arg.indexOf('k') + 1) || args[++i];
    if (spec === undefined) continue;
    const error = sortKeyError(spec);
    if (error !== undefined) return fail(`sort: ${error}\n`, 2);
  }
  return undefined;
}

/** sort.c's parsing of POS1[,POS2], each F[.C][OPTS]: the message of the first fault, if any. */
function sortKeyError(spec: string): string | undefined {
  const count = (at: number, what: string): [number, number] | string => {
    const digits = /^\d*/.exec(spec.slice(at))![0];
    if (digits === '') return `${what}: invalid count at start of ${quote(spec.slice(at))}`;
    return [Number(digits), at + digits.length];
  };
  const bad = (what: string) => `${what}: invalid field specification ${quote(spec)}`;
  const skipOrdering = (at: number) => at + /^[bdfgiMhnRrV]*/.exec(spec.slice(at))![0].length;
  let parsed = count(0, 'invalid number at field start');
  if (typeof parsed === 'string') return parsed;
  let [value, at] = parsed;
  if (value === 0) return bad('field number is zero');
  if (spec[at] === '.') {
    parsed = count(at + 1, "invalid number after '.'");
    if (typeof parsed === 'string') return parsed;
    [value, at] = parsed;
    if (value === 0) return bad('character offset is zero');
  }
  at = skipOrdering(at);
  if (spec[at] === ',') {
    parsed = count(at + 1, "invalid number after ','");
    if (typeof parsed === 'string') return parsed;
    [value, at] = parsed;
    if (value === 0) return bad('field number is zero');
    if (spec[at] === '.') {
      parsed = count(at + 1, "invalid number after '.'");
      if (typeof parsed === 'string') return parsed;
      at = parsed[1];
    }
    at = skipOrdering(at);
  }
  return at < spec.length ? bad('stray character in field spec') : undefined;
}

/**
 * cut -b/-c/-f LIST: GNU's set_fields checks the list first (just-bash failed with "bash: cut:
 * invalid range", status 126): cut: invalid byte/character position 'x' (and a Try line).
 */
function checkCutList(call: NativeCall): Before {
  for (const [letter, long] of [['b', 'bytes'], ['c', 'characters'], ['f', 'fields']] as const) {
    const list = optionValue(call.args, letter, long);
    if (list === undefined) continue;
    const error = cutListError(list, letter !== 'f');
    return error === undefined ? undefined : fail(`cut: ${error}\n${tryHelp('cut')}`);
  }
  return undefined;
}

function cutListError(list: string, positions: boolean): string | undefined {
  const numberedFrom1 = positions ? 'byte/character positions are numbered from 1' : 'fields are numbered from 1';
  let value = 0;
  let initial = 1;
  let lhs = false;
  let rhs = false;
  let dash = false;
  for (let i = 0; ; ) {
    const c = list[i];
    if (c === '-') {
      if (dash) return positions ? 'invalid byte or character range' : 'invalid field range';
      dash = true;
      i++;
      if (lhs && value === 0) return numberedFrom1;
      initial = lhs ? value : 1;
      value = 0;
    } else if (c === undefined || c === ',' || c === ' ' || c === '\t') {
      if (dash) {
        dash = false;
        if (!lhs && !rhs) return 'invalid range with no endpoint: -';
        if (rhs && value < initial) return 'invalid decreasing range';
      } else if (value === 0) return numberedFrom1;
      value = 0;
      if (c === undefined) return undefined;
      i++;
      lhs = rhs = false;
    } else if (c >= '0' && c <= '9') {
      if (dash) rhs = true;
      else lhs = true;
      value = value * 10 + Number(c);
      i++;
    } else return `${positions ? 'invalid byte/character position' : 'invalid field value'} ${quote(list.slice(i))}`;
  }
}

/** grep -s: just-bash does not know it; run without it and drop the complaints it silences. */
function checkGrepNoMessages(call: NativeCall): Before {
  if (!grepNoMessages(call.args)) return undefined;
  const args: string[] = [];
  for (let i = 0; i < call.args.length; i++) {
    const arg = call.args[i]!;
    if (arg === '--') {
      args.push(...call.args.slice(i));
      break;
    }
    if (arg === '--no-messages') continue;
    const cluster = /^-([^-].*)$/.exec(arg);
    if (!cluster) {
      args.push(arg);
      continue;
    }
    // Letters after one that takes a value are that value.
    const letters = cluster[1]!;
    const valueAt = letters.search(/[efmABCdD]/);
    const flags = (valueAt < 0 ? letters : letters.slice(0, valueAt)).replace(/s/g, '');
    const rest = valueAt < 0 ? '' : letters.slice(valueAt);
    if (flags + rest !== '') args.push(`-${flags}${rest}`);
  }
  return { args };
}

function grepNoMessages(args: readonly string[]): boolean {
  for (const arg of args) {
    if (arg === '--') return false;
    if (arg === '--no-messages') return true;
    const cluster = /^-([^-].*)$/.exec(arg);
    if (!cluster) continue;
    const letters = cluster[1]!;
    const valueAt = letters.search(/[efmABCdD]/);
    if ((valueAt < 0 ? letters : letters.slice(0, valueAt)).includes('s')) return true;
  }
  return false;
}

/**
 * GNU rm 9.1 refuses to remove `/` recursively unless told `--no-preserve-root` (remove.c,
 * rm_fts): each such operand is skipped with two lines, the others are removed, status 1.
 * just-bash's rm knows neither option and quietly leaves `/` alone; told to remove it, it
 * removes what `/` holds. BusyBox 1.35's rm has no such failsafe (nor the long options): it
 * empties the root as asked — a container's, or the host's for `busybox rm -rf /`.
 */
function checkPreserveRoot(call: NativeCall): Before {
  const preserveOptions = call.options.filter((o) => o === '--no-preserve-root' || o === '--preserve-root' || o.startsWith('--preserve-root='));
  if (call.busybox && preserveOptions.length > 0) return undefined;
  const recursive = hasFlag(call, 'r', '--recursive') || hasFlag(call, 'R', '--recursive');
  const roots = call.operands.filter((operand) => operand.startsWith('/') && call.resolve(operand) === '/');
  if (!recursive || roots.length === 0) return preserveOptions.length > 0 ? { args: call.args.filter((a) => !preserveOptions.includes(a)) } : undefined;
  const preserve = call.busybox ? false : preserveOptions.at(-1) !== '--no-preserve-root';
  const args = call.args.filter((a) => !preserveOptions.includes(a));
  if (preserve) {
    const refused = roots
      .map((root) => `rm: it is dangerous to operate recursively on ${quote(root)}${root === '/' ? '' : ` (same as ${quote('/')})`}\nrm: use --no-preserve-root to override this failsafe\n`)
      .join('');
    const rest = args.filter((a) => !roots.includes(a));
    if (rest.filter((a) => !isOption(a)).length === 0) return { fail: { stdout: '', stderr: refused, exitCode: 1 } };
    return { args: rest, refused };
  }
  // Asked for: what `/` holds, each entry by its path.
  const children = call.fs.readdir('/').map((name) => `/${name}`);
  return { args: args.flatMap((a) => (roots.includes(a) ? children : [a])) };
}

/**
 * `rm -r` where mounts are involved removes as GNU rm 9.1 (remove.c, rm_fts) and BusyBox's
 * remove_file do: depth first, one unlink or rmdir at a time, each failure on its own line
 * (`cannot remove 'd/m': Device or resource busy` for a mount point, `Read-only file system`
 * for each file of a read-only mount) and the directories above a failure left alone without a
 * word (mark_ancestor_dirs), status 1. just-bash's rm removes a tree in one call, which went
 * through mount points, and with -f kept quiet about any error, not just a missing file. Where
 * no mount is near an operand, just-bash's rm still does it all.
 */
async function removeAroundMounts(call: NativeCall): Promise<Before> {
  const preserved = checkPreserveRoot(call);
  if (preserved && 'fail' in preserved) return preserved;
  const table = mountTableOf(call.fs);
  const recursive = hasFlag(call, 'r', '--recursive') || hasFlag(call, 'R', '--recursive');
  const args = preserved?.args ?? [...call.args];
  if (table === undefined || !recursive || hasFlag(call, 'v', '--verbose') || hasFlag(call, 'i') || hasFlag(call, 'I')) return preserved;
  const effective = nativeCall(call.program, args, call.fs, call.resolve);
  const force = hasFlag(call, 'f', '--force');
  const ours = effective.operands.filter((operand) => nearMount(table, call.resolve(operand)) && (!force || call.fs.lstatIfExists(call.resolve(operand)) !== undefined));
  if (ours.length === 0) return preserved;
  let stderr = preserved?.refused ?? '';
  let failed = stderr !== '';
  const report = (shown: string, err: unknown) => {
    const code = err instanceof FsError ? err.code : undefined;
    if (force && code === 'ENOENT') return;
    stderr += `rm: cannot remove ${quoteaf(shown)}: ${code === undefined ? String(err) : strerrorOf(code as FsErrorCode)}\n`;
    failed = true;
  };
  const remove = async (path: string, shown: string): Promise<boolean> => {
    const stat = call.fs.lstatIfExists(path);
    if (stat === undefined) {
      report(shown, new FsError('ENOENT', 'unlink', path));
      return false;
    }
    if (stat.type === 'directory') {
      if (!nearMount(table, path)) return removeWhole(path, shown, true);
      let emptied = true;
      for (const name of call.fs.readdir(path)) emptied = (await remove(path === '/' ? `/${name}` : `${path}/${name}`, `${shown.replace(/\/+$/, '')}/${name}`)) && emptied;
      if (!emptied) return false;
    }
    return removeWhole(path, shown, false);
  };
  const removeWhole = async (path: string, shown: string, recursively: boolean): Promise<boolean> => {
    try {
      await call.fs.rm(path, { recursive: recursively });
      return true;
    } catch (err) {
      report(shown, err);
      return false;
    }
  };
  for (const operand of ours) await remove(call.resolve(operand), operand);
  const rest = args.filter((a) => !ours.includes(a));
  const status = failed ? 1 : 0;
  if (rest.filter((a) => !isOption(a)).length === 0) return { fail: { stdout: '', stderr, exitCode: status } };
  return failed ? { args: rest, refused: stderr } : { args: rest };
}

/** Whether a mount point is `path`, under it or above it (or the root is read-only): rm then goes one name at a time. */
function nearMount(table: MountTable, path: string): boolean {
  const at = normalize(path);
  const below = at === '/' ? '/' : `${at}/`;
  return table.readOnlyRoot || table.targets.some((target) => target === at || target.startsWith(below) || at.startsWith(`${target}/`));
}

/** rmdir(2) of a mount point fails with EBUSY, empty or not (`rmdir /dev/pts`); just-bash's rmdir looked at what it holds first. */
function rmdirMountPoints(call: NativeCall): Before {
  const table = mountTableOf(call.fs);
  if (table === undefined) return undefined;
  const busy = call.operands.filter((operand) => table.isMountPoint(call.resolve(operand)));
  if (busy.length === 0) return undefined;
  const refused = busy.map((operand) => `rmdir: failed to remove ${quoteaf(operand)}: ${strerrorOf('EBUSY')}\n`).join('');
  const rest = call.args.filter((a) => !busy.includes(a));
  if (rest.filter((a) => !isOption(a)).length === 0) return { fail: { stdout: '', stderr: refused, exitCode: 1 } };
  return { args: rest, refused };
}

const BEFORE: Record<string, CheckBefore> = {
  rm: removeAroundMounts,
  rmdir: rmdirMountPoints,
  cp: checkCopyDestination,
  mv: checkCopyDestination,
  ln: checkLinkDirectory,
  sort: checkSortKeys,
  cut: checkCutList,
  grep: checkGrepNoMessages,
  tr: trOctalEscapes,
  head: headCountSuffixes,
};

/**
 * head's counts with a multiplier suffix (`-c 2M`, `-n 1k`), which just-bash's head reads as
 * their digits alone: given to it as plain numbers, GNU's suffixes or BusyBox's (see
 * headCount); a count neither takes fails as the real head fails (GNU: `head: invalid number
 * of bytes: '1x'`; BusyBox: `head: invalid number '2M'`).
 */
function headCountSuffixes(call: NativeCall): Before {
  let changed = false;
  const args = [...call.args];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') break;
    const at = arg === '-n' || arg === '-c' ? { index: i + 1, prefix: '', unit: arg[1]! } : undefined;
    const joined = /^(-[nc]|--lines=|--bytes=)(.+)$/.exec(arg);
    const where = at ?? (joined ? { index: i, prefix: joined[1]!, unit: joined[1]!.startsWith('--') ? joined[1]![2]! : joined[1]![1]! } : undefined);
    if (where === undefined || args[where.index] === undefined) continue;
    if (at) i++;
    const text = args[where.index]!.slice(where.prefix.length);
    // GNU's leading `-` (all but the last N) is just-bash's head's to refuse, in its own words.
    if (/^\d+$/.test(text) || text.startsWith('-')) continue;
    const value = headCount(text, call.busybox === true);
    if (value === undefined) {
      const what = where.unit === 'l' || where.unit === 'n' ? 'lines' : 'bytes';
      const message = call.busybox ? `head: invalid number '${text}'\n` : `head: invalid number of ${what}: ${quote(text)}\n`;
      return { fail: { stdout: '', stderr: message, exitCode: 1 } };
    }
    args[where.index] = `${where.prefix}${value}`;
    changed = true;
  }
  return changed ? { args } : undefined;
}

/**
 * tr's escapes that just-bash's tr reads as the letter itself (`\0` as `0`): `\NNN` (one to
 * three octal digits: `tr '\0' ' '` turns NULs into spaces), `\a \b \f \v` (POSIX tr,
 * GNU and BusyBox alike). Each becomes the character it stands for; a backslash, `-` or `[`
 * as `\` and the character, which just-bash takes literally (an escaped `-` makes no range).
 */
function trOctalEscapes(call: NativeCall): Before {
  if (!call.args.some((arg) => /\\[0-7abfv]/.test(arg))) return undefined;
  const controls: Record<string, string> = { a: '\x07', b: '\b', f: '\f', v: '\v' };
  // As itself (an end of a range: `'\60-\62'` is 0-2), but a backslash, dash or bracket escaped.
  const literal = (char: string) => ('\\-['.includes(char) ? `\\${char}` : char);
  const rewrite = (arg: string) =>
    arg.replace(/\\(?:([0-7]{1,3})|([abfv])|([^]))/g, (whole, octal: string | undefined, letter: string | undefined) =>
      octal !== undefined ? literal(String.fromCharCode(parseInt(octal, 8) & 0xff)) : letter !== undefined ? controls[letter]! : whole,
    );
  return { args: call.args.map((arg) => (isOption(arg) ? arg : rewrite(arg))) };
}

// ---- after the run -------------------------------------------------------------------------

/**
 * just-bash says `prog: NAME: No such file or directory` whatever went wrong opening NAME;
 * `format` gives GNU's line for the real errno, looked up on the filesystem.
 */
function openFailures(format: (name: string, error: FsErrorCode) => string, exitCode?: number): Rewrite {
  return (result, call) => {
    const operands = new Set(call.operands);
    let failed = false;
    const rewritten = mapStderrLines(result, (line) => {
      const prefix = `${call.program}: `;
      const suffix = `: ${strerrorOf('ENOENT')}`;
      if (!line.startsWith(prefix) || !line.endsWith(suffix)) return undefined;
      const name = line.slice(prefix.length, line.length - suffix.length);
      if (!operands.has(name)) return undefined;
      const error = readError(call, name);
      if (error === undefined) return undefined;
      failed = true;
      return format(name, error);
    });
    return failed && exitCode !== undefined ? { ...rewritten, exitCode } : rewritten;
  };
}


/** cat: /tmp: Is a directory */
const plainOpenFailure = (program: string) => openFailures((name, error) => `${program}: ${quotef(name)}: ${strerrorOf(error)}`);

/**
 * head: cannot open '/nope' for reading: No such file or directory
 * head: error reading 'd': Is a directory
 */
const headOpenFailure = (program: string) =>
  openFailures((name, error) =>
    error === 'EISDIR' ? `${program}: error reading ${quoteaf(name)}: ${strerrorOf('EISDIR')}` : `${program}: cannot open ${quoteaf(name)} for reading: ${strerrorOf(error)}`,
  );

/**
 * head: invalid number of lines: 'x'
 * head: invalid number of bytes: 'x'
 */
function invalidCount(result: ExecResult, call: NativeCall): ExecResult {
  return mapStderrLines(result, (line) => {
    const match = /^(head|tail): invalid number of (lines|bytes)$/.exec(line);
    if (!match) return undefined;
    const value = optionValue(call.args, match[2] === 'lines' ? 'n' : 'c', match[2]!);
    return value === undefined ? undefined : `${line}: ${quote(value)}`;
  });
}

/** The value given to `-X VALUE`, `-XVALUE` or `--long=VALUE` (the last one wins). */
function optionValue(args: readonly string[], short: string, long: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === `-${short}` || arg === `--${long}`) value = args[++i];
    else if (arg.startsWith(`--${long}=`)) value = arg.slice(long.length + 3);
    else if (arg.startsWith(`-${short}`)) value = arg.slice(2);
  }
  return value;
}

/** sha256sum: /nope: No such file or directory — on stderr, where just-bash wrote it to stdout. */
function checksumErrorsToStderr(result: ExecResult, call: NativeCall): ExecResult {
  const prefix = `${call.program}: `;
  if (result.exitCode === 0 || !result.stdout.includes(prefix)) return result;
  const lines = result.stdout.split('\n');
  const errors = lines.filter((l) => l.startsWith(prefix));
  const stdout = lines.filter((l) => !l.startsWith(prefix)).join('\n');
  return { ...result, stdout, stderr: errors.map((l) => `${l}\n`).join('') + result.stderr };
}

/** cp: missing file operand / cp: missing destination file operand after 'f' */
function missingDestination(result: ExecResult, call: NativeCall): ExecResult {
  const line = `${call.program}: missing destination file operand\n`;
  if (result.stderr !== line) return result;
  const [first] = call.operands;
  return withStderr(result, first === undefined ? `${call.program}: missing file operand\n` : `${call.program}: missing destination file operand after ${quoteaf(first)}\n`);
}

/** chmod: missing operand after '755' */
function missingOperandAfterMode(result: ExecResult, call: NativeCall): ExecResult {
  const [mode] = call.operands.length > 0 ? call.operands : call.options.filter((o) => /^-[rwxXst]+$/.test(o));
  if (result.stderr !== 'chmod: missing operand\n' || mode === undefined) return result;
  return withStderr(result, `chmod: missing operand after ${quote(mode)}\n`);
}

/**
 * tr: missing operand after 'a'
 * Two strings must be given when translating.
 */
function trMissingSet2(result: ExecResult, call: NativeCall): ExecResult {
  const [set1] = call.operands;
  if (result.stderr !== 'tr: missing operand after SET1\n' || set1 === undefined) return result;
  const translating = !call.options.some((o) => /^-[^-]*[ds]|^--(delete|squeeze)/.test(o));
  return withStderr(result, `tr: missing operand after ${quote(set1)}\n${translating ? 'Two strings must be given when translating.\n' : ''}`);
}

/** diff: missing operand after 'f' / diff: Try 'diff --help' for more information. */
function diffMissingOperand(result: ExecResult, call: NativeCall): ExecResult {
  if (result.stderr !== 'diff: missing operand\n') return result;
  const [first] = call.operands;
  const line = first === undefined ? 'diff: missing operand' : `diff: missing operand after ${quote(first)}`;
  return withStderr(result, `${line}\ndiff: Try 'diff --help' for more information.\n`);
}

/**
 * cp: 'f' and 'f' are the same file  (just-bash names the second as an absolute path)
 * mv: cannot move 'd' to a subdirectory of itself, 'd/sub/d'
 * cp: cannot copy a directory, 'd', into itself, 'd/sub/d'
 */
function copyNamesAsGiven(result: ExecResult, call: NativeCall): ExecResult {
  if (call.operands.length !== 2) return result;
  const [source, dest] = call.operands as [string, string];
  const inside = `${dest.replace(/\/+$/, '')}/${posixBaseName(source)}`;
  return mapStderrLines(result, (line) => {
    if (/^(cp|mv): '.*' and '.*' are the same file$/.test(line)) return `${call.program}: ${quoteaf(source)} and ${quoteaf(dest)} are the same file`;
    if (/^mv: cannot move '.*' into itself, '.*'$/.test(line)) return `mv: cannot move ${quoteaf(source)} to a subdirectory of itself, ${quoteaf(inside)}`;
    if (/^cp: cannot copy '.*' into itself, '.*'$/.test(line)) return `cp: cannot copy a directory, ${quoteaf(source)}, into itself, ${quoteaf(inside)}`;
    return undefined;
  });
}

/** mkdir -p f/x: mkdir: cannot create directory 'f': Not a directory — the component that is a file. */
function mkdirParentsNamesTheFile(result: ExecResult, call: NativeCall): ExecResult {
  if (!hasFlag(call, 'p', '--parents')) return result;
  return mapStderrLines(result, (line) => {
    const match = /^mkdir: cannot create directory '(.*)': Not a directory$/.exec(line);
    if (!match) return undefined;
    const parts = match[1]!.split('/');
    for (let n = 1; n <= parts.length; n++) {
      const prefix = parts.slice(0, n).join('/');
      if (prefix === '') continue;
      const stat = call.fs.statIfExists(call.resolve(prefix));
      if (stat !== undefined && stat.type !== 'directory') return `mkdir: cannot create directory ${quoteaf(prefix)}: ${strerrorOf('ENOTDIR')}`;
    }
    return undefined;
  });
}

/**
 * ln: d: hard link not allowed for directory  (quoted only when needed)
 * ln: failed to create hard link './f': File exists
 */
function lnWording(result: ExecResult, call: NativeCall): ExecResult {
  const symbolic = hasFlag(call, 's', '--symbolic');
  return mapStderrLines(result, (line) => {
    const match = /^ln: '(.*)': hard link not allowed for directory$/.exec(line);
    if (match) return `ln: ${quotef(match[1]!)}: hard link not allowed for directory`;
    if (!symbolic && line.startsWith('ln: failed to create link ')) return line.replace('failed to create link', 'failed to create hard link');
    return undefined;
  });
}

/** grep -q x /nope: grep: /nope: No such file or directory  (-q quiets matches, not trouble; just-bash said nothing) */
function grepQuietStillComplains(result: ExecResult, call: NativeCall): ExecResult {
  if (result.exitCode !== 2 || result.stderr !== '' || hasFlag(call, 's', '--no-messages')) return result;
  // The first operand is the pattern unless -e or -f gave it.
  const patternGiven = call.options.some((o) => /^-[^-]*[ef]|^--(regexp|file)/.test(o));
  const files = patternGiven ? call.operands : call.operands.slice(1);
  const lines = files.flatMap((name) => {
    const error = readError(call, name);
    return error === undefined || error === 'EISDIR' ? [] : [`grep: ${name}: ${strerrorOf(error)}\n`];
  });
  return withStderr(result, lines.join(''));
}

/**
 * Usage: grep [OPTION]... PATTERNS [FILE]...
 * Try 'grep --help' for more information.
 */
function grepUsage(result: ExecResult): ExecResult {
  const usage = `Usage: grep [OPTION]... PATTERNS [FILE]...\n${tryHelp('grep')}`;
  if (result.stderr === 'grep: missing pattern\n') return withStderr(result, usage, 2);
  if (/^grep: (unrecognized option|invalid option)/.test(result.stderr) && !result.stderr.includes('\n', result.stderr.indexOf('\n') + 1)) {
    return withStderr(result, result.stderr + usage, 2);
  }
  return result;
}

/** grep's trouble (a file it cannot read) is status 2, whatever matched. */
function grepTroubleIsTwo(result: ExecResult, call: NativeCall): ExecResult {
  if (result.exitCode !== 1) return result;
  const trouble = result.stderr.split('\n').some((l) => l.startsWith('grep: ') && / (Is a directory|No such file or directory|Not a directory)$/.test(l));
  return trouble ? { ...result, exitCode: call.args.some((a) => /^-[^-]*q|^--(quiet|silent)$/.test(a)) && result.stdout !== '' ? 0 : 2 } : result;
}

/** grep -s: no word about files that do not exist or cannot be read (the status stays 2). */
function grepSilencedFiles(result: ExecResult, call: NativeCall): ExecResult {
  if (!grepNoMessages(call.given)) return result;
  const kept = result.stderr.split('\n').filter((l) => !/^grep: .*: (No such file or directory|Is a directory|Not a directory|Permission denied)$/.test(l));
  return withStderr(result, kept.join('\n'));
}

/** GNU sed 4.9's usage, which it prints to stderr when it has no script. */
const SED_USAGE = `Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...

  -n, --quiet, --silent
                 suppress automatic printing of pattern space
      --debug
                 annotate program execution
  -e script, --expression=script
                 add the script to the commands to be executed
  -f script-file, --file=script-file
                 add the contents of script-file to the commands to be executed
  --follow-symlinks
                 follow symlinks when processing in place
  -i[SUFFIX], --in-place[=SUFFIX]
                 edit files in place (makes backup if SUFFIX supplied)
  -l N, --line-length=N
                 specify the desired line-wrap length for the \`l' command
  --posix
                 disable all GNU extensions.
  -E, -r, --regexp-extended
                 use extended regular expressions in the script
                 (for portability use POSIX -E).
  -s, --separate
                 consider files as separate rather than as a single,
                 continuous long stream.
      --sandbox
                 operate in sandbox mode (disable e/r/w commands).
  -u, --unbuffered
                 load minimal amounts of data from the input files and flush
                 the output buffers more often
  -z, --null-data
                 separate lines by NUL characters
      --help     display this help and exit
      --version  output version information and exit

If no -e, --expression, -f, or --file option is given, then the first
non-option argument is taken as the sed script to interpret.  All
remaining arguments are names of input files; if no input files are
specified, then the standard input is read.

GNU sed home page: <https://www.gnu.org/software/sed/>.
General help using GNU software: <https://www.gnu.org/gethelp/>.
`;

/**
 * sed with no script prints its usage (status 1); an unknown command is placed as GNU places it:
 * sed: -e expression #1, char 3: unknown command: `k'
 */
function sedWording(result: ExecResult, call: NativeCall): ExecResult {
  if (result.stderr === 'sed: no script specified\n') return withStderr(result, SED_USAGE, 1);
  const match = /^sed: invalid command: (.)\n$/.exec(result.stderr);
  if (!match) return result;
  const scripts = sedScripts(call.args);
  for (const [n, script] of scripts.entries()) {
    const at = unknownSedCommandAt(script, match[1]!);
    if (at !== undefined) return withStderr(result, `sed: -e expression #${n + 1}, char ${at}: unknown command: \`${match[1]}'\n`, 1);
  }
  return result;
}

/** The -e scripts, or the first operand when there is none. */
function sedScripts(args: readonly string[]): string[] {
  const scripts: string[] = [];
  let firstOperand: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-e' || arg === '--expression') scripts.push(args[++i] ?? '');
    else if (arg.startsWith('--expression=')) scripts.push(arg.slice(13));
    else if (/^-[^-]*e./.test(arg) && !arg.startsWith('--')) scripts.push(arg.slice(arg.indexOf('e') + 1));
    else if (!arg.startsWith('-') && firstOperand === undefined) firstOperand = arg;
  }
  return scripts.length > 0 ? scripts : firstOperand === undefined ? [] : [firstOperand];
}

/** Where (1-based) a command letter `letter` stands in a simple script of `;`-separated commands. */
function unknownSedCommandAt(script: string, letter: string): number | undefined {
  let i = 0;
  while (i < script.length) {
    while (i < script.length && /[\s;]/.test(script[i]!)) i++;
    // An address: a number, $, /regex/ and a second one after a comma, then !.
    for (let part = 0; part < 2; part++) {
      if (script[i] === '/') i = script.indexOf('/', i + 1) + 1 || script.length;
      else while (i < script.length && /[\d$~+]/.test(script[i]!)) i++;
      if (script[i] !== ',') break;
      i++;
    }
    while (script[i] === '!' || script[i] === ' ') i++;
    const command = script[i];
    if (command === undefined) return undefined;
    if (command === letter) return i + 1;
    if (command === 's' || command === 'y') {
      const delimiter = script[i + 1];
      let parts = 0;
      i += 2;
      while (i < script.length && parts < 2) {
        if (script[i] === '\\') i++;
        else if (script[i] === delimiter) parts++;
        i++;
      }
    }
    // Skip to the end of this command.
    while (i < script.length && script[i] !== ';' && script[i] !== '\n') i++;
  }
  return undefined;
}

/** rm: cannot remove "q'x": … — just-bash puts each name in plain single quotes, GNU quotes it with quoteaf. */
function rmNamesQuotedAsGnu(result: ExecResult, call: NativeCall): ExecResult {
  let stderr = result.stderr;
  for (const name of new Set(call.operands)) stderr = stderr.split(`rm: cannot remove '${name}': `).join(`rm: cannot remove ${quoteaf(name)}: `);
  return stderr === result.stderr ? result : withStderr(result, stderr);
}

/** sort: every failure is status 2 (1 is only `sort -c` finding disorder). */
function sortTroubleIsTwo(result: ExecResult): ExecResult {
  return result.exitCode === 1 && !result.stderr.includes(': disorder: ') ? { ...result, exitCode: 2 } : result;
}

/**
 * env: 'nocmd': No such file or directory
 * xargs: nocmd: No such file or directory
 * (just-bash runs the command through its shell, which says bash's "command not found")
 */
const programNotFound = (format: (name: string) => string): Rewrite => (result, call) => {
  if (result.exitCode !== 127) return result;
  const match = /^bash: (.*): command not found\n$/.exec(result.stderr);
  if (!match || !call.operands.includes(match[1]!)) return result;
  return withStderr(result, `${call.program}: ${format(match[1]!)}: ${strerrorOf('ENOENT')}\n`);
};

/**
 * just-bash prints some filesystem errors as Node words them (`ENOTDIR: not a directory, mkdir
 * '<path>'`, the ShellFsError message its commands test for ENOENT); GNU prints strerror.
 */
function nodeErrorsAsStrerror(result: ExecResult): ExecResult {
  if (!/E[A-Z]+: /.test(result.stderr)) return result;
  const stderr = result.stderr.replace(/\b(E[A-Z]+): [a-z][^,\n]*, [a-z]+ '[^'\n]*'/g, (whole, code: string) =>
    code in NODE_CODES ? strerrorOf(code as FsErrorCode) : whole,
  );
  return withStderr(result, stderr);
}

const NODE_CODES: Record<FsErrorCode, true> = {
  ENOENT: true, ENOTDIR: true, EISDIR: true, ELOOP: true, EEXIST: true, ENOTEMPTY: true, EINVAL: true, EPERM: true, EROFS: true, ENAMETOOLONG: true, EACCES: true, ENOSPC: true, ENXIO: true, EBUSY: true,
};

/** GNU's usage errors end with a pointer to --help (coreutils: `Try 'cp --help' for more information.`). */
const USAGE_ERROR = /: (unrecognized option '|invalid option -- '|option requires an argument -- '|missing (file |destination file )?operand|you must specify a list of|invalid mode: '|invalid floating point argument: '|extra operand ')/;

const COREUTILS = new Set(
  'basename cat chmod chown cp cut date dirname env head ln md5sum mkdir mv readlink realpath rm rmdir seq sha1sum sha224sum sha256sum sha384sum sha512sum sort tail tee touch tr uniq wc'.split(
    ' ',
  ),
);

function usageErrorsPointToHelp(result: ExecResult, call: NativeCall): ExecResult {
  if (!COREUTILS.has(call.program) || result.exitCode === 0) return result;
  const lines = result.stderr.split('\n').filter((l) => l !== '');
  const last = lines[lines.length - 1];
  if (last === undefined || !last.startsWith(`${call.program}: `) || !USAGE_ERROR.test(last)) return result;
  // tr's "Two strings…" line comes between the error and the pointer: it is already last.
  return withStderr(result, result.stderr + tryHelp(call.program));
}

/** tr: the explanation line follows the error; the pointer to --help goes after both. */
function trTryHelp(result: ExecResult): ExecResult {
  return result.stderr.endsWith('Two strings must be given when translating.\n') && result.exitCode !== 0
    ? withStderr(result, result.stderr + tryHelp('tr'))
    : result;
}

const AFTER: Record<string, Rewrite[]> = {
  cat: [plainOpenFailure('cat')],
  cut: [plainOpenFailure('cut')],
  tee: [plainOpenFailure('tee')],
  // grep names files as they are, unquoted (grep 3.8's input_filename)
  grep: [openFailures((name, error) => `grep: ${name}: ${strerrorOf(error)}`), grepUsage, grepTroubleIsTwo, grepQuietStillComplains, grepSilencedFiles],
  head: [headOpenFailure('head'), invalidCount],
  tail: [headOpenFailure('tail'), invalidCount],
  wc: [plainOpenFailure('wc')],
  // sort: cannot read: /nope: No such file or directory / sort: read failed: d: Is a directory
  sort: [
    openFailures((name, error) =>
      error === 'EISDIR' ? `sort: read failed: ${quotef(name)}: ${strerrorOf('EISDIR')}` : `sort: cannot read: ${quotef(name)}: ${strerrorOf(error)}`,
    ),
    sortTroubleIsTwo,
  ],
  // sed: can't read /nope: No such file or directory (status 2) / sed: read error on d: Is a directory (status 4)
  sed: [
    openFailures((name, error) => (error === 'EISDIR' ? `sed: read error on ${name}: ${strerrorOf('EISDIR')}` : `sed: can't read ${name}: ${strerrorOf(error)}`)),
    (result) => (/^sed: read error on /m.test(result.stderr) ? { ...result, exitCode: 4 } : /^sed: can't read /m.test(result.stderr) ? { ...result, exitCode: 2 } : result),
    sedWording,
  ],
  // uniq: error reading 'd'
  uniq: [openFailures((name, error) => (error === 'EISDIR' ? `uniq: error reading ${quoteaf(name)}` : `uniq: ${quotef(name)}: ${strerrorOf(error)}`))],
  ...Object.fromEntries(['md5sum', 'sha1sum', 'sha224sum', 'sha256sum', 'sha384sum', 'sha512sum'].map((p) => [p, [checksumErrorsToStderr, plainOpenFailure(p)]])),
  cp: [missingDestination, copyNamesAsGiven],
  mv: [missingDestination, copyNamesAsGiven],
  chmod: [missingOperandAfterMode],
  diff: [diffMissingOperand],
  ln: [lnWording],
  mkdir: [mkdirParentsNamesTheFile],
  rm: [rmNamesQuotedAsGnu],
  tr: [trMissingSet2, trTryHelp],
  env: [programNotFound(quote)],
  xargs: [programNotFound((name) => name)],
};
