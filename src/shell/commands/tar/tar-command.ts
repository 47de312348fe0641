/**
 * `tar`: GNU tar 1.35's `-c`, `-t` and `-x` over the shell's filesystem, with its messages,
 * exit statuses (0; 2 after errors; 64 for a command-line mistake) and output rules: listings
 * go to stdout, except while stdout carries the archive (`-cf -`) or file data (`-xO`).
 * Manual: https://www.gnu.org/software/tar/manual/tar.html
 */
import { defineCommand, type Command, type CommandContext, type ExecResult } from 'just-bash';
import { gzipSync } from 'fflate';
import { errorLine, FsError } from '../../../engine/errors.ts';
import { bytesInMemory, type ByteSource } from '../../../engine/io/byte-source.ts';
import { createVerboseLister } from '../../../engine/tar/verbose-listing.ts';
import { strerror } from '../shared/errno-text.ts';
import { bytesResult, overlayOf, runsAsBusyboxApplet, stdinBytes, stdoutIsTerminal } from '../../command-context.ts';
import { busyboxVerboseLine, inBusyboxTarWords } from './busybox-tar.ts';
import { Accounts } from '../shared/accounts.ts';
import { BUSYBOX_TAR_READING, GNU_TAR_READING, missingFilterProgram, plainArchiveSource, readMembers, reportDecompressionFailure, uncompressedArchive } from './archive-reader.ts';
import { createArchive, type CreateName } from './create.ts';
import { readArchive } from './extract.ts';
import { messageName, NameSanitizer } from './member-names.ts';
import { type Filter, parseTarArgs, type TarOptions, UsageError } from './options.ts';
import { FatalTarError, TarReport } from './report.ts';

const VERSION = `tar (GNU tar) 1.35
Copyright (C) 2023 Free Software Foundation, Inc.
License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.
This is free software: you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.

Written by John Gilmore and Jay Fenlason.
`;

export function tarCommand(): Command {
  return defineCommand('tar', async (args, ctx) => (runsAsBusyboxApplet(ctx) ? inBusyboxTarWords(await runTar(args, ctx)) : runTar(args, ctx)));
}

function usage(message: string, status: number): ExecResult {
  return { stdout: '', stderr: `tar: ${message}\nTry 'tar --help' or 'tar --usage' for more information.\n`, exitCode: status };
}

async function runTar(args: string[], ctx: CommandContext): Promise<ExecResult> {
  let options: TarOptions;
  try {
    options = parseTarArgs(args);
    if (options.showVersion) return { stdout: VERSION, stderr: '', exitCode: 0 };
    if (options.operation === undefined) throw new UsageError("You must specify one of the '-Acdtrux', '--delete' or '--test-label' options", 2);
    if (options.operation === 'create' && options.operands.length === 0) throw new UsageError('Cowardly refusing to create an empty archive', 2);
  } catch (err) {
    if (err instanceof UsageError) return usage(err.message, err.status);
    throw err;
  }
  const archive = options.archive ?? ctx.env.get('TAPE') ?? '-';
  const archiveOnStdout = archive === '-';
  // GNU tar will not write an archive to a terminal (buffer.c, check_tty).
  if (options.operation === 'create' && archiveOnStdout && stdoutIsTerminal(ctx)) {
    return { stdout: '', stderr: 'tar: Refusing to write archive contents to terminal (missing -f option?)\ntar: Error is not recoverable: exiting now\n', exitCode: 2 };
  }
  const report = new TarReport((options.operation === 'create' && archiveOnStdout) || (options.operation === 'extract' && options.toStdout));
  let fatal = false;
  try {
    if (options.operation === 'create') await create(ctx, options, archive, report);
    else await read(ctx, options, archive, report);
  } catch (err) {
    if (!(err instanceof FatalTarError)) {
      // Not a tar condition GNU has words for (e.g. an archive too large for memory): one line, never a stack.
      report.warn(errorLine(err));
      report.failed = true;
    }
    fatal = err instanceof FatalTarError;
  }
  return bytesResult(report.stdoutBytes(), report.finalStderr(fatal), report.status);
}

interface Shared {
  resolve: (dir: string, name: string) => string;
  sanitizer: NameSanitizer;
  longLine: ReturnType<typeof createVerboseLister>;
}

function shared(ctx: CommandContext, options: TarOptions, report: TarReport): Shared {
  return {
    resolve: (dir, name) => ctx.fs.resolvePath(ctx.fs.resolvePath(ctx.cwd, dir === '' ? '.' : dir), name),
    sanitizer: new NameSanitizer((message) => report.warn(message), options.absoluteNames),
    longLine: runsAsBusyboxApplet(ctx) ? busyboxVerboseLine : createVerboseLister({ timeZone: listingTimeZone(ctx.env.get('TZ')) }),
  };
}

/** The playground's clock is UTC; a valid IANA `TZ` is honoured as the C library would. */
function listingTimeZone(tz: string | undefined): string {
  if (tz === undefined || tz === '') return 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz;
  } catch {
    return 'UTC';
  }
}

/** The names of the operands, `-T` lists read (stdin for `-`), each with its `-C` directory. */
async function operandNames(ctx: CommandContext, options: TarOptions, report: TarReport): Promise<{ name: string; dir: string }[]> {
  const names: { name: string; dir: string }[] = [];
  for (const operand of options.operands) {
    if (operand.kind === 'name') {
      names.push(operand);
      continue;
    }
    let text: string;
    try {
      text = operand.file === '-' ? new TextDecoder().decode(stdinBytes(ctx)) : await ctx.fs.readFile(ctx.fs.resolvePath(ctx.cwd, operand.file));
    } catch (err) {
      report.fatal(`${messageName(operand.file)}: Cannot stat: ${strerror(err)}`);
    }
    for (const line of text.split('\n')) if (line !== '') names.push({ name: line, dir: operand.dir });
  }
  return names;
}

/** `-C DIR` must name a directory: GNU stops at once when it cannot change into it. */
function checkDirectory(ctx: CommandContext, dir: string, report: TarReport): void {
  if (dir === '') return;
  const overlay = overlayOf(ctx);
  try {
    if (overlay.stat(ctx.fs.resolvePath(ctx.cwd, dir)).type !== 'directory') throw new FsError('ENOTDIR', 'chdir', dir);
  } catch (err) {
    report.fatal(`${messageName(dir)}: Cannot open: ${strerror(err)}`);
  }
}

const SUFFIX_FILTERS: [RegExp, Filter][] = [
  [/\.(gz|tgz|taz)$/, 'gzip'],
  [/\.(zst|tzst)$/, 'zstd'],
  [/\.(bz2|tbz|tbz2|tz2)$/, 'bzip2'],
  [/\.(xz|txz)$/, 'xz'],
  [/\.(lz)$/, 'lzip'],
  [/\.(lzma|tlz)$/, 'lzma'],
  [/\.(lzo)$/, 'lzop'],
  [/\.(Z|taZ)$/, 'compress'],
];

async function create(ctx: CommandContext, options: TarOptions, archive: string, report: TarReport): Promise<void> {
  const overlay = overlayOf(ctx);
  const { resolve, sanitizer, longLine } = shared(ctx, options, report);
  const filter = options.filter ?? (options.autoCompress ? SUFFIX_FILTERS.find(([suffix]) => suffix.test(archive))?.[1] : undefined);
  if (filter !== undefined && filter !== 'gzip') missingFilterProgram(report, filter);
  let archivePath: string | undefined;
  if (archive !== '-') {
    // GNU opens (and truncates) the archive first: it exists while the files are read.
    archivePath = ctx.fs.resolvePath(ctx.cwd, archive);
    try {
      await overlay.writeFile(archivePath, new Uint8Array(0));
    } catch (err) {
      report.fatal(`${messageName(archive)}: Cannot open: ${strerror(err)}`);
    }
  }
  const names: CreateName[] = [];
  for (const { name, dir } of await operandNames(ctx, options, report)) {
    checkDirectory(ctx, dir, report);
    names.push({ name, path: resolve(dir, name) });
  }
  const accounts = await Accounts.load(overlay);
  const archiveInode = archivePath === undefined ? undefined : overlay.inodeOf(archivePath);
  let bytes = await createArchive({ overlay, options, report, sanitizer, accounts, longLine, archiveInode }, names);
  if (filter === 'gzip') bytes = gzipSync(bytes);
  if (archivePath === undefined) report.stdout(bytes);
  else await overlay.writeFile(archivePath, bytes);
}

/** What listing and extracting need to know: where, as whom, how to print. */
async function readContext(ctx: CommandContext, options: TarOptions, report: TarReport, names: readonly { name: string; dir: string }[]) {
  const { resolve, sanitizer, longLine } = shared(ctx, options, report);
  return {
    overlay: overlayOf(ctx),
    options,
    report,
    sanitizer,
    accounts: await Accounts.load(overlayOf(ctx)),
    longLine,
    resolve,
    targetDir: (nameIndex: number) => (nameIndex < 0 ? options.finalDir : names[nameIndex]!.dir),
  };
}

async function read(ctx: CommandContext, options: TarOptions, archive: string, report: TarReport): Promise<void> {
  const overlay = overlayOf(ctx);
  const names = await operandNames(ctx, options, report);
  if (options.operation === 'extract' && !options.toStdout) {
    for (const dir of new Set([options.finalDir, ...names.map((n) => n.dir)])) checkDirectory(ctx, dir, report);
  }
  let raw: Uint8Array | undefined;
  let plain: ByteSource | undefined;
  if (archive === '-') raw = stdinBytes(ctx);
  else {
    try {
      const file = await overlay.openFile(ctx.fs.resolvePath(ctx.cwd, archive));
      plain = await plainArchiveSource(file, options.filter);
      if (!plain) raw = bytesInMemory(file) ?? (await file.read(0, file.size));
    } catch (err) {
      if (err instanceof FsError && err.code === 'EISDIR') {
        report.warn(`${messageName(archive)}: Cannot read: Is a directory`);
        report.fatal('At beginning of tape, quitting now');
      }
      report.fatal(`${messageName(archive)}: Cannot open: ${strerror(err)}`);
    }
  }
  const context = await readContext(ctx, options, report, names);
  const memberNames = names.map((n) => n.name);
  const reading = runsAsBusyboxApplet(ctx) ? BUSYBOX_TAR_READING : GNU_TAR_READING;
  // A plain tar file is read as its source: a saved image archive's pattern runs are never made.
  if (plain) return readArchive(readMembers(plain, report, reading), memberNames, context);
  const tar = await uncompressedArchive(raw!, options.filter, archive !== '-', report);
  if (tar.failure === undefined) return readArchive(readMembers(tar.bytes, report, reading), memberNames, context);
  // The decompressor failed: GNU shows what came out before it, then only the filter's complaint.
  report.muted = true;
  try {
    await readArchive(readMembers(tar.bytes, report, reading), memberNames, context);
  } catch (err) {
    if (!(err instanceof FatalTarError)) throw err;
  }
  report.muted = false;
  reportDecompressionFailure(report, tar.failure, tar.filter === 'zstd' ? 'zstd' : 'gzip');
}
