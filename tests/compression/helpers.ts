import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decompress } from '../../src/engine/compression/decompress.ts';
import type { DecompressOptions } from '../../src/engine/compression/decompress.ts';
import type { Compression } from '../../src/engine/compression/detect.ts';
import { xorshift32 } from '../support/xorshift.ts';

/** Deterministic "layer-like" bytes: runs of text (paths, config, source) and runs of random binary. */
export function layerLikeBytes(size: number, seed = 1): Uint8Array {
  const next = xorshift32(seed);
  const words = ['usr', 'lib', 'bin', 'etc', 'share', 'python3', 'node_modules', 'index.js', 'README', 'x86_64', 'linux', 'gnu', '#include', 'return', 'const', '{', '}', '\n', '=', '0644'];
  const out = new Uint8Array(size);
  let pos = 0;
  while (pos < size) {
    const run = Math.min(size - pos, 256 + (next() % 4096));
    if (next() % 10 < 7) {
      const encoder = new TextEncoder();
      let text = '';
      while (text.length < run) text += words[next() % words.length] + (next() % 3 === 0 ? '/' : ' ');
      out.set(encoder.encode(text).subarray(0, run), pos);
    } else {
      for (let i = 0; i < run; i++) out[pos + i] = next() & 0xff;
    }
    pos += run;
  }
  return out;
}

export async function* chunksOf(data: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let pos = 0; pos < data.length; pos += size) yield data.subarray(pos, pos + size);
}

export async function decompressAll(
  data: Uint8Array,
  format: Compression,
  options: DecompressOptions = {},
  chunkSize = 64 * 1024,
): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of decompress(chunksOf(data, chunkSize), format, options)) parts.push(chunk);
  return new Uint8Array(Buffer.concat(parts));
}

/** A scratch directory and the real `gzip` / `zstd` tools, as independent encoders. */
export class Tools {
  readonly dir = mkdtempSync(join(tmpdir(), 'layerlab-compression-'));
  private n = 0;

  /** Run `tool args… < input` and return its stdout. */
  run(tool: string, args: string[], input: Uint8Array): Uint8Array {
    const file = join(this.dir, `in${this.n++}`);
    writeFileSync(file, input);
    return new Uint8Array(execFileSync(tool, [...args, '-c', file], { maxBuffer: 1 << 30 }));
  }

  gzip(input: Uint8Array, level = 6): Uint8Array {
    return this.run('gzip', [`-${level}`, '-n'], input);
  }

  zstd(input: Uint8Array, ...args: string[]): Uint8Array {
    return this.run('zstd', ['-q', ...args], input);
  }

  /** Decode with the real tool, to confirm a crafted stream is what we think it is. */
  decode(tool: 'gzip' | 'zstd', input: Uint8Array): Uint8Array {
    const file = join(this.dir, `dec${this.n++}`);
    writeFileSync(file, input);
    return new Uint8Array(execFileSync(tool, ['-d', '-c', file], { maxBuffer: 1 << 30 }));
  }

  read(name: string): Uint8Array {
    return new Uint8Array(readFileSync(join(this.dir, name)));
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}
