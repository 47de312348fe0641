/**
 * `npx tsx tests/browser/take-screenshots.ts [OUT_DIR]`: the production build in Debian's
 * Chromium at a laptop (1366×768), a projector (1024×768) and a phone (390×844), as PNGs to
 * look at (issue 10): the lesson index, a lesson after its first Run, and the image archive
 * panel with an archive open. Not a test: a person judges the layout.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fixturePath } from '../fixtures.ts';
import { productionBuild } from '../support/production-build.ts';
import { serveStatic } from '../support/static-server.ts';
import { launchChromium } from './support.ts';

const out = process.argv[2] ?? join(process.env.TMPDIR ?? '/tmp', 'layerlab-screenshots');
mkdirSync(out, { recursive: true });
const VIEWPORTS = [
  { name: '1366x768', width: 1366, height: 768 },
  { name: '1024x768', width: 1024, height: 768 },
  { name: '390x844', width: 390, height: 844, isMobile: true },
];
const server = await serveStatic(productionBuild(), '/layerlab/');
const browser = await launchChromium();
try {
  for (const { name, width, height, isMobile } of VIEWPORTS) {
    const context = await browser.newContext({ viewport: { width, height }, ...(isMobile ? { isMobile: true, hasTouch: true, deviceScaleFactor: 1 } : {}) });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByTestId('lesson-card').first().waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => /root@layerlab:~#/.test(document.querySelector('.xterm-rows')?.textContent ?? ''));
    await page.screenshot({ path: join(out, `${name}-index.png`) });
    // The first lesson's first step (page 0 is its introduction).
    const href = (await page.getByTestId('lesson-card').first().locator('a').first().getAttribute('href')) ?? '';
    await page.evaluate((hash) => (location.hash = hash), `${href.replace(/^[^#]*/, '')}/1`);
    const run = page.locator('.lesson__body .run-button').first();
    await run.waitFor({ timeout: 30_000 });
    await run.click();
    await page.waitForFunction(() => document.querySelector('.lesson__body .run-button')?.getAttribute('data-state') === 'done', undefined, { timeout: 60_000 });
    await page.screenshot({ path: join(out, `${name}-lesson.png`) });
    if (isMobile) await page.screenshot({ path: join(out, `${name}-lesson-full.png`), fullPage: true });
    // A lesson with a table (lesson 6's introduction).
    await page.evaluate(() => (location.hash = '#/lesson/06-building-images/0'));
    await page.locator('.lesson__body table').first().waitFor({ timeout: 30_000 });
    await page.locator('.lesson__body table').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(out, `${name}-table.png`) });
    await page.evaluate(() => (location.hash = '#/archive'));
    await page.getByTestId('archive-panel').waitFor();
    await page.locator('input[type=file]').first().setInputFiles(fixturePath('images/tarball-hello-world-v25.tar'));
    await page.getByTestId('archive').waitFor({ timeout: 30_000 });
    await page.waitForTimeout(1000);
    await page.screenshot({ path: join(out, `${name}-archive.png`) });
    await page.screenshot({ path: join(out, `${name}-archive-full.png`), fullPage: true });
    await context.close();
    process.stderr.write(`${name}: done\n`);
  }
} finally {
  await browser.close();
  await server.close();
}
process.stderr.write(`screenshots in ${out}\n`);
