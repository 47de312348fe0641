/**
 * `docker image inspect` as the playground's Docker release prints it for the classic
 * (graphdriver) image store. Docker 27 (API 1.47) has no `Container`/`ContainerConfig` (gone in
 * API 1.45) and no `VirtualSize` (gone in 1.44); 20.10 and 18.09 print both, `Container` and
 * `Created` even when empty, and 18.09 has no `Variant` yet. Key order and omitted keys follow
 * moby's `types.ImageInspect` and `container.Config` (api/types) of each release, which
 * encoding/json walks in order.
 */
import { Sha256, toHex } from '../hash/sha256.ts';
import type { ContainerConfig, ImageConfigFile } from '../image/types.ts';
import { encodeUtf8 } from '../platform.ts';
import { goContainerConfig, goTime } from './go-json.ts';
import type { StoredImage } from './types.ts';
import { DEFAULT_DOCKER_RELEASE, type DockerRelease } from './release.ts';
import { chainIds } from './v1-image.ts';

/** A JSON value whose objects hold their keys in the order Go prints them. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
type JsonObject = { [key: string]: JsonValue };

const DOCKER_ROOT = '/var/lib/docker';
/** `time.Time{}` as encoding/json prints it: what an image never tagged shows as LastTagTime. */
const ZERO_TIME = '0001-01-01T00:00:00Z';

export function imageInspectJson(stored: StoredImage, release: DockerRelease = DEFAULT_DOCKER_RELEASE): JsonObject {
  const config: ImageConfigFile = stored.image.configFile;
  const out: JsonObject = {
    Id: stored.id,
    RepoTags: [...stored.repoTags],
    RepoDigests: [...stored.repoDigests],
    Parent: stored.parent ?? '',
    Comment: stringField(config, 'comment'),
  };
  // Before API 1.45 Created and Container had no omitempty; an image without a date shows Go's zero time.
  if (config.created) out['Created'] = goTime(config.created);
  else if (release.inspectContainerConfig) out['Created'] = ZERO_TIME;
  if (release.inspectContainerConfig) {
    out['Container'] = stringField(config, 'container');
    // V1Image.ContainerConfig is a struct, not a pointer: absent, it is the zero Config.
    out['ContainerConfig'] = goContainerConfig(objectField(config, 'container_config')) as JsonObject;
  }
  out['DockerVersion'] = stringField(config, 'docker_version');
  out['Author'] = config.author ?? '';
  out['Config'] = config.config ? (goContainerConfig(config.config) as JsonObject) : null;
  out['Architecture'] = config.architecture;
  if (config.variant && release.inspectVariant) out['Variant'] = config.variant;
  out['Os'] = config.os;
  const osVersion = stringField(config, 'os.version');
  if (osVersion) out['OsVersion'] = osVersion;
  out['Size'] = stored.layerSizes.reduce((a, b) => a + b, 0);
  if (release.inspectVirtualSize) out['VirtualSize'] = out['Size'];
  out['GraphDriver'] = graphDriverJson(config.rootfs.diff_ids);
  const rootFs: JsonObject = { Type: config.rootfs.type };
  if (config.rootfs.diff_ids.length > 0) rootFs['Layers'] = [...config.rootfs.diff_ids];
  out['RootFS'] = rootFs;
  out['Metadata'] = { LastTagTime: stored.lastTagTime ? goTime(stored.lastTagTime) : ZERO_TIME };
  return out;
}

/**
 * overlay2's directories for the image's top layer. The daemon names each layer's directory by
 * a random cache ID; ours is derived from the layer's chain ID so it is stable across runs.
 */
function graphDriverJson(diffIds: readonly string[]): JsonObject {
  const dirs = chainIds(diffIds).map((chainId) => `${DOCKER_ROOT}/overlay2/${cacheId(chainId)}`);
  const top = dirs.at(-1);
  const data: JsonObject = {};
  if (top) {
    // overlayfs lowerdir lists the nearest layer first.
    if (dirs.length > 1)
      data['LowerDir'] = dirs
        .slice(0, -1)
        .reverse()
        .map((d) => `${d}/diff`)
        .join(':');
    data['MergedDir'] = `${top}/merged`;
    data['UpperDir'] = `${top}/diff`;
    data['WorkDir'] = `${top}/work`;
  }
  return { Data: data, Name: 'overlay2' };
}

function cacheId(chainId: string): string {
  return sha256Text(`layerlab overlay2 cache id ${chainId}`);
}

function sha256Text(text: string): string {
  return toHex(new Sha256().update(encodeUtf8(text)).digest());
}

function stringField(config: ImageConfigFile, key: string): string {
  const v = config[key];
  return typeof v === 'string' ? v : '';
}

function objectField(config: ImageConfigFile, key: string): ContainerConfig | undefined {
  const v = config[key];
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as ContainerConfig) : undefined;
}
