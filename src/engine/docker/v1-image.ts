/**
 * The legacy ("v1") per-layer JSON that `docker save` still writes next to each layer, and the
 * v1 layer IDs it names them by (moby image/v1 CreateID), plus layer chain IDs. Docker ≤ 24
 * names each layer directory by the v1 ID; Docker 25+ stores the JSON as a blob.
 * https://github.com/moby/moby/blob/v27.5.1/image/tarexport/save.go (saveImage)
 */
import { Sha256 } from '../hash/sha256.ts';
import { encodeUtf8 } from '../platform.ts';
import type { ImageConfigFile } from '../image/types.ts';
import { goContainerConfig, goJson, goTime } from './go-json.ts';

const sha256 = (text: string): string => `sha256:${new Sha256().update(encodeUtf8(text)).hex()}`;

/** `ChainID` of each prefix of `diffIds`: the layer store's key for the layer stack up to there. */
export function chainIds(diffIds: readonly string[]): string[] {
  const out: string[] = [];
  for (const diffId of diffIds) out.push(out.length === 0 ? diffId : sha256(`${out[out.length - 1]} ${diffId}`));
  return out;
}

/** The `image.V1Image` part of an image config, fields in Go's order (no id/parent yet). */
function v1ImageOfConfig(config: ImageConfigFile): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const text = (key: string) => (typeof config[key] === 'string' ? (config[key] as string) : '');
  if (text('comment')) out['comment'] = text('comment');
  if (text('created')) out['created'] = goTime(text('created'));
  if (text('container')) out['container'] = text('container');
  out['container_config'] = goContainerConfig(config['container_config'] as ImageConfigFile['config']);
  if (text('docker_version')) out['docker_version'] = text('docker_version');
  if (text('author')) out['author'] = text('author');
  if (config.config) out['config'] = goContainerConfig(config.config);
  if (text('architecture')) out['architecture'] = text('architecture');
  if (text('variant')) out['variant'] = text('variant');
  if (text('os')) out['os'] = text('os');
  return out;
}

/** moby's `v1.CreateID`: sha256 of the v1 JSON with `layer_id` and `parent` added, keys sorted. */
function createV1Id(v1: Record<string, unknown>, chainId: string, parent: string | undefined): string {
  const fields: Record<string, unknown> = { ...v1, layer_id: chainId };
  delete fields['id'];
  if (parent !== undefined) fields['parent'] = parent;
  const keys = Object.keys(fields).sort();
  return sha256(`{${keys.map((k) => `${goJson(k)}:${goJson(fields[k])}`).join(',')}}`);
}

export interface V1Layer {
  /** `sha256:` + hex: the layer's v1 ID (the directory name in Docker ≤ 24 archives). */
  id: string;
  /** The v1 JSON, as `docker save` writes it. */
  json: string;
  chainId: string;
  diffId: string;
}

/**
 * The v1 layers of an image, bottom first. Every layer but the top one gets a JSON with only a
 * 1970 creation time; the top one carries the image's config (pre-1.10 Docker read it there).
 */
export function v1Layers(config: ImageConfigFile): V1Layer[] {
  const diffIds = config.rootfs.diff_ids;
  const chains = chainIds(diffIds);
  const out: V1Layer[] = [];
  let parent: string | undefined;
  for (const [i, diffId] of diffIds.entries()) {
    const top = i === diffIds.length - 1;
    const base: Record<string, unknown> = top ? v1ImageOfConfig(config) : { created: '1970-01-01T00:00:00Z', container_config: goContainerConfig(undefined) };
    const id = createV1Id(base, chains[i]!, parent);
    // Go's field order: id, parent, then the rest; os is set after the ID is computed.
    const json: Record<string, unknown> = { id: id.slice('sha256:'.length) };
    if (parent !== undefined) json['parent'] = parent.slice('sha256:'.length);
    Object.assign(json, base);
    if (!top && typeof config.os === 'string' && config.os) json['os'] = config.os;
    out.push({ id, json: goJson(json), chainId: chains[i]!, diffId });
    parent = id;
  }
  return out;
}
