/**
 * Every failure the engine reports on purpose is a `LayerlabError`: callers (the CLI, the
 * worker, the shell) print `error.message` as one line and carry on. Anything else that escapes
 * is a bug in the engine.
 */
export class LayerlabError extends Error {
  /** A stable, machine-readable kind, e.g. `TAR_FORMAT`, `ENOENT`. */
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
    this.name = new.target.name;
  }
}

/** Malformed tar input. `offset` is the byte offset (in the uncompressed tar stream) of the problem. */
export class TarFormatError extends LayerlabError {
  readonly offset: number;
  readonly reason: string;
  constructor(offset: number, reason: string) {
    super('TAR_FORMAT', `invalid tar at byte ${offset}: ${reason}`);
    this.offset = offset;
    this.reason = reason;
  }
}

/** A corrupt or truncated compressed stream (gzip, zstd). */
export class CompressionError extends LayerlabError {
  constructor(message: string) {
    super('COMPRESSION', message);
  }
}

/** Decompression produced more than the configured cap: most likely a decompression bomb. */
export class DecompressionLimitError extends LayerlabError {
  readonly limit: number;
  constructor(limit: number) {
    super('DECOMPRESSION_LIMIT', `decompressed data exceeds the limit of ${limit} bytes (possible decompression bomb)`);
    this.limit = limit;
  }
}

/** An image archive whose structure (manifest.json, index.json, blobs…) is not what the format requires. */
export class ImageFormatError extends LayerlabError {
  constructor(message: string) {
    super('IMAGE_FORMAT', message);
  }
}

/** Content whose sha256 is not the digest that names it. */
export class DigestMismatchError extends LayerlabError {
  readonly expected: string;
  readonly actual: string;
  constructor(what: string, expected: string, actual: string) {
    super('DIGEST_MISMATCH', `${what}: digest mismatch: expected ${expected}, got ${actual}`);
    this.expected = expected;
    this.actual = actual;
  }
}

/** A reference (image name, tag, digest, platform) that the archive does not hold. */
export class NotFoundError extends LayerlabError {
  constructor(message: string) {
    super('NOT_FOUND', message);
  }
}

export type FsErrorCode =
  | 'ENOENT'
  | 'ENOTDIR'
  | 'EISDIR'
  | 'ELOOP'
  | 'EEXIST'
  | 'ENOTEMPTY'
  | 'EINVAL'
  | 'EPERM'
  | 'EROFS'
  | 'ENAMETOOLONG'
  | 'EACCES'
  | 'ENOSPC'
  | 'ENXIO'
  | 'EBUSY';

const FS_ERROR_TEXT: Record<FsErrorCode, string> = {
  ENOENT: 'No such file or directory',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  ELOOP: 'Too many levels of symbolic links',
  EEXIST: 'File exists',
  ENOTEMPTY: 'Directory not empty',
  EINVAL: 'Invalid argument',
  EPERM: 'Operation not permitted',
  EROFS: 'Read-only file system',
  ENAMETOOLONG: 'File name too long',
  EACCES: 'Permission denied',
  ENOSPC: 'No space left on device',
  ENXIO: 'No such device or address',
  EBUSY: 'Device or resource busy',
};

/** glibc's strerror words for an errno name: FsError's codes and the others Node reports. */
const ERRNO_TEXT: Readonly<Record<string, string>> = { ...FS_ERROR_TEXT, EACCES: 'Permission denied', EMFILE: 'Too many open files' };

/** strerror(3) of an errno name (`ENOENT` → "No such file or directory"); undefined for one we do not know. */
export function errnoText(code: string): string | undefined {
  return Object.hasOwn(ERRNO_TEXT, code) ? ERRNO_TEXT[code] : undefined;
}

/**
 * A filesystem error with the POSIX code; the message is what coreutils print after the program
 * name (`/etc/nope: No such file or directory`). `syscall` says which operation failed.
 */
export class FsError extends LayerlabError {
  readonly path: string;
  readonly syscall: string;
  constructor(code: FsErrorCode, syscall: string, path: string) {
    super(code, `${path}: ${FS_ERROR_TEXT[code]}`);
    this.path = path;
    this.syscall = syscall;
  }
  /** The text after "name: " in coreutils messages, e.g. "No such file or directory". */
  get strerror(): string {
    return FS_ERROR_TEXT[this.code as FsErrorCode];
  }
}

/** Turn anything thrown into one printable line, without a stack trace. */
export function errorLine(err: unknown): string {
  if (err instanceof LayerlabError) return err.message;
  if (err instanceof RangeError) return `internal limit reached: ${err.message}`;
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}
