/**
 * The few platform APIs the engine uses. Web workers, browsers and Node 20+ all have them; they
 * are typed here, narrowly, so that the engine compiles against the language's own library only
 * (tsconfig.engine.json: no DOM, no Node types) and so stays runnable everywhere.
 */

/** What the engine needs of a `Blob`/`File`. */
export interface PlatformBlob {
  readonly size: number;
  slice(start?: number, end?: number): PlatformBlob;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export interface PlatformStreamReader<T> {
  read(): Promise<{ done: true; value?: undefined } | { done: false; value: T }>;
  cancel(reason?: unknown): Promise<void>;
  releaseLock(): void;
}

export interface PlatformStreamWriter<T> {
  write(chunk: T): Promise<void>;
  close(): Promise<void>;
  abort(reason?: unknown): Promise<void>;
  readonly ready: Promise<void>;
}

export interface PlatformDecompressionStream {
  readonly readable: { getReader(): PlatformStreamReader<Uint8Array> };
  readonly writable: { getWriter(): PlatformStreamWriter<Uint8Array> };
}

interface PlatformGlobals {
  crypto?: {
    subtle?: { digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer> };
    getRandomValues?(array: Uint8Array): Uint8Array;
  };
  DecompressionStream?: new (format: 'gzip' | 'deflate' | 'deflate-raw') => PlatformDecompressionStream;
  /** Only synchronous compile/instantiate of small self-emitted modules (see hash/compress-wasm.ts). */
  WebAssembly?: {
    Module: new (bytes: Uint8Array) => object;
    Instance: new (module: object, imports?: object) => { readonly exports: object };
  };
  TextEncoder: new () => { encode(input?: string): Uint8Array };
  TextDecoder: new (
    label?: string,
    options?: { fatal?: boolean },
  ) => { decode(input?: Uint8Array, options?: { stream?: boolean }): string };
}

/** The global object, seen through the narrow types above. Feature-test optional members. */
export const platform = globalThis as unknown as PlatformGlobals;

const encoder = new platform.TextEncoder();
const utf8Decoder = new platform.TextDecoder('utf-8');
const strictUtf8Decoder = new platform.TextDecoder('utf-8', { fatal: true });

export function encodeUtf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Decode UTF-8, replacing invalid sequences with U+FFFD. */
export function decodeUtf8(bytes: Uint8Array): string {
  return utf8Decoder.decode(bytes);
}

/** Decode UTF-8, or return `undefined` when the bytes are not valid UTF-8. */
export function decodeUtf8Strict(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8Decoder.decode(bytes);
  } catch {
    return undefined;
  }
}
