/**
 * `realpath` and `readlink`, as GNU coreutils 9.1 prints them (see canonicalize.ts).
 *
 * realpath: all but the last component must exist by default, -e all, -m none; -s keeps
 * links, -L resolves `..` before links; --relative-to=DIR, --relative-base=DIR; -q, -z.
 * A name that fails is reported (`realpath: f/x: Not a directory`) and the status is 1.
 *
 * readlink: a link's target; -f/-e/-m canonicalize as realpath's default/-e/-m do; -n, -z,
 * -q/-s, -v. A name that fails prints nothing (status 1) unless -v says why.
 */
import { defineCommand, type Command, type CommandContext, type ExecResult } from 'just-bash';
import { FsError, type FsErrorCode } from '../../../engine/errors.ts';
import { overlayOf } from '../../command-context.ts';
import { strerrorOf } from '../shared/errno-text.ts';
import { quotef } from '../shared/gnu-quote.ts';
import { isUsageError, parseGnuOptions, usageError, type OptionSpec } from '../shared/getopt.ts';
import { canonicalize, canonicalizeWithoutLinks, isWithin, relativePath, type Canonical, type CanonicalizeMode } from './canonicalize.ts';

const REALPATH_OPTIONS: OptionSpec[] = [
  { key: 'existing', short: 'e', long: 'canonicalize-existing' },
  { key: 'missing', short: 'm', long: 'canonicalize-missing' },
  { key: 'logical', short: 'L', long: 'logical' },
  { key: 'physical', short: 'P', long: 'physical' },
  { key: 'quiet', short: 'q', long: 'quiet' },
  { key: 'strip', short: 's', long: 'strip' },
  { key: 'strip', long: 'no-symlinks' },
  { key: 'zero', short: 'z', long: 'zero' },
  { key: 'relative-to', long: 'relative-to', value: 'required' },
  { key: 'relative-base', long: 'relative-base', value: 'required' },
];

const READLINK_OPTIONS: OptionSpec[] = [
  { key: 'all-but-last', short: 'f', long: 'canonicalize' },
  { key: 'existing', short: 'e', long: 'canonicalize-existing' },
  { key: 'missing', short: 'm', long: 'canonicalize-missing' },
  { key: 'no-newline', short: 'n', long: 'no-newline' },
  { key: 'quiet', short: 'q', long: 'quiet' },
  { key: 'quiet', short: 's', long: 'silent' },
  { key: 'verbose', short: 'v', long: 'verbose' },
  { key: 'zero', short: 'z', long: 'zero' },
];

type Options = { key: string; value: string | undefined }[];

function last(options: Options, ...keys: string[]): string | undefined {
  return options.filter((o) => keys.includes(o.key)).pop()?.key;
}

export function realpathCommand(): Command {
  return defineCommand('realpath', async (args, ctx) => {
    const parsed = parseGnuOptions('realpath', args, REALPATH_OPTIONS, 1);
    if (isUsageError(parsed)) return parsed;
    const { options, operands } = parsed;
    if (operands.length === 0) return usage('realpath', 'missing operand');
    const mode: CanonicalizeMode = (last(options, 'existing', 'missing') as CanonicalizeMode | undefined) ?? 'all-but-last';
    const strip = options.some((o) => o.key === 'strip');
    const logical = !strip && last(options, 'logical', 'physical') === 'logical';
    const quiet = options.some((o) => o.key === 'quiet');
    const end = options.some((o) => o.key === 'zero') ? '\0' : '\n';
    const fs = overlayOf(ctx);
    const resolve = (name: string): Canonical => {
      if (name === '') return { error: 'ENOENT' };
      const absolute = unresolved(ctx, name);
      if (strip) return canonicalizeWithoutLinks(fs, absolute);
      if (!logical) return canonicalize(fs, absolute, mode);
      const lexical = canonicalizeWithoutLinks(fs, absolute);
      return 'error' in lexical ? lexical : canonicalize(fs, lexical.path, mode);
    };
    // The directories named by --relative-to and --relative-base must resolve as the operands do.
    const bases: Record<string, string | undefined> = {};
    for (const key of ['relative-to', 'relative-base']) {
      const name = options.filter((o) => o.key === key).pop()?.value;
      if (name === undefined) continue;
      const base = resolve(name);
      if ('error' in base) return { stdout: '', stderr: `realpath: ${quotef(name)}: ${strerrorOf(base.error)}\n`, exitCode: 1 };
      bases[key] = base.path;
    }
    let relativeTo = bases['relative-to'];
    const relativeBase = bases['relative-base'];
    // With both, --relative-to applies only when it is itself under the base.
    if (relativeTo !== undefined && relativeBase !== undefined && !isWithin(relativeTo, relativeBase)) relativeTo = undefined;
    let stdout = '';
    let stderr = '';
    let failed = false;
    for (const name of operands) {
      const result = resolve(name);
      if ('error' in result) {
        failed = true;
        if (!quiet) stderr += `realpath: ${quotef(name)}: ${strerrorOf(result.error)}\n`;
        continue;
      }
      const from = relativeBase !== undefined && !isWithin(result.path, relativeBase) ? undefined : (relativeTo ?? relativeBase);
      stdout += (from === undefined ? result.path : relativePath(from, result.path)) + end;
    }
    return { stdout, stderr, exitCode: failed ? 1 : 0 };
  });
}

export function readlinkCommand(): Command {
  return defineCommand('readlink', async (args, ctx) => {
    const parsed = parseGnuOptions('readlink', args, READLINK_OPTIONS, 1);
    if (isUsageError(parsed)) return parsed;
    const { options, operands } = parsed;
    if (operands.length === 0) return usage('readlink', 'missing operand');
    const mode = last(options, 'all-but-last', 'existing', 'missing') as CanonicalizeMode | undefined;
    const verbose = last(options, 'quiet', 'verbose') === 'verbose';
    const zero = options.some((o) => o.key === 'zero');
    let noNewline = options.some((o) => o.key === 'no-newline');
    let stderr = '';
    if (noNewline && operands.length > 1) {
      noNewline = false;
      stderr += 'readlink: ignoring --no-newline with multiple arguments\n';
    }
    const end = zero ? '\0' : noNewline ? '' : '\n';
    const fs = overlayOf(ctx);
    let stdout = '';
    let failed = false;
    for (const name of operands) {
      const absolute = unresolved(ctx, name);
      const result = name === '' ? { error: 'ENOENT' as const } : mode === undefined ? readLink(ctx, name, absolute) : canonicalize(fs, absolute, mode);
      if ('error' in result) {
        failed = true;
        if (verbose) stderr += `readlink: ${quotef(name)}: ${strerrorOf(result.error)}\n`;
        continue;
      }
      stdout += result.path + end;
    }
    return { stdout, stderr, exitCode: failed ? 1 : 0 };
  });
}

/** readlink(2): the target of a symbolic link; EINVAL for anything else. */
function readLink(ctx: CommandContext, name: string, absolute: string): Canonical {
  const fs = overlayOf(ctx);
  const own = fs.lstatIfExists(absolute.replace(/\/+$/, '') || '/');
  if (own === undefined) {
    try {
      fs.lstat(absolute);
    } catch (err) {
      if (err instanceof FsError) return { error: err.code as FsErrorCode };
    }
    return { error: 'ENOENT' };
  }
  if (name.endsWith('/')) {
    // A trailing slash makes the kernel resolve the name as a directory: never a link then.
    const followed = fs.statIfExists(absolute);
    return { error: followed === undefined ? 'ENOENT' : followed.type === 'directory' ? 'EINVAL' : 'ENOTDIR' };
  }
  if (own.type !== 'symlink') return { error: 'EINVAL' };
  return { path: own.linkname };
}

/** `name` made absolute, its `..` and links left for the caller to resolve (the shell's resolvePath drops `..` as text). */
function unresolved(ctx: CommandContext, name: string): string {
  return name.startsWith('/') ? name : `${ctx.cwd === '/' ? '' : ctx.cwd}/${name}`;
}

function usage(program: string, message: string): ExecResult {
  return usageError(program, message);
}
