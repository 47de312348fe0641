import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The page (src/web) and the engine's web worker (src/worker). Workers are ES modules so the
// engine's `import`s work in them unchanged.
export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  // Crawl the worker too when pre-bundling dependencies, so the dev server does not discover
  // the engine's (fflate, fzstd, comlink) late and reload the page mid-session.
  optimizeDeps: { entries: ['index.html', 'src/worker/engine-worker.ts'] },
  build: { outDir: 'dist', target: 'es2022', sourcemap: true },
});
