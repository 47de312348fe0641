/**
 * `npm run catalog`: write the bundled image catalog to public/catalog/ (an OCI image layout),
 * deleting blobs no image uses any more, and print its size.
 */
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCatalog } from '../src/catalog/build-catalog.ts';

const OUT = fileURLToPath(new URL('../public/catalog/', import.meta.url));
const LIMIT_BYTES = 2 * 1024 * 1024;

const files = await buildCatalog();
mkdirSync(join(OUT, 'blobs/sha256'), { recursive: true });
for (const name of readdirSync(join(OUT, 'blobs/sha256'))) {
  if (!files.has(`blobs/sha256/${name}`)) rmSync(join(OUT, 'blobs/sha256', name));
}
let total = 0;
for (const [path, bytes] of files) {
  mkdirSync(dirname(join(OUT, path)), { recursive: true });
  writeFileSync(join(OUT, path), bytes);
  total += statSync(join(OUT, path)).size;
}
console.log(`public/catalog: ${files.size} files, ${total} bytes (${(total / 1024).toFixed(1)} KiB of the ${LIMIT_BYTES / 1024} KiB budget)`);
if (total >= LIMIT_BYTES) {
  console.error('the catalog is over its 2 MB budget');
  process.exitCode = 1;
}
