/**
 * The catalog behind the playground's `docker pull`: every bundled image as one OCI image
 * layout (public/catalog/), built deterministically from the definitions in images/ with the
 * engine's own tar writer, so digests only change when a definition does.
 */
import { writeOciLayout } from '../engine/image/oci-layout-writer.ts';
import type { BuiltImage } from './image-recipe.ts';
import { buildAlpine37, buildAlpineLatest } from './images/alpine.ts';
import { buildBash } from './images/bash.ts';
import { buildBusybox } from './images/busybox.ts';
import { buildDebian } from './images/debian.ts';
import { buildGolang } from './images/golang.ts';
import { buildHelloWorld } from './images/hello-world.ts';
import { buildHttpd } from './images/httpd.ts';
import { buildNginx } from './images/nginx.ts';
import { buildNginxAlpine } from './images/nginx-alpine.ts';
import { buildNode } from './images/node.ts';
import { buildPython } from './images/python.ts';
import { buildRedis } from './images/redis.ts';
import { buildUbuntu1804 } from './images/ubuntu.ts';

/** Every image of the catalog, in index.json order. */
export async function buildCatalogImages(): Promise<BuiltImage[]> {
  const builders = [buildRedis, buildAlpine37, buildAlpineLatest, buildBusybox, buildHelloWorld, buildNginx, buildDebian, buildUbuntu1804, buildNginxAlpine, buildBash, buildNode, buildPython, buildHttpd, buildGolang];
  const images: BuiltImage[] = [];
  for (const build of builders) images.push(await build());
  return images;
}

/** The catalog's files, by path under public/catalog. */
export async function buildCatalog(): Promise<Map<string, Uint8Array>> {
  const images = await buildCatalogImages();
  return writeOciLayout(images.map((image) => ({ names: image.names, manifest: image.manifest, config: image.config, layers: image.layers.map((l) => l.blob) })));
}
