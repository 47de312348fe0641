/**
 * `file`, for the kinds of file the playground holds, worded as file 5.44 words them:
 * directories, symlinks (`symbolic link to busybox`), fifos, devices, `empty`, text (ASCII,
 * UTF-8, ISO-8859, CRLF, no line terminators, very long lines), scripts by interpreter, JSON,
 * gzip (with its header's fields), zstd, tar (GNU or POSIX), and our placeholder binaries — said
 * honestly: `ELF 64-bit LSB …, (layerlab placeholder for redis-server)`. Anything else is `data`.
 *
 * Names are padded so the descriptions line up; -b leaves names out; -L follows symlinks.
 * A missing file is reported on stdout and does not change the exit status, as file does.
 */
import { defineCommand, type Command } from 'just-bash';
import type { FileStat } from '../../../engine/overlay/file-stat.ts';
import type { OverlayFs } from '../../../engine/overlay/overlay-fs.ts';
import { parsePlaceholder } from '../../../catalog/placeholder.ts';
import { overlayOf, textResult } from '../../command-context.ts';
import { strerror } from '../shared/errno-text.ts';
import { ctimeString } from '../shared/time-format.ts';
import { isStaticProgram } from '../ldd/ldd.ts';

/** file reads this much of a file to decide (its default -P bytes=1048576 is more than we need). */
const SAMPLE_BYTES = 1 << 20;

export function fileCommand(): Command {
  return defineCommand('file', async (args, ctx) => {
    let brief = false;
    let follow = false;
    const operands: string[] = [];
    for (const arg of args) {
      if (arg === '-b' || arg === '--brief') brief = true;
      else if (arg === '-L' || arg === '--dereference') follow = true;
      else if (arg === '-h' || arg === '--no-dereference') follow = false;
      else if (/^-[bLh]+$/.test(arg)) (brief ||= arg.includes('b')), (follow = arg.includes('L') ? true : follow);
      else if (arg.startsWith('-') && arg !== '-') return textResult('', `file: invalid option -- '${arg[1]}'\nUsage: file [-bchikLlNnprsSvzZ0] [--apple] [--extension] [--mime-encoding]\n`, 1);
      else operands.push(arg);
    }
    if (operands.length === 0) return textResult('', 'Usage: file [-bcdEhikLlNnprsSvzZ0] [--apple] [--exclude-quiet] [--extension] [--mime-encoding] [--mime-type] [-e <testname>] [-F <separator>]  [-f <namefile>] [-m <magicfiles>] [-P <parameter=value>] [--exclude <testname>] <file> ...\n', 1);
    const overlay = overlayOf(ctx);
    const names = operands.map(printable);
    const width = Math.max(...names.map((n) => n.length));
    let stdout = '';
    for (let i = 0; i < operands.length; i++) {
      const description = await describe(overlay, ctx.fs.resolvePath(ctx.cwd, operands[i]!), operands[i]!, follow);
      stdout += brief ? `${description}\n` : `${names[i]}:${' '.repeat(width - names[i]!.length + 1)}${description}\n`;
    }
    return textResult(stdout);
  });
}

async function describe(overlay: OverlayFs, path: string, operand: string, follow: boolean): Promise<string> {
  let stat: FileStat;
  try {
    stat = follow ? overlay.stat(path) : overlay.lstat(path);
  } catch (err) {
    return `cannot open \`${operand}' (${strerror(err)})`;
  }
  const special = [stat.mode & 0o4000 ? 'setuid ' : '', stat.mode & 0o2000 ? 'setgid ' : '', stat.mode & 0o1000 ? 'sticky' : ''].join('');
  const prefix = special === '' ? '' : `${special}, `;
  switch (stat.type) {
    case 'directory':
      return `${prefix}directory`;
    case 'symlink':
      return overlay.exists(path) ? `symbolic link to ${stat.linkname}` : `broken symbolic link to ${stat.linkname}`;
    case 'fifo':
      return `${prefix}fifo (named pipe)`;
    case 'chardev':
      return `${prefix}character special (${stat.devmajor}/${stat.devminor})`;
    case 'blockdev':
      return `${prefix}block special (${stat.devmajor}/${stat.devminor})`;
    default: {
      // The first bytes are all file looks at (a placeholder binary is megabytes long).
      const content = await overlay.openFile(path);
      return prefix + describeContent(await content.read(0, SAMPLE_BYTES), content.size);
    }
  }
}

/** What a regular file's bytes are. */
export function describeContent(bytes: Uint8Array, size: number): string {
  if (size === 0) return 'empty';
  if (size === 1) return 'very short file (no magic)';
  const placeholder = parsePlaceholder(bytes);
  if (placeholder !== undefined) {
    const linking = isStaticProgram(placeholder.program) ? 'statically linked' : 'dynamically linked, interpreter /lib64/ld-linux-x86-64.so.2';
    return `ELF 64-bit LSB executable, x86-64, version 1 (SYSV), ${linking}, stripped (layerlab placeholder for ${placeholder.program})`;
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return describeGzip(bytes, size);
  if (bytes[0] === 0x28 && bytes[1] === 0xb5 && bytes[2] === 0x2f && bytes[3] === 0xfd) return 'Zstandard compressed data (v0.8+), Dictionary ID: None';
  const magic = latin1(bytes.subarray(257, 265));
  if (magic === 'ustar  \0') return 'POSIX tar archive (GNU)';
  if (magic.startsWith('ustar\0')) return 'POSIX tar archive';
  const text = describeText(bytes);
  if (text === undefined) return 'data';
  if (bytes[0] === 0x23 && bytes[1] === 0x21) {
    const kind = scriptKind(bytes);
    // file's magic for Perl predates the ", ASCII text" wording.
    return kind === 'Perl script' ? 'Perl script text executable' : `${kind}, ${text} executable`;
  }
  if (isJson(bytes)) return 'JSON text data';
  return text;
}

/** `ASCII text, with CRLF line terminators` and the like, or undefined for binary data. */
function describeText(bytes: Uint8Array): string | undefined {
  let encoding: string;
  if (bytes.every((b) => (b >= 0x20 && b < 0x7f) || b === 0x09 || b === 0x0a || b === 0x0d || b === 0x0c || b === 0x1b || b === 0x08)) {
    encoding = 'ASCII text';
  } else if (!bytes.some((b) => b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b && b !== 0x08)) {
    let valid = true;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      valid = false;
    }
    if (valid) encoding = 'Unicode text, UTF-8 text';
    else if (bytes.every((b) => b < 0x80 || b >= 0xa0)) encoding = 'ISO-8859 text';
    else return undefined;
  } else return undefined;
  const notes: string[] = [];
  let longest = 0;
  let line = 0;
  for (const b of bytes) {
    if (b === 0x0a) (longest = Math.max(longest, line)), (line = 0);
    else line++;
  }
  longest = Math.max(longest, line);
  if (longest > 300) notes.push(`with very long lines (${longest})`);
  const crlf = bytes.some((b, i) => b === 0x0a && bytes[i - 1] === 0x0d);
  if (crlf) notes.push('with CRLF line terminators');
  else if (!bytes.includes(0x0a)) notes.push('with no line terminators');
  return [encoding, ...notes].join(', ');
}

/** The interpreter on a `#!` line, as file's magic names it. */
function scriptKind(bytes: Uint8Array): string {
  const firstLine = latin1(bytes.subarray(0, Math.min(bytes.length, 256))).split('\n')[0]!.slice(2).trim();
  const words = firstLine.split(/\s+/);
  let program = words[0] ?? '';
  if (program.endsWith('/env')) program = words.find((w, i) => i > 0 && !w.startsWith('-')) ?? program;
  const name = program.slice(program.lastIndexOf('/') + 1);
  if (name === 'sh') return 'POSIX shell script';
  if (name === 'bash') return 'Bourne-Again shell script';
  if (/^python[\d.]*$/.test(name)) return 'Python script';
  if (name === 'awk' || name === 'gawk') return 'awk script';
  if (name === 'perl') return 'Perl script';
  return `a ${program} script`;
}

function isJson(bytes: Uint8Array): boolean {
  const text = new TextDecoder().decode(bytes).trim();
  if (!/^[[{]/.test(text)) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** gzip's header fields, in file's words and order. */
function describeGzip(bytes: Uint8Array, size: number): string {
  const parts = ['gzip compressed data'];
  const flags = bytes[3] ?? 0;
  const mtime = ((bytes[4] ?? 0) | ((bytes[5] ?? 0) << 8) | ((bytes[6] ?? 0) << 16) | ((bytes[7] ?? 0) << 24)) >>> 0;
  if (flags & 0x08) {
    let at = 10;
    if (flags & 0x04) at += 2 + ((bytes[10] ?? 0) | ((bytes[11] ?? 0) << 8));
    const end = bytes.indexOf(0, at);
    parts.push(`was "${latin1(bytes.subarray(at, end < 0 ? bytes.length : end))}"`);
  }
  if (mtime !== 0) parts.push(`last modified: ${ctimeString(mtime)}`);
  if (bytes[8] === 2) parts.push('max compression');
  else if (bytes[8] === 4) parts.push('max speed');
  if (bytes[9] === 3) parts.push('from Unix');
  if (size === bytes.length && size >= 18) {
    const t = bytes.subarray(size - 4);
    parts.push(`original size modulo 2^32 ${(t[0]! | (t[1]! << 8) | (t[2]! << 16) | (t[3]! << 24)) >>> 0}`);
  }
  return parts.join(', ');
}

function latin1(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes);
}

/** file shows a non-printable character in a name as `\ooo`. */
function printable(name: string): string {
  return name.replace(/[\x00-\x1f\x7f]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);
}
