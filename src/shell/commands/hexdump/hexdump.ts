/**
 * `hexdump`, as util-linux prints it. Default format: 16-bit little-endian words in hex
 * (`0000000 6568 6c6c 006f`), short last lines padded to the full width; `-C` canonical
 * (`00000000  68 65 …  |hello.|`); both end with the offset after the last byte, and repeat
 * lines are squeezed to `*` unless -v. Flags: -C, -v, -n LENGTH, -s OFFSET (decimal, 0x hex or
 * 0 octal, with b/k/m suffixes). Reads the files in turn, or standard input (where -s reads and
 * discards instead of failing with "Illegal seek" as on a real pipe).
 */
import { defineCommand, type Command } from 'just-bash';
import { overlayOf, stdinBytes, textResult } from '../../command-context.ts';
import { strerror } from '../shared/errno-text.ts';
import { usageError } from '../shared/getopt.ts';
import { concatBytes } from '../../bytes.ts';

const LINE_BYTES = 16;

export function hexdumpCommand(): Command {
  return defineCommand('hexdump', async (args, ctx) => {
    let canonical = false;
    let squeeze = true;
    let length = Infinity;
    let skip = 0;
    const files: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const arg = args[i]!;
      if (!arg.startsWith('-') || arg === '-') {
        files.push(arg);
        continue;
      }
      for (let j = 1; j < arg.length; j++) {
        const flag = arg[j]!;
        if (flag === 'C') canonical = true;
        else if (flag === 'v') squeeze = false;
        else if (flag === 'n' || flag === 's') {
          const text = arg.slice(j + 1) || args[++i];
          const value = text === undefined ? undefined : parseOffset(text);
          if (value === undefined) return textResult('', `hexdump: ${text === undefined ? `option requires an argument -- '${flag}'` : `invalid ${flag === 'n' ? 'length' : 'offset'} argument: '${text}'`}\n`, 1);
          if (flag === 'n') length = value;
          else skip = value;
          break;
        } else return usageError('hexdump', `invalid option -- '${flag}'`);
      }
    }
    let data: Uint8Array;
    let stderr = '';
    if (files.length === 0) data = stdinBytes(ctx);
    else {
      const overlay = overlayOf(ctx);
      const parts: Uint8Array[] = [];
      for (const file of files) {
        try {
          parts.push(await overlay.readFile(ctx.fs.resolvePath(ctx.cwd, file)));
        } catch (err) {
          stderr += `hexdump: ${file}: ${strerror(err)}\n`;
        }
      }
      if (parts.length === 0) return textResult('', `${stderr}hexdump: all input file arguments failed\n`, 1);
      data = concatBytes(parts);
    }
    const end = Math.min(data.length, skip + length);
    const stdout = dump(data.subarray(Math.min(skip, data.length), end), skip, canonical, squeeze);
    return textResult(stdout, stderr, stderr === '' ? 0 : 1);
  });
}

function dump(bytes: Uint8Array, start: number, canonical: boolean, squeeze: boolean): string {
  if (bytes.length === 0) return '';
  const address = (offset: number) => offset.toString(16).padStart(canonical ? 8 : 7, '0');
  let out = '';
  let previous: Uint8Array | undefined;
  let squeezing = false;
  for (let at = 0; at < bytes.length; at += LINE_BYTES) {
    const line = bytes.subarray(at, at + LINE_BYTES);
    if (squeeze && previous !== undefined && line.length === LINE_BYTES && sameBytes(line, previous)) {
      if (!squeezing) out += '*\n';
      squeezing = true;
      continue;
    }
    squeezing = false;
    previous = line;
    out += canonical ? canonicalLine(address(start + at), line) : wordLine(address(start + at), line);
  }
  return `${out}${address(start + bytes.length)}\n`;
}

/** `0000000 6568 6c6c 006f` padded to the width of a full line (8 words). */
function wordLine(address: string, line: Uint8Array): string {
  const words: string[] = [];
  for (let i = 0; i < line.length; i += 2) words.push((((line[i + 1] ?? 0) << 8) | line[i]!).toString(16).padStart(4, '0'));
  return `${address} ${words.join(' ').padEnd(8 * 5 - 1)}\n`;
}

/** `00000000  68 65 6c 6c 6f 0a  …  |hello.|`. */
function canonicalLine(address: string, line: Uint8Array): string {
  let hex = '';
  let text = '';
  for (let i = 0; i < LINE_BYTES; i++) {
    const byte = line[i];
    hex += byte === undefined ? '   ' : `${byte.toString(16).padStart(2, '0')} `;
    if (i === 7) hex += ' ';
    if (byte !== undefined) text += byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.';
  }
  return `${address}  ${hex} |${text}|\n`;
}

/** util-linux's offset syntax: 16, 0x10, 020, with b (512), k (1024) or m (1048576) suffix. */
export function parseOffset(text: string): number | undefined {
  const match = /^(0x[0-9a-f]+|0[0-7]*|[1-9]\d*)([bkm]?)$/i.exec(text);
  if (!match) return undefined;
  const digits = match[1]!;
  const value = digits.toLowerCase().startsWith('0x') ? parseInt(digits, 16) : digits.startsWith('0') ? parseInt(digits, 8) : Number(digits);
  const scale = { '': 1, b: 512, k: 1024, m: 1024 * 1024 }[match[2]!.toLowerCase()] ?? 1;
  return value * scale;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

