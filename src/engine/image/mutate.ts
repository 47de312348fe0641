import { encodeUtf8 } from '../platform.ts';
import { makeImage } from './image.ts';
import { MediaType } from './media-types.ts';
import type { ContainerConfig, HistoryEntry, Image, ImageConfigFile, Layer } from './types.ts';

export { layerFromTar } from './layer.ts';

/**
 * Pure mutations, after go-containerregistry's `pkg/v1/mutate`: each returns a new Image with
 * new config bytes (so a new ID) and leaves its argument untouched. The new config is written
 * as compact JSON, so even a no-op change can alter the ID when the original was formatted
 * differently — as with `crane mutate`.
 */

/** Add `layer` on top: its diff_id joins rootfs.diff_ids and a history entry records it. */
export function appendLayer(image: Image, layer: Layer, history: HistoryEntry = {}): Image {
  const config = image.configFile;
  const configFile: ImageConfigFile = {
    ...config,
    rootfs: { ...config.rootfs, diff_ids: [...config.rootfs.diff_ids, layer.diffId] },
    history: [...(config.history ?? []), { ...history, empty_layer: undefined }].map(dropUndefined),
  };
  return withConfigFile(image, configFile, [...image.layers, layer]);
}

/**
 * Merge `patch` into the container config (Env, Cmd, Entrypoint, WorkingDir, User, Labels…), as
 * `docker commit --change` / `crane mutate` do. A key set to `undefined` is removed.
 */
export function setConfig(image: Image, patch: Partial<ContainerConfig>): Image {
  const merged: ContainerConfig = dropUndefined({ ...(image.configFile.config ?? {}), ...patch });
  return withConfigFile(image, { ...image.configFile, config: merged });
}

/** Replace the whole config file (the layers stay; their count must still match diff_ids). */
export function setConfigFile(image: Image, configFile: ImageConfigFile): Image {
  return withConfigFile(image, configFile);
}

function withConfigFile(image: Image, configFile: ImageConfigFile, layers: readonly Layer[] = image.layers): Image {
  const rawConfig = encodeUtf8(JSON.stringify(configFile));
  return makeImage({
    rawConfig,
    configFile,
    layers,
    repoTags: image.repoTags,
    ...(image.platform ? { platform: image.platform } : {}),
    // The manifest is rebuilt from the layers, in the image's own manifest flavour.
    manifestFlavour: image.manifest.mediaType === MediaType.ociManifest ? 'oci' : 'docker',
    what: 'mutated image',
  });
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
