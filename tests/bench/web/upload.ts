/**
 * `npm run bench:web`'s upload numbers (issue 10), on the production build in Debian's Chromium:
 *
 * - `uploadVsCli` (target ≥ 1.0): `bin/layerlab inspect` on a generated 1 GiB archive ÷ the
 *   page's time from the file input's `change` until the upload says its image is loaded
 *   (stored, in the daemon, every layer hashed against its diff_id, as `docker load` does).
 *   The page's time is the median of three uploads, each in a fresh profile once its service
 *   worker has installed; the CLI's is its best run, its runs made between the page's.
 * - `verifyVsSha256sum` (target ≥ 0.8): the page's hashing throughput during that upload (the
 *   archive's bytes ÷ the time its status said "checking every digest") ÷ `sha256sum`'s on the
 *   same file.
 * - `uploadLongestTaskMs` (target < 50): the longest main-thread task (PerformanceObserver
 *   `longtask`) from choosing the file until it is loaded.
 *
 * The archive is made at bench time with Python's tarfile: a `docker save` (legacy layout) of
 * four layers of 256 MiB each (files of random bytes, which compress as real binaries do not
 * matter here: the layers are plain tars). Run alone with `tsx tests/bench/web/upload.ts`: it
 * builds the page, serves dist/ and launches Chromium itself.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

export interface UploadBenchContext {
  baseUrl: string;
  browser: Browser;
  scratchDir: string;
}

export interface UploadMeasurement {
  uploadVsCli: number;
  verifyVsSha256sum: number;
  uploadLongestTaskMs: number;
}

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const ARCHIVE_NAME = 'bench-1gib.tar';
const TAG = 'bench/upload:1gib';
const LAYERS = 4;
const LAYER_MIB = 256;

/** A `docker save` archive of LAYERS layers of LAYER_MIB MiB, written by Python's tarfile (once per scratch dir). */
export function generateArchive(scratchDir: string): string {
  const archive = join(scratchDir, ARCHIVE_NAME);
  if (existsSync(archive)) return archive;
  const script = String.raw`
import hashlib, io, json, os, sys, tarfile
out, layers, mib, tag = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
work = out + '.parts'
os.makedirs(work, exist_ok=True)
diff_ids, names = [], []
for i in range(layers):
    path = os.path.join(work, f'layer{i}.tar')
    with tarfile.open(path, 'w', format=tarfile.PAX_FORMAT) as layer:
        for f in range(mib // 16):
            data = os.urandom(16 << 20)
            info = tarfile.TarInfo(f'data/layer{i}/file{f:03d}.bin'); info.size = len(data); info.mtime = 1700000000
            layer.addfile(info, io.BytesIO(data))
    h = hashlib.sha256()
    with open(path, 'rb') as src:
        for chunk in iter(lambda: src.read(1 << 20), b''): h.update(chunk)
    diff_ids.append('sha256:' + h.hexdigest()); names.append(path)
config = json.dumps({'architecture': 'amd64', 'os': 'linux', 'config': {'Cmd': ['sh']}, 'created': '2024-01-01T00:00:00Z',
    'rootfs': {'type': 'layers', 'diff_ids': diff_ids}, 'history': [{'created_by': f'COPY layer{i} /data'} for i in range(layers)]}).encode()
config_name = hashlib.sha256(config).hexdigest() + '.json'
manifest = json.dumps([{'Config': config_name, 'RepoTags': [tag], 'Layers': [d[7:] + '/layer.tar' for d in diff_ids]}]).encode()
with tarfile.open(out + '.tmp', 'w', format=tarfile.PAX_FORMAT) as tar:
    def add(name, data):
        info = tarfile.TarInfo(name); info.size = len(data); info.mtime = 1700000000; tar.addfile(info, io.BytesIO(data))
    add(config_name, config)
    for d, path in zip(diff_ids, names):
        tar.add(path, arcname=d[7:] + '/layer.tar')
    add('manifest.json', manifest)
for path in names: os.remove(path)
os.rmdir(work)
os.rename(out + '.tmp', out)
`;
  execFileSync('python3', ['-c', script, archive, String(LAYERS), String(LAYER_MIB), TAG], { stdio: 'inherit' });
  return archive;
}

/** Wall time of a command, in seconds (the file already in the page cache: best of two runs). */
function timed(command: string, args: string[]): number {
  let best = Infinity;
  for (let run = 0; run < 2; run++) {
    const start = performance.now();
    const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr.trim().split('\n').at(-1)}`);
    best = Math.min(best, (performance.now() - start) / 1000);
  }
  return best;
}

interface PageTimes {
  totalMs: number;
  verifyMs: number;
  longestTaskMs: number;
}

/** Upload the archive through the page's file input and time it, in the page's own clock. */
async function uploadInPage(ctx: UploadBenchContext, archive: string): Promise<PageTimes> {
  const page = await (await ctx.browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  try {
    await page.goto(ctx.baseUrl);
    await page.waitForFunction(() => /root@layerlab:~#/.test(document.querySelector('.xterm-rows')?.textContent ?? ''), undefined, { timeout: 60_000 });
    // The page as a student has it a few seconds after the first visit: the service worker has
    // installed (precached the app, the lessons and the catalog: ~90 fetches). A fresh profile
    // that uploads at its first prompt shares both cores with that install: measured, 2.3-2.6 s
    // instead of 1.95 s for the same upload.
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.evaluate(() => {
      const marks: Record<string, number> = {};
      let longest = 0;
      const tasks: string[] = [];
      let watching = false;
      new PerformanceObserver((list) => {
        if (watching) for (const entry of list.getEntries()) {
          longest = Math.max(longest, entry.duration);
          const where = (entry as PerformanceEntry & { attribution?: { containerType?: string; name?: string }[] }).attribution?.[0];
          if (entry.duration >= 50) tasks.push(`${Math.round(entry.startTime - (marks.chosen ?? 0))}+${Math.round(entry.duration)}ms (${where?.name ?? '?'}/${where?.containerType ?? '?'})`);
        }
      }).observe({ type: 'longtask' });
      const input = document.querySelector<HTMLInputElement>('[data-testid="upload-input"]')!;
      input.addEventListener('change', () => ((marks.chosen = performance.now()), (watching = true)), { capture: true });
      new MutationObserver(() => {
        const text = document.querySelector('[data-testid="upload-status"]')?.textContent ?? '';
        const now = performance.now();
        if (text.includes('checking every digest')) marks.verifying ??= now;
        else if (marks.verifying !== undefined) marks.verified ??= now;
        if (/is loaded|not a docker save|refused/.test(text)) {
          marks.done ??= now;
          watching = false;
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
      (window as unknown as { uploadBench: () => unknown }).uploadBench = () => ({ ...marks, longest, tasks, text: document.querySelector('[data-testid="upload-status"]')?.textContent });
    });
    await page.getByTestId('upload-input').setInputFiles(archive);
    await page.waitForFunction(() => document.querySelector('[data-testid="upload-status"]')?.textContent?.match(/is loaded|not a docker save|refused/), undefined, {
      timeout: 600_000,
      polling: 250,
    });
    const marks = (await page.evaluate(() => (window as unknown as { uploadBench: () => unknown }).uploadBench())) as Record<string, number> & { text: string; longest: number; tasks: string[] };
    if (marks.tasks.length > 0) process.stderr.write(`upload: main-thread tasks over 50 ms (start after choosing + duration): ${marks.tasks.join(', ')}\n`);
    if (!marks.text.includes(`Loaded image: ${TAG}`)) throw new Error(`the upload failed: ${marks.text}`);
    // Clean up: the stored 1 GiB goes with the profile's storage.
    await page.evaluate(() => indexedDB.deleteDatabase('layerlab'));
    return { totalMs: marks.done! - marks.chosen!, verifyMs: (marks.verified ?? marks.done!) - marks.verifying!, longestTaskMs: marks.longest };
  } finally {
    await page.context().close();
  }
}

/** Page uploads measured; the median counts. */
const PAGE_RUNS = 3;

export async function measureUpload(ctx: UploadBenchContext): Promise<UploadMeasurement> {
  const archive = generateArchive(ctx.scratchDir);
  const bytes = statSync(archive).size;
  // The native runs come before and after the page's, the best of them counted: on a shared
  // machine, a ratio of runs made at different moments is mostly the load's noise.
  const cli = () => timed(join(REPO, 'bin/layerlab'), ['inspect', archive]);
  const sha256sum = () => timed('sha256sum', [archive]);
  // The page's upload is the median of three (each in a fresh profile), the native runs the best of theirs.
  let cliSeconds = cli();
  let sha256sumSeconds = sha256sum();
  const pages: PageTimes[] = [];
  for (let run = 0; run < PAGE_RUNS; run++) {
    pages.push(await uploadInPage(ctx, archive));
    cliSeconds = Math.min(cliSeconds, cli());
  }
  sha256sumSeconds = Math.min(sha256sumSeconds, sha256sum());
  const page = pages.sort((a, b) => a.totalMs - b.totalMs)[Math.floor(PAGE_RUNS / 2)]!;
  const longestTaskMs = Math.max(...pages.map((p) => p.longestTaskMs));
  const round = (x: number) => Number(x.toFixed(3));
  const pageSeconds = page.totalMs / 1000;
  process.stderr.write(
    `upload: ${(bytes / 2 ** 30).toFixed(2)} GiB; page ${pageSeconds.toFixed(2)} s (verifying ${(page.verifyMs / 1000).toFixed(2)} s), ` +
      `(runs ${pages.map((p) => (p.totalMs / 1000).toFixed(2)).join(', ')} s), ` +
      `layerlab inspect ${cliSeconds.toFixed(2)} s, sha256sum ${sha256sumSeconds.toFixed(2)} s, longest task ${longestTaskMs.toFixed(0)} ms\n`,
  );
  return {
    uploadVsCli: round(cliSeconds / pageSeconds),
    verifyVsSha256sum: round(bytes / (page.verifyMs / 1000) / (bytes / sha256sumSeconds)),
    uploadLongestTaskMs: Math.round(longestTaskMs),
  };
}

const MIME: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.md': 'text/markdown',
  '.webmanifest': 'application/manifest+json',
};

/** A plain static server for dist/ (what a school deploys), on a free port. */
export async function serveDist(dist: string): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    let file = join(dist, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return { url: `http://127.0.0.1:${address.port}/`, server };
}

// Run alone: build, serve, launch Debian's Chromium, measure, print one JSON object.
if (process.argv[1] && fileURLToPath(import.meta.url) === normalize(process.argv[1])) {
  if (!process.argv.includes('--no-build')) execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: REPO, stdio: 'inherit' });
  const { url, server } = await serveDist(join(REPO, 'dist'));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  const scratchDir = process.env.LAYERLAB_BENCH_SCRATCH ?? mkdtempSync(join(tmpdir(), 'layerlab-web-bench-'));
  try {
    console.log(JSON.stringify(await measureUpload({ baseUrl: url, browser, scratchDir })));
  } finally {
    await browser.close();
    server.close();
    if (!process.env.LAYERLAB_BENCH_SCRATCH) rmSync(scratchDir, { recursive: true, force: true });
  }
}
