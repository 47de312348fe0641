import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The page (src/web) and the engine's web worker (src/worker). Workers are ES modules so the
// engine's `import`s work in them unchanged.
export default defineConfig(({ mode }) => ({
  plugins: [react()],
  worker: { format: 'es' },
  // The page and worker use just-bash's browser bundle, completed by a small shim (see the
  // shim's header); Vitest, in Node, uses the package as it is.
  resolve:
    mode === 'test'
      ? {}
      : { alias: [{ find: /^just-bash$/, replacement: fileURLToPath(new URL('./src/shell/just-bash-browser.ts', import.meta.url)) }] },
  // Crawl the worker too when pre-bundling dependencies, so the dev server does not discover
  // the engine's (fflate, fzstd, comlink, just-bash) late and reload the page mid-session.
  optimizeDeps: { entries: ['index.html', 'src/worker/engine-worker.ts'] },
  build: { outDir: 'dist', target: 'es2022', sourcemap: true },
}));
