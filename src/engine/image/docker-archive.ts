import { ImageFormatError } from '../errors.ts';
import { normalizeMemberPath, type ArchiveFiles } from './archive-files.ts';
import { digestFromFileName } from './digest.ts';
import { makeImage } from './image.ts';
import { expectArray, expectObject, expectString, isObject, parseConfigFile, parseDescriptor, stringList } from './json.ts';
import { openBlobLayer, missingLayer } from './layer.ts';
import { compressionOfMediaType, dockerLayerMediaType, isForeignLayerMediaType, ociLayerMediaType } from './media-types.ts';
import type { Descriptor, Image, Layer } from './types.ts';

/**
 * `docker save` archives, read through their manifest.json — as go-containerregistry's
 * `pkg/v1/tarball` does. Covers the legacy layout (`<id>/layer.tar`, `<id>.json`) and Docker 25+,
 * whose manifest.json points into an OCI layout's blobs/.
 * https://github.com/moby/moby/blob/master/image/tarexport/tarexport.go (manifestItem)
 */

/** One element of manifest.json. */
export interface DockerManifestItem {
  Config: string;
  RepoTags: string[];
  Layers: string[];
  /** Descriptors of layers that are foreign (non-distributable), by diff_id. */
  LayerSources: Record<string, Descriptor>;
}

/** Layers are shared between images of one archive (same member, same diff_id): open each once. */
export type LayerCache = Map<string, Promise<Layer>>;

export async function readDockerManifest(files: ArchiveFiles): Promise<DockerManifestItem[]> {
  const { value } = await files.readJson('manifest.json');
  if (value === null) throw new ImageFormatError('manifest.json is null: the archive lists no images');
  const items = expectArray(value, 'manifest.json');
  if (items.length === 0) throw new ImageFormatError('manifest.json is an empty list: the archive holds no images');
  return items.map((item, i) => {
    const what = `manifest.json[${i}]`;
    const object = expectObject(item, what);
    const layerSources: Record<string, Descriptor> = {};
    if (isObject(object.LayerSources)) {
      for (const [diffId, descriptor] of Object.entries(object.LayerSources)) {
        layerSources[diffId] = parseDescriptor(descriptor, `${what}.LayerSources`);
      }
    }
    return {
      Config: expectString(object.Config, `${what}.Config`),
      RepoTags: stringList(object.RepoTags, `${what}.RepoTags`),
      Layers: stringList(object.Layers, `${what}.Layers`),
      LayerSources: layerSources,
    };
  });
}

export async function readDockerArchive(files: ArchiveFiles, layerCache: LayerCache = new Map()): Promise<Image[]> {
  const items = await readDockerManifest(files);
  return Promise.all(items.map((item, i) => readDockerImage(files, item, i, layerCache)));
}

async function readDockerImage(files: ArchiveFiles, item: DockerManifestItem, i: number, layerCache: LayerCache): Promise<Image> {
  const what = `image ${i}${item.RepoTags[0] ? ` (${item.RepoTags[0]})` : ''}`;
  const { bytes, value } = await files.readJson(item.Config, `${what}: config ${item.Config}`);
  const configFile = parseConfigFile(value, `${what}: config`);
  const diffIds = configFile.rootfs.diff_ids;
  if (diffIds.length !== item.Layers.length) {
    throw new ImageFormatError(`${what}: the config lists ${diffIds.length} diff_ids but manifest.json lists ${item.Layers.length} layers`);
  }
  const layers = await Promise.all(
    item.Layers.map((path, j) => {
      const diffId = diffIds[j]!;
      const key = `${path}\n${diffId}`;
      let layer = layerCache.get(key);
      if (!layer) {
        layer = openDockerLayer(files, path, diffId, item.LayerSources[diffId], `${what}: layer ${j}`);
        layerCache.set(key, layer);
      }
      return layer;
    }),
  );
  const claimedConfigDigest = digestFromFileName(item.Config);
  return makeImage({
    rawConfig: bytes,
    configFile,
    ...(claimedConfigDigest ? { claimedConfigDigest } : {}),
    layers,
    repoTags: item.RepoTags,
    what,
  });
}

async function openDockerLayer(
  files: ArchiveFiles,
  path: string,
  diffId: string,
  source: Descriptor | undefined,
  what: string,
): Promise<Layer> {
  if (!files.has(path)) {
    // A foreign layer is described in LayerSources and usually left out of the archive.
    if (source) return missingLayer(source, diffId, isForeignLayerMediaType(source.mediaType));
    throw new ImageFormatError(`${what}: ${path} is missing from the archive`);
  }
  const blob = files.open(path, what);
  const inBlobs = normalizeMemberPath(path)?.startsWith('blobs/sha256/') ?? false;
  return openBlobLayer({
    blob,
    // Docker 25+ stores layers as OCI blobs, named by their digest; older saves name them by
    // path, and the digest is worked out from the bytes.
    ...(inBlobs ? { digest: digestFromFileName(path) } : {}),
    diffId,
    // A LayerSources media type is kept when it agrees with the bytes; otherwise the layer is
    // named after what it is.
    mediaType: (compression) =>
      source && compressionOfMediaType(source.mediaType) === compression
        ? source.mediaType
        : inBlobs
          ? ociLayerMediaType(compression)
          : dockerLayerMediaType(compression),
    ...(source && isForeignLayerMediaType(source.mediaType) ? { foreign: true } : {}),
    ...(source?.urls ? { urls: source.urls } : {}),
  });
}
