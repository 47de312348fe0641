/**
 * One more image in the page's catalog, for browser tests and the web bench: the browser
 * context answers the catalog's index.json with the image added (as `docker.io/<name>:latest`)
 * and serves its blobs, so `docker pull <name>` in the page's terminal fetches it like any
 * catalog image and nothing in the page is special-cased. Context routes reach the engine's
 * worker in Chromium; service workers must be blocked (`serviceWorkers: 'block'`) or they
 * would answer first.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { BrowserContext } from 'playwright-core';
import { openArchive } from '../../src/engine/image/archive.ts';
import { MemorySource } from '../../src/engine/io/byte-source.ts';

export interface RegistryImage {
  manifestDigest: string;
  /** hex digest → bytes, the manifest included. */
  blobs: Map<string, Uint8Array>;
}

export const sha256Digest = (bytes: Uint8Array): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/** A registry image from layer tars and a config (a Docker v2 manifest, gzip layers). */
export function registryImage(layerTars: readonly Uint8Array[], config: Uint8Array): RegistryImage {
  const layers = layerTars.map((tar) => gzipSync(tar, { level: 1 }));
  const manifest = new TextEncoder().encode(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: config.length, digest: sha256Digest(config) },
      layers: layers.map((layer) => ({ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: layer.length, digest: sha256Digest(layer) })),
    }),
  );
  const blobs = new Map([...layers, config, manifest].map((bytes) => [sha256Digest(bytes).slice(7), bytes]));
  return { manifestDigest: sha256Digest(manifest), blobs };
}

/** The first image of a `docker save` archive (a fixture), as a registry serves it. */
export async function registryImageFromArchive(path: string): Promise<RegistryImage> {
  const image = (await openArchive(new MemorySource(new Uint8Array(readFileSync(path))))).images[0]!;
  const tars: Uint8Array[] = [];
  for (const layer of image.layers) {
    const chunks: Uint8Array[] = [];
    for await (const chunk of layer.uncompressed()) chunks.push(chunk.slice());
    tars.push(Buffer.concat(chunks));
  }
  return registryImage(tars, image.rawConfig);
}

/** Serve `image` as `docker.io/<name>:latest` in the page's catalog. */
export async function routeCatalogImage(context: BrowserContext, name: string, image: RegistryImage): Promise<void> {
  const manifest = image.blobs.get(image.manifestDigest.slice(7))!;
  await context.route(/\/catalog\/index\.json$/, async (route) => {
    const response = await route.fetch();
    const index = (await response.json()) as { manifests: unknown[] };
    index.manifests.push({
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      digest: image.manifestDigest,
      size: manifest.length,
      annotations: { 'io.containerd.image.name': `docker.io/${name}:latest`, 'org.opencontainers.image.ref.name': 'latest' },
    });
    await route.fulfill({ response, json: index });
  });
  await context.route(/\/catalog\/blobs\/sha256\/[0-9a-f]{64}$/, async (route) => {
    const bytes = image.blobs.get(/([0-9a-f]{64})$/.exec(route.request().url())![1]!);
    if (bytes === undefined) await route.fallback();
    else await route.fulfill({ status: 200, body: Buffer.from(bytes), contentType: 'application/octet-stream' });
  });
}
