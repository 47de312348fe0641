/**
 * `docker save`: the archive as the classic image store writes it, entry for entry.
 *
 * - Docker 25+ (default): an OCI image layout (`oci-layout`, `index.json`, `blobs/sha256/…`
 *   holding each config, each uncompressed layer under its diff_id, each layer's v1 JSON and an
 *   OCI manifest per image) plus Docker's `manifest.json` and `repositories`.
 * - Docker ≤ 24 (`legacy`): one directory per v1 layer (`VERSION`, `json`, `layer.tar`), the
 *   config as `<id>.json`, `manifest.json` and `repositories`.
 *
 * Entries come in the order Go's filepath.Walk gives (sorted by name), with the modes and
 * mtimes moby sets: image creation time for blobs and layers, the epoch for manifest.json,
 * oci-layout and repositories, the time of the save for what it writes last.
 * https://github.com/moby/moby/blob/v27.5.1/image/tarexport/save.go
 *
 * The archive is produced as a stream of chunks whose total length is known up front, so a
 * caller can fill one buffer (or a file) without ever holding a second copy of a layer.
 */
import { LayerlabError } from '../errors.ts';
import { collect, MemorySource, type ByteSource } from '../io/byte-source.ts';
import { ConcatSource } from '../io/concat-source.ts';
import { ZeroSource } from '../io/pattern-source.ts';
import { Sha256 } from '../hash/sha256.ts';
import { MediaType } from '../image/media-types.ts';
import type { Image } from '../image/types.ts';
import { encodeUtf8 } from '../platform.ts';
import { BLOCK_SIZE } from '../tar/header.ts';
import { encodeTarHeader, type TarWriteEntry } from '../tar/write-tar.ts';
import { goJson, goMap } from './go-json.ts';
import type { StoredLayer } from './image-store.ts';
import { familiarName, fullString, type ImageReference } from './reference.ts';
import { v1Layers } from './v1-image.ts';

export type SaveFormat = 'oci' | 'legacy';

export interface ImageToSave {
  image: Image;
  /** Tags to record (in manifest.json, repositories and index.json). */
  tags: readonly ImageReference[];
  /** The image's layers from the store, bottom first. */
  layers: readonly StoredLayer[];
}

export interface SavedArchive {
  readonly byteLength: number;
  chunks(): AsyncIterable<Uint8Array>;
  /**
   * The archive as a source, for a file: headers and JSON in memory, each layer the source its
   * tar is kept as (a catalog layer: literal bytes and pattern runs), so a 21 MB archive costs
   * kilobytes. A layer kept only compressed is decompressed into memory.
   */
  source(): Promise<ByteSource>;
}

interface ArchiveEntry {
  header: TarWriteEntry;
  data?: Uint8Array;
  /** A layer tar streamed from the store. */
  layer?: StoredLayer;
}

const EPOCH = 0;
const hexOf = (digest: string) => digest.slice(digest.indexOf(':') + 1);
const secondsOf = (rfc3339: unknown): number => {
  const ms = typeof rfc3339 === 'string' ? Date.parse(rfc3339) : NaN;
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : EPOCH;
};
const digestOf = (bytes: Uint8Array) => `sha256:${new Sha256().update(bytes).hex()}`;

/** @param nowSeconds the time of the save (mtime of what Docker writes without setting one) */
export function saveArchive(images: readonly ImageToSave[], format: SaveFormat, nowSeconds: number): SavedArchive {
  for (const { image } of images) {
    if (image.configFile.rootfs.diff_ids.length === 0) throw new LayerlabError('EINVAL', 'empty export - not implemented');
  }
  const entries = format === 'oci' ? ociEntries(images, nowSeconds) : legacyEntries(images, nowSeconds);
  let byteLength = 2 * BLOCK_SIZE;
  const headers = entries.map((entry) => encodeTarHeader(entry.header));
  for (const [i, entry] of entries.entries()) byteLength += headers[i]!.length + padded(entry.header.size ?? 0);
  return {
    byteLength,
    async *chunks() {
      for (const [i, entry] of entries.entries()) {
        yield headers[i]!;
        const size = entry.header.size ?? 0;
        if (entry.data) yield entry.data;
        else if (entry.layer) yield* layerTar(entry.layer);
        if (padded(size) > size) yield new Uint8Array(padded(size) - size);
      }
      yield new Uint8Array(2 * BLOCK_SIZE);
    },
    async source() {
      const parts: ByteSource[] = [];
      for (const [i, entry] of entries.entries()) {
        parts.push(new MemorySource(headers[i]!));
        const size = entry.header.size ?? 0;
        if (entry.data) parts.push(new MemorySource(entry.data));
        else if (entry.layer) parts.push(await layerTarSource(entry.layer));
        if (padded(size) > size) parts.push(new ZeroSource(padded(size) - size));
      }
      parts.push(new ZeroSource(2 * BLOCK_SIZE));
      return new ConcatSource(parts);
    },
  };
}

/** A layer's uncompressed tar as a source, checked to be as long as the header said. */
async function layerTarSource(layer: StoredLayer): Promise<ByteSource> {
  const kept = await layer.layer.tarSource?.();
  const tar = kept ?? new MemorySource(await collect(layerTar(layer), layer.tarSize, `layer ${layer.diffId}`));
  if (tar.size !== layer.tarSize) throw new LayerlabError('EIO', `layer ${layer.diffId}: expected ${layer.tarSize} bytes of tar, read ${tar.size}`);
  return tar;
}

const padded = (size: number) => Math.ceil(size / BLOCK_SIZE) * BLOCK_SIZE;

/** A layer's uncompressed tar, checked to be exactly as long as the header said. */
async function* layerTar(layer: StoredLayer): AsyncGenerator<Uint8Array> {
  let written = 0;
  for await (const chunk of layer.layer.uncompressed()) {
    written += chunk.length;
    if (written > layer.tarSize) break;
    yield chunk;
  }
  if (written !== layer.tarSize) throw new LayerlabError('EIO', `layer ${layer.diffId}: expected ${layer.tarSize} bytes of tar, read ${written}`);
}

const dir = (name: string, mtime: number): ArchiveEntry => ({ header: { name, type: 'directory', mode: 0o755, mtime } });
const file = (name: string, data: Uint8Array, mtime: number): ArchiveEntry => ({ header: { name, type: 'file', mode: 0o644, mtime, size: data.length }, data });
const layerFile = (name: string, layer: StoredLayer, mtime: number): ArchiveEntry => ({
  header: { name, type: 'file', mode: 0o644, mtime, size: layer.tarSize },
  layer,
});

/** `repositories`: familiar name → tag → top layer (a diff_id for Docker 25+, a v1 ID before). */
function repositoriesFile(images: readonly { tags: readonly ImageReference[]; top: string }[]): Uint8Array | undefined {
  const repos: Record<string, Record<string, string>> = {};
  for (const { tags, top } of images) for (const tag of tags) (repos[familiarName(tag)] ??= {})[tag.tag!] = hexOf(top);
  if (Object.keys(repos).length === 0) return undefined;
  const sorted = goMap(Object.fromEntries(Object.entries(repos).map(([name, tags]) => [name, goMap(tags)!])));
  return encodeUtf8(goJson(sorted) + '\n');
}

const familiarTag = (tag: ImageReference) => `${familiarName(tag)}:${tag.tag}`;

function platformOf(image: Image): Record<string, unknown> {
  const config = image.configFile;
  const platform: Record<string, unknown> = { architecture: config.architecture, os: config.os };
  if (typeof config['os.version'] === 'string' && config['os.version']) platform['os.version'] = config['os.version'];
  if (Array.isArray(config['os.features']) && config['os.features'].length > 0) platform['os.features'] = config['os.features'];
  if (config.variant) platform['variant'] = config.variant;
  return platform;
}

function ociEntries(images: readonly ImageToSave[], now: number): ArchiveEntry[] {
  const blobs = new Map<string, ArchiveEntry>();
  const addBlob = (digest: string, entry: Omit<ArchiveEntry, 'header'> & { mtime: number }) => {
    const name = `blobs/sha256/${hexOf(digest)}`;
    blobs.set(name, entry.layer ? layerFile(name, entry.layer, entry.mtime) : file(name, entry.data!, entry.mtime));
  };
  const manifestItems: unknown[] = [];
  const descriptors: unknown[] = [];
  const savedV1 = new Set<string>();
  const savedDiffIds = new Set<string>();
  let blobsMtime = EPOCH;
  for (const { image, tags, layers } of images) {
    const created = secondsOf(image.configFile.created);
    const layerSources: Record<string, unknown> = {};
    for (const [i, v1] of v1Layers(image.configFile).entries()) {
      const layer = layers[i]!;
      layerSources[v1.diffId] = { mediaType: MediaType.ociLayer, size: layer.tarSize, digest: v1.diffId };
      if (savedV1.has(v1.id)) continue;
      // A layer already written under another v1 ID keeps its file; this JSON then keeps "now".
      const fresh = !savedDiffIds.has(v1.diffId);
      const json = encodeUtf8(v1.json);
      addBlob(digestOf(json), { data: json, mtime: fresh ? created : now });
      if (fresh) addBlob(v1.diffId, { layer, mtime: created });
      savedV1.add(v1.id);
      savedDiffIds.add(v1.diffId);
    }
    addBlob(image.id, { data: image.rawConfig, mtime: created });
    blobsMtime = created;
    const platform = platformOf(image);
    const manifest = encodeUtf8(
      goJson({
        schemaVersion: 2,
        mediaType: MediaType.ociManifest,
        config: { mediaType: MediaType.ociConfig, digest: image.id, size: image.rawConfig.length, platform },
        layers: image.configFile.rootfs.diff_ids.map((diffId, i) => ({ mediaType: MediaType.ociLayer, digest: diffId, size: layers[i]!.tarSize })),
      }),
    );
    const manifestDigest = digestOf(manifest);
    addBlob(manifestDigest, { data: manifest, mtime: EPOCH });
    for (const tag of tags) {
      descriptors.push({
        mediaType: MediaType.ociManifest,
        digest: manifestDigest,
        size: manifest.length,
        annotations: { 'io.containerd.image.name': fullString(tag), 'org.opencontainers.image.ref.name': tag.tag },
        platform,
      });
    }
    manifestItems.push({
      Config: `blobs/sha256/${hexOf(image.id)}`,
      RepoTags: tags.length > 0 ? tags.map(familiarTag) : null,
      Layers: image.configFile.rootfs.diff_ids.map((d) => `blobs/sha256/${hexOf(d)}`),
      LayerSources: goMap(layerSources),
    });
  }
  const index = { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: descriptors.length > 0 ? descriptors : null };
  const repositories = repositoriesFile(images.map(({ image, tags }) => ({ tags, top: image.configFile.rootfs.diff_ids.at(-1)! })));
  return [
    dir('blobs', blobsMtime),
    // Writing each manifest blob touches the directory after its times were set.
    dir('blobs/sha256', now),
    ...[...blobs.keys()].sort().map((name) => blobs.get(name)!),
    file('index.json', encodeUtf8(goJson(index)), now),
    file('manifest.json', encodeUtf8(goJson(manifestItems) + '\n'), EPOCH),
    file('oci-layout', encodeUtf8('{"imageLayoutVersion": "1.0.0"}'), EPOCH),
    ...(repositories ? [file('repositories', repositories, EPOCH)] : []),
  ];
}

function legacyEntries(images: readonly ImageToSave[], now: number): ArchiveEntry[] {
  /** Top-level name → its entries (a v1 layer directory and its files, or a config). */
  const top = new Map<string, ArchiveEntry[]>();
  const layerPathByDiffId = new Map<string, string>();
  const manifestItems: unknown[] = [];
  const repoImages: { tags: readonly ImageReference[]; top: string }[] = [];
  for (const { image, tags, layers } of images) {
    const created = secondsOf(image.configFile.created);
    const v1 = v1Layers(image.configFile);
    for (const [i, layer] of v1.entries()) {
      const name = hexOf(layer.id);
      if (top.has(name)) continue;
      const known = layerPathByDiffId.get(layer.diffId);
      const files: ArchiveEntry[] = [];
      files.push(file(`${name}/VERSION`, encodeUtf8('1.0'), known ? now : created));
      files.push(file(`${name}/json`, encodeUtf8(layer.json), known ? now : created));
      if (known) {
        files.push({ header: { name: `${name}/layer.tar`, type: 'symlink', mode: 0o777, mtime: now, linkname: `../${known}` } });
      } else {
        files.push(layerFile(`${name}/layer.tar`, layers[i]!, created));
        layerPathByDiffId.set(layer.diffId, `${name}/layer.tar`);
      }
      top.set(name, [dir(name, known ? now : created), ...files]);
    }
    top.set(`${hexOf(image.id)}.json`, [file(`${hexOf(image.id)}.json`, image.rawConfig, created)]);
    manifestItems.push({
      Config: `${hexOf(image.id)}.json`,
      RepoTags: tags.length > 0 ? tags.map(familiarTag) : null,
      Layers: v1.map((l) => `${hexOf(l.id)}/layer.tar`),
    });
    repoImages.push({ tags, top: v1.at(-1)!.id });
  }
  const repositories = repositoriesFile(repoImages);
  return [
    ...[...top.keys()].sort().flatMap((name) => top.get(name)!),
    file('manifest.json', encodeUtf8(goJson(manifestItems) + '\n'), EPOCH),
    ...(repositories ? [file('repositories', repositories, EPOCH)] : []),
  ];
}
