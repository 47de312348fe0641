import { detectCompression } from '../compression/detect.ts';
import { decompress } from '../compression/decompress.ts';
import { ImageFormatError, LayerlabError, NotFoundError } from '../errors.ts';
import { hashingTee, sha256OfChunks, sha256OfSource } from '../hash/digest.ts';
import { Sha256 } from '../hash/sha256.ts';
import { MemorySource, readChunks, type ByteSource } from '../io/byte-source.ts';
import { PatternRunRecorder } from '../io/pattern-runs.ts';
import { DEFAULT_MAX_ENTRY_BYTES, entrySource, readEntry } from '../tar/entry-data.ts';
import { indexTarStream, readTarIndex } from '../tar/read-tar-index.ts';
import type { TarEntry, TarIndex } from '../tar/types.ts';
import { MediaType, ociLayerMediaType } from './media-types.ts';
import { StreamCursor } from './stream-cursor.ts';
import type { Compression, Descriptor, Image, Layer, LayerVerification } from './types.ts';

/** The most a single file read from a layer may be. */
const MAX_FILE_BYTES = DEFAULT_MAX_ENTRY_BYTES;
/** Recently read files of compressed layers, kept because re-reading one means decompressing again. */
const CACHE_MAX_BYTES = 8 * 1024 * 1024;
const CACHE_MAX_FILE_BYTES = 1024 * 1024;
/**
 * A compressed layer's tar is kept, while indexing, without its pattern bytes (pattern-runs.ts)
 * when the rest is at most this much: the catalog's layers (placeholder binaries and small text
 * files, 385 KB at most) then read, save and export without decompressing again; big real
 * layers are not kept (and several indexed at once cost at most this much each).
 */
const KEEP_TAR_MAX_LITERAL_BYTES = 1024 * 1024;

export interface BlobLayerInit {
  blob: ByteSource;
  /** The blob's digest; computed (one pass over the blob) when the archive does not name it. */
  digest?: string;
  diffId: string;
  /** The media type, or a function choosing it once the compression is known from the bytes. */
  mediaType: string | ((compression: Compression) => string);
  foreign?: boolean;
  urls?: readonly string[];
}

/**
 * A layer whose blob is a member of an archive (or bytes in memory). The compression is taken
 * from the blob's magic bytes, not the media type: media types lie (docker-save's layer.tar is
 * "diff.tar" but some tools write gzip there), magic bytes don't.
 */
export async function openBlobLayer(init: BlobLayerInit): Promise<Layer> {
  const compression = detectCompression(await init.blob.read(0, 8));
  if (init.digest !== undefined) return new BlobLayer({ ...init, digest: init.digest }, compression);
  // Legacy docker-save names layers by path, not digest. An uncompressed blob's digest is its
  // diff_id; a compressed one (written by some tools) has to be hashed to be named.
  if (compression === 'none') return new BlobLayer({ ...init, digest: init.diffId }, compression);
  // The same single pass indexes the layer, which is needed next anyway.
  let scan: CompressedScan;
  try {
    scan = await scanCompressed(init.blob, compression, true);
  } catch (err) {
    if (!(err instanceof LayerlabError)) throw err;
    // A corrupt blob still gets a name and is shown as broken; index() will fail clearly.
    const layer = new BlobLayer({ ...init, digest: await sha256OfChunks(readChunks(init.blob)) }, compression);
    Object.assign(layer.verification, { blob: 'verified', diffId: 'mismatch', note: err.message });
    return layer;
  }
  const layer = new BlobLayer({ ...init, digest: scan.blobDigest! }, compression, scan.index, scan.tar);
  layer.verification.blob = 'verified';
  recordLayerCheck(layer, 'diffId', layer.diffId, scan.tarDigest);
  return layer;
}

interface CompressedScan {
  index: TarIndex;
  /** sha256 of the decompressed tar: the layer's actual diff_id. */
  tarDigest: string;
  /** sha256 of the blob as stored, when asked for. */
  blobDigest?: string;
  /** The decompressed tar without its pattern bytes, when small enough to keep. */
  tar?: ByteSource;
}

/**
 * One pass over a compressed layer blob: decompress, hash the tar, index it (and hash the blob
 * as stored when its digest is unknown). Hashing the tar on the way is what lets indexing
 * verify the diff_id for free.
 */
async function scanCompressed(blob: ByteSource, compression: Compression, hashBlob: boolean): Promise<CompressedScan> {
  const blobHash = hashBlob ? new Sha256() : undefined;
  const tarHash = new Sha256();
  const recorder = new PatternRunRecorder(KEEP_TAR_MAX_LITERAL_BYTES);
  const stored = readChunks(blob);
  const tar = decompress(blobHash ? hashingTee(stored, blobHash) : stored, compression)[Symbol.asyncIterator]();
  const take = (chunk: Uint8Array) => {
    tarHash.update(chunk);
    recorder.push(chunk);
  };
  const hashed: AsyncIterable<Uint8Array> = {
    [Symbol.asyncIterator]: () => ({
      next: async () => {
        const next = await tar.next();
        if (!next.done) take(next.value);
        return next;
      },
      // The indexer stops at the end-of-archive blocks; keep `tar` open to hash the rest.
      return: async () => ({ done: true, value: undefined }),
    }),
  };
  let index: TarIndex;
  try {
    index = await indexTarStream(hashed);
    for (let next = await tar.next(); !next.done; next = await tar.next()) take(next.value);
  } catch (err) {
    await tar.return?.(undefined);
    throw err;
  }
  const kept = recorder.finish();
  return {
    index,
    tarDigest: `sha256:${tarHash.hex()}`,
    ...(blobHash ? { blobDigest: `sha256:${blobHash.hex()}` } : {}),
    ...(kept ? { tar: kept } : {}),
  };
}

/** The sha256 of a layer blob's uncompressed tar, streamed. */
export async function diffIdOfBlob(blob: ByteSource): Promise<string> {
  const compression = detectCompression(await blob.read(0, 8));
  const chunks = readChunks(blob);
  return sha256OfChunks(compression === 'none' ? chunks : decompress(chunks, compression));
}

/**
 * A layer the manifest names but whose blob the archive does not hold — typically a foreign
 * (non-distributable) layer. It is listed and reported, but has no contents.
 */
export function missingLayer(descriptor: Descriptor, diffId: string, foreign: boolean): Layer {
  const why = foreign ? 'a foreign (non-distributable) layer whose blob is not in the archive' : 'its blob is not in the archive';
  const where = descriptor.urls?.length ? ` (it can be fetched from ${descriptor.urls[0]})` : '';
  const note = `${why}${where}`;
  const fail = (): never => {
    throw new NotFoundError(`layer ${descriptor.digest}: ${note}`);
  };
  return {
    digest: descriptor.digest,
    diffId,
    mediaType: descriptor.mediaType,
    compression: 'none',
    size: descriptor.size,
    blob: new MemorySource(new Uint8Array(0)),
    verification: { blob: 'unchecked', diffId: 'unchecked', note },
    foreign,
    missing: true,
    ...(descriptor.urls ? { urls: descriptor.urls } : {}),
    index: async () => fail(),
    read: async () => fail(),
    uncompressed: () => fail(),
  };
}

/**
 * A layer made from an uncompressed tar in memory (a `docker import`, a layer written by the
 * overlay's upper layer, tests). Its digest and diff_id are the same: the tar's sha256.
 */
export function layerFromTar(tar: Uint8Array): Layer {
  const compression = detectCompression(tar.subarray(0, 8));
  if (compression !== 'none') throw new ImageFormatError(`layerFromTar expects an uncompressed tar, got ${compression} data`);
  const digest = `sha256:${new Sha256().update(tar).hex()}`;
  const layer = new BlobLayer({ blob: new MemorySource(tar), digest, diffId: digest, mediaType: MediaType.ociLayer }, 'none');
  layer.verification.blob = 'verified';
  layer.verification.diffId = 'verified';
  return layer;
}

/**
 * `layerFromTar` for a tar held as a source (an upper layer with copied-up placeholder
 * binaries): hashed by streaming, never joined into one array.
 */
export async function layerFromTarSource(tar: ByteSource): Promise<Layer> {
  const compression = detectCompression(await tar.read(0, 8));
  if (compression !== 'none') throw new ImageFormatError(`layerFromTarSource expects an uncompressed tar, got ${compression} data`);
  const digest = await sha256OfSource(tar);
  const layer = new BlobLayer({ blob: tar, digest, diffId: digest, mediaType: MediaType.ociLayer }, 'none');
  layer.verification.blob = 'verified';
  layer.verification.diffId = 'verified';
  return layer;
}

type KnownDigest = BlobLayerInit & { digest: string };

class BlobLayer implements Layer {
  readonly digest: string;
  readonly diffId: string;
  readonly mediaType: string;
  readonly size: number;
  readonly blob: ByteSource;
  readonly foreign?: boolean;
  readonly urls?: readonly string[];
  readonly verification: LayerVerification = { blob: 'unchecked', diffId: 'unchecked' };

  private indexPromise: Promise<TarIndex> | undefined;
  /** The decompressed tar, kept without its pattern bytes by the indexing scan (compressed layers). */
  private keptTar: ByteSource | undefined;
  private cursor: StreamCursor | undefined;
  /** Serialises reads of a compressed layer: they share one cursor. */
  private readQueue: Promise<unknown> = Promise.resolve();
  private readonly cache = new Map<number, Uint8Array>();
  private cacheBytes = 0;

  constructor(
    init: KnownDigest,
    readonly compression: Compression,
    index?: TarIndex,
    keptTar?: ByteSource,
  ) {
    if (index) this.indexPromise = Promise.resolve(index);
    this.keptTar = keptTar;
    this.digest = init.digest;
    this.diffId = init.diffId;
    this.mediaType = typeof init.mediaType === 'function' ? init.mediaType(compression) : init.mediaType || ociLayerMediaType(compression);
    this.size = init.blob.size;
    this.blob = init.blob;
    if (init.foreign) this.foreign = true;
    if (init.urls) this.urls = init.urls;
  }

  index(): Promise<TarIndex> {
    this.indexPromise ??= this.buildIndex().catch((err: unknown) => {
      this.indexPromise = undefined; // let a later call retry (and fail again, clearly)
      throw err;
    });
    return this.indexPromise;
  }

  uncompressed(): AsyncIterable<Uint8Array> {
    if (this.keptTar) return readChunks(this.keptTar);
    const chunks = readChunks(this.blob);
    return this.compression === 'none' ? chunks : decompress(chunks, this.compression);
  }

  /** Entry `i` of the index, or a clear error for a number that names none. */
  private async entryAt(i: number): Promise<TarEntry> {
    const index = await this.index();
    if (!Number.isSafeInteger(i) || i < 0 || i >= index.length) {
      throw new LayerlabError('EINVAL', `layer ${this.digest}: no entry ${i} (it has ${index.length})`);
    }
    return index.entry(i);
  }

  async read(i: number): Promise<Uint8Array> {
    const entry = await this.entryAt(i);
    if (this.compression === 'none') return readEntry(this.blob, entry, MAX_FILE_BYTES);
    if (this.keptTar) return readEntry(this.keptTar, entry, MAX_FILE_BYTES);
    if (entry.size === 0) return new Uint8Array(0);
    if (entry.size > MAX_FILE_BYTES) {
      throw new LayerlabError('TOO_LARGE', `${entry.name}: ${entry.size} bytes is more than the ${MAX_FILE_BYTES} a single read allows`);
    }
    const cached = this.cache.get(i);
    if (cached) {
      this.cache.delete(i); // re-insert: Map order is the LRU order
      this.cache.set(i, cached);
      return cached;
    }
    const bytes = await this.serialised(() => this.readCompressed(entry.dataOffset, entry.size));
    this.remember(i, bytes);
    return bytes;
  }

  async source(i: number): Promise<ByteSource> {
    const entry = await this.entryAt(i);
    const tar = this.compression === 'none' ? this.blob : this.keptTar;
    if (tar) return entrySource(tar, entry);
    return new MemorySource(await this.read(i));
  }

  async tarSource(): Promise<ByteSource | undefined> {
    if (this.compression === 'none') return this.blob;
    await this.index();
    return this.keptTar;
  }

  private async buildIndex(): Promise<TarIndex> {
    if (this.compression === 'none') return readTarIndex(this.blob);
    const scan = await scanCompressed(this.blob, this.compression, false);
    recordLayerCheck(this, 'diffId', this.diffId, scan.tarDigest);
    this.keptTar = scan.tar;
    return scan.index;
  }

  /** Read from the shared cursor, restarting the decompression when the entry lies behind it. */
  private async readCompressed(offset: number, length: number): Promise<Uint8Array> {
    if (!this.cursor || this.cursor.offset > offset) {
      await this.cursor?.close();
      this.cursor = new StreamCursor(this.uncompressed());
    }
    return this.cursor.read(offset, length);
  }

  private serialised<T>(task: () => Promise<T>): Promise<T> {
    const run = this.readQueue.then(task, task);
    this.readQueue = run.catch(() => undefined);
    return run;
  }

  private remember(i: number, bytes: Uint8Array): void {
    if (bytes.length > CACHE_MAX_FILE_BYTES) return;
    this.cache.set(i, bytes);
    this.cacheBytes += bytes.length;
    for (const [key, value] of this.cache) {
      if (this.cacheBytes <= CACHE_MAX_BYTES) break;
      this.cache.delete(key);
      this.cacheBytes -= value.length;
    }
  }
}

/** Set a layer's verification state for one digest: a mismatch is a state to show, not an error. */
/**
 * Start reading the layers' indexes, side by side, without waiting: each is a few reads per
 * file header, and `docker load` needs them all. A failure is left for whoever awaits the
 * index (it throws again there, in layer order).
 */
export function readIndexesAhead(layers: Iterable<Layer>): void {
  for (const layer of layers) if (!layer.missing) void layer.index().catch(() => undefined);
}

export function recordLayerCheck(layer: Layer, which: 'blob' | 'diffId', expected: string, actual: string): void {
  // `verification` is read-only to consumers; the engine updates it in place so every view of
  // the layer (overlay, UI) sees the result.
  const state = layer.verification as LayerVerification;
  const ok = expected === actual;
  state[which] = ok ? 'verified' : 'mismatch';
  const key = which === 'blob' ? 'actualDigest' : 'actualDiffId';
  if (ok) delete state[key];
  else state[key] = actual;
}
