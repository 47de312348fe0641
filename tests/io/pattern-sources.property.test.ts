/**
 * Patterned files and the sources built on them read back exactly the bytes they stand for:
 * each is compared with the same bytes made the plain way (a Uint8Array filled by hand), over
 * random heads, sizes, ranges and chunkings. GNU tar and node:zlib check what the tar writer and
 * the catalog's gzip make of them.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gzipLayer } from '../../src/catalog/image-recipe.ts';
import { placeholderFile, parsePlaceholder, PLACEHOLDER_HEADER_BYTES } from '../../src/catalog/placeholder.ts';
import { sha256OfSource } from '../../src/engine/hash/digest.ts';
import { MemorySource, readChunks, type ByteSource } from '../../src/engine/io/byte-source.ts';
import { ConcatSource } from '../../src/engine/io/concat-source.ts';
import { PatternRunRecorder } from '../../src/engine/io/pattern-runs.ts';
import { PATTERN_BLOCK, PatternSource, ZeroSource } from '../../src/engine/io/pattern-source.ts';
import { tarSource, writeTar } from '../../src/engine/tar/write-tar.ts';

/** A patterned file made the plain way: the head, then byte k = PATTERN_BLOCK[k % 512]. */
function expand(head: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let k = head.length; k < size; k++) out[k] = PATTERN_BLOCK[k % 512]!;
  out.set(head);
  return out;
}

const headAndSize = fc
  .tuple(fc.uint8Array({ maxLength: 700 }), fc.nat({ max: 5000 }))
  .map(([head, extra]) => ({ head, size: head.length + extra }));

describe('PatternSource', () => {
  it('reads any range as the plainly made bytes', async () => {
    await fc.assert(
      fc.asyncProperty(headAndSize, fc.nat(), fc.nat(), async ({ head, size }, a, b) => {
        const source = new PatternSource(head, size);
        const plain = expand(head, size);
        const offset = a % (size + 1);
        const length = b % (size - offset + 2);
        expect(await source.read(offset, length)).toEqual(plain.subarray(offset, Math.min(size, offset + length)));
        expect(source.readSync(offset, length)).toEqual(plain.subarray(offset, Math.min(size, offset + length)));
      }),
    );
  });

  it('hashes as node:crypto hashes the plain bytes, streamed', async () => {
    const source = new PatternSource(new TextEncoder().encode('\x7fELF head'), 3 * 1024 * 1024 + 17);
    const plain = expand(new TextEncoder().encode('\x7fELF head'), source.size);
    expect(await sha256OfSource(source)).toBe(`sha256:${createHash('sha256').update(plain).digest('hex')}`);
  });
});

describe('ConcatSource', () => {
  it('reads across parts (memory, patterned, zeros) as the parts joined', async () => {
    const part = fc.oneof(
      fc.uint8Array({ maxLength: 600 }).map((b) => ({ source: new MemorySource(b) as ByteSource, plain: b })),
      headAndSize.map(({ head, size }) => ({ source: new PatternSource(head, size) as ByteSource, plain: expand(head, size) })),
      fc.nat({ max: 1500 }).map((n) => ({ source: new ZeroSource(n) as ByteSource, plain: new Uint8Array(n) })),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(part, { maxLength: 6 }), fc.nat(), fc.nat(), async (parts, a, b) => {
        const source = new ConcatSource(parts.map((p) => p.source));
        const plain = Buffer.concat(parts.map((p) => p.plain));
        expect(source.size).toBe(plain.length);
        const offset = a % (plain.length + 1);
        const length = b % (plain.length - offset + 2);
        const want = new Uint8Array(plain.subarray(offset, Math.min(plain.length, offset + length)));
        expect(await source.read(offset, length)).toEqual(want);
        expect(source.readSync!(offset, length)).toEqual(want);
        const target = new Uint8Array(length);
        expect(await source.readInto(offset, target)).toBe(want.length);
        expect(target.subarray(0, want.length)).toEqual(want);
      }),
    );
  });
});

describe('PatternRunRecorder', () => {
  /** A tar of patterned files and small text files, plainly made, as a decompressor would stream it. */
  const tarArbitrary = fc
    .array(fc.oneof(headAndSize.map((f) => ({ kind: 'patterned' as const, ...f })), fc.uint8Array({ maxLength: 900 }).map((data) => ({ kind: 'bytes' as const, data }))), { maxLength: 6 })
    .map((files) =>
      writeTar(files.map((f, i) => ({ name: `f${i}`, data: f.kind === 'bytes' ? f.data : expand(f.head, f.size) })), { blockingFactor: 1 }),
    );

  it('keeps any chunking of a stream byte for byte, holding pattern blocks as runs', async () => {
    await fc.assert(
      fc.asyncProperty(tarArbitrary, fc.array(fc.integer({ min: 1, max: 2000 }), { minLength: 1, maxLength: 8 }), async (tar, cuts) => {
        const recorder = new PatternRunRecorder(1 << 20);
        for (let at = 0, i = 0; at < tar.length; i++) {
          const n = cuts[i % cuts.length]!;
          recorder.push(tar.slice(at, at + n));
          at += n;
        }
        const kept = recorder.finish()!;
        expect(kept.size).toBe(tar.length);
        expect(await kept.read(0, kept.size)).toEqual(tar);
        const literal = (kept as ConcatSource).parts.filter((p) => p instanceof MemorySource).reduce((n, p) => n + p.size, 0);
        const patternBlocks = countPatternBlocks(tar);
        expect(literal).toBe(tar.length - patternBlocks * 512);
      }),
    );
  });

  it('gives up past its budget of literal bytes', () => {
    const recorder = new PatternRunRecorder(1000);
    recorder.push(new Uint8Array(4096).fill(1));
    expect(recorder.finish()).toBeUndefined();
  });
});

function countPatternBlocks(tar: Uint8Array): number {
  let n = 0;
  for (let at = 0; at + 512 <= tar.length; at += 512) if (Buffer.compare(tar.subarray(at, at + 512), PATTERN_BLOCK) === 0) n++;
  return n;
}

describe('placeholder binaries in a tar', () => {
  const redisServer = placeholderFile('redis-server', { version: '3.2.11', realSize: 5810600 });

  it('are their real size, and the header still names the program', async () => {
    expect(redisServer.size).toBe(5810600);
    expect(parsePlaceholder(await redisServer.read(0, PLACEHOLDER_HEADER_BYTES))).toEqual({ program: 'redis-server', version: '3.2.11', realSize: 5810600 });
  });

  it('write as a source GNU tar lists at their size, byte for byte what writeTar makes', async () => {
    const entries = [{ name: 'usr/local/bin/redis-server', data: redisServer, mode: 0o755 }, { name: 'etc/motd', data: new TextEncoder().encode('hi\n') }];
    const source = tarSource(entries);
    const plain = writeTar(entries);
    expect(source.size).toBe(plain.length);
    expect(await sha256OfSource(source)).toBe(`sha256:${createHash('sha256').update(plain).digest('hex')}`);
    const listing = execFileSync('tar', ['-tvf', '-'], { input: plain, encoding: 'utf8' });
    expect(listing).toMatch(/^-rwxr-xr-x 0\/0 +5810600 .* usr\/local\/bin\/redis-server$/m);
  });

  it('deflate to almost nothing in the catalog, and node:zlib inflates them back', async () => {
    const tar = tarSource([{ name: 'usr/local/bin/redis-server', data: redisServer, mode: 0o755 }], { blockingFactor: 1 });
    const { blob, diffId } = await gzipLayer(tar);
    expect(blob.length).toBeLessThan(tar.size / 200);
    const inflated = gunzipSync(blob);
    expect(inflated.length).toBe(tar.size);
    expect(diffId).toBe(`sha256:${createHash('sha256').update(inflated).digest('hex')}`);
    let at = 0;
    for await (const chunk of readChunks(tar)) {
      expect(Buffer.compare(inflated.subarray(at, at + chunk.length), chunk)).toBe(0);
      at += chunk.length;
    }
  });
});
