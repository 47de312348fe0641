import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { registerPlatformGunzip, type PlatformGunzip } from '../engine/compression/decompress.ts';

/** zlib's output chunk: large enough that per-chunk overhead vanishes, small enough to cap bombs promptly. */
const CHUNK_BYTES = 256 * 1024;

/**
 * gunzip through Node's zlib stream (multi-member input included). Leaving the loop early
 * destroys the stream, which stops the decoder and the input.
 */
export const nodeGunzip: PlatformGunzip = (chunks) => {
  const gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
  // pipeline (unlike pipe) passes an input error on to `gunzip`, and destroying `gunzip` ends the input.
  pipeline(Readable.from(chunks, { objectMode: false }), gunzip, () => {});
  return gunzip;
};

/** The engine's platform hooks for Node: call once at start-up (the CLI, the benchmark). */
export function installNodePlatform(): void {
  registerPlatformGunzip(nodeGunzip);
}
