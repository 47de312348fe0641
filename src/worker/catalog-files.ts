/**
 * The bundled image catalog fetched from the site (`<base>/catalog/…`, served from public/):
 * what `docker pull` reads in the browser. Blobs are immutable, so the browser may cache them.
 */
import { LayerlabError } from '../engine/errors.ts';
import type { CatalogFiles } from '../engine/docker/registry.ts';

/** Vite's env; typed narrowly so this file needs no vite/client types. */
const env = (import.meta as unknown as { env?: { BASE_URL?: string; DEV?: boolean } }).env;

/**
 * Where the site's catalog is. The build's base is relative (`./`, so the site works from any
 * path), and a relative URL in a worker resolves against the worker's script, which the build
 * puts in `assets/`, one level under the site: the catalog is `../catalog/` from this chunk.
 * The dev server serves from `/`.
 */
function catalogUrl(): string {
  if (env?.DEV || env?.BASE_URL === undefined) return `${env?.BASE_URL ?? '/'}catalog/`;
  const chunkRelative = '../catalog/'; // a variable, so Vite does not take it for an asset to bundle
  return new URL(chunkRelative, import.meta.url).href;
}

export function fetchCatalogFiles(base: string = catalogUrl()): CatalogFiles {
  return {
    async read(path: string): Promise<Uint8Array> {
      const response = await fetch(`${base}${path}`);
      if (!response.ok) throw new LayerlabError('ENOENT', `catalog: ${path}: HTTP ${response.status}`);
      return new Uint8Array(await response.arrayBuffer());
    },
  };
}
