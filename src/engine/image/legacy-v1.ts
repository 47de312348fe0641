import { ImageFormatError } from '../errors.ts';
import { encodeUtf8 } from '../platform.ts';
import type { ArchiveFiles } from './archive-files.ts';
import type { LayerCache } from './docker-archive.ts';
import { makeImage } from './image.ts';
import { expectObject, expectString, isObject, parseConfigFile, parseJson } from './json.ts';
import { diffIdOfBlob, openBlobLayer } from './layer.ts';
import { dockerLayerMediaType } from './media-types.ts';
import type { HistoryEntry, Image, ImageConfigFile, Layer } from './types.ts';

/**
 * `docker save` archives from before manifest.json (Docker < 1.10), or any archive that lost
 * it: only `repositories` ({repo: {tag: top layer id}}) and, per layer, `<id>/json` (a v1 image
 * JSON with a `parent` link) and `<id>/layer.tar`. The image is rebuilt the way Docker's
 * `loadLegacy` does: walk the parent chain, hash each layer.tar for its diff_id, and use the
 * archive's `<hex>.json` config if one lists exactly those diff_ids, else derive a config from
 * the top layer's v1 JSON.
 * https://github.com/moby/moby/blob/master/image/tarexport/load.go (legacyLoadImage)
 * https://github.com/moby/moby/blob/master/image/v1/imagev1.go (MakeConfigFromV1Config)
 */

/** Parent chains longer than this are hostile or broken (Docker itself caps images at 127 layers). */
const MAX_CHAIN = 1000;
const V1_ID = /^[0-9a-f]{64}$/;

export async function readLegacyV1Archive(files: ArchiveFiles, layerCache: LayerCache = new Map()): Promise<Image[]> {
  const { value } = await files.readJson('repositories');
  const repositories = expectObject(value, 'repositories');
  const tagsById = new Map<string, string[]>();
  for (const [repo, tags] of Object.entries(repositories)) {
    for (const [tag, id] of Object.entries(expectObject(tags, `repositories.${repo}`))) {
      const topId = expectString(id, `repositories.${repo}.${tag}`);
      if (!V1_ID.test(topId)) throw new ImageFormatError(`repositories.${repo}.${tag}: invalid layer id ${JSON.stringify(topId.slice(0, 80))}`);
      tagsById.set(topId, [...(tagsById.get(topId) ?? []), `${repo}:${tag}`]);
    }
  }
  if (tagsById.size === 0) throw new ImageFormatError('repositories lists no images, and there is no manifest.json');
  const configs = await candidateConfigs(files);
  const images: Image[] = [];
  for (const [topId, repoTags] of tagsById) images.push(await readLegacyImage(files, topId, repoTags, configs, layerCache));
  return images;
}

interface V1Layer {
  id: string;
  json: Record<string, unknown>;
}

async function readLegacyImage(
  files: ArchiveFiles,
  topId: string,
  repoTags: string[],
  configs: readonly StoredConfig[],
  layerCache: LayerCache,
): Promise<Image> {
  const what = `image ${repoTags[0] ?? topId}`;
  const chain: V1Layer[] = [];
  for (let id: string | undefined = topId; id !== undefined; ) {
    if (chain.length >= MAX_CHAIN) throw new ImageFormatError(`${what}: layer parent chain is longer than ${MAX_CHAIN} (a loop?)`);
    if (chain.some((layer) => layer.id === id)) throw new ImageFormatError(`${what}: layer ${id} is its own ancestor`);
    const { value } = await files.readJson(`${id}/json`, `${what}: layer ${id}/json`);
    const json = expectObject(value, `${id}/json`);
    chain.push({ id, json });
    const parent = json.parent;
    if (parent === undefined || parent === null || parent === '') id = undefined;
    else if (typeof parent === 'string' && V1_ID.test(parent)) id = parent;
    else throw new ImageFormatError(`${what}: ${id}/json has an invalid parent ${JSON.stringify(String(parent).slice(0, 80))}`);
  }
  chain.reverse(); // base layer first

  const layers: Layer[] = [];
  for (const { id } of chain) {
    const path = `${id}/layer.tar`;
    const blob = files.open(path, `${what}: layer ${id}`);
    const key = `${path}\n`;
    let layer = layerCache.get(key);
    if (!layer) {
      // No config names this layer's diff_id, so it is computed: one pass over the layer.
      layer = diffIdOfBlob(blob).then((diffId) => openBlobLayer({ blob, diffId, mediaType: dockerLayerMediaType }));
      layerCache.set(key, layer);
    }
    layers.push(await layer);
  }
  const diffIds = layers.map((layer) => layer.diffId);
  const stored = configs.find((c) => sameList(c.configFile.rootfs.diff_ids, diffIds));
  if (stored) {
    return makeImage({ rawConfig: stored.bytes, configFile: stored.configFile, claimedConfigDigest: stored.claimedDigest, layers, repoTags, what });
  }
  const configFile = configFromV1(chain, diffIds);
  return makeImage({ rawConfig: encodeUtf8(JSON.stringify(configFile)), configFile, layers, repoTags, what });
}

interface StoredConfig {
  bytes: Uint8Array;
  configFile: ImageConfigFile;
  claimedDigest: string;
}

/** The top-level `<hex>.json` members: image configs that a manifest.json would have named. */
async function candidateConfigs(files: ArchiveFiles): Promise<StoredConfig[]> {
  const out: StoredConfig[] = [];
  for (const path of files.paths()) {
    const match = /^([0-9a-f]{64})\.json$/.exec(path);
    if (!match) continue;
    try {
      const bytes = await files.readSmall(path);
      const configFile = parseConfigFile(parseJson(bytes, path), path);
      out.push({ bytes, configFile, claimedDigest: `sha256:${match[1]}` });
    } catch (err) {
      if (!(err instanceof ImageFormatError)) throw err; // not a config after all: ignore it
    }
  }
  return out;
}

/** Fields of a v1 layer JSON that describe the layer, not the image. */
const V1_ONLY_FIELDS = ['id', 'parent', 'Size', 'parent_id', 'layer_id', 'throwaway', 'checksum', 'layer.tar'];

function configFromV1(chain: readonly V1Layer[], diffIds: string[]): ImageConfigFile {
  const top = chain[chain.length - 1]!.json;
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(top)) if (!V1_ONLY_FIELDS.includes(key)) config[key] = value;
  config.rootfs = { type: 'layers', diff_ids: diffIds };
  config.history = chain.map(({ json }): HistoryEntry => {
    const entry: HistoryEntry = {};
    if (typeof json.created === 'string') entry.created = json.created;
    if (typeof json.author === 'string') entry.author = json.author;
    const cmd = isObject(json.container_config) ? json.container_config.Cmd : undefined;
    if (Array.isArray(cmd)) entry.created_by = cmd.join(' ');
    if (typeof json.comment === 'string') entry.comment = json.comment;
    return entry;
  });
  return parseConfigFile(config, 'config derived from the v1 layer JSON');
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
