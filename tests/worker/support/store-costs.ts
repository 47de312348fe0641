/**
 * What saving a session costs, as the worker tests measure it: bytes written to the store
 * outside Blobs, and every read of a Blob's bytes (a stored upload's slice, a spooled archive's) while counting:
 * the tests prove with it that saving a session reads no upload whole.
 */
export interface BlobReads {
  /** Bytes of each read, in order. */
  readonly sizes: number[];
  total(): number;
  largest(): number;
  stop(): void;
}

export function countBlobReads(): BlobReads {
  const sizes: number[] = [];
  const proto = Blob.prototype;
  const arrayBuffer = proto.arrayBuffer;
  const bytes = (proto as { bytes?: () => Promise<Uint8Array> }).bytes;
  const stream = proto.stream;
  proto.arrayBuffer = function (this: Blob) {
    sizes.push(this.size);
    return arrayBuffer.call(this);
  };
  if (bytes) (proto as { bytes?: () => Promise<Uint8Array> }).bytes = function (this: Blob) {
    sizes.push(this.size);
    return bytes.call(this);
  };
  proto.stream = function (this: Blob) {
    sizes.push(this.size);
    return stream.call(this);
  };
  return {
    sizes,
    total: () => sizes.reduce((n, s) => n + s, 0),
    largest: () => Math.max(0, ...sizes),
    stop() {
      proto.arrayBuffer = arrayBuffer;
      if (bytes) (proto as { bytes?: () => Promise<Uint8Array> }).bytes = bytes;
      proto.stream = stream;
    },
  };
}

/** Bytes written to a store outside Blobs: typed arrays (literal parts, blobs as bytes) and JSON text. */
export function bytesOutsideBlobs(value: unknown): number {
  if (value instanceof Blob) return 0;
  if (value instanceof Uint8Array) return value.length;
  if (value instanceof Map) return [...value.values()].reduce((n: number, v) => n + bytesOutsideBlobs(v), 0);
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + bytesOutsideBlobs(v), 0);
  if (typeof value === 'object' && value !== null) return Object.values(value).reduce((n: number, v) => n + bytesOutsideBlobs(v), 0);
  return JSON.stringify(value ?? null).length;
}
