/**
 * The daemon's init layer: what moby puts between an image's layers and a container's writable
 * layer (daemon/initlayer/setup_unix.go, the `<id>-init` layer): the mount points it will mount
 * over — /proc, /sys, /dev/pts, /dev/shm, /dev/console, /etc/hosts, /etc/hostname,
 * /etc/resolv.conf — plus /.dockerenv and /etc/mtab → /proc/mounts. Files are empty, mode 0755,
 * and replace what the image has at those paths; directories the image lacks (an imported
 * rootfs without dev, proc, sys) are made, mode 0755.
 *
 * Being a layer below the writable one, none of it is in `docker diff` or `docker commit` (moby
 * diffs the writable layer against the init layer); `docker export` reads the whole rootfs, so
 * the mount points are in its tar (empty), the mounts' contents are not.
 */
import type { LayerContents } from '../../engine/image/types.ts';
import { layerFromTar } from '../../engine/image/layer.ts';
import { MergedLayers, OverlayFs } from '../../engine/overlay/overlay-fs.ts';
import { writeTar, type TarWriteEntry } from '../../engine/tar/write-tar.ts';

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

/** `layers` merged with the init layer made for them at `mtime` (seconds) on top. */
export async function withInitLayer(layers: readonly LayerContents[], mtime: number): Promise<MergedLayers> {
  const image = OverlayFs.over(await MergedLayers.open(layers));
  return MergedLayers.open([...layers, initLayer(image, mtime)]);
}

function initLayer(image: OverlayFs, mtime: number): LayerContents {
  const entries: TarWriteEntry[] = [];
  const made = new Set<string>();
  const directory = (path: string) => {
    if (made.has(path)) return;
    made.add(path);
    // An image's own directory stays as it is; moby's MkdirAll makes only what is missing.
    if (image.lstatIfExists(path)?.type === 'directory') return;
    entries.push({ name: `${path.slice(1)}/`, type: 'directory', mode: 0o755, mtime });
  };
  for (const [path, kind] of INIT_PATHS) {
    const parent = path.slice(0, path.lastIndexOf('/'));
    if (parent !== '') directory(parent);
    if (kind === 'dir') {
      // setup_unix.go unlinks what is there first: a file at /proc would be replaced.
      if (image.lstatIfExists(path)?.type !== 'directory') entries.push({ name: `${path.slice(1)}/`, type: 'directory', mode: 0o755, mtime });
      made.add(path);
    } else if (kind === 'file') entries.push({ name: path.slice(1), type: 'file', mode: 0o755, mtime, data: new Uint8Array(0) });
    else entries.push({ name: path.slice(1), type: 'symlink', mode: 0o777, mtime, linkname: kind.symlink });
  }
  return layerFromTar(writeTar(entries));
}
