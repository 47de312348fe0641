/**
 * A Blob's byte streams read on another thread. Hashing an upload is the engine worker's work
 * (four layers side by side, see src/engine/image/verify.ts); reading the Blob is not, but in
 * Chromium it costs that thread a promise and a copy for every 64 KiB piece a stream gives:
 * ~0.45 s of a 1 GiB verify that took 2.2 s. A reader worker (blob-read-worker.ts) fills whole
 * chunks with a BYOB reader on the other core and transfers them; the engine worker hashes each
 * chunk where it lands and transfers its buffer back to be filled again, so a stream of any
 * length allocates only its few buffers.
 *
 * The protocol runs over anything that posts messages (a Worker, its scope, a MessagePort), so
 * tests serve it over a MessageChannel in Node.
 */
import { LayerlabError } from '../engine/errors.ts';

/** Either end of the conversation: a Worker, the worker's own scope, or a MessagePort. */
export interface MessageEnd {
  postMessage(message: unknown, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

type ToReader =
  /** Read `blob[start, end)` into `buffers` buffers of `chunkBytes`, each sent once full. */
  | { type: 'open'; id: number; blob: Blob; start: number; end: number; chunkBytes: number; buffers: number }
  /** A chunk's buffer back, to be filled again. */
  | { type: 'give'; id: number; buffer: ArrayBuffer }
  | { type: 'close'; id: number };

type FromReader =
  | { type: 'chunk'; id: number; buffer: ArrayBuffer; length: number }
  | { type: 'end'; id: number }
  | { type: 'error'; id: number; message: string };

interface ServedStream {
  reader: ReadableStreamBYOBReader;
  free: ArrayBuffer[];
  /** Bytes of the range not yet read. */
  left: number;
  pumping: boolean;
  closed: boolean;
}

/** The reader's side: answers `open`s on `end` until the other side closes them. */
export function serveBlobReads(end: MessageEnd): void {
  const streams = new Map<number, ServedStream>();
  const send = (message: FromReader, transfer: Transferable[] = []) => end.postMessage(message, transfer);

  const pump = async (id: number, stream: ServedStream): Promise<void> => {
    if (stream.pumping) return;
    stream.pumping = true;
    try {
      while (!stream.closed && stream.left > 0 && stream.free.length > 0) {
        let buffer = stream.free.shift()!;
        const want = Math.min(buffer.byteLength, stream.left);
        let filled = 0;
        while (filled < want) {
          const { done, value } = await stream.reader.read(new Uint8Array(buffer, filled, want - filled));
          if (stream.closed) return;
          if (done || !value) throw new LayerlabError('TRUNCATED', `the file ended ${stream.left - filled} bytes early`);
          buffer = value.buffer as ArrayBuffer;
          filled += value.length;
        }
        stream.left -= filled;
        send({ type: 'chunk', id, buffer, length: filled }, [buffer]);
      }
      if (stream.left === 0 && !stream.closed) {
        streams.delete(id);
        void stream.reader.cancel().catch(() => undefined);
        send({ type: 'end', id });
      }
    } catch (err) {
      streams.delete(id);
      void stream.reader.cancel().catch(() => undefined);
      if (!stream.closed) send({ type: 'error', id, message: err instanceof Error ? err.message : String(err) });
    } finally {
      stream.pumping = false;
    }
  };

  end.addEventListener('message', (event: MessageEvent) => {
    const message = event.data as ToReader;
    if (message.type === 'open') {
      const { id, blob, start, chunkBytes, buffers } = message;
      let reader: ReadableStreamBYOBReader;
      try {
        reader = (blob.slice(start, message.end).stream() as ReadableStream<Uint8Array>).getReader({ mode: 'byob' });
      } catch (err) {
        send({ type: 'error', id, message: err instanceof Error ? err.message : String(err) });
        return;
      }
      const free = Array.from({ length: buffers }, () => new ArrayBuffer(chunkBytes));
      const stream: ServedStream = { reader, free, left: message.end - start, pumping: false, closed: false };
      streams.set(id, stream);
      void pump(id, stream);
    } else if (message.type === 'give') {
      const stream = streams.get(message.id);
      if (!stream) return;
      stream.free.push(message.buffer);
      void pump(message.id, stream);
    } else if (message.type === 'close') {
      const stream = streams.get(message.id);
      if (!stream) return;
      streams.delete(message.id);
      stream.closed = true;
      void stream.reader.cancel().catch(() => undefined);
    }
  });
}

/** One range being read on the other thread, chunk by chunk. */
export interface RemoteBlobStream {
  /**
   * The next chunk (`null` past the range's end). The chunk before it goes back to be filled
   * again: a caller is done with a chunk when it asks for the next.
   */
  next(): Promise<Uint8Array | null>;
  /** Stop reading (the reader drops the rest of the range). */
  close(): void;
}

interface OpenStream {
  chunks: Uint8Array[];
  waiting: ((result: { chunk: Uint8Array | null } | { error: Error }) => void) | undefined;
  ended: boolean;
  error: Error | undefined;
}

/** The engine worker's side: opens ranges of Blobs for the reader on `end` to read. */
export class RemoteBlobReads {
  private nextId = 1;
  private readonly open = new Map<number, OpenStream>();
  /** Set once the other side has failed (a worker that did not start): callers read in their own thread. */
  broken: Error | undefined;

  constructor(private readonly end: MessageEnd) {
    end.addEventListener('message', (event: MessageEvent) => this.heard(event.data as FromReader));
  }

  /** The whole other side failed: every stream fails with `err`, and no new one is opened. */
  fail(err: Error): void {
    this.broken = err;
    for (const [id, stream] of this.open) this.settle(id, stream, { error: err });
  }

  stream(blob: Blob, start: number, end: number, chunkBytes: number, buffers: number): RemoteBlobStream {
    const id = this.nextId++;
    const state: OpenStream = { chunks: [], waiting: undefined, ended: false, error: this.broken };
    this.open.set(id, state);
    if (!this.broken) this.end.postMessage({ type: 'open', id, blob, start, end, chunkBytes, buffers } satisfies ToReader, []);
    let lent: Uint8Array | undefined;
    const giveBack = () => {
      if (lent && this.open.has(id)) this.end.postMessage({ type: 'give', id, buffer: lent.buffer as ArrayBuffer } satisfies ToReader, [lent.buffer as ArrayBuffer]);
      lent = undefined;
    };
    return {
      next: () => {
        giveBack();
        const ready = state.chunks.shift();
        if (ready) return Promise.resolve((lent = ready));
        if (state.error) return Promise.reject(state.error);
        if (state.ended) return Promise.resolve(null);
        return new Promise((resolve, reject) => {
          state.waiting = (result) => {
            if ('error' in result) reject(result.error);
            else resolve((lent = result.chunk ?? undefined) ?? null);
          };
        });
      },
      close: () => {
        lent = undefined;
        if (!this.open.delete(id) || state.ended || state.error) return;
        this.end.postMessage({ type: 'close', id } satisfies ToReader, []);
      },
    };
  }

  private heard(message: FromReader): void {
    const stream = this.open.get(message.id);
    if (!stream) return; // closed meanwhile: its buffer is dropped
    if (message.type === 'chunk') {
      const chunk = new Uint8Array(message.buffer, 0, message.length);
      if (stream.waiting) this.take(stream)({ chunk });
      else stream.chunks.push(chunk);
    } else if (message.type === 'end') {
      stream.ended = true;
      if (stream.waiting && stream.chunks.length === 0) this.take(stream)({ chunk: null });
    } else {
      this.settle(message.id, stream, { error: new LayerlabError('EIO', message.message) });
    }
  }

  private settle(id: number, stream: OpenStream, result: { error: Error }): void {
    stream.error = result.error;
    this.open.delete(id);
    if (stream.waiting) this.take(stream)(result);
  }

  private take(stream: OpenStream): NonNullable<OpenStream['waiting']> {
    const waiting = stream.waiting!;
    stream.waiting = undefined;
    return waiting;
  }
}

let shared: RemoteBlobReads | null | undefined;

/**
 * The page's reader worker, started on first use; `undefined` where workers cannot start one
 * (Node, a browser without nested workers): the caller reads in its own thread.
 */
export function blobReadsOnAnotherThread(): RemoteBlobReads | undefined {
  if (shared === undefined) {
    shared = null;
    if (typeof Worker === 'function' && typeof location !== 'undefined') {
      try {
        const worker = new Worker(new URL('./blob-read-worker.ts', import.meta.url), { type: 'module', name: 'layerlab-blob-reads' });
        const reads = new RemoteBlobReads(worker);
        worker.addEventListener('error', () => reads.fail(new LayerlabError('EIO', 'the reader worker did not start')));
        shared = reads;
      } catch {
        shared = null;
      }
    }
  }
  return shared && !shared.broken ? shared : undefined;
}
