/**
 * `xxd`, as vim's xxd prints it: `00000000: 6865 6c6c 6f0a  hello.`, the hex column padded to
 * its full width. Flags: -c COLS, -g BYTES (group size), -l LEN, -s OFFSET, -u (upper-case hex),
 * -p (plain: 30 bytes a line, hex only), -r (reverse a plain or normal dump back to bytes).
 * Operands: [INFILE [OUTFILE]]; `-` or none is standard input / output.
 */
import { defineCommand, type Command, type ExecResult } from 'just-bash';
import { bytesResult, overlayOf, shellFsOf, stdinBytes, textResult } from '../../command-context.ts';
import { latin1ToBytes } from '../../bytes.ts';
import { strerror } from '../shared/errno-text.ts';

interface XxdOptions {
  columns: number | undefined;
  group: number | undefined;
  length: number;
  seek: number;
  upper: boolean;
  plain: boolean;
  reverse: boolean;
}

const VALUE_FLAGS = new Set(['c', 'g', 'l', 's']);

export function xxdCommand(): Command {
  return defineCommand('xxd', async (args, ctx) => {
    const options: XxdOptions = { columns: undefined, group: undefined, length: Infinity, seek: 0, upper: false, plain: false, reverse: false };
    const operands: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const arg = args[i]!;
      if (!arg.startsWith('-') || arg === '-') {
        operands.push(arg);
        continue;
      }
      const flag = arg.slice(1).replace(/^-/, '');
      const name = flag[0] ?? '';
      if (VALUE_FLAGS.has(name)) {
        const text = flag.length > 1 && !/^[a-z]+$/.test(flag) ? flag.slice(1) : args[++i];
        const value = text === undefined ? NaN : Number(text.replace(/^\+/, ''));
        if (!Number.isSafeInteger(value) || value < 0) return textResult('', `xxd: option -${name} requires a non-negative number\n`, 1);
        if (name === 'c') options.columns = value;
        else if (name === 'g') options.group = value;
        else if (name === 'l') options.length = value;
        else options.seek = value;
      } else if (name === 'u') options.upper = true;
      else if (name === 'p' || flag === 'ps' || flag === 'postscript' || flag === 'plain') options.plain = true;
      else if (name === 'r' || flag === 'revert') options.reverse = true;
      else return textResult('', `xxd: unknown option -${flag}\n`, 1);
    }
    const [input, output] = operands;
    let data: Uint8Array;
    if (input === undefined || input === '-') data = stdinBytes(ctx);
    else {
      try {
        data = await overlayOf(ctx).readFile(ctx.fs.resolvePath(ctx.cwd, input));
      } catch (err) {
        return textResult('', `xxd: ${input}: ${strerror(err)}\n`, 2);
      }
    }
    const result = options.reverse ? reverse(data, options.plain) : latin1ToBytes(dump(data, options));
    return deliver(result, output, ctx);
  });
}

async function deliver(bytes: Uint8Array, output: string | undefined, ctx: Parameters<Command['execute']>[1]): Promise<ExecResult> {
  if (output === undefined || output === '-') return bytesResult(bytes);
  try {
    await shellFsOf(ctx).writeFile(ctx.fs.resolvePath(ctx.cwd, output), bytes);
  } catch (err) {
    return textResult('', `xxd: ${output}: ${strerror(err)}\n`, 2);
  }
  return textResult('');
}

function dump(data: Uint8Array, options: XxdOptions): string {
  const bytes = data.subarray(Math.min(options.seek, data.length), Math.min(data.length, options.seek + options.length));
  const hex = (byte: number) => {
    const text = byte.toString(16).padStart(2, '0');
    return options.upper ? text.toUpperCase() : text;
  };
  if (options.plain) {
    const columns = options.columns === undefined ? 30 : options.columns === 0 ? Math.max(1, bytes.length) : options.columns;
    let out = '';
    for (let at = 0; at < bytes.length; at += columns) out += Array.from(bytes.subarray(at, at + columns), hex).join('') + '\n';
    return out;
  }
  const columns = options.columns || 16;
  const group = options.group ?? 2;
  const hexWidth = columns * 2 + (group > 0 ? Math.ceil(columns / group) - 1 : 0);
  let out = '';
  for (let at = 0; at < bytes.length; at += columns) {
    const line = bytes.subarray(at, at + columns);
    let hexPart = '';
    line.forEach((byte, i) => {
      if (i > 0 && group > 0 && i % group === 0) hexPart += ' ';
      hexPart += hex(byte);
    });
    const text = Array.from(line, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    const address = (options.seek + at).toString(16).padStart(8, '0');
    out += `${options.upper ? address.toUpperCase() : address}: ${hexPart.padEnd(hexWidth)}  ${text}\n`;
  }
  return out;
}

/** -r: hex digits back to bytes; in a normal dump, each line's address says where its bytes go. */
function reverse(data: Uint8Array, plain: boolean): Uint8Array {
  const text = new TextDecoder().decode(data);
  const out: number[] = [];
  const pairs = (hex: string, at: number) => {
    const digits = hex.replace(/[^0-9a-fA-F]/g, '');
    for (let i = 0; i + 1 < digits.length; i += 2) out[at++] = parseInt(digits.slice(i, i + 2), 16);
  };
  if (plain) pairs(text, 0);
  else {
    for (const line of text.split('\n')) {
      const match = /^\s*([0-9a-fA-F]+):\s?(.*)$/.exec(line);
      if (!match) continue;
      const hexColumn = match[2]!.split('  ')[0]!;
      pairs(hexColumn, parseInt(match[1]!, 16));
    }
  }
  return Uint8Array.from(out, (b) => b ?? 0);
}
