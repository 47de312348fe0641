/**
 * StoredImages for the docker command tests, built the way the daemon builds them: the bundled
 * catalog (public/catalog, an OCI layout) or a fixture archive opened with the engine, with layer
 * sizes from the daemon's own `unpackedSize`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unpackedSize } from '../../../src/engine/docker/image-store.ts';
import type { StoredImage } from '../../../src/engine/docker/types.ts';
import { openArchive, type ImageArchive } from '../../../src/engine/image/archive.ts';
import type { Image } from '../../../src/engine/image/types.ts';
import { MemorySource } from '../../../src/engine/io/byte-source.ts';
import { writeTar } from '../../../src/engine/tar/write-tar.ts';

const CATALOG_DIR = fileURLToPath(new URL('../../../public/catalog/', import.meta.url));

let catalog: Promise<ImageArchive> | undefined;

/** The catalog as one archive (the layout's files in a tar, as the engine opens any layout). */
export function catalogArchive(): Promise<ImageArchive> {
  catalog ??= (async () => {
    const entries: { name: string; data: Uint8Array }[] = [];
    const walk = (dir: string, prefix: string) => {
      for (const name of readdirSync(dir).sort()) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path, `${prefix}${name}/`);
        else entries.push({ name: `${prefix}${name}`, data: new Uint8Array(readFileSync(path)) });
      }
    };
    walk(CATALOG_DIR, '');
    return openArchive(new MemorySource(writeTar(entries)));
  })();
  return catalog;
}

export interface StoredImageOptions {
  repoTags?: string[];
  repoDigests?: string[];
  lastTagTime?: string;
  parent?: string;
}

export async function storedImage(image: Image, options: StoredImageOptions = {}): Promise<StoredImage> {
  const layerSizes: number[] = [];
  for (const layer of image.layers) layerSizes.push(await unpackedSize(layer));
  return {
    id: image.id,
    image,
    repoTags: options.repoTags ?? [...image.repoTags],
    repoDigests: options.repoDigests ?? [],
    layerSizes,
    ...(options.lastTagTime ? { lastTagTime: options.lastTagTime } : {}),
    ...(options.parent ? { parent: options.parent } : {}),
  };
}

/** A catalog image as `docker pull NAME` leaves it: tagged with its familiar name, digest from the manifest. */
export async function pulledCatalogImage(familiar: string): Promise<StoredImage> {
  const archive = await catalogArchive();
  const image = archive.findImage(`docker.io/library/${familiar}`);
  const repo = familiar.slice(0, familiar.lastIndexOf(':'));
  return storedImage(image, {
    repoTags: [familiar],
    repoDigests: image.manifestDigest ? [`${repo}@${image.manifestDigest}`] : [],
  });
}

/** A lookup over some images by tag, short or full ID (what the dispatcher hands the commands). */
export function lookupOf(images: readonly StoredImage[]): (name: string) => StoredImage | undefined {
  return (name) =>
    images.find(
      (s) =>
        s.repoTags.includes(name) ||
        s.repoTags.includes(`${name}:latest`) ||
        s.id === name ||
        (name.length >= 12 && s.id.slice('sha256:'.length).startsWith(name.replace(/^sha256:/, ''))),
    );
}
