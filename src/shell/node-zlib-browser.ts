/**
 * What just-bash's browser bundle imports from `node:zlib` (its gzip, gunzip and zcat, and rg's
 * reading of gzip files), made of fflate, which the engine's worker has anyway. Node's
 * `gzipSync` writes mtime 0 and OS 3 (Unix) in the header, as GNU gzip does for a pipe; so does this.
 * vite.config.ts points `node:zlib` here for the page's build; Node uses its own zlib.
 */
import { gunzipSync as fflateGunzip, gzipSync as fflateGzip } from 'fflate';

export const constants = { Z_BEST_SPEED: 1, Z_BEST_COMPRESSION: 9, Z_DEFAULT_COMPRESSION: -1 } as const;

type Level = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

interface ZlibOptions {
  level?: number;
  /** Node throws a RangeError past this many output bytes (the caller's memory limit). */
  maxOutputLength?: number;
}

function limited(out: Uint8Array, options: ZlibOptions): Uint8Array {
  if (options.maxOutputLength !== undefined && out.length > options.maxOutputLength) {
    throw new RangeError(`Cannot create a Buffer larger than ${options.maxOutputLength} bytes`);
  }
  return out;
}

export function gzipSync(data: Uint8Array, options: ZlibOptions = {}): Uint8Array {
  const level = options.level === undefined || options.level < 0 ? 6 : Math.min(9, options.level);
  const out = fflateGzip(data, { level: level as Level, mtime: 0 });
  out[9] = 3; // OS: Unix, as zlib writes it
  return limited(out, options);
}

export function gunzipSync(data: Uint8Array, options: ZlibOptions = {}): Uint8Array {
  return limited(fflateGunzip(data), options);
}
