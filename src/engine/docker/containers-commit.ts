/**
 * `docker commit`: a new image of the container's image plus the container's own layer (its
 * copy-on-write changes, whiteouts included), the container's config with `--change` applied,
 * and a history entry as moby's CommitImage writes it (created_by = the container's command).
 * https://github.com/moby/moby/blob/v27.5.1/daemon/commit.go
 */
import { parseConfigFile, parseJson } from '../image/json.ts';
import { makeImage } from '../image/image.ts';
import { layerFromTarSource } from '../image/layer.ts';
import type { ContainerConfig, HistoryEntry } from '../image/types.ts';
import { encodeUtf8 } from '../platform.ts';
import type { Container } from './containers.ts';
import type { DockerDaemon } from './daemon.ts';
import { goContainerConfig, goJson, goTimeOfMs } from './go-json.ts';
import { unpackedSize } from './image-store.ts';
import { applyChanges } from './import.ts';
import { parseNormalizedNamed, withDefaultTag } from './reference.ts';
import { DaemonError } from './registry.ts';
import { chainIds } from './v1-image.ts';

export interface CommitOptions {
  repository?: string;
  author?: string;
  message?: string;
  changes?: readonly string[];
  /** The Docker version recorded (`docker_version`); the daemon's release by default. */
  dockerVersion?: string;
}

/** Returns the new image's ID. */
export async function commitContainer(daemon: DockerDaemon, container: Container, options: CommitOptions = {}): Promise<string> {
  let ref;
  if (options.repository !== undefined && options.repository !== '') {
    ref = parseNormalizedNamed(options.repository);
    if (ref.digest !== undefined) throw new DaemonError('cannot commit to digest reference');
    ref = withDefaultTag(ref);
  }
  const parent = daemon.images.stored(container.imageId).image;
  const tar = container.rootfs.exportUpperLayerSource();
  const layer = await layerFromTarSource(tar);
  const created = goTimeOfMs(daemon.now());
  const base = parent.configFile;
  const config: ContainerConfig = applyChanges(container.config, options.changes ?? []);
  const history: HistoryEntry[] = [
    ...(base.history ?? []),
    {
      created,
      ...(options.author ? { author: options.author } : {}),
      created_by: [container.path, ...container.args].join(' '),
      ...(options.message ? { comment: options.message } : {}),
    },
  ];
  const rawConfig = encodeUtf8(
    // encodeUtf8(json.Marshal(image.Image)): V1Image's fields in order, then Parent, RootFS, History.
    goJson({
      ...(options.message ? { comment: options.message } : {}),
      created,
      container: container.id,
      container_config: goContainerConfig(container.config),
      docker_version: options.dockerVersion ?? daemon.release.version,
      ...(options.author ? { author: options.author } : {}),
      config: goContainerConfig(config),
      architecture: base.architecture,
      os: base.os,
      parent: container.imageId,
      rootfs: { type: 'layers', diff_ids: [...base.rootfs.diff_ids, layer.diffId] },
      history,
    }),
  );
  const configFile = parseConfigFile(parseJson(rawConfig, 'committed config'), 'committed config');
  const layers = [...daemon.images.layersOf(container.imageId).map((l) => l.layer), layer];
  const image = makeImage({ rawConfig, configFile, layers, what: 'committed image' });
  const chain = chainIds(configFile.rootfs.diff_ids);
  const top = chain.at(-1)!;
  daemon.images.add(image, new Map([[top, { chainId: top, diffId: layer.diffId, layer, tarSize: tar.size, size: await unpackedSize(layer) }]]), container.imageId);
  if (ref) daemon.images.setReference(ref, image.id, { touchLastTagTime: true });
  return image.id;
}
