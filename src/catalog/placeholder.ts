/**
 * Placeholder binaries: the catalog ships no real executables, only a small file per program
 * that says which program it stands for. It starts with the ELF magic so `file`-like checks and
 * students looking at the bytes see "a binary", then plain text the emulator reads to decide
 * what to run (`layerlab-program`). The format is a contract: the emulator parses it.
 *
 * In an image the file is as long as the real binary: the header, then the engine's pattern
 * (engine/io/pattern-source.ts) up to `realSize`, so `ls -l`, `du`, `docker images`, `docker
 * save | wc -c` all agree with the real image while memory and the catalog hold the header only.
 */

import type { ByteSource } from '../engine/io/byte-source.ts';
import { PatternSource } from '../engine/io/pattern-source.ts';
import { encodeUtf8, decodeUtf8 } from '../engine/platform.ts';

export interface PlaceholderInfo {
  /** The program the file stands for, e.g. `redis-server`, `busybox`. */
  program: string;
  /** The upstream version of the real binary. */
  version: string;
  /** Size in bytes of the real binary: the placeholder file's own size (0: just the header). */
  realSize: number;
}

const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46];
/** Enough for the header lines of any sensible program name and version. */
const HEADER_BYTES = 512;

/** The placeholder's header: all of the file when `realSize` is 0, else its first bytes. */
export function placeholderBinary(program: string, { version, realSize }: Omit<PlaceholderInfo, 'program'>): Uint8Array {
  for (const [what, value] of [['program', program], ['version', version]] as const) {
    if (value === '' || /[\n\0]/.test(value)) throw new Error(`placeholder ${what} must be one non-empty line: ${JSON.stringify(value)}`);
  }
  if (!Number.isSafeInteger(realSize) || realSize < 0) throw new Error(`placeholder realSize must be a byte count: ${realSize}`);
  const text =
    `\nlayerlab placeholder: this is not the real ${program} binary.\n` +
    `layerlab-program: ${program}\nversion: ${version}\nreal-size: ${realSize}\n`;
  const body = encodeUtf8(text);
  const out = new Uint8Array(ELF_MAGIC.length + body.length);
  out.set(ELF_MAGIC);
  out.set(body, ELF_MAGIC.length);
  return out;
}

/** The whole placeholder file, `realSize` bytes (or just the header when that is 0 or smaller). */
export function placeholderFile(program: string, info: Omit<PlaceholderInfo, 'program'>): ByteSource {
  const head = placeholderBinary(program, info);
  return new PatternSource(head, Math.max(head.length, info.realSize));
}

/** How much of a file `parsePlaceholder` needs: read this much, not the whole (multi-megabyte) file. */
export const PLACEHOLDER_HEADER_BYTES = HEADER_BYTES;

const FIELD_PATTERNS: Record<string, RegExp> = Object.fromEntries(
  ['layerlab-program', 'version', 'real-size'].map((key) => [key, new RegExp(`^${key}: (.+)$`, 'm')]),
);

/**
 * The program a placeholder stands for, or undefined for any other file (a real script, data).
 * `bytes` may be only the file's first `PLACEHOLDER_HEADER_BYTES`.
 */
export function parsePlaceholder(bytes: Uint8Array): PlaceholderInfo | undefined {
  if (bytes.length < ELF_MAGIC.length || ELF_MAGIC.some((b, i) => bytes[i] !== b)) return undefined;
  const text = decodeUtf8(bytes.subarray(ELF_MAGIC.length, HEADER_BYTES));
  if (!text.startsWith('\nlayerlab placeholder:')) return undefined;
  const field = (key: string) => FIELD_PATTERNS[key]!.exec(text)?.[1];
  const program = field('layerlab-program');
  const version = field('version');
  const realSize = Number(field('real-size'));
  if (program === undefined || version === undefined || !Number.isSafeInteger(realSize) || realSize < 0) return undefined;
  return { program, version, realSize };
}
