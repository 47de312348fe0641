/**
 * The real page in a real browser: Vite's dev server serves it, Debian's Chromium runs it
 * headless, and the engine runs in its module web worker exactly as it does for a user.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../fixtures.ts';
import { openPage, type PageSession } from './support.ts';

const HELLO_WORLD = fixturePath('images/tarball-hello-world-v25.tar');
// What `tar -xOf tarball-hello-world-v25.tar manifest.json` and the config blob say.
const HELLO_LAYER = 'sha256:12660636fe55438cc3ae7424da7ac56e845cdb52493ff9cf949c47a7f57f8b43';
const HELLO_ID = 'sha256:ee301c921b8aadc002973b2e0c3da17d701dcd994b606769a7e6eaa100b81d44';
const SCREENSHOT = '/tmp/layerlab-page.png';

/** Deterministic "random" bytes (xorshift32), so a failure can be replayed exactly. */
function noise(length: number, seed = 0x9e3779b9): Buffer {
  const bytes = Buffer.alloc(length);
  let x = seed >>> 0;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

let session: PageSession;
let page: Page;
/** Uncaught errors and console errors from the page and its worker: the page must have none. */
let pageErrors: string[];

beforeAll(async () => {
  // The archive viewer is a tab beside the lessons.
  session = await openPage('#/archive');
  page = session.page;
  pageErrors = session.errors;
}, 60_000);

afterAll(async () => {
  await session?.close();
});

// The archive panel's own picker (the masthead's "Load an image archive…" is tests/browser/upload.test.ts's).
const fileInput = () => page.getByTestId('archive-panel').locator('input[type="file"]');
const archive = () => page.getByTestId('archive');

async function openHelloWorld(): Promise<void> {
  await fileInput().setInputFiles(HELLO_WORLD);
  await expect.poll(() => archive().textContent(), { timeout: 30_000 }).toContain(HELLO_LAYER);
}

describe('the layerlab page', () => {
  it('has a title, an intro line and an archive picker', async () => {
    expect(await page.title()).toBe('layerlab');
    expect(await page.locator('h1').textContent()).toBe('layerlab');
    expect(await page.locator('.intro').textContent()).toMatch(/container image/);
    // The archive panel loads after the terminal's first prompt.
    await page.getByText('Open an image archive', { exact: true }).waitFor({ timeout: 30_000 });
    expect(await page.getByText('Open an image archive', { exact: true }).count()).toBe(1);
    expect(await fileInput().count()).toBe(1);
  });

  it('lists the hello-world image, its layer digest, and verifies every digest', async () => {
    await openHelloWorld();
    const text = (await archive().textContent()) ?? '';
    expect(text).toContain('tarball-hello-world-v25.tar');
    // The fixture's manifest.json has `"RepoTags": null`, so the image is shown by its ID.
    expect(text).toContain(HELLO_ID);
    expect(text).toContain('["/hello"]');
    expect(text).toContain('linux/arm64');
    expect(text).toContain('application/vnd.oci.image.layer.v1.tar');

    // Verification runs in the worker after listing: wait for both layer checks to finish.
    const row = page.getByTestId('layer-row');
    expect(await row.count()).toBe(1);
    await expect.poll(() => row.locator('.badge').allTextContents(), { timeout: 30_000 }).toEqual([
      'blob verified',
      'diff_id verified',
    ]);
    await expect.poll(() => page.locator('.image__header .badge').textContent()).toBe('image verified');
    await expect.poll(() => page.getByTestId('efficiency').count(), { timeout: 30_000 }).toBe(1);

    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('reports a malformed file as one line and keeps working', async () => {
    await fileInput().setInputFiles({ name: 'noise.tar', mimeType: 'application/x-tar', buffer: noise(64 * 1024) });
    const error = page.getByTestId('error');
    await error.waitFor({ timeout: 30_000 });
    const line = (await error.innerText()).trim();
    expect(line.startsWith('noise.tar: ')).toBe(true);
    expect(line).not.toContain('\n');
    expect(line).not.toMatch(/\bat .*:\d+:\d+/); // no stack frames
    expect(line.length).toBeLessThan(300);
    expect(await archive().count()).toBe(0);

    // The worker survived: a good archive opens and verifies again.
    await openHelloWorld();
    expect(await error.count()).toBe(0);
    await expect
      .poll(() => page.getByTestId('layer-row').locator('.badge').allTextContents(), { timeout: 30_000 })
      .toEqual(['blob verified', 'diff_id verified']);
    expect(pageErrors).toEqual([]);
  });

  it('flags a tampered layer as a mismatch and shows the digest it really has', async () => {
    const bytes = readFileSync(HELLO_WORLD);
    const layerAt = bytes.indexOf('hello\0'); // the layer tar's only member header (name field first)
    expect(layerAt).toBeGreaterThan(0);
    bytes[layerAt + 1024] = bytes[layerAt + 1024]! ^ 0xff; // a byte of /hello's content
    await fileInput().setInputFiles({ name: 'tampered.tar', mimeType: 'application/x-tar', buffer: bytes });
    const row = page.getByTestId('layer-row');
    await expect.poll(() => row.locator('.badge').allTextContents(), { timeout: 30_000 }).toEqual([
      'blob mismatch',
      'diff_id mismatch',
    ]);
    expect(await page.locator('.image__header .badge').textContent()).toBe('image mismatch');
    expect(await row.locator('.actual').first().textContent()).toMatch(/^computed blob digest sha256:[0-9a-f]{64}$/);
    expect(await row.locator('.actual').first().textContent()).not.toContain(HELLO_LAYER);
  });

  it('opens a gzip-compressed archive (decompressed and spooled in the worker)', async () => {
    const gz = execFileSync('gzip', ['-c', HELLO_WORLD]);
    await fileInput().setInputFiles({ name: 'hello.tar.gz', mimeType: 'application/gzip', buffer: gz });
    await expect.poll(() => archive().textContent(), { timeout: 30_000 }).toContain('hello.tar.gz');
    expect(await archive().textContent()).toContain(HELLO_LAYER);
    await expect
      .poll(() => page.getByTestId('layer-row').locator('.badge').allTextContents(), { timeout: 30_000 })
      .toEqual(['blob verified', 'diff_id verified']);
    expect(pageErrors).toEqual([]);
  });

  it('shows every image and tag of a multi-image archive', async () => {
    await fileInput().setInputFiles(fixturePath('images/tarball-test_bundle.tar'));
    await expect.poll(() => page.getByTestId('image').locator('h2').allTextContents(), { timeout: 30_000 }).toEqual([
      'test_image_2',
      'test_image_1',
    ]);
    await expect.poll(() => page.locator('.image__header .badge').allTextContents(), { timeout: 30_000 }).toEqual([
      'image verified',
      'image verified',
    ]);
  });

  it("shows a file overwritten by a later layer as wasted space, with dive's numbers", async () => {
    await fileInput().setInputFiles(fixturePath('images/mutate-overwritten_file.tar'));
    await expect.poll(() => page.getByTestId('image').locator('h2').textContent(), { timeout: 30_000 }).toBe('bazel/pkg/v1/mutate:overwritten_file');
    expect(await page.getByTestId('layer-row').count()).toBe(3);
    const efficiency = page.getByTestId('efficiency');
    await efficiency.waitFor({ timeout: 30_000 });
    const text = (await efficiency.textContent()) ?? '';
    // Layers 2 and 3 both hold /foo.txt (a symlink, then a 4-byte file): 4 of 8 bytes wasted.
    expect(text).toContain('50.0 %');
    expect(await efficiency.locator('tbody tr').allInnerTexts()).toEqual(['2\t4 B\t/foo.txt']);
    expect(pageErrors).toEqual([]);
  });

  it('opens a file dropped on the drop zone', async () => {
    const bytes = readFileSync(HELLO_WORLD).toString('base64');
    const dataTransfer = await page.evaluateHandle((b64) => {
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([data], 'dropped.tar', { type: 'application/x-tar' }));
      return transfer;
    }, bytes);
    await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer });
    await expect.poll(() => archive().textContent(), { timeout: 30_000 }).toContain('dropped.tar');
    expect(await archive().textContent()).toContain(HELLO_LAYER);
    expect(pageErrors).toEqual([]);
  });
});
