import { detectCompression } from '../compression/detect.ts';
import { decompress } from '../compression/decompress.ts';
import { ImageFormatError, LayerlabError, NotFoundError } from '../errors.ts';
import { collect, MemorySource, peekStream, readChunks, type ByteSource } from '../io/byte-source.ts';
import { BLOCK_SIZE, HeaderView } from '../tar/header.ts';
import { readTarIndex } from '../tar/read-tar-index.ts';
import { ArchiveFiles } from './archive-files.ts';
import { readDockerArchive, readDockerManifest, type LayerCache } from './docker-archive.ts';
import { familiarName, formatPlatform, parsePlatform, platformMatches } from './image.ts';
import { readLegacyV1Archive } from './legacy-v1.ts';
import { readOciLayout, type ArchivePlatform } from './oci-layout.ts';
import { digestFromFileName } from './digest.ts';
import type { Image } from './types.ts';

export type { ArchivePlatform } from './oci-layout.ts';

/**
 * Opening an image archive: a `docker save` tarball (any Docker version), an OCI image layout
 * tarball, either of them gzip- or zstd-compressed.
 */

export type ArchiveFormat = 'docker-legacy' | 'docker-oci' | 'oci-layout';

export interface OpenArchiveOptions {
  /**
   * Where to put a compressed archive's decompressed bytes so they can be read at random
   * offsets (browser: a Blob; Node: a temp file). Default: memory, up to `maxInMemoryBytes`.
   */
  spool?: (chunks: AsyncIterable<Uint8Array>) => Promise<ByteSource>;
  /** Cap for the default in-memory spool. */
  maxInMemoryBytes?: number;
  /** Cap on a compressed archive's decompressed size (passed to `decompress`). */
  maxDecompressedBytes?: number;
  /** Cap on the number of members of the archive's tar. */
  maxEntries?: number;
}

export interface ImageArchive {
  format: ArchiveFormat;
  /** Every image the archive holds: one per manifest.json entry, or per platform manifest. */
  images: Image[];
  /** Every image manifest listed, including platforms whose blobs the archive leaves out. */
  platforms: ArchivePlatform[];
  /** The archive's files (the uncompressed outer tar). */
  files: ArchiveFiles;
  /**
   * The image named `ref` (a tag, an ID or ID prefix, a manifest digest), for `platform`
   * (`os/arch[/variant]`); by default linux/amd64 when there is a choice, else the first.
   */
  findImage(ref?: string, platform?: string): Image;
}

export const DEFAULT_MAX_IN_MEMORY_ARCHIVE_BYTES = 1024 * 1024 * 1024;

export async function openArchive(source: ByteSource, options: OpenArchiveOptions = {}): Promise<ImageArchive> {
  const tar = await uncompressedArchive(source, options);
  const index = await readTarIndex(tar, options.maxEntries !== undefined ? { maxEntries: options.maxEntries } : {});
  const files = new ArchiveFiles(tar, index);
  const layerCache: LayerCache = new Map();
  const { format, images, platforms } = await readFormat(files, layerCache);
  if (images.length === 0) {
    const listed = platforms.map((p) => `${p.platform} (${p.manifestDigest ?? 'no manifest'})`).join(', ');
    throw new ImageFormatError(`the archive holds no complete image${listed ? `; it lists ${listed} without their blobs` : ''}`);
  }
  return { format, images, platforms, files, findImage: (ref, platform) => findImage(images, ref, platform) };
}

/** The archive as random-access tar bytes: itself, or its decompressed form spooled somewhere. */
async function uncompressedArchive(source: ByteSource, options: OpenArchiveOptions): Promise<ByteSource> {
  const compression = detectCompression(await source.read(0, 8));
  if (compression === 'none') return source;
  const chunks = await startsLikeTar(
    decompress(readChunks(source), compression, {
      ...(options.maxDecompressedBytes !== undefined ? { maxOutputBytes: options.maxDecompressedBytes } : {}),
    }),
    compression,
  );
  if (options.spool) return options.spool(chunks);
  const cap = options.maxInMemoryBytes ?? DEFAULT_MAX_IN_MEMORY_ARCHIVE_BYTES;
  try {
    return new MemorySource(await collect(chunks, cap, 'decompressed archive'));
  } catch (err) {
    if (err instanceof LayerlabError && err.code === 'TOO_LARGE') {
      throw new LayerlabError('TOO_LARGE', `the ${compression}-compressed archive decompresses to more than ${cap} bytes, too much to hold in memory; decompress it first`);
    }
    throw err;
  }
}

/**
 * Check that a decompressed stream begins with a valid tar header before anything is spooled:
 * a compressed file of zeros (or of anything but a tar) fails at once instead of after filling
 * a temp file with gigabytes. Returns the stream with the bytes it looked at put back.
 */
function isTarHeader(block: Uint8Array): boolean {
  try {
    return new HeaderView().point(block, undefined, 0, 0).checksumMatches();
  } catch (err) {
    if (err instanceof LayerlabError) return false; // the checksum field is not even a number
    throw err;
  }
}

async function startsLikeTar(chunks: AsyncIterable<Uint8Array>, compression: string): Promise<AsyncIterable<Uint8Array>> {
  const { head, stream, release } = await peekStream(chunks, BLOCK_SIZE);
  const problem =
    head.length < BLOCK_SIZE
      ? 'is too short to be a tar archive'
      : head.every((b) => b === 0)
        ? 'starts with an empty tar block (an empty archive, or not a tar)'
        : !isTarHeader(head)
          ? 'does not start with a tar header'
          : undefined;
  if (problem === undefined) return stream;
  await release();
  throw new ImageFormatError(`not an image archive: the ${compression} data ${problem}`);
}

async function readFormat(
  files: ArchiveFiles,
  layerCache: LayerCache,
): Promise<{ format: ArchiveFormat; images: Image[]; platforms: ArchivePlatform[] }> {
  const hasDockerManifest = files.has('manifest.json');
  if (files.has('oci-layout') && files.has('index.json')) {
    const oci = await readOciLayout(files, layerCache);
    if (!hasDockerManifest) return { format: 'oci-layout', ...oci };
    // Docker 25+: both views of the same blobs. Prefer the OCI one (real manifests and
    // digests), and take tags from manifest.json; fall back to manifest.json alone when
    // index.json lists nothing (some Docker versions write `"manifests": null`).
    if (oci.images.length === 0) {
      const images = await readDockerArchive(files, layerCache);
      return { format: 'docker-oci', images, platforms: platformsOf(images) };
    }
    await addDockerTags(files, oci.images);
    return { format: 'docker-oci', ...oci };
  }
  if (hasDockerManifest) {
    const images = await readDockerArchive(files, layerCache);
    return { format: 'docker-legacy', images, platforms: platformsOf(images) };
  }
  if (files.has('repositories')) {
    const images = await readLegacyV1Archive(files, layerCache);
    return { format: 'docker-legacy', images, platforms: platformsOf(images) };
  }
  throw new ImageFormatError(
    'not an image archive: no manifest.json, index.json or repositories (a single layer tar, perhaps?)',
  );
}

async function addDockerTags(files: ArchiveFiles, images: Image[]): Promise<void> {
  const items = await readDockerManifest(files);
  for (const [i, image] of images.entries()) {
    const tags = items.filter((item) => digestFromFileName(item.Config) === image.id).flatMap((item) => item.RepoTags);
    const repoTags = [...new Set([...image.repoTags, ...tags])];
    if (repoTags.length !== image.repoTags.length) images[i] = { ...image, repoTags };
  }
}

function platformsOf(images: readonly Image[]): ArchivePlatform[] {
  return images.map((image) => ({
    platform: formatPlatform(image.platform),
    ...(image.manifestDigest ? { manifestDigest: image.manifestDigest } : {}),
    refs: [...image.repoTags],
    available: true,
  }));
}

export function findImage(images: readonly Image[], ref?: string, platform?: string): Image {
  let candidates = ref === undefined ? [...images] : images.filter((image) => imageMatchesRef(image, ref));
  if (candidates.length === 0) {
    throw new NotFoundError(`no image ${ref} in the archive (it has: ${describeImages(images)})`);
  }
  if (platform !== undefined) {
    const want = parsePlatform(platform);
    const matching = candidates.filter((image) => platformMatches(image.platform, want));
    if (matching.length === 0) {
      const have = [...new Set(candidates.map((image) => formatPlatform(image.platform)))].join(', ');
      throw new NotFoundError(`no image${ref ? ` ${ref}` : ''} for platform ${platform} in the archive (it has: ${have})`);
    }
    candidates = matching;
  }
  const preferred = candidates.find((image) => platformMatches(image.platform, { os: 'linux', architecture: 'amd64' }));
  return preferred ?? candidates[0]!;
}

/** A tag (`alpine`, `alpine:3`, `docker.io/library/alpine:3`), an image ID (or a prefix of 12+ hex digits), or a manifest digest. */
function imageMatchesRef(image: Image, ref: string): boolean {
  const want = withDefaultTag(familiarName(ref));
  if (image.repoTags.some((tag) => withDefaultTag(familiarName(tag)) === want || tag === ref)) return true;
  if (ref === image.manifestDigest) return true;
  const hex = ref.startsWith('sha256:') ? ref.slice(7) : ref;
  return /^[0-9a-f]{12,64}$/.test(hex) && image.id.slice(7).startsWith(hex);
}

function withDefaultTag(ref: string): string {
  const lastPart = ref.slice(ref.lastIndexOf('/') + 1);
  return lastPart.includes(':') || lastPart.includes('@') ? ref : `${ref}:latest`;
}

function describeImages(images: readonly Image[]): string {
  return images.map((image) => image.repoTags[0] ?? image.id.slice(7, 19)).join(', ');
}
