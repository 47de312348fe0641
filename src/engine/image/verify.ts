import { decompress } from '../compression/decompress.ts';
import { LayerlabError } from '../errors.ts';
import { hashingTee } from '../hash/digest.ts';
import { Sha256 } from '../hash/sha256.ts';
import { readChunks } from '../io/byte-source.ts';
import { recordLayerCheck } from './layer.ts';
import type { Image, Layer, LayerVerification, VerifyState } from './types.ts';

/**
 * Checking an image against its digests: the config against the image ID / manifest, each
 * blob against its manifest digest, each uncompressed tar against its config diff_id. Each
 * layer is streamed once (hash as stored → decompress → hash again); nothing is held whole.
 * A mismatch is recorded as a state to show, not thrown.
 */

export interface VerifyProgress {
  layerIndex: number;
  layerCount: number;
  /** Bytes of this layer's blob read so far, of `totalBytes`. */
  bytesDone: number;
  totalBytes: number;
}

export interface VerifyOptions {
  onProgress?: (progress: VerifyProgress) => void;
}

export interface LayerReport {
  digest: string;
  diffId: string;
  /** A copy of the layer's verification state after the check. */
  state: LayerVerification;
}

export interface ImageVerification {
  imageId: string;
  /** The config bytes against the digest the manifest (or file name) names them by. */
  config: VerifyState;
  layers: LayerReport[];
  /** Every check that could run passed and none was skipped. */
  ok: boolean;
}

export async function verifyImage(image: Image, options: VerifyOptions = {}): Promise<ImageVerification> {
  const layers: LayerReport[] = [];
  for (const [i, layer] of image.layers.entries()) {
    await verifyLayer(layer, (bytesDone) =>
      options.onProgress?.({ layerIndex: i, layerCount: image.layers.length, bytesDone, totalBytes: layer.size }),
    );
    layers.push({ digest: layer.digest, diffId: layer.diffId, state: { ...layer.verification } });
  }
  const ok =
    image.configVerification === 'verified' && layers.every(({ state }) => state.blob === 'verified' && state.diffId === 'verified');
  return { imageId: image.id, config: image.configVerification, layers, ok };
}

/** Verify one layer in a single pass, updating `layer.verification`. */
export async function verifyLayer(layer: Layer, onBytes?: (bytesDone: number) => void): Promise<LayerVerification> {
  const state = layer.verification as LayerVerification;
  if (layer.missing) return state; // nothing to read; the note says why
  // Blobs never change: a layer shared by several images (or verified again) is hashed once.
  if (state.blob !== 'unchecked' && state.diffId !== 'unchecked') return state;
  const blobHash = new Sha256();
  const tarHash = new Sha256();
  let done = 0;
  // Indexing a compressed layer already hashed its tar (see layer.ts): then only the blob is left.
  const decompressing = layer.compression !== 'none' && state.diffId === 'unchecked';
  const counted = async function* (chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    for await (const chunk of chunks) {
      done += chunk.length;
      onBytes?.(done);
      yield chunk;
    }
  };
  try {
    const stored = hashingTee(counted(readChunks(layer.blob)), blobHash);
    const tar = decompressing ? hashingTee(decompress(stored, layer.compression), tarHash) : stored;
    for await (const _ of tar) {
      // draining: the tees do the hashing
    }
  } catch (err) {
    // A corrupt compressed stream: the blob hash is still meaningful once fully read, the
    // diff_id cannot be computed.
    if (!(err instanceof LayerlabError)) throw err;
    for await (const chunk of readChunks(layer.blob, 1 << 20, done)) blobHash.update(chunk);
    recordLayerCheck(layer, 'blob', layer.digest, `sha256:${blobHash.hex()}`);
    state.diffId = 'mismatch';
    state.note = err.message;
    return state;
  }
  const blobDigest = `sha256:${blobHash.hex()}`;
  recordLayerCheck(layer, 'blob', layer.digest, blobDigest);
  if (layer.compression === 'none') recordLayerCheck(layer, 'diffId', layer.diffId, blobDigest);
  else if (decompressing) recordLayerCheck(layer, 'diffId', layer.diffId, `sha256:${tarHash.hex()}`);
  return state;
}
