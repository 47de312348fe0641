/**
 * What coreutils derive from a stat that our filesystem does not store, shared by `stat`, `ls`
 * and `du`: block counts, link counts, inode numbers and the type and mode letters.
 *
 * Our layers record no st_blocks or inode numbers, so these are estimated the way ext4 (the
 * usual Docker host filesystem) would report them:
 * - a regular file takes ceil(size / 4096) blocks of 4 KiB (no sparse files, no inline data);
 *   a directory is one 4 KiB block and reports size 4096; symlinks, devices and fifos take none;
 * - a directory has 2 + (number of subdirectories) links; anything else as many as the
 *   overlay has names for it (a layer's hard links count: busybox's /bin/busybox has ~400);
 * - inode numbers are stable fakes derived from the path (2 for `/`, as on ext4), the same
 *   for every name of a hard-linked file.
 */
import type { FileStat } from '../../../engine/overlay/file-stat.ts';
import type { OverlayFs } from '../../../engine/overlay/overlay-fs.ts';
import { modeString, TYPE_CHARS } from '../../../engine/tar/verbose-listing.ts';

export const BLOCK_BYTES = 4096;
export const DIRECTORY_SIZE = 4096;

/** st_size as ext4 reports it: directories 4096, symlinks the length of their target. */
export function apparentSize(stat: FileStat): number {
  if (stat.apparentSize !== undefined) return stat.apparentSize;
  switch (stat.type) {
    case 'directory':
      return DIRECTORY_SIZE;
    case 'symlink':
      return new TextEncoder().encode(stat.linkname).length;
    case 'file':
    case 'hardlink':
      return stat.size;
    default:
      return 0;
  }
}

/** st_blocks (512-byte units) under the ext4 estimate above. */
export function blocks512(stat: FileStat): number {
  // tmpfs and procfs directories take no disk blocks.
  if (stat.apparentSize !== undefined && stat.type === 'directory') return 0;
  if (stat.type === 'directory') return BLOCK_BYTES / 512;
  if (stat.type !== 'file' && stat.type !== 'hardlink') return 0;
  return Math.ceil(stat.size / BLOCK_BYTES) * (BLOCK_BYTES / 512);
}

/** st_nlink: 2 + subdirectories for a directory, the number of its names for anything else. */
export function linkCount(overlay: OverlayFs, stat: FileStat): number {
  if (stat.type !== 'directory') {
    try {
      return overlay.linkCount(stat.path);
    } catch {
      return 1;
    }
  }
  try {
    return 2 + overlay.readdirEntries(stat.path).filter((entry) => entry.type === 'directory').length;
  } catch {
    return 2;
  }
}

/** The inode number `ls -i` and `stat` show: one per file, shared by the names of a hard-linked one. */
export function inodeNumber(overlay: OverlayFs, stat: FileStat): number {
  if (stat.type === 'directory' || linkCount(overlay, stat) === 1) return fakeInode(stat.path);
  return fakeInode(`\0${overlay.inodeOf(stat.path)}`);
}

/** A stable inode number for `path` (FNV-1a), 2 for the root as on ext4. */
export function fakeInode(path: string): number {
  if (path === '/') return 2;
  let hash = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) hash = Math.imul(hash ^ path.charCodeAt(i), 0x01000193) >>> 0;
  return 11 + (hash % 4_000_000);
}

/** `-rw-r--r--`: the type letter and the permission bits. */
export function fileModeString(stat: FileStat): string {
  return (stat.type === 'hardlink' ? '-' : TYPE_CHARS[stat.type]) + modeString(stat.mode);
}

/** The S_IFMT bits of a stat, for `%f`. */
export function fileTypeBits(stat: FileStat): number {
  const bits: Record<FileStat['type'], number> = {
    file: 0o100000,
    hardlink: 0o100000,
    directory: 0o040000,
    symlink: 0o120000,
    chardev: 0o020000,
    blockdev: 0o060000,
    fifo: 0o010000,
  };
  return bits[stat.type];
}
