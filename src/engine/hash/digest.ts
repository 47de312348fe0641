import { bytesInMemory, readChunks, type ByteSource } from '../io/byte-source.ts';
import { platform } from '../platform.ts';
import { Sha256, toHex } from './sha256.ts';
import type { Sha256Hasher } from './sha256.ts';

/**
 * SHA-256 helpers for content addressing (OCI digests are `sha256:<64 hex>`:
 * https://github.com/opencontainers/image-spec/blob/main/descriptor.md#digests).
 */

/** Hex SHA-256 of in-memory bytes: WebCrypto when present (native, often SHA-NI), else our `Sha256`. */
export async function sha256Hex(data: Uint8Array): Promise<string> {
  const subtle = platform.crypto?.subtle;
  if (subtle) {
    try {
      return toHex(new Uint8Array(await subtle.digest('SHA-256', data)));
    } catch {
      // e.g. a view over a SharedArrayBuffer, which WebCrypto refuses: hash it ourselves.
    }
  }
  return new Sha256().update(data).hex();
}

/** `sha256:<hex>` of in-memory bytes. */
export async function sha256Digest(data: Uint8Array): Promise<string> {
  return `sha256:${await sha256Hex(data)}`;
}

/** `sha256:<hex>` of a stream, hashed as it goes (WebCrypto has no streaming digest). */
export async function sha256OfChunks(chunks: AsyncIterable<Uint8Array>): Promise<string> {
  const hasher = new Sha256();
  for await (const chunk of chunks) hasher.update(chunk);
  return `sha256:${hasher.hex()}`;
}

/**
 * Pass chunks through unchanged while feeding them to `hasher`: hash a layer's compressed bytes
 * while they are being decompressed, in one pass. Read `hasher` once the stream is drained.
 */
export async function* hashingTee(chunks: AsyncIterable<Uint8Array>, hasher: Sha256Hasher): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) {
    hasher.update(chunk);
    yield chunk;
  }
}

/** Digests already computed, per source: sources never change, and patterned ones are long. */
const sourceDigests = new WeakMap<ByteSource, Promise<string>>();

/** Tell `sha256OfSource` the digest of a source whose bytes were hashed as it was written (a push's gzip). */
export function rememberDigest(source: ByteSource, digest: string): void {
  sourceDigests.set(source, Promise.resolve(digest));
}

/**
 * `sha256:<hex>` of a source, read in 1 MiB chunks (a patterned file's bytes exist one chunk at
 * a time) and remembered for the source.
 */
export function sha256OfSource(source: ByteSource): Promise<string> {
  let digest = sourceDigests.get(source);
  if (!digest) {
    const bytes = bytesInMemory(source);
    digest = bytes ? sha256Digest(bytes) : sha256OfChunks(readChunks(source));
    sourceDigests.set(source, digest);
  }
  return digest;
}
