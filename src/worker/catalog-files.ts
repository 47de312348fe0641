/**
 * The bundled image catalog fetched from the site (`<base>/catalog/…`, served from public/):
 * what `docker pull` reads in the browser. Blobs are immutable, so the browser may cache them.
 */
import { LayerlabError } from '../engine/errors.ts';
import type { CatalogFiles } from '../engine/docker/registry.ts';

/** Vite's base URL; typed narrowly so this file needs no vite/client types. */
const BASE_URL = (import.meta as unknown as { env?: { BASE_URL?: string } }).env?.BASE_URL ?? '/';

export function fetchCatalogFiles(base: string = `${BASE_URL}catalog/`): CatalogFiles {
  return {
    async read(path: string): Promise<Uint8Array> {
      const response = await fetch(`${base}${path}`);
      if (!response.ok) throw new LayerlabError('ENOENT', `catalog: ${path}: HTTP ${response.status}`);
      return new Uint8Array(await response.arrayBuffer());
    },
  };
}
