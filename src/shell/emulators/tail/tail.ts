/**
 * `tail` (GNU coreutils 9): the last lines (`-n`) or bytes (`-c`) of files or stdin, and `-f`,
 * which keeps following the files in the machine's filesystem: in a container the process holds
 * (`docker run -d alpine tail -f /dev/null` stays Up; what is appended reaches `docker logs`),
 * on a terminal it prints what is appended until Ctrl+C. It replaces just-bash's own tail, which
 * cannot follow, so it does the plain cases too.
 */
import { defineCommand, type Command, type CommandContext, type ExecResult } from 'just-bash';
import { bytesResult, shellFsOf, stdinBytes } from '../../command-context.ts';
import { strerror } from '../../commands/shared/errno-text.ts';
import { tryHelp } from '../../commands/shared/getopt.ts';
import { SIGNAL_NUMBERS } from '../../container/process.ts';
import { runLongLived } from '../hold.ts';
import { concatBytes } from '../../bytes.ts';

/** How often a followed file is checked for growth (GNU tail's default `-s 1` is slower; this feels live). */
const POLL_MS = 250;

interface TailOptions {
  unit: 'lines' | 'bytes';
  /** How many from the end, or (with `fromStart`) the 1-based line/byte to start at. */
  count: number;
  fromStart: boolean;
  follow: boolean;
  headers: 'auto' | 'always' | 'never';
  files: string[];
}

const USAGE_HINT = tryHelp('tail');

function parseCount(text: string): { count: number; fromStart: boolean } | undefined {
  const match = /^([+-]?)(\d+)([bkKmM]?)$/.exec(text);
  if (!match) return undefined;
  const scale = { '': 1, b: 512, k: 1024, K: 1024, m: 1024 * 1024, M: 1024 * 1024 }[match[3]!]!;
  return { count: Number(match[2]) * scale, fromStart: match[1] === '+' };
}

function parseTail(args: readonly string[]): TailOptions | ExecResult {
  const options: TailOptions = { unit: 'lines', count: 10, fromStart: false, follow: false, headers: 'auto', files: [] };
  const invalid = (what: string, value: string): ExecResult => ({ stdout: '', stderr: `tail: invalid number of ${what}: '${value}'\n`, exitCode: 1 });
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      options.files.push(...args.slice(i + 1));
      break;
    }
    if (arg === '-f' || arg === '-F' || arg === '--follow' || arg.startsWith('--follow=') || arg === '--retry') {
      options.follow ||= arg !== '--retry';
      continue;
    }
    if (arg === '-q' || arg === '--quiet' || arg === '--silent') options.headers = 'never';
    else if (arg === '-v' || arg === '--verbose') options.headers = 'always';
    else if (/^-[nc].+/.test(arg) || arg === '-n' || arg === '-c' || arg.startsWith('--lines') || arg.startsWith('--bytes')) {
      const bytes = arg.startsWith('-c') || arg.startsWith('--bytes');
      const inline = arg.startsWith('--') ? (arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : undefined) : arg.length > 2 ? arg.slice(2) : undefined;
      const value = inline ?? args[++i];
      if (value === undefined) return { stdout: '', stderr: `tail: option requires an argument -- '${bytes ? 'c' : 'n'}'\n${USAGE_HINT}`, exitCode: 1 };
      const parsed = parseCount(value);
      if (!parsed) return invalid(bytes ? 'bytes' : 'lines', value);
      Object.assign(options, parsed, { unit: bytes ? 'bytes' : 'lines' });
    } else if (arg === '-s' || arg === '--pid' || arg === '--sleep-interval') i++;
    else if (/^-\d+$/.test(arg)) options.count = Number(arg.slice(1));
    else if (/^-[fFqv]+$/.test(arg)) {
      for (const letter of arg.slice(1)) {
        if (letter === 'f' || letter === 'F') options.follow = true;
        else options.headers = letter === 'q' ? 'never' : 'always';
      }
    } else if (arg.startsWith('--')) return { stdout: '', stderr: `tail: unrecognized option '${arg.split('=')[0]}'\n${USAGE_HINT}`, exitCode: 1 };
    else if (arg.startsWith('-') && arg !== '-') return { stdout: '', stderr: `tail: invalid option -- '${arg.slice(1, 2)}'\n${USAGE_HINT}`, exitCode: 1 };
    else options.files.push(arg);
  }
  return options;
}

/** The part of `data` tail prints. */
function tailOf(data: Uint8Array, options: TailOptions): Uint8Array {
  if (options.unit === 'bytes') return options.fromStart ? data.subarray(Math.max(0, options.count - 1)) : data.subarray(Math.max(0, data.length - options.count));
  if (options.fromStart) {
    let line = 1;
    let at = 0;
    while (line < options.count && at < data.length) if (data[at++] === 0x0a) line++;
    return data.subarray(at);
  }
  if (options.count === 0) return data.subarray(data.length);
  // The last line need not end with a newline; count newlines back from before it.
  let at = data.length;
  let seen = 0;
  if (at > 0 && data[at - 1] === 0x0a) at--;
  while (at > 0) {
    if (data[at - 1] === 0x0a && ++seen === options.count) break;
    at--;
  }
  return data.subarray(at);
}

export function tailCommand(): Command {
  return defineCommand('tail', async (args, ctx) => {
    const options = parseTail(args);
    if ('exitCode' in options) return options;
    const files = options.files.length > 0 ? options.files : ['-'];
    const showHeaders = options.headers === 'always' || (options.headers === 'auto' && files.length > 1);
    const chunks: Uint8Array[] = [];
    let stderr = '';
    let exitCode = 0;
    const followed: { name: string; path: string; size: number }[] = [];
    const encoder = new TextEncoder();
    for (const [i, name] of files.entries()) {
      let data: Uint8Array;
      const path = name === '-' ? '' : ctx.fs.resolvePath(ctx.cwd, name);
      try {
        data = name === '-' ? stdinBytes(ctx) : await readFileOf(ctx.fs, path);
      } catch (err) {
        // A directory opens; reading it fails (GNU: "error reading").
        stderr += (err as { code?: string }).code === 'EISDIR' ? `tail: error reading '${name}': Is a directory\n` : `tail: cannot open '${name}' for reading: ${strerror(err)}\n`;
        exitCode = 1;
        continue;
      }
      if (showHeaders) chunks.push(encoder.encode(`${i > 0 ? '\n' : ''}==> ${name === '-' ? 'standard input' : name} <==\n`));
      chunks.push(tailOf(data, options));
      if (name !== '-') followed.push({ name, path, size: data.length });
    }
    if (!options.follow) return bytesResult(concatBytes(chunks), stderr, exitCode);
    const stdout = new TextDecoder().decode(concatBytes(chunks));
    // Standard input is not followed (GNU ignores -f on a pipe); with no file left, tail ends.
    if (followed.length === 0) return files.includes('-') ? { stdout, stderr, exitCode } : { stdout, stderr: `${stderr}tail: no files remaining\n`, exitCode: 1 };
    // The command's own view of the filesystem ends with it: later reads go to the machine's.
    const machineFs = shellFsOf(ctx);
    let timer: ReturnType<typeof setInterval> | undefined;
    let last = followed.at(-1)?.name;
    return runLongLived(ctx, { stdout, stderr }, {
      start: (out) => {
        timer = setInterval(() => {
          void (async () => {
            for (const file of followed) {
              let data: Uint8Array;
              try {
                data = await readFileOf(machineFs, file.path);
              } catch {
                continue;
              }
              if (data.length === file.size) continue;
              // A file that shrank was truncated: GNU says so and reads it from the start.
              if (data.length < file.size) {
                out.stderr(`tail: ${file.name}: file truncated\n`);
                file.size = 0;
              }
              if (showHeaders && last !== file.name) out.stdout(`\n==> ${file.name} <==\n`);
              last = file.name;
              out.stdout(new TextDecoder().decode(data.subarray(file.size)));
              file.size = data.length;
            }
          })();
        }, POLL_MS);
      },
      signal: (signal) => {
        clearInterval(timer);
        return 128 + SIGNAL_NUMBERS[signal];
      },
    });
  });
}

async function readFileOf(fs: CommandContext['fs'], path: string): Promise<Uint8Array> {
  // Containers made from images without /dev still have the kernel's /dev/null.
  if (path === '/dev/null' && !(await fs.exists(path))) return new Uint8Array(0);
  const stat = await fs.stat(path);
  if (stat.isDirectory) throw Object.assign(new Error('Is a directory'), { code: 'EISDIR' });
  return fs.readFileBuffer(path);
}


