/**
 * The daemon's init layer: what moby puts between an image's layers and a container's writable
 * layer (daemon/initlayer/setup_unix.go, the `<id>-init` layer): the mount points it will mount
 * over — /proc, /sys, /dev/pts, /dev/shm, /dev/console, /etc/hosts, /etc/hostname,
 * /etc/resolv.conf — plus /.dockerenv and /etc/mtab → /proc/mounts. Files are empty, mode 0755,
 * and replace what the image has at those paths; directories are made where the image lacks
 * them (an imported rootfs without dev, proc, sys), mode 0755, and all of them, with /etc and
 * /dev, carry the init layer's time, as a container's /etc does.
 *
 * Being a layer below the writable one, none of it is in `docker diff` or `docker commit` (moby
 * diffs the writable layer against the init layer); `docker export` reads the whole rootfs, so
 * the mount points are in its tar (empty), the mounts' contents are not.
 */
import type { LayerContents } from '../image/types.ts';
import { layerFromTar } from '../image/layer.ts';
import { MergedLayers } from '../overlay/overlay-fs.ts';
import { writeTar, type TarWriteEntry } from '../tar/write-tar.ts';

/** setup_unix.go's table, in path order (the tar lists parents first). */
const INIT_PATHS: readonly (readonly [string, 'dir' | 'file' | { symlink: string }])[] = [
  ['/.dockerenv', 'file'],
  ['/dev/console', 'file'],
  ['/dev/pts', 'dir'],
  ['/dev/shm', 'dir'],
  ['/etc/hostname', 'file'],
  ['/etc/hosts', 'file'],
  ['/etc/mtab', { symlink: '/proc/mounts' }],
  ['/etc/resolv.conf', 'file'],
  ['/proc', 'dir'],
  ['/sys', 'dir'],
];

/**
 * An image's layers merged with an init layer on top, once per image; `forContainer` gives a
 * container's own merge, its init layer made at the container's creation (seconds), as moby
 * makes one per container, without merging the image's layers again.
 */
export class InitLayerMerge {
  /**
   * The last second's merge: containers created in the same second have the same init layer
   * (its entries differ only by mtime), and making it (a tar, then its index) costs more than
   * a short `docker run` may afford.
   */
  private lastMerge: { createdSeconds: number; merged: Promise<MergedLayers> } | undefined;

  private constructor(
    private readonly template: MergedLayers,
    private readonly entries: readonly TarWriteEntry[],
  ) {}

  static async open(layers: readonly LayerContents[]): Promise<InitLayerMerge> {
    const entries = initEntries();
    return new InitLayerMerge(await MergedLayers.open([...layers, initLayer(entries, 0)]), entries);
  }

  forContainer(createdSeconds: number): Promise<MergedLayers> {
    if (this.lastMerge?.createdSeconds !== createdSeconds) {
      this.lastMerge = { createdSeconds, merged: this.template.withTopLayer(initLayer(this.entries, createdSeconds)) };
    }
    return this.lastMerge.merged;
  }
}

/** `layers` with the init layer of a container created at `createdSeconds` (a restored container's). */
export async function withInitLayer(layers: readonly LayerContents[], createdSeconds: number): Promise<MergedLayers> {
  return (await InitLayerMerge.open(layers)).forContainer(createdSeconds);
}

function initLayer(entries: readonly TarWriteEntry[], mtime: number): LayerContents {
  return layerFromTar(writeTar(entries.map((entry) => ({ ...entry, mtime }))));
}

/**
 * What the init layer holds: its directories as overlayfs leaves them in the layer's diff (made,
 * or copied up when a file was created in them; a directory entry over an image's directory
 * merges with it), then the files and the link.
 */
function initEntries(): TarWriteEntry[] {
  const entries: TarWriteEntry[] = [];
  const directories = new Set<string>();
  for (const [path, kind] of INIT_PATHS) {
    const parent = path.slice(0, path.lastIndexOf('/'));
    if (parent !== '' && !directories.has(parent)) {
      directories.add(parent);
      entries.push({ name: `${parent.slice(1)}/`, type: 'directory', mode: 0o755 });
    }
    if (kind === 'dir') {
      directories.add(path);
      entries.push({ name: `${path.slice(1)}/`, type: 'directory', mode: 0o755 });
    } else if (kind === 'file') entries.push({ name: path.slice(1), type: 'file', mode: 0o755, data: new Uint8Array(0) });
    else entries.push({ name: path.slice(1), type: 'symlink', mode: 0o777, linkname: kind.symlink });
  }
  return entries;
}
