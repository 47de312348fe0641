/**
 * `npm run bench:web`'s big-image numbers (issue 10: "opens a 4 GiB archive with a 3.5 GiB
 * layer and stays explorable, with the tab's memory under 500 MB"), on the production build
 * in Debian's Chromium:
 *
 * - `bigUploadMs`: from `setInputFiles` until the upload says its image is loaded.
 * - `bigPeakMemoryMB` (target < 500): the peak resident memory (VmHWM, /proc/PID/status; VmRSS
 *   sampled every half second too) of the page's renderer process, the largest renderer of the
 *   browser. A dedicated worker runs inside its page's renderer, so this is the tab and its
 *   worker together: JS heaps, wasm memories, array buffers and all. The browser process is not
 *   counted: it holds the picked File (on disk) and the Blob IndexedDB writes (Chromium's blob
 *   storage spools them to disk), which is what "bytes stay in the File or the stored Blob"
 *   asks for. The renderers are the processes with `--type=renderer` under this browser's
 *   process (/proc), so other Chromiums on the machine are not counted.
 *
 * The page runs in a profile on disk of its own (launchPersistentContext, Debian's Chromium
 * with the tests' flags), not in `ctx.browser`: Playwright's `newContext()` is off the record,
 * and an off-the-record profile keeps IndexedDB in memory with a small quota, so the upload
 * could not be stored ("QuotaExceededError") as it is in a student's browser.
 * - `bigExplorable`: the image is in `docker images`, opens in the explorer (Images tab) and a
 *   directory of its tree opens there, showing its entries.
 *
 * The archive is generated once per scratch dir with Python's tarfile (about a minute): a
 * legacy `docker save` of five layers: one of 3.5 GiB (fourteen 256 MiB files of a repeated
 * random 1 MiB block, so it is quick to make but no run of zeros), one of 512 MiB and three small
 * ones, 4.0 GiB in all. The
 * big layer is hashed in a first pass that writes nothing and written straight into the
 * archive in a second, so the disk holds one copy.
 *
 * Alone: `npx tsx tests/bench/web/big-archive.ts` (`--no-build` to use dist/ as it is).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../../browser/support.ts';
import type { WebBenchContext } from './context.ts';

export interface BigArchiveMeasurement {
  bigUploadMs: number;
  bigPeakMemoryMB: number;
  bigExplorable: boolean;
}

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const ARCHIVE_NAME = 'bench-4gib.tar';
const TAG = 'bench/big:4gib';
const BIG_FILES = 14;
const BIG_FILE_MIB = 256;
/** The directory the explorer opens: small files beside the big ones, in the big layer. */
const OPENED_DIRECTORY = 'small';

/** A ~4 GiB `docker save` archive with one 3.5 GiB layer, made with Python's tarfile (once per scratch dir). */
export function generateBigArchive(scratchDir: string): string {
  const archive = join(scratchDir, ARCHIVE_NAME);
  if (existsSync(archive)) return archive;
  const script = String.raw`
import hashlib, io, json, os, random, sys, tarfile
out, tag, big_files, big_mib, opened = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
MTIME = 1700000000

class Sink:
    """A file object that only hashes and counts what is written (the first pass)."""
    def __init__(self): self.hash, self.size = hashlib.sha256(), 0
    def write(self, data): self.hash.update(data); self.size += len(data); return len(data)
    def tell(self): return self.size

class Relative:
    """The archive as the layer's tarfile sees it: positions from where the layer starts (its padding to a record is counted from there, as in the first pass)."""
    def __init__(self, f): self.f, self.start = f, f.tell()
    def write(self, data): return self.f.write(data)
    def tell(self): return self.f.tell() - self.start

class Pattern(io.RawIOBase):
    """size bytes of a block repeated: a file's data, made as it is read."""
    def __init__(self, block, size): self.block, self.size, self.at = block, size, 0
    def readable(self): return True
    def readinto(self, buf):
        n = min(len(buf), self.size - self.at)
        if n <= 0: return 0
        start = self.at % len(self.block)
        done = 0
        while done < n:
            piece = self.block[start:start + n - done]
            buf[done:done + len(piece)] = piece
            done += len(piece); start = 0
        self.at += n
        return n

def write_layer(fileobj, files):
    with tarfile.open(fileobj=fileobj, mode='w', format=tarfile.PAX_FORMAT) as layer:
        dirs = sorted({os.path.dirname(name) for name, _ in files if os.path.dirname(name)})
        for d in dirs:
            info = tarfile.TarInfo(d); info.type = tarfile.DIRTYPE; info.mode = 0o755; info.mtime = MTIME
            layer.addfile(info)
        for name, make in files:
            data = make()
            info = tarfile.TarInfo(name); info.size = data.size if isinstance(data, Pattern) else len(data); info.mtime = MTIME; info.mode = 0o644
            layer.addfile(info, io.BufferedReader(data, 1 << 20) if isinstance(data, Pattern) else io.BytesIO(data))

rng = random.Random(10)
block = bytes(rng.getrandbits(8) for _ in range(1 << 16)) * 16
big = [(f'big/blob{i:02d}.bin', (lambda i=i: Pattern(block[i * 4096:] + block[:i * 4096], big_mib << 20))) for i in range(big_files)]
big += [(f'{opened}/f{i:03d}.txt', (lambda i=i: f'small file {i}\n'.encode())) for i in range(300)]
layers = [
    [('etc/os-release', lambda: b'NAME=bench\n'), ('bin/sh', lambda: b'#!/bin/false\n')],
    [(f'etc/conf.d/c{i}', (lambda i=i: f'conf {i}\n'.encode())) for i in range(50)],
    big,
    [(f'opt/mid{i}.bin', (lambda i=i: Pattern(block[i * 512:] + block[:i * 512], big_mib << 20))) for i in range(2)],
    [('app/README', lambda: b'big image bench\n')],
]
# First pass: each layer's diff_id and size, nothing written.
measured = []
for files in layers:
    sink = Sink(); write_layer(sink, files); measured.append(('sha256:' + sink.hash.hexdigest(), sink.size))
config = json.dumps({'architecture': 'amd64', 'os': 'linux', 'config': {'Cmd': ['sh']}, 'created': '2024-01-01T00:00:00Z',
    'rootfs': {'type': 'layers', 'diff_ids': [d for d, _ in measured]},
    'history': [{'created': '2024-01-01T00:00:00Z', 'created_by': f'COPY layer{i} /'} for i in range(len(layers))]}).encode()
config_name = hashlib.sha256(config).hexdigest() + '.json'
manifest = json.dumps([{'Config': config_name, 'RepoTags': [tag], 'Layers': [d[7:] + '/layer.tar' for d, _ in measured]}]).encode()
with open(out + '.tmp', 'wb') as f:
    def header(name, size, kind=tarfile.REGTYPE):
        info = tarfile.TarInfo(name); info.size = size; info.mtime = MTIME; info.type = kind; info.mode = 0o755 if kind == tarfile.DIRTYPE else 0o644
        f.write(info.tobuf(tarfile.USTAR_FORMAT))
    def pad():
        f.write(b'\0' * (-f.tell() % 512))
    header(config_name, len(config)); f.write(config); pad()
    for files, (digest, size) in zip(layers, measured):
        header(digest[7:] + '/', 0, tarfile.DIRTYPE)
        header(digest[7:] + '/layer.tar', size)
        start = f.tell(); write_layer(Relative(f), files)
        assert f.tell() - start == size, 'the layer was not written as measured'
        pad()
    header('manifest.json', len(manifest)); f.write(manifest); pad()
    f.write(b'\0' * 1024)
os.rename(out + '.tmp', out)
`;
  execFileSync('python3', ['-c', script, archive, TAG, String(BIG_FILES), String(BIG_FILE_MIB), OPENED_DIRECTORY], { stdio: 'inherit' });
  return archive;
}

/** The pids of the `--type=renderer` processes descended from process `root` (/proc). */
function rendererPids(root: number): number[] {
  const parents = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // /proc/PID/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parents.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const descends = (pid: number): boolean => {
    for (let p = parents.get(pid), hops = 0; p !== undefined && p > 1 && hops < 10; p = parents.get(p), hops++) if (p === root) return true;
    return false;
  };
  return [...parents.keys()].filter((pid) => {
    if (!descends(pid)) return false;
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer');
    } catch {
      return false;
    }
  });
}

/** A process's resident memory now and at its peak (VmRSS, VmHWM), in MB; undefined once it is gone. */
function residentMB(pid: number): { now: number; peak: number } | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kB = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { now: kB('VmRSS') / 1024, peak: kB('VmHWM') / 1024 };
}

async function terminalText(page: Page): Promise<string> {
  return (await page.locator('.xterm-rows > div').allTextContents()).join('\n').replace(/\u00a0/g, ' ');
}

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`big-archive bench: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export async function measureBigArchive(ctx: WebBenchContext): Promise<BigArchiveMeasurement> {
  const log = (line: string) => process.stderr.write(`big-archive: ${line}\n`);
  if (!existsSync(join(ctx.scratchDir, ARCHIVE_NAME))) log('generating a 4 GiB archive (once per scratch dir)…');
  const archive = generateBigArchive(ctx.scratchDir);
  const bytes = statSync(archive).size;
  const profile = mkdtempSync(join(ctx.scratchDir, 'profile-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1366, height: 768 } });
  const browserPid = browserProcess(profile);
  // Every renderer the run has seen, with its peak (a renderer may be swapped mid-run).
  const peaks = new Map<number, number>();
  const sample = () => {
    for (const pid of rendererPids(browserPid)) {
      const mb = residentMB(pid);
      if (mb) peaks.set(pid, Math.max(peaks.get(pid) ?? 0, mb.peak, mb.now));
    }
  };
  const now = () =>
    rendererPids(browserPid)
      .map((pid) => `${pid}: ${Math.round(residentMB(pid)?.now ?? 0)} MB now, ${Math.round(residentMB(pid)?.peak ?? 0)} MB peak`)
      .join('; ');
  const sampler = setInterval(sample, 500);
  let bigExplorable = false;
  let bigUploadMs = NaN;
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(ctx.baseUrl);
    await waitUntil('the prompt', async () => /root@layerlab:~# *$/m.test(await terminalText(page)), 60_000);
    sample();
    log(`at the prompt: ${now()}`);
    log(`${(bytes / 2 ** 30).toFixed(2)} GiB; uploading…`);
    const start = performance.now();
    // BIG_ARCHIVE_TRACE=1: the renderer's memory and the upload's status every half second (where the peak is).
    const trace = process.env.BIG_ARCHIVE_TRACE
      ? setInterval(() => {
          void page
            .evaluate(() => document.querySelector('[data-testid="upload-status"]')?.textContent ?? '')
            .then((text) => log(`  ${((performance.now() - start) / 1000).toFixed(1)} s: ${now()} | ${text.replace(/\s+/g, ' ').slice(0, 90)}`))
            .catch(() => undefined);
        }, 500)
      : undefined;
    await page.getByTestId('upload-input').setInputFiles(archive);
    await page.waitForFunction(() => /is loaded|not a docker save|refused|cannot/.test(document.querySelector('[data-testid="upload-status"]')?.textContent ?? ''), undefined, {
      timeout: 1_200_000,
      polling: 250,
    });
    bigUploadMs = Math.round(performance.now() - start);
    clearInterval(trace);
    const status = (await page.getByTestId('upload-status').textContent()) ?? '';
    log(`upload: ${(bigUploadMs / 1000).toFixed(1)} s: ${status.replace(/\s+/g, ' ').slice(0, 200)}`);
    log(`after the upload: ${now()}`);
    if (!status.includes(`Loaded image: ${TAG}`)) throw new Error(`the upload failed: ${status}`);

    await page.getByTestId('terminal').click();
    await page.keyboard.type(`clear; docker images --format '{{.Repository}}:{{.Tag}} {{.Size}}'`);
    await page.keyboard.press('Enter');
    let inDockerImages = false;
    await waitUntil('docker images', async () => (inDockerImages = (await terminalText(page)).includes(TAG + ' ')), 60_000).catch(() => undefined);
    log(`docker images: ${inDockerImages ? 'lists it' : 'does not list it'}`);

    await page.getByTestId('archive-tab').click();
    const row = page.getByTestId('explorer-image').filter({ hasText: TAG });
    await waitUntil('the image in the explorer', async () => (await row.count()) === 1, 60_000);
    await row.getByRole('button').click();
    const directory = page.getByTestId('explorer-tree').locator(`[data-path="/${OPENED_DIRECTORY}"]`);
    await waitUntil('the tree', async () => (await directory.count()) === 1, 300_000);
    await directory.click();
    const entry = page.getByTestId('explorer-tree').locator(`[data-path="/${OPENED_DIRECTORY}/f000.txt"]`);
    let opened = false;
    await waitUntil('the opened directory', async () => (opened = (await entry.count()) === 1), 60_000).catch(() => undefined);
    log(`explorer: /${OPENED_DIRECTORY} ${opened ? 'opened' : 'did not open'}; ${now()}`);
    bigExplorable = inDockerImages && opened;
    sample();
  } finally {
    clearInterval(sampler);
    await context.close();
    // The profile holds the stored 4 GiB.
    rmSync(profile, { recursive: true, force: true });
  }
  const bigPeakMemoryMB = Math.round(Math.max(0, ...peaks.values()));
  log(`renderer peaks (MB, by pid): ${[...peaks].map(([pid, mb]) => `${pid}=${Math.round(mb)}`).join(', ')}`);
  return { bigUploadMs, bigPeakMemoryMB, bigExplorable };
}

/** The pid of the Chromium browser process using `profile` (its command line names it). */
function browserProcess(profile: string): number {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const args = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      if (args.some((a) => a === `--user-data-dir=${profile}`) && !args.some((a) => a.startsWith('--type='))) return Number(name);
    } catch {
      // gone meanwhile
    }
  }
  throw new Error(`big-archive bench: no Chromium process with --user-data-dir=${profile}`);
}

// Run alone: build (unless --no-build), serve dist/ under /layerlab/, launch Debian's Chromium, print one JSON object.
if (process.argv[1] && fileURLToPath(import.meta.url) === normalize(process.argv[1])) {
  const { launchChromium } = await import('../../browser/support.ts');
  const { serveStatic } = await import('../../support/static-server.ts');
  if (!process.argv.includes('--no-build')) execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: REPO, stdio: 'inherit' });
  const server = await serveStatic(join(REPO, 'dist'), '/layerlab/');
  const browser = await launchChromium();
  const scratchDir = process.env.LAYERLAB_BENCH_SCRATCH ?? join(process.env.TMPDIR ?? tmpdir(), 'layerlab-bench-web', 'big-archive');
  mkdirSync(scratchDir, { recursive: true });
  try {
    console.log(JSON.stringify(await measureBigArchive({ baseUrl: server.url, browser, scratchDir })));
  } finally {
    await browser.close();
    await server.close();
  }
}
