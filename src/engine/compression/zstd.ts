import { Decompress } from 'fzstd';
import { CompressionError, DecompressionLimitError } from '../errors.ts';
import { isZstdFrame, isZstdSkippableFrame } from './detect.ts';
import { InputQueue } from './input-queue.ts';
import { asCompressionError } from './output-budget.ts';
import type { OutputBudget } from './output-budget.ts';

/**
 * Streaming zstd decoding with fzstd (pure JS). We walk the frame and block structure ourselves
 * (RFC 8878 §3.1, https://www.rfc-editor.org/rfc/rfc8878#section-3.1) — block headers give
 * every block's size, so this costs nothing — and hand fzstd one whole block at a time. That
 * lets us check each frame's window size before fzstd allocates the window (an untrusted
 * header field), fail on a declared content size over the budget before decoding anything,
 * and bound the output of each decoder step to one block (≤ 128 KiB) even for RLE bombs.
 */

/** Like zstd's default `--memory=128MB`: frames made with `--long` (windowLog 27) decode, larger need not. */
export const MAX_ZSTD_WINDOW_BYTES = 1 << 27;
const MAX_BLOCK_BYTES = 128 * 1024;

interface FrameHeader {
  length: number;
  windowSize: number;
  contentSize: number | undefined;
  hasChecksum: boolean;
}

/** Frame_Header, RFC 8878 §3.1.1.1. `head` holds at least the first 18 bytes of the frame, or all there are. */
function frameHeaderLength(descriptor: number): number {
  const singleSegment = (descriptor >> 5) & 1;
  const dictIdBytes = [0, 1, 2, 4][descriptor & 3]!;
  const fcsFlag = descriptor >> 6;
  const fcsBytes = fcsFlag === 0 ? singleSegment : 1 << fcsFlag;
  return 4 + 1 + (singleSegment ? 0 : 1) + dictIdBytes + fcsBytes;
}

function parseFrameHeader(head: Uint8Array, offset: number): FrameHeader {
  const descriptor = head[4]!;
  if (descriptor & 0x08) throw new CompressionError(`zstd: corrupt frame header at byte ${offset} (reserved bit set)`);
  const singleSegment = (descriptor >> 5) & 1;
  const dictIdBytes = [0, 1, 2, 4][descriptor & 3]!;
  const fcsFlag = descriptor >> 6;
  const fcsBytes = fcsFlag === 0 ? singleSegment : 1 << fcsFlag;
  let pos = 5;
  let windowSize = 0;
  if (!singleSegment) {
    const windowDescriptor = head[pos++]!;
    const windowLog = 10 + (windowDescriptor >> 3);
    const base = 2 ** windowLog;
    windowSize = base + (base / 8) * (windowDescriptor & 7);
  }
  let dictId = 0;
  for (let i = 0; i < dictIdBytes; i++) dictId += head[pos++]! * 2 ** (8 * i);
  if (dictId !== 0) throw new CompressionError(`zstd: frame at byte ${offset} needs dictionary ${dictId}, which is not supported`);
  let contentSize: number | undefined;
  if (fcsBytes > 0) {
    contentSize = 0;
    for (let i = 0; i < fcsBytes; i++) contentSize += head[pos++]! * 2 ** (8 * i);
    if (fcsBytes === 2) contentSize += 256;
  }
  if (singleSegment) windowSize = contentSize!;
  return { length: pos, windowSize, contentSize, hasChecksum: ((descriptor >> 2) & 1) === 1 };
}

export async function* unzstd(chunks: AsyncIterable<Uint8Array>, budget: OutputBudget): AsyncGenerator<Uint8Array> {
  const queue = new InputQueue(chunks[Symbol.asyncIterator]());
  const ready: Uint8Array[] = [];
  const decoder = new Decompress((data) => {
    if (data.length === 0) return;
    budget.take(data.length);
    ready.push(data);
  });
  const push = (data: Uint8Array, final: boolean) => {
    try {
      decoder.push(data, final);
    } catch (error) {
      throw asCompressionError('zstd', error);
    }
  };
  const truncated = () => new CompressionError(`zstd: truncated data (input ends at byte ${queue.position + 0})`);

  let frames = 0;
  try {
    while (await queue.fill(1)) {
      const frameStart = queue.position;
      if (!(await queue.fill(4))) throw truncated();
      const magic = queue.peek(4);
      if (isZstdSkippableFrame(magic)) {
        // Skippable frame, §3.1.2: magic, 4-byte little-endian size, user data.
        if (!(await queue.fill(8))) throw truncated();
        const head = queue.peek(8);
        const size = (head[4]! | (head[5]! << 8) | (head[6]! << 16) | (head[7]! << 24)) >>> 0;
        if (!(await queue.skip(8 + size))) throw truncated();
        continue;
      }
      if (!isZstdFrame(magic)) {
        throw new CompressionError(`zstd: invalid data at byte ${frameStart} (not a zstd frame)`);
      }
      if (!(await queue.fill(5))) throw truncated();
      const headerLength = frameHeaderLength(queue.peek(5)[4]!);
      if (!(await queue.fill(headerLength))) throw truncated();
      const header = parseFrameHeader(queue.peek(headerLength), frameStart);
      if (header.windowSize > MAX_ZSTD_WINDOW_BYTES) {
        throw new CompressionError(
          `zstd: frame at byte ${frameStart} needs a ${header.windowSize}-byte window, more than the ${MAX_ZSTD_WINDOW_BYTES} supported`,
        );
      }
      if (header.contentSize !== undefined && header.contentSize > budget.remaining) {
        throw new DecompressionLimitError(budget.limit);
      }
      push(queue.take(headerLength), false);
      frames++;
      // Blocks, §3.1.1.2: a 3-byte little-endian header (Last_Block, Block_Type, Block_Size), then content.
      for (let last = false; !last; ) {
        if (!(await queue.fill(3))) throw truncated();
        const h = queue.peek(3);
        const blockHeader = h[0]! | (h[1]! << 8) | (h[2]! << 16);
        last = (blockHeader & 1) === 1;
        const type = (blockHeader >> 1) & 3;
        const size = blockHeader >>> 3;
        if (type === 3 || size > MAX_BLOCK_BYTES) {
          throw new CompressionError(`zstd: corrupt block header at byte ${queue.position}`);
        }
        const contentBytes = type === 1 ? 1 : size; // an RLE block stores its one byte
        if (!(await queue.fill(3 + contentBytes))) throw truncated();
        push(queue.take(3 + contentBytes), false);
        while (ready.length > 0) yield ready.shift()!;
      }
      if (header.hasChecksum) {
        if (!(await queue.fill(4))) throw truncated();
        push(queue.take(4), false);
      }
    }
    if (frames === 0 && queue.position === 0) throw new CompressionError('zstd: empty input');
    push(new Uint8Array(0), true);
    while (ready.length > 0) yield ready.shift()!;
  } finally {
    await queue.close();
  }
}
