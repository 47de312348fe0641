import { CompressionError } from '../errors.ts';

/** The compressions a layer blob can have that layerlab decodes. */
export type Compression = 'gzip' | 'zstd' | 'none';

/** gzip member header, RFC 1952 §2.3.1 (ID1 ID2): https://www.rfc-editor.org/rfc/rfc1952#section-2.3.1 */
export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** zstd frame magic 0xFD2FB528 little-endian, RFC 8878 §3.1.1: https://www.rfc-editor.org/rfc/rfc8878#section-3.1.1 */
export function isZstdFrame(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd;
}

/** zstd skippable frame, magic 0x184D2A5? little-endian (RFC 8878 §3.1.2): a stream may start with one. */
export function isZstdSkippableFrame(head: Uint8Array): boolean {
  return head.length >= 4 && (head[0]! & 0xf0) === 0x50 && head[1] === 0x2a && head[2] === 0x4d && head[3] === 0x18;
}

/** bzip2: "BZh" then the block size digit '1'..'9'. */
export function isBzip2(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68 && head[3]! >= 0x31 && head[3]! <= 0x39;
}

/** xz: FD 37 7A 58 5A 00 (the .xz file format, §2.1.1.1). */
export function isXz(head: Uint8Array): boolean {
  const magic = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];
  return head.length >= magic.length && magic.every((b, i) => head[i] === b);
}

/**
 * The compression of a stream, from its first bytes (pass at least 6). Anything unrecognised is
 * `'none'`: the caller then parses it as a tar and reports what is wrong with it. bzip2 and xz
 * are recognised only to say clearly that they are not supported (OCI layers are tar, tar+gzip
 * or tar+zstd: https://github.com/opencontainers/image-spec/blob/main/layer.md).
 */
export function detectCompression(head: Uint8Array): Compression {
  if (isGzip(head)) return 'gzip';
  if (isZstdFrame(head) || isZstdSkippableFrame(head)) return 'zstd';
  if (isBzip2(head)) throw new CompressionError('bzip2-compressed data is not supported (only gzip and zstd are)');
  if (isXz(head)) throw new CompressionError('xz-compressed data is not supported (only gzip and zstd are)');
  return 'none';
}
