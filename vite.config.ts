import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The entry (src/web/main.tsx) starts the worker, then imports the page's chunk: the browser
 * would find that chunk only once the entry has run. Preloading it (and what it imports, and its
 * CSS) from index.html fetches it beside the entry instead, a round trip sooner.
 */
function preloadPageChunk(): Plugin {
  return {
    name: 'layerlab:preload-page-chunk',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle }) {
        const page = Object.values(bundle ?? {}).find((chunk) => chunk.type === 'chunk' && chunk.facadeModuleId?.endsWith('/src/web/render-app.tsx'));
        if (!page || page.type !== 'chunk') return [];
        const entry = (file: string) => bundle?.[file]?.type === 'chunk' && (bundle[file] as { isEntry: boolean }).isEntry;
        const scripts = [page.fileName, ...page.imports.filter((file) => !entry(file))];
        const styles = [...(page.viteMetadata?.importedCss ?? [])];
        return [
          ...scripts.map((file) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `./${file}` }, injectTo: 'head' as const })),
          ...styles.map((file) => ({ tag: 'link', attrs: { rel: 'stylesheet', crossorigin: true, href: `./${file}` }, injectTo: 'head' as const })),
        ];
      },
    },
  };
}

/**
 * The engine worker sends the terminal's first prompt, and a worker's thread takes a while to
 * start (measured: its script began to load 60–170 ms after the entry's scripts were in). So
 * index.html starts it from an inline script at the top of <head>, before the stylesheet and the
 * entry are even fetched; the entry takes that worker (src/web/engine-client.ts).
 */
function startWorkerFromHead(): Plugin {
  return {
    name: 'layerlab:start-worker-from-head',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle }) {
        const worker = Object.keys(bundle ?? {}).find((file) => /^assets\/engine-worker-[\w-]+\.js$/.test(file));
        if (!worker) return [];
        const start = `new Worker(new URL(${JSON.stringify(`./${worker}`)}, document.baseURI), { type: 'module', name: 'layerlab-engine' })`;
        return [{ tag: 'script', children: `try { window.__layerlabEngine = ${start}; } catch (e) {}`, injectTo: 'head-prepend' }];
      },
    },
  };
}

// The page (src/web) and the engine's web worker (src/worker). Workers are ES modules so the
// engine's `import`s work in them unchanged.
export default defineConfig(({ mode }) => ({
  // Relative URLs everywhere: the build works from any path of a static host (GitHub Pages
  // serves a project at /<repo>/), with no rebuild per path.
  base: './',
  plugins: [
    react(),
    preloadPageChunk(),
    startWorkerFromHead(),
    // Offline after the first visit (workshop Wi-Fi fails): a Workbox service worker precaches
    // the app, its lazy chunks, the lessons (they are in the chunks) and the catalog that
    // `docker pull` reads. The page registers it after the first prompt (src/web/offline.ts);
    // a new deploy waits until the student reloads from the page's notice, so one page never
    // mixes chunks of two builds.
    VitePWA({
      strategies: 'generateSW',
      registerType: 'prompt',
      injectRegister: false,
      manifest: false,
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,json}', 'catalog/**/*'],
        // The worker's shell chunk (with just-bash) is 1.3 MB; catalog blobs are under 0.5 MB.
        maximumFileSizeToCacheInBytes: 8 << 20,
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        // Vite's hashed file names already change with their contents.
        dontCacheBustURLsMatching: /assets\//,
      },
    }),
  ],
  worker: {
    format: 'es',
    rolldownOptions: {
      checks: {
        // docker's containers.ts imports machine.ts and repl.ts with import(), while the container
        // runtime imports them statically: there is nothing to split, all three are in the worker.
        ineffectiveDynamicImport: false,
      },
    },
  },
  resolve:
    mode === 'test'
      ? {}
      : {
          alias: [
            // The page and worker use just-bash's browser bundle, completed by a small shim (see the
            // shim's header); Vitest, in Node, uses the package as it is.
            { find: /^just-bash$/, replacement: here('./src/shell/just-bash-browser.ts') },
            // just-bash's gzip, gunzip and zcat import node:zlib; the browser gets fflate behind it.
            { find: /^node:zlib$/, replacement: here('./src/shell/node-zlib-browser.ts') },
          ],
        },
  // Crawl the worker too when pre-bundling dependencies, so the dev server does not discover
  // the engine's (fflate, fzstd, comlink, just-bash) late and reload the page mid-session.
  optimizeDeps: { entries: ['index.html', 'src/worker/engine-worker.ts'] },
  build: {
    outDir: 'dist',
    target: 'es2022',
    // Source maps only when asked (LAYERLAB_SOURCEMAP=1 npm run build): a school's deploy has no use for them.
    sourcemap: process.env.LAYERLAB_SOURCEMAP === '1',
    // The worker's shell chunk holds just-bash's browser bundle (itself 1.2 MB, one file); it
    // loads off the main thread, after the first prompt, and is precached. The page's chunks stay
    // far under this.
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      checks: {
        // A timing report, not a problem: Vite's worker plugin builds the whole worker in one call.
        pluginTimings: false,
      },
    },
  },
}));
