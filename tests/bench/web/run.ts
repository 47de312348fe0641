/**
 * `npm run bench:web` — the page's numbers on the production build, in Debian's Chromium, as one
 * JSON object on stdout (progress on stderr). It runs `npm run build` (skip with `--no-build`),
 * serves dist/ under `/layerlab/` with a plain static server (tests/support/static-server.ts) and
 * measures, each over fresh browser contexts (empty cache and storage, like a first visit):
 *
 * - `firstPromptMs` (target < 300): median of 5, from navigation start to the terminal's first
 *   prompt in the page (xterm's rows hold `root@layerlab:~#`). One run before them warms the
 *   browser process and is not counted.
 * - `firstPromptJsGzipKB` (target < 450): gzip (level 6, as static hosts send) of every JS file
 *   the server sent before that prompt, the worker and its chunks included: a class shares one
 *   Wi-Fi. The largest of the runs (a chunk loading beside the prompt may finish before it or after).
 * - `firstLoadLongestTaskMs`: the longest main-thread task (Long Tasks API) from navigation to
 *   one second after the prompt, median of the runs.
 *
 * The upload, explorer and big-image numbers come from upload.ts, explorer.ts and big-archive.ts
 * beside this file (issue 10), each given a WebBenchContext; a module that is not there is
 * listed under `missing`. `--only first-prompt` measures the first prompt alone (the modules take minutes).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../browser/support.ts';
import { serveStatic, type StaticServer } from '../../support/static-server.ts';
import type { WebBenchContext } from './context.ts';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const DIST = join(REPO, 'dist');
const RUNS = 5;

const log = (line: string) => process.stderr.write(`${line}\n`);
const round = (x: number, digits = 1) => Number(x.toFixed(digits));
const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

interface FirstLoad {
  promptMs: number;
  longestTaskMs: number;
  /** JS files the server sent before the prompt, with their gzip sizes in KB. */
  js: Record<string, number>;
}

/** Installed before the page's own scripts: notes when the prompt first shows and the longest task. */
function watchFirstLoad(): void {
  const bench = { promptAt: 0, promptEpoch: 0, longestTask: 0 };
  (window as unknown as { __firstLoad: typeof bench }).__firstLoad = bench;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) bench.longestTask = Math.max(bench.longestTask, entry.duration);
  }).observe({ type: 'longtask', buffered: true });
  const prompt = /root@layerlab:[^#\n]*#\s*$/m;
  const observer = new MutationObserver(() => {
    const rows = document.querySelector('.xterm-rows');
    if (!rows) return;
    const text = [...rows.children].map((row) => (row.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd()).join('\n');
    if (!prompt.test(text)) return;
    bench.promptAt = performance.now();
    bench.promptEpoch = performance.timeOrigin + bench.promptAt;
    observer.disconnect();
  });
  document.addEventListener('DOMContentLoaded', () => observer.observe(document.body, { subtree: true, childList: true, characterData: true }));
}

const gzipCache = new Map<string, number>();
function gzipKB(file: string): number {
  let kb = gzipCache.get(file);
  if (kb === undefined) gzipCache.set(file, (kb = gzipSync(readFileSync(file), { level: 6 }).length / 1024));
  return kb;
}

async function firstLoad(browser: Browser, server: StaticServer): Promise<FirstLoad> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  try {
    await context.addInitScript(watchFirstLoad);
    const page = await context.newPage();
    const since = server.requests.length;
    await page.goto(server.url);
    const handle = await page.waitForFunction(() => {
      const bench = (window as unknown as { __firstLoad?: { promptAt: number } }).__firstLoad;
      return bench && bench.promptAt > 0 ? bench : undefined;
    }, undefined, { timeout: 60_000, polling: 50 });
    const { promptAt, promptEpoch } = (await handle.jsonValue()) as { promptAt: number; promptEpoch: number };
    // The worker's scripts count too: the server saw them whoever asked.
    const js: Record<string, number> = {};
    for (const request of server.requests.slice(since)) {
      if (request.at > promptEpoch || request.status !== 200 || !request.path.endsWith('.js')) continue;
      const name = request.path.slice(new URL(server.url).pathname.length);
      js[name] = round(gzipKB(join(DIST, name)));
    }
    await page.waitForTimeout(1000);
    const longestTaskMs = await page.evaluate(() => (window as unknown as { __firstLoad: { longestTask: number } }).__firstLoad.longestTask);
    return { promptMs: promptAt, longestTaskMs, js };
  } finally {
    await context.close();
  }
}

/** A metric module beside this file: its numbers, or why there are none. */
async function runModule(name: string, exportName: string, ctx: WebBenchContext): Promise<{ values?: Record<string, number>; missing?: string; error?: string }> {
  const url = new URL(`./${name}`, import.meta.url);
  let module: Record<string, unknown>;
  try {
    module = (await import(url.href)) as Record<string, unknown>;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' && String((err as Error).message).includes(name)) return { missing: `tests/bench/web/${name}` };
    return { error: `${name}: ${(err as Error).message.split('\n')[0]}` };
  }
  const measure = module[exportName];
  if (typeof measure !== 'function') return { error: `${name} exports no ${exportName}()` };
  try {
    return { values: (await measure(ctx)) as Record<string, number> };
  } catch (err) {
    return { error: `${exportName}: ${(err as Error).message.split('\n')[0]}` };
  }
}

async function main(): Promise<void> {
  const only = process.argv.indexOf('--only');
  const onlyFirstPrompt = only >= 0 && process.argv[only + 1] === 'first-prompt';
  if (only >= 0 && !onlyFirstPrompt) throw new Error(`--only takes first-prompt, not ${process.argv[only + 1] ?? 'nothing'}`);
  if (!process.argv.includes('--no-build')) {
    log('npm run build…');
    const built = spawnSync('npm', ['run', 'build'], { cwd: REPO, stdio: ['ignore', 2, 2] });
    if (built.status !== 0) throw new Error('npm run build failed');
  }
  const server = await serveStatic(DIST, process.env.BENCH_PREFIX ?? '/layerlab/');
  const browser = await launchChromium();
  const result: Record<string, unknown> = {};
  try {
    log(`serving dist/ at ${server.url}; first prompt, ${RUNS} fresh contexts (after one warm-up)…`);
    await firstLoad(browser, server);
    const runs: FirstLoad[] = [];
    for (let i = 0; i < RUNS; i++) {
      const run = await firstLoad(browser, server);
      log(`  prompt at ${run.promptMs.toFixed(0)} ms, longest task ${run.longestTaskMs.toFixed(0)} ms`);
      runs.push(run);
    }
    // What loads beside the prompt (the worker's shell chunk) may finish before it is drawn or
    // after: the run that loaded the most counts.
    const jsKB = (run: FirstLoad) => Object.values(run.js).reduce((a, b) => a + b, 0);
    const js = runs.reduce((most, run) => (jsKB(run) > jsKB(most) ? run : most)).js;
    result.firstPromptMs = round(median(runs.map((r) => r.promptMs)));
    result.firstPromptJsGzipKB = round(Object.values(js).reduce((a, b) => a + b, 0));
    result.firstLoadLongestTaskMs = round(median(runs.map((r) => r.longestTaskMs)));
    result.firstPromptRunsMs = runs.map((r) => round(r.promptMs));
    result.firstPromptJs = js;

    if (!onlyFirstPrompt) {
      const scratch = join(process.env.TMPDIR ?? tmpdir(), 'layerlab-bench-web');
      const missing: string[] = [];
      const errors: string[] = [];
      for (const [name, exportName] of [
        ['upload.ts', 'measureUpload'],
        ['explorer.ts', 'measureExplorer'],
        ['big-archive.ts', 'measureBigArchive'],
      ] as const) {
        const scratchDir = join(scratch, name.replace(/\.ts$/, ''));
        mkdirSync(scratchDir, { recursive: true });
        log(`${name}…`);
        const outcome = await runModule(name, exportName, { baseUrl: server.url, browser, scratchDir });
        if (outcome.values) Object.assign(result, outcome.values);
        if (outcome.missing) missing.push(outcome.missing);
        if (outcome.error) errors.push(outcome.error);
      }
      if (missing.length) result.missing = missing;
      if (errors.length) result.errors = errors;
    }
  } finally {
    await browser.close();
    await server.close();
  }
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main().catch((err: unknown) => {
  log(`bench:web: ${(err as Error).message}`);
  process.exit(1);
});
