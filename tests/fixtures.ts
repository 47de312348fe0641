import { fileURLToPath } from 'node:url';

/** The shared, read-only fixtures live beside the repository: `<repo>/../shared/fixtures`. */
const FIXTURES = new URL('../../shared/fixtures/', import.meta.url);

/** Absolute path of a fixture, e.g. `fixturePath('images/tarball-hello-world-v25.tar')`. */
export function fixturePath(rel: string): string {
  return fileURLToPath(new URL(rel, FIXTURES));
}
