import { DigestMismatchError, ImageFormatError } from '../errors.ts';
import { Sha256 } from '../hash/sha256.ts';
import type { ArchiveFiles } from './archive-files.ts';
import { blobPath } from './digest.ts';
import type { LayerCache } from './docker-archive.ts';
import { familiarName, formatPlatform, makeImage, platformOfConfig } from './image.ts';
import { expectObject, isObject, parseConfigFile, parseIndex, parseJson, parseManifest } from './json.ts';
import { missingLayer, openBlobLayer } from './layer.ts';
import { isForeignLayerMediaType, isIndexMediaType, isManifestMediaType } from './media-types.ts';
import type { Descriptor, Image, Layer, Platform } from './types.ts';

/**
 * OCI image layout archives (`oci-layout`, `index.json`, `blobs/sha256/…`), as written by
 * buildkit, skopeo, crane and Docker 25+ — after go-containerregistry's `pkg/v1/layout`.
 * Indexes may nest (an index of indexes of manifests); each manifest is one image for one
 * platform. https://github.com/opencontainers/image-spec/blob/main/image-layout.md
 */

/** Deeper nesting than this is not something real tools write. */
const MAX_INDEX_DEPTH = 8;

const REF_NAME = 'org.opencontainers.image.ref.name';
const CONTAINERD_NAME = 'io.containerd.image.name';

/** One manifest an index lists: an image for one platform, loaded or not. */
export interface ArchivePlatform {
  /** `os/arch[/variant]`, e.g. `linux/arm64/v8`. */
  platform: string;
  /** The manifest's digest; absent for docker-save images, which have no stored manifest. */
  manifestDigest?: string;
  refs: string[];
  /** False when the manifest blob is not in the archive (e.g. saved with `--platform`). */
  available: boolean;
}

export interface OciLayoutContents {
  images: Image[];
  platforms: ArchivePlatform[];
}

export async function readOciLayout(files: ArchiveFiles, layerCache: LayerCache = new Map()): Promise<OciLayoutContents> {
  await checkLayoutVersion(files);
  const { value } = await files.readJson('index.json');
  const index = parseIndex(value, 'index.json');
  const out: OciLayoutContents = { images: [], platforms: [] };
  const walker = new IndexWalker(files, layerCache, out);
  for (const [i, descriptor] of index.manifests.entries()) {
    await walker.visit(descriptor, refsOf(descriptor.annotations), 0, `index.json manifests[${i}]`);
  }
  return out;
}

async function checkLayoutVersion(files: ArchiveFiles): Promise<void> {
  const { value } = await files.readJson('oci-layout');
  const version = expectObject(value, 'oci-layout').imageLayoutVersion;
  if (typeof version !== 'string' || !version.startsWith('1.')) {
    throw new ImageFormatError(`oci-layout: unsupported imageLayoutVersion ${JSON.stringify(version)}`);
  }
}

/**
 * Walks index.json depth-first. A manifest reached more than once (tagged twice, or listed by
 * two indexes) is one image with the refs of every path to it.
 */
class IndexWalker {
  private readonly seen = new Set<string>();
  /** Position in `out.platforms` (and, when loaded, `out.images`) of each manifest visited. */
  private readonly byManifest = new Map<string, { platform: number; image?: number }>();

  constructor(
    private readonly files: ArchiveFiles,
    private readonly layerCache: LayerCache,
    private readonly out: OciLayoutContents,
  ) {}

  async visit(descriptor: Descriptor, refs: string[], depth: number, what: string): Promise<void> {
    if (depth > MAX_INDEX_DEPTH) throw new ImageFormatError(`${what}: indexes nest more than ${MAX_INDEX_DEPTH} deep`);
    if (isAttestation(descriptor)) return; // buildkit provenance / SBOM, not an image
    const known = this.byManifest.get(descriptor.digest);
    if (known) return this.addRefs(known, refs);
    const path = blobPath(descriptor.digest);
    if (!this.files.has(path)) {
      this.byManifest.set(descriptor.digest, { platform: this.out.platforms.length });
      this.out.platforms.push({ platform: formatPlatform(descriptor.platform), manifestDigest: descriptor.digest, refs, available: false });
      return;
    }
    const key = `${descriptor.digest}\n${refs.join(',')}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const value = await readVerifiedBlob(this.files, descriptor, what);
    const kind = documentKind(descriptor.mediaType, value);
    if (kind === 'index') {
      const index = parseIndex(value, `${what} (index ${descriptor.digest})`);
      for (const [i, child] of index.manifests.entries()) {
        const childRefs = refsOf(child.annotations);
        await this.visit(child, childRefs.length > 0 ? childRefs : refs, depth + 1, `index ${descriptor.digest} manifests[${i}]`);
      }
      return;
    }
    const image = await this.readImage(descriptor, value, refs, `${what} (manifest ${descriptor.digest})`);
    this.byManifest.set(descriptor.digest, { platform: this.out.platforms.length, image: this.out.images.length });
    this.out.images.push(image);
    this.out.platforms.push({ platform: formatPlatform(image.platform), manifestDigest: descriptor.digest, refs, available: true });
  }

  private addRefs(known: { platform: number; image?: number }, refs: readonly string[]): void {
    const platform = this.out.platforms[known.platform]!;
    platform.refs = union(platform.refs, refs);
    if (known.image === undefined) return;
    const image = this.out.images[known.image]!;
    this.out.images[known.image] = { ...image, repoTags: union(image.repoTags, refs) };
  }

  private async readImage(descriptor: Descriptor, value: unknown, refs: string[], what: string): Promise<Image> {
    const manifest = parseManifest(value, what);
    const configPath = blobPath(manifest.config.digest);
    if (!this.files.has(configPath)) throw new ImageFormatError(`${what}: config blob ${manifest.config.digest} is missing from the archive`);
    const rawConfig = await this.files.readSmall(configPath, `${what}: config`);
    const configFile = parseConfigFile(parseJson(rawConfig, `${what}: config`), `${what}: config`);
    const diffIds = configFile.rootfs.diff_ids;
    if (diffIds.length !== manifest.layers.length) {
      throw new ImageFormatError(`${what}: the config lists ${diffIds.length} diff_ids but the manifest has ${manifest.layers.length} layers`);
    }
    const layers = await Promise.all(manifest.layers.map((layer, j) => this.layer(layer, diffIds[j]!, `${what}: layer ${j}`)));
    const platform: Platform | undefined = descriptor.platform ?? platformOfConfig(configFile);
    return makeImage({
      rawConfig,
      configFile,
      claimedConfigDigest: manifest.config.digest,
      manifest,
      manifestDigest: descriptor.digest,
      layers,
      repoTags: refs,
      ...(platform ? { platform } : {}),
      what,
    });
  }

  private layer(descriptor: Descriptor, diffId: string, what: string): Promise<Layer> {
    const key = `${descriptor.digest}\n${diffId}`;
    let layer = this.layerCache.get(key);
    if (!layer) {
      layer = this.openLayer(descriptor, diffId, what);
      this.layerCache.set(key, layer);
    }
    return layer;
  }

  private async openLayer(descriptor: Descriptor, diffId: string, what: string): Promise<Layer> {
    const path = blobPath(descriptor.digest);
    const foreign = isForeignLayerMediaType(descriptor.mediaType);
    if (!this.files.has(path)) {
      if (foreign) return missingLayer(descriptor, diffId, true);
      throw new ImageFormatError(`${what}: blob ${descriptor.digest} is missing from the archive`);
    }
    return openBlobLayer({
      blob: this.files.open(path, what),
      digest: descriptor.digest,
      diffId,
      mediaType: descriptor.mediaType,
      ...(foreign ? { foreign } : {}),
      ...(descriptor.urls ? { urls: descriptor.urls } : {}),
    });
  }
}

/**
 * Read a small JSON blob (index or manifest) and check it against its descriptor: refs and
 * platforms are taken from it, so a blob that is not what its digest says is not trusted.
 */
async function readVerifiedBlob(files: ArchiveFiles, descriptor: Descriptor, what: string): Promise<unknown> {
  const bytes = await files.readSmall(blobPath(descriptor.digest), what);
  const actual = `sha256:${new Sha256().update(bytes).hex()}`;
  if (actual !== descriptor.digest) throw new DigestMismatchError(what, descriptor.digest, actual);
  return parseJson(bytes, what);
}

/** Media types are optional in descriptors: fall back to the document's shape. */
function documentKind(mediaType: string, value: unknown): 'index' | 'manifest' {
  if (isIndexMediaType(mediaType)) return 'index';
  if (isManifestMediaType(mediaType)) return 'manifest';
  if (isObject(value) && Array.isArray(value.manifests)) return 'index';
  return 'manifest';
}

/** buildkit attaches attestations as manifests for platform unknown/unknown. */
function isAttestation(descriptor: Descriptor): boolean {
  return (
    descriptor.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' ||
    (descriptor.platform?.os === 'unknown' && descriptor.platform.architecture === 'unknown')
  );
}

/**
 * Image names from a descriptor's annotations. containerd (and Docker 25+) write the full name;
 * the OCI annotation is often just the tag, and is used only when there is nothing better.
 * https://github.com/opencontainers/image-spec/blob/main/annotations.md#pre-defined-annotation-keys
 */
function refsOf(annotations: Record<string, string> | undefined): string[] {
  const full = annotations?.[CONTAINERD_NAME];
  if (full) return [familiarName(full)];
  const ref = annotations?.[REF_NAME];
  return ref ? [ref] : [];
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}
