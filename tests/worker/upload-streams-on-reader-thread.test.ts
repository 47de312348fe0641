/**
 * An upload's long reads (hashing) are streamed by the reader worker (src/worker/blob-reads.ts)
 * and handed over chunk by chunk. Served here over a MessageChannel, as the page serves it
 * from a worker: the bytes are the Blob's, a stream holds at most its few chunks, the stored
 * copy is read once adopted, and a reader that stalls or fails leaves the rest to this thread.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { LayerlabError } from '../../src/engine/errors.ts';
import { openArchive } from '../../src/engine/image/archive.ts';
import { verifyImage } from '../../src/engine/image/verify.ts';
import { readChunksReusing } from '../../src/engine/io/byte-source.ts';
import { RemoteBlobReads, serveBlobReads, type MessageEnd } from '../../src/worker/blob-reads.ts';
import { StoredUploadSource } from '../../src/worker/stored-upload.ts';
import { writeDockerSave } from './support/docker-save-by-python.ts';

const channels: MessageChannel[] = [];
afterEach(() => {
  for (const { port1, port2 } of channels.splice(0)) (port1.close(), port2.close());
});

/** The engine side's end of a channel whose other end `serve`s, and every message either side sent. */
function channel(serve: (end: MessageEnd) => void = serveBlobReads): { end: MessageEnd; sent: { type: string; blob?: Blob }[]; heard: { type: string }[] } {
  const pair = new MessageChannel();
  channels.push(pair);
  serve(pair.port2 as unknown as MessageEnd);
  const sent: { type: string; blob?: Blob }[] = [];
  const heard: { type: string }[] = [];
  pair.port1.addEventListener('message', (event) => heard.push(event.data as { type: string }));
  const end: MessageEnd = {
    postMessage: (message, transfer) => (sent.push(message as { type: string }), pair.port1.postMessage(message, transfer)),
    addEventListener: (type, listener) => pair.port1.addEventListener(type, listener as (event: Event) => void),
  };
  return { end, sent, heard };
}

async function drain(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the reader worker', () => {
  it("gives a range's bytes in whole chunks and never fills more chunks ahead than it was given buffers", async () => {
    const bytes = randomBytes(6 * 1024 * 1024 + 999);
    const { end, heard } = channel();
    const reads = new RemoteBlobReads(end);
    const stream = reads.stream(new Blob([bytes]), 4321, bytes.length - 55, 1 << 20, 3);
    // Nobody asks for a chunk: the reader stops once its three buffers are full.
    await settle(200);
    expect(heard.filter((m) => m.type === 'chunk')).toHaveLength(3);
    const parts: Buffer[] = [];
    const lengths: number[] = [];
    for (let chunk = await stream.next(); chunk; chunk = await stream.next()) (parts.push(Buffer.from(chunk)), lengths.push(chunk.length));
    stream.close();
    expect(Buffer.concat(parts).equals(bytes.subarray(4321, bytes.length - 55))).toBe(true);
    expect(lengths.slice(0, -1).every((n) => n === 1 << 20)).toBe(true);
    expect(heard.at(-1)?.type).toBe('end');
  });

  it('stops reading when the stream is closed before its end', async () => {
    const bytes = randomBytes(8 * 1024 * 1024);
    const { end, sent, heard } = channel();
    const stream = new RemoteBlobReads(end).stream(new Blob([bytes]), 0, bytes.length, 1 << 20, 2);
    expect(Buffer.from((await stream.next())!).equals(bytes.subarray(0, 1 << 20))).toBe(true);
    stream.close();
    await settle(200);
    expect(sent.map((m) => m.type)).toEqual(['open', 'close']);
    // The chunk given, the one read ahead, and at most the one being filled when `close` came.
    expect(heard.filter((m) => m.type === 'chunk').length).toBeLessThanOrEqual(3);
  });
});

describe('StoredUploadSource reading on the reader worker', () => {
  it('gives the same bytes as the Blob for ranges read side by side, counts them, and reads the stored copy once adopted', async () => {
    const bytes = randomBytes(9 * 1024 * 1024 + 77);
    const { end, sent } = channel();
    const reads = new RemoteBlobReads(end);
    const picked = new Blob([bytes]);
    const source = new StoredUploadSource(picked, 'k', () => reads);
    let counted = 0;
    source.onRead = (n) => (counted += n);
    const ranges = [[0, 4_000_000], [4_000_000, bytes.length]] as const;
    const iterators = ranges.map(([start, stop]) => readChunksReusing(source, 1 << 20, start, stop)[Symbol.asyncIterator]());
    const parts: Buffer[][] = [[], []];
    const stored = new Blob([bytes]);
    for (let live = true, round = 0; live; round++) {
      live = false;
      if (round === 2) source.adopt(stored);
      for (const [i, iterator] of iterators.entries()) {
        const next = await iterator.next();
        if (!next.done) (parts[i]!.push(Buffer.from(next.value)), (live = true));
      }
    }
    expect(Buffer.concat(parts[0]!).equals(bytes.subarray(0, 4_000_000))).toBe(true);
    expect(Buffer.concat(parts[1]!).equals(bytes.subarray(4_000_000))).toBe(true);
    expect(counted).toBe(bytes.length);
    const opened = sent.filter((m) => m.type === 'open');
    expect(opened.slice(0, 2).every((m) => m.blob === picked)).toBe(true);
    // Each range went on from the stored copy.
    expect(opened.slice(2).map((m) => m.blob === stored)).toEqual([true, true]);
    expect(source.stalls).toBe(0);
  });

  it('reads the rest in its own thread when the reader never answers (a stall) or fails', async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 5);
    const silent = new RemoteBlobReads(channel(() => undefined).end);
    const stalling = new StoredUploadSource(new Blob([bytes]), 'k', () => silent);
    expect((await drain(readChunksReusing(stalling, 1 << 20))).equals(bytes)).toBe(true);
    expect(stalling.stalls).toBe(1);

    const reads = new RemoteBlobReads(channel().end);
    const failing = new StoredUploadSource(new Blob([bytes]), 'k', () => reads);
    const iterator = readChunksReusing(failing, 1 << 20)[Symbol.asyncIterator]();
    const first = Buffer.from((await iterator.next()).value as Uint8Array);
    reads.fail(new LayerlabError('EIO', 'the reader worker did not start'));
    const rest: Buffer[] = [first];
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) rest.push(Buffer.from(next.value));
    expect(Buffer.concat(rest).equals(bytes)).toBe(true);
  });

  it('says the upload ended early when the reader runs out of bytes before the range does', async () => {
    const bytes = randomBytes(2 * 1024 * 1024);
    // A reader whose file shrank on the disk: one chunk, then the end.
    const shrunk = (end: MessageEnd) =>
      end.addEventListener('message', (event) => {
        const message = event.data as { type: string; id: number; chunkBytes: number };
        if (message.type !== 'open') return;
        const buffer = new ArrayBuffer(message.chunkBytes);
        end.postMessage({ type: 'chunk', id: message.id, buffer, length: buffer.byteLength }, [buffer]);
        end.postMessage({ type: 'end', id: message.id }, []);
      });
    const reads = new RemoteBlobReads(channel(shrunk).end);
    const source = new StoredUploadSource(new Blob([bytes]), 'k', () => reads);
    await expect(drain(readChunksReusing(source, 1 << 20))).rejects.toThrow(`the upload ended at byte ${1 << 20}, before its ${bytes.length} bytes`);
  });

  it('verifies an image whose layers it reads, and names the digest of a layer whose bytes were changed (sha256 of Node as the oracle)', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'layerlab-reader-')), 'two.tar');
    writeDockerSave('two:layers', [{ random: 2_500_000 }, { random: 2_500_000 }], [{ path }]);
    const archive = new Uint8Array(readFileSync(path));
    const { end, sent } = channel();
    const reads = new RemoteBlobReads(end);
    const image = (await openArchive(new StoredUploadSource(new Blob([archive]), 'k', () => reads))).images[0]!;
    expect((await verifyImage(image)).ok).toBe(true);
    expect(sent.filter((m) => m.type === 'open')).toHaveLength(2);

    const layer = image.layers[1]!;
    const { offset } = layer.blob as unknown as { offset: number };
    const changed = archive.slice();
    changed[offset + 2_000_000]! ^= 0xff;
    const changedImage = (await openArchive(new StoredUploadSource(new Blob([changed]), 'k', () => reads))).images[0]!;
    expect((await verifyImage(changedImage)).ok).toBe(false);
    const state = changedImage.layers[1]!.verification;
    expect(state.blob).toBe('mismatch');
    expect(state.actualDigest).toBe(`sha256:${createHash('sha256').update(changed.subarray(offset, offset + layer.size)).digest('hex')}`);
    expect(changedImage.layers[0]!.verification.blob).toBe('verified');
  });
});
