/**
 * What `npm run bench:web` (run.ts) hands each metric module: the production build served by a
 * plain static server, one Debian Chromium, and a folder for the module's own files (generated
 * archives and the like). A module opens its own contexts and pages and closes them.
 */
import type { Browser } from 'playwright-core';

export interface WebBenchContext {
  /** The served production build, ending in `/` (a sub-path, e.g. `http://127.0.0.1:PORT/layerlab/`). */
  baseUrl: string;
  browser: Browser;
  /** A folder of the module's own under the bench's scratch space; it may stay between runs. */
  scratchDir: string;
}
