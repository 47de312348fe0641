import { openArchive, type ImageArchive } from '../engine/image/archive.ts';
import type { Image } from '../engine/image/types.ts';
import { OverlayFs } from '../engine/overlay/overlay-fs.ts';
import { FileSource } from '../node/file-source.ts';
import { spoolToTempFile } from '../node/spool.ts';

/** Flags shared by the commands that look at one image of an archive. */
export const imageOptions = {
  image: { type: 'string' },
  platform: { type: 'string' },
} as const;

/** Open an image archive on disk (compressed ones are spooled to a temp file), run `fn`, close it. */
export async function withArchive<T>(path: string, fn: (archive: ImageArchive) => Promise<T>): Promise<T> {
  const source = FileSource.open(path);
  try {
    return await fn(await openArchive(source, { spool: spoolToTempFile }));
  } finally {
    source.close();
  }
}

/** The image `--image REF` / `--platform OS/ARCH` select (default: linux/amd64, else the first). */
export function selectImage(archive: ImageArchive, values: { image?: string; platform?: string }): Image {
  return archive.findImage(values.image, values.platform);
}

/** The merged filesystem of the selected image: what a container started from it sees. */
export function mergedFs(archive: ImageArchive, values: { image?: string; platform?: string }): Promise<OverlayFs> {
  return OverlayFs.open(selectImage(archive, values).layers);
}
