/**
 * `npm run bench:web`, the explorer's part (issue 10): a generated image of 100 000 files, one
 * directory of them 10 000 entries, pulled in the page's terminal and opened with `explore`.
 *
 * - treeOpenMs: from the click on that directory until its first entries are in the tree and a
 *   frame has been drawn (the first open: the worker sorts the 10 000 names then). Target < 100.
 * - treeScrollLongestTaskMs: the longest task on the page's main thread (Chromium's trace,
 *   `RunTask` on CrRendererMain) while the tree is scrolled by the wheel and dragged to far
 *   rows. Target < 50.
 * - efficiencyMs: from the click on the *Wasted space* tab until dive's numbers for the 100 000
 *   files are drawn (the worker computes them then, the first time). Target < 300.
 *
 * The image reaches the page as the catalog does: the test's browser context answers the
 * catalog's index.json with one more image (`bench/explorer:latest`) and serves its blobs, so
 * nothing in the page is special-cased for the benchmark (tests/support/catalog-image.ts). The
 * image is generated in memory in a second or two; `scratchDir` is not needed.
 *
 * Alone: `npx tsx tests/bench/web/explorer.ts` builds the page if dist/ is missing or stale, serves it,
 * and prints one JSON object.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { writeTar, type TarWriteEntry } from '../../../src/engine/tar/write-tar.ts';
import { registryImage, routeCatalogImage, sha256Digest, type RegistryImage } from '../../support/catalog-image.ts';

export const EXPLORER_IMAGE = 'bench/explorer';
const FILES = 100_000;
const BIG_DIRECTORY = 'big';
const BIG_ENTRIES = 10_000;
const OTHER_DIRECTORIES = 90;

/** The layer: /big with 10 000 files, and 90 directories sharing the other 90 000. */
function layerEntries(): TarWriteEntry[] {
  const entries: TarWriteEntry[] = [{ name: `${BIG_DIRECTORY}/`, type: 'directory', mode: 0o755 }];
  for (let i = 0; i < BIG_ENTRIES; i++) entries.push({ name: `${BIG_DIRECTORY}/f${String(i).padStart(5, '0')}`, data: new TextEncoder().encode(`file ${i}\n`), mode: 0o644 });
  const perDirectory = (FILES - BIG_ENTRIES) / OTHER_DIRECTORIES;
  for (let d = 0; d < OTHER_DIRECTORIES; d++) {
    const dir = `usr/share/d${String(d).padStart(2, '0')}`;
    entries.push({ name: `${dir}/`, type: 'directory', mode: 0o755 });
    for (let i = 0; i < perDirectory; i++) entries.push({ name: `${dir}/g${i}`, data: new TextEncoder().encode(`${d}/${i}\n`), mode: 0o644 });
  }
  return entries;
}

/** The image: one layer, generated (a second or two), with its step in the history. */
export function explorerImage(): RegistryImage {
  const tar = writeTar(layerEntries(), { mtime: 1_700_000_000 });
  const config = new TextEncoder().encode(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      created: '2025-01-01T00:00:00Z',
      config: { Cmd: ['sh'] },
      rootfs: { type: 'layers', diff_ids: [sha256Digest(tar)] },
      history: [{ created: '2025-01-01T00:00:00Z', created_by: `generated: ${FILES} files, /${BIG_DIRECTORY} holds ${BIG_ENTRIES}` }],
    }),
  );
  return registryImage([tar], config);
}

async function terminalText(page: Page): Promise<string> {
  return (await page.locator('.xterm-rows > div').allTextContents()).join('\n').replace(/\u00a0/g, ' ');
}

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`explorer bench: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Longest `RunTask` on the page's main thread(s) in a Chromium trace, in ms. */
function longestMainThreadTask(trace: Buffer): number {
  const { traceEvents } = JSON.parse(trace.toString('utf8')) as { traceEvents: { name: string; ph: string; pid: number; tid: number; dur?: number; args?: { name?: string } }[] };
  const mainThreads = new Set(traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  let longest = 0;
  for (const e of traceEvents) {
    if (e.name === 'RunTask' && e.ph === 'X' && e.dur !== undefined && mainThreads.has(`${e.pid}:${e.tid}`)) longest = Math.max(longest, e.dur / 1000);
  }
  return longest;
}

export async function measureExplorer(ctx: { baseUrl: string; browser: Browser; scratchDir: string }): Promise<{ treeOpenMs: number; treeScrollLongestTaskMs: number; efficiencyMs: number }> {
  const image = explorerImage();
  // No service worker: requests must reach the routes (see tests/support/catalog-image.ts).
  const context = await ctx.browser.newContext({ viewport: { width: 1366, height: 768 }, serviceWorkers: 'block' });
  try {
    await routeCatalogImage(context, EXPLORER_IMAGE, image);

    const page = await context.newPage();
    await page.goto(ctx.baseUrl);
    await waitUntil('the prompt', async () => /root@layerlab:~# *$/m.test(await terminalText(page)), 60_000);
    await page.getByTestId('archive-tab').click();
    await page.getByTestId('terminal').click();
    await page.keyboard.type(`docker pull -q ${EXPLORER_IMAGE} && explore ${EXPLORER_IMAGE}`);
    await page.keyboard.press('Enter');
    const big = page.getByTestId('explorer-tree').locator(`[data-path="/${BIG_DIRECTORY}"]`);
    await waitUntil('the image in the explorer', async () => (await big.count()) === 1, 180_000);

    // Opening /big: click → its first entry drawn.
    // A string, not a function: tsx would wrap a function's inner arrows in a helper the page lacks.
    const treeOpenMs = (await page.evaluate(`new Promise((resolve) => {
      const row = document.querySelector('[data-path="/${BIG_DIRECTORY}"]');
      const start = performance.now();
      row.click();
      const check = () => {
        if (document.querySelector('[data-path="/${BIG_DIRECTORY}/f00000"]')) requestAnimationFrame(() => resolve(performance.now() - start));
        else requestAnimationFrame(check);
      };
      check();
    })`)) as number;

    // Scrolling: the wheel through a few hundred rows, then drags of the scrollbar to far rows.
    const scroller = page.locator('.ex-tree__scroll');
    const box = (await scroller.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await ctx.browser.startTracing(page, { categories: ['toplevel', 'disabled-by-default-devtools.timeline'] });
    for (let i = 0; i < 40; i++) {
      await page.mouse.wheel(0, 240);
      await page.waitForTimeout(16);
    }
    for (const fraction of [0.25, 0.5, 0.75, 1, 0.1, 0.6]) {
      await page.evaluate(`(() => { const el = document.querySelector('.ex-tree__scroll'); el.scrollTop = (el.scrollHeight - el.clientHeight) * ${fraction}; })()`);
      await page.waitForTimeout(150);
    }
    const trace = await ctx.browser.stopTracing();
    // EXPLORER_TRACE=file.json keeps the trace, to see what a long task was (chrome://tracing).
    if (process.env.EXPLORER_TRACE) writeFileSync(process.env.EXPLORER_TRACE, trace);
    const lastRow = page.getByTestId('explorer-tree').locator('[data-path^="/usr"]');
    if ((await lastRow.count()) === 0 && (await page.getByTestId('explorer-tree').locator('[data-path^="/big/f"]').count()) === 0) {
      throw new Error('explorer bench: the tree showed no rows after scrolling');
    }

    // The wasted-space tab: click → the efficiency figures drawn.
    const efficiencyMs = (await page.evaluate(`new Promise((resolve) => {
      const tab = document.querySelector('[data-testid="explorer-tab-wasted"]');
      const start = performance.now();
      tab.click();
      const check = () => {
        if (document.querySelector('[data-testid="explorer-efficiency"]')) requestAnimationFrame(() => resolve(performance.now() - start));
        else requestAnimationFrame(check);
      };
      check();
    })`)) as number;
    const round = (ms: number) => Math.round(ms * 10) / 10;
    return { treeOpenMs: round(treeOpenMs), treeScrollLongestTaskMs: round(longestMainThreadTask(trace)), efficiencyMs: round(efficiencyMs) };
  } finally {
    await context.close();
  }
}

/** Run alone: build if need be, serve dist/, launch Debian's Chromium, print the numbers. */
async function main(): Promise<void> {
  const { spawnSync } = await import('node:child_process');
  const { createServer } = await import('node:http');
  const { tmpdir } = await import('node:os');
  const { extname, normalize } = await import('node:path');
  const { fileURLToPath } = await import('node:url');
  const { chromium } = await import('playwright-core');
  const repo = fileURLToPath(new URL('../../../', import.meta.url));
  const dist = join(repo, 'dist');
  // Build when dist/ is missing or older than the newest source file.
  const { readdirSync, statSync } = await import('node:fs');
  const newest = (dir: string): number =>
    Math.max(0, ...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)));
  if (!existsSync(join(dist, 'index.html')) || statSync(join(dist, 'index.html')).mtimeMs < newest(join(repo, 'src'))) {
    const build = spawnSync('npx', ['vite', 'build'], { cwd: repo, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('vite build failed');
  }
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml' };
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    let file = join(dist, path);
    if (!existsSync(file) || path.endsWith('/')) file = join(dist, 'index.html');
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  try {
    const scratchDir = join(tmpdir(), 'layerlab-bench-web');
    mkdirSync(scratchDir, { recursive: true });
    console.log(JSON.stringify(await measureExplorer({ baseUrl: `http://127.0.0.1:${port}/`, browser, scratchDir })));
  } finally {
    await browser.close();
    server.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
