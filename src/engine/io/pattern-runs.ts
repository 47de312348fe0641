/**
 * Keep a decompressed stream (a layer's tar) without its pattern bytes: every 512-byte block
 * equal to the pattern block (pattern-source.ts) becomes part of a run that costs nothing, the
 * rest (tar headers, small files, the head and tail of each patterned file) is kept as it is.
 * The result reads back byte for byte as the stream was, so recognising is never wrong, only
 * more or less thrifty. Streams with more literal bytes than the budget are not kept.
 */
import { MemorySource, type ByteSource } from './byte-source.ts';
import { ConcatSource } from './concat-source.ts';
import { isPatternBlock, PATTERN_BLOCK_BYTES, PatternSource } from './pattern-source.ts';

const EMPTY = new Uint8Array(0);

export class PatternRunRecorder {
  private readonly parts: ByteSource[] = [];
  /** Literal bytes since the last part, not yet joined. */
  private literal: Uint8Array[] = [];
  private literalBytes = 0;
  private keptBytes = 0;
  private patternBlocks = 0;
  /** The start of a block split across two chunks. */
  private partial = new Uint8Array(PATTERN_BLOCK_BYTES);
  private partialBytes = 0;
  private overBudget = false;

  /** @param maxLiteralBytes the most non-pattern bytes worth keeping in memory */
  constructor(private readonly maxLiteralBytes: number) {}

  push(chunk: Uint8Array): void {
    if (this.overBudget) return;
    let at = 0;
    if (this.partialBytes > 0) {
      const n = Math.min(PATTERN_BLOCK_BYTES - this.partialBytes, chunk.length);
      this.partial.set(chunk.subarray(0, n), this.partialBytes);
      this.partialBytes += n;
      at = n;
      if (this.partialBytes < PATTERN_BLOCK_BYTES) return;
      if (isPatternBlock(this.partial, 0)) this.patternBlocks++;
      else this.addLiteral(this.partial);
      this.partialBytes = 0;
    }
    let literalFrom = at;
    for (; at + PATTERN_BLOCK_BYTES <= chunk.length; at += PATTERN_BLOCK_BYTES) {
      if (!isPatternBlock(chunk, at)) {
        if (this.patternBlocks > 0) this.endPatternRun();
        continue;
      }
      if (literalFrom < at) this.addLiteral(chunk.subarray(literalFrom, at));
      literalFrom = at + PATTERN_BLOCK_BYTES;
      this.patternBlocks++;
    }
    if (literalFrom < at) this.addLiteral(chunk.subarray(literalFrom, at));
    if (at < chunk.length) {
      this.partial.set(chunk.subarray(at), 0);
      this.partialBytes = chunk.length - at;
    }
  }

  /** The whole stream as a source, or undefined when it had more literal bytes than the budget. */
  finish(): ByteSource | undefined {
    if (this.overBudget) return undefined;
    if (this.partialBytes > 0) this.addLiteral(this.partial.subarray(0, this.partialBytes));
    this.partialBytes = 0;
    this.endPatternRun();
    this.endLiteral();
    return new ConcatSource(this.parts);
  }

  private addLiteral(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.endPatternRun();
    this.keptBytes += bytes.length;
    if (this.keptBytes > this.maxLiteralBytes) {
      this.overBudget = true;
      this.parts.length = 0;
      this.literal = [];
      return;
    }
    // The decompressor may reuse its output buffers (and `partial` is reused): keep a copy.
    this.literal.push(bytes.slice());
    this.literalBytes += bytes.length;
  }

  private endPatternRun(): void {
    if (this.patternBlocks === 0) return;
    this.endLiteral();
    this.parts.push(new PatternSource(EMPTY, this.patternBlocks * PATTERN_BLOCK_BYTES));
    this.patternBlocks = 0;
  }

  private endLiteral(): void {
    if (this.literalBytes === 0) return;
    const joined = new Uint8Array(this.literalBytes);
    let pos = 0;
    for (const piece of this.literal) {
      joined.set(piece, pos);
      pos += piece.length;
    }
    this.parts.push(new MemorySource(joined));
    this.literal = [];
    this.literalBytes = 0;
  }
}
