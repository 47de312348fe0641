import { ImageFormatError } from '../errors.ts';

/**
 * Content digests (`algorithm:hex`). A digest read from an archive is untrusted: it becomes a
 * path (`blobs/sha256/<hex>`), so it is validated before any use — `sha256:../../etc` must never
 * name a file outside blobs/.
 * https://github.com/opencontainers/image-spec/blob/main/descriptor.md#digests
 */

const SHA256_DIGEST = /^sha256:[0-9a-f]{64}$/;
const ANY_DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

export function isSha256Digest(value: unknown): value is string {
  return typeof value === 'string' && SHA256_DIGEST.test(value);
}

/** Return `value` if it is a well-formed sha256 digest, else throw an ImageFormatError naming `what`. */
export function checkDigest(value: unknown, what: string): string {
  if (isSha256Digest(value)) return value;
  if (typeof value === 'string' && ANY_DIGEST.test(value) && !value.startsWith('sha256:')) {
    throw new ImageFormatError(`${what}: unsupported digest algorithm in ${JSON.stringify(value.slice(0, 80))}`);
  }
  throw new ImageFormatError(`${what}: invalid digest ${JSON.stringify(String(value).slice(0, 80))}`);
}

/** The path of a blob inside an OCI image layout. https://github.com/opencontainers/image-spec/blob/main/image-layout.md#blobs */
export function blobPath(digest: string): string {
  const checked = checkDigest(digest, 'blob');
  return `blobs/sha256/${checked.slice('sha256:'.length)}`;
}

/** The digest a file name claims to be (`<hex>`, `<hex>.json`, `sha256:<hex>`), if any. */
export function digestFromFileName(path: string): string | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const match = /^(?:sha256:)?([0-9a-f]{64})(?:\.json)?$/.exec(base);
  return match ? `sha256:${match[1]}` : undefined;
}

