/**
 * The daemon's volumes (the `local` driver): named ones made by `docker volume create` or on
 * first use by `-v name:/path`, anonymous ones for an image's VOLUME or `-v /path`. Each holds
 * an empty filesystem of its own, which containers mount (see overlay/mounts.ts).
 */
import { OverlayFs } from '../overlay/overlay-fs.ts';
import { goTimeOfMs } from './go-json.ts';
import { randomContainerId } from './containers.ts';
import { DaemonError } from './registry.ts';
import type { DockerDaemon } from './daemon.ts';

export interface Volume {
  readonly name: string;
  readonly created: number;
  readonly labels: Record<string, string> | null;
  readonly options: Record<string, string> | null;
  readonly anonymous: boolean;
  readonly fs: OverlayFs;
}

/** moby's volume name rule (same as container names). */
const VALID_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

export class VolumeStore {
  private readonly byName = new Map<string, Volume>();

  constructor(private readonly now: () => number) {}

  /**
   * The volume `name`, made if there is none (`docker volume create` of an existing name is
   * not an error either). Without a name, a new anonymous volume.
   */
  async create(
    name?: string,
    details: { labels?: Record<string, string> | null; options?: Record<string, string> | null; /** A named one made again as anonymous (a restored container's). */ anonymous?: boolean } = {},
  ): Promise<{ volume: Volume; made: boolean }> {
    if (name !== undefined) {
      const existing = this.byName.get(name);
      if (existing) return { volume: existing, made: false };
      if (!VALID_NAME.test(name)) {
        throw new DaemonError(`create ${name}: "${name}" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`, 'invalid');
      }
    }
    const anonymous = name === undefined || details.anonymous === true;
    const volumeName = name ?? randomContainerId();
    const volume: Volume = {
      name: volumeName,
      created: this.now(),
      labels: anonymous ? { 'com.docker.volume.anonymous': '' } : (details.labels ?? null),
      options: details.options ?? null,
      anonymous,
      fs: await emptyFilesystem(() => Math.floor(this.now() / 1000)),
    };
    this.byName.set(volumeName, volume);
    return { volume, made: true };
  }

  /** Put back a volume a snapshot kept (the page reloaded). Call oldest first, as `list` lists. */
  restore(volume: Volume): void {
    if (this.byName.has(volume.name)) throw new DaemonError(`volume ${volume.name} exists already`, 'conflict');
    this.byName.set(volume.name, volume);
  }

  get(name: string): Volume {
    const volume = this.byName.get(name);
    if (!volume) throw new DaemonError(`get ${name}: no such volume`, 'not-found');
    return volume;
  }

  find(name: string): Volume | undefined {
    return this.byName.get(name);
  }

  /** Oldest first. */
  list(): Volume[] {
    return [...this.byName.values()];
  }

  delete(name: string): void {
    this.byName.delete(name);
  }
}

/** `docker volume inspect`: moby's volume.Volume, keys in encoding/json order. */
export function volumeJson(volume: Volume): Record<string, unknown> {
  return {
    CreatedAt: goTimeOfMs(volume.created).replace(/\.\d+Z$/, 'Z'),
    Driver: 'local',
    Labels: volume.labels,
    Mountpoint: `/var/lib/docker/volumes/${volume.name}/_data`,
    Name: volume.name,
    Options: volume.options,
    Scope: 'local',
  };
}

/**
 * A new, empty filesystem (a volume's, a tmpfs's). An OverlayFs over no layers has no root
 * entry until something is written in it (stat('/') fails), so one entry is made and removed.
 */
export async function emptyFilesystem(now: () => number): Promise<OverlayFs> {
  const fs = await OverlayFs.open([], { now });
  await fs.mkdir('/.root');
  await fs.rm('/.root', { recursive: true });
  return fs;
}

const stores = new WeakMap<DockerDaemon, VolumeStore>();

/** The volumes of `daemon` (one store per daemon). */
export function volumesOf(daemon: DockerDaemon): VolumeStore {
  let store = stores.get(daemon);
  if (!store) stores.set(daemon, (store = new VolumeStore(() => daemon.now())));
  return store;
}

/**
 * Copy a directory's tree from one filesystem into another (what the daemon does into a new,
 * empty volume from the image's content at the mount point), owners, modes and times kept.
 */
export async function copyTree(from: OverlayFs, fromDir: string, to: OverlayFs, toDir: string): Promise<void> {
  const base = fromDir === '/' ? '' : fromDir;
  const into = (path: string) => `${toDir === '/' ? '' : toDir}${path.slice(base.length)}`;
  for (const stat of from.walk(fromDir)) {
    const dest = into(stat.path);
    if (stat.type === 'directory') await to.mkdir(dest, { mode: stat.mode });
    else if (stat.type === 'symlink') await to.symlink(stat.linkname, dest);
    else if (stat.type === 'file' || stat.type === 'hardlink') await to.writeFile(dest, await from.openFile(stat.path), { mode: stat.mode });
    else continue;
    if (stat.type !== 'symlink') await to.chmod(dest, stat.mode);
    await to.chown(dest, stat.uid, stat.gid, { follow: false });
    await to.utimes(dest, stat.mtime, { follow: false });
  }
}
