/**
 * The bundled image catalog (public/catalog/, an OCI image layout) read from disk: what
 * `docker pull` reads in Node (the CLI's shell, the tests).
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { LayerlabError } from '../engine/errors.ts';
import type { CatalogFiles } from '../engine/docker/registry.ts';

const DEFAULT_ROOT = fileURLToPath(new URL('../../public/catalog/', import.meta.url));

export function nodeCatalogFiles(root: string = DEFAULT_ROOT): CatalogFiles {
  return {
    async read(path: string): Promise<Uint8Array> {
      if (path.split('/').some((part) => part === '..' || part === '')) throw new LayerlabError('EINVAL', `bad catalog path ${JSON.stringify(path)}`);
      return new Uint8Array(await readFile(join(root, path)));
    },
  };
}
