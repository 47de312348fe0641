/**
 * `npx tsx tests/browser/take-screenshots.ts [OUT_DIR] [VIEWPORT…]`: the production build in
 * Debian's Chromium at a laptop (1366×768), a projector (1024×768) and a phone (390×844), as PNGs
 * to look at (issue 10): the first load, a lesson after its first Run, a lesson's table, an
 * archive loaded with the masthead's button (its status box up), one that is not an image, the Images tab with that image
 * open in the explorer, and the archive panel's layer table. Not a test: a person judges the
 * layout. Name viewports (e.g. `390x844`) to take only those.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { fixturePath } from '../fixtures.ts';
import { productionBuild } from '../support/production-build.ts';
import { serveStatic } from '../support/static-server.ts';
import { launchChromium } from './support.ts';

const out = process.argv[2] ?? join(process.env.TMPDIR ?? '/tmp', 'layerlab-screenshots');
const only = process.argv.slice(3);
mkdirSync(out, { recursive: true });
const VIEWPORTS = [
  { name: '1366x768', width: 1366, height: 768 },
  { name: '1024x768', width: 1024, height: 768 },
  { name: '390x844', width: 390, height: 844, isMobile: true },
].filter((v) => only.length === 0 || only.includes(v.name));
/** An image with a long name (`bazel/pkg/v1/mutate:overwritten_file`) and three layers. */
const UPLOADED = fixturePath('images/mutate-overwritten_file.tar');
const ARCHIVE = fixturePath('images/tarball-hello-world-v25.tar');
/** A tar that holds files, not an image. */
const NOT_AN_IMAGE = fixturePath('tar/gnu.tar');

const server = await serveStatic(productionBuild(), '/layerlab/');
const browser = await launchChromium();
try {
  for (const { name, width, height, isMobile } of VIEWPORTS) {
    const context = await browser.newContext({ viewport: { width, height }, ...(isMobile ? { isMobile: true, hasTouch: true, deviceScaleFactor: 1 } : {}) });
    const page = await context.newPage();
    const shot = async (what: string, fullPage = false) => {
      await page.screenshot({ path: join(out, `${name}-${what}.png`), fullPage });
      const scrollWidth = await page.evaluate(() => document.scrollingElement?.scrollWidth ?? 0);
      process.stderr.write(`${name}-${what}.png${scrollWidth > width ? ` (page scrolls sideways: ${scrollWidth} px wide)` : ''}\n`);
    };
    await page.goto(server.url);
    await page.getByTestId('lesson-card').first().waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => /root@layerlab:~#/.test(document.querySelector('.xterm-rows')?.textContent ?? ''));
    await shot('index');
    // The first lesson's first step (page 0 is its introduction).
    const href = (await page.getByTestId('lesson-card').first().locator('a').first().getAttribute('href')) ?? '';
    await page.evaluate((hash) => (location.hash = hash), `${href.replace(/^[^#]*/, '')}/1`);
    const run = page.locator('.lesson__body .run-button').first();
    await run.waitFor({ timeout: 30_000 });
    await run.click();
    await page.waitForFunction(() => document.querySelector('.lesson__body .run-button')?.getAttribute('data-state') === 'done', undefined, { timeout: 60_000 });
    await shot('lesson');
    if (isMobile) await shot('lesson-full', true);
    // A lesson with a table (lesson 6's introduction).
    await page.evaluate(() => (location.hash = '#/lesson/06-building-images/0'));
    await page.locator('.lesson__body table').first().waitFor({ timeout: 30_000 });
    await page.locator('.lesson__body table').first().scrollIntoViewIfNeeded();
    await shot('table');
    // An archive loaded into the terminal with the masthead's button, from the lesson index.
    await page.evaluate(() => (location.hash = '#/'));
    await page.getByTestId('lesson-card').first().waitFor();
    await page.getByTestId('upload-input').setInputFiles(UPLOADED);
    await page.getByTestId('upload-status').waitFor();
    await shot('uploading');
    await page.getByTestId('upload-loaded').waitFor({ timeout: 60_000 });
    await shot('uploaded');
    await page.getByTestId('upload-status').getByRole('button', { name: 'Close' }).click();
    // An archive that is not an image: the error is read whole.
    await page.getByTestId('upload-input').setInputFiles(NOT_AN_IMAGE);
    await page.getByTestId('upload-error').waitFor({ timeout: 60_000 });
    await shot('upload-failed');
    await page.getByTestId('upload-status').getByRole('button', { name: 'Close' }).click();
    // The Images tab, that image open in the explorer.
    await page.getByTestId('archive-tab').click();
    await page.getByTestId('explorer-image').first().locator('td:first-child button').click();
    await page.getByTestId('explorer-tree').waitFor({ timeout: 30_000 });
    await page.getByTestId('explorer-image-view').scrollIntoViewIfNeeded();
    await shot('explorer');
    await openFirstFile(page);
    await shot('explorer-file');
    await page.getByTestId('explorer-tab-layers').click();
    await shot('explorer-layers');
    // The archive panel's own view of an archive: its facts and layer table.
    await page.locator('.picker__input').setInputFiles(ARCHIVE);
    await page.getByTestId('archive').waitFor({ timeout: 30_000 });
    await page.getByTestId('layer-row').first().waitFor();
    await page.waitForTimeout(1000);
    await page.getByTestId('upload-status').getByRole('button', { name: 'Close' }).click({ timeout: 30_000 }).catch(() => undefined);
    await page.locator('table.layers').scrollIntoViewIfNeeded();
    await shot('archive');
    await shot('archive-full', true);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
process.stderr.write(`screenshots in ${out}\n`);

/** Open the first regular file in the explorer's tree (its folders opened on the way). */
async function openFirstFile(page: Page): Promise<void> {
  const tree = page.getByTestId('explorer-tree');
  for (let depth = 0; depth < 6; depth++) {
    const rows = tree.locator('[role=treeitem]');
    const count = await rows.count();
    for (let i = 0; i < count; i++) {
      const row = rows.nth(i);
      if ((await row.getAttribute('aria-expanded')) === null) {
        await row.click();
        await page.getByTestId('explorer-viewer').waitFor({ timeout: 10_000 }).catch(() => undefined);
        // The view scrolls itself into sight, smoothly: the picture is what the student then sees.
        await page.waitForTimeout(1000);
        return;
      }
    }
    const closed = tree.locator('[role=treeitem][aria-expanded=false]').first();
    if ((await closed.count()) === 0) return;
    await closed.click();
    await page.waitForTimeout(300);
  }
}
