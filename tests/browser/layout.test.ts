/**
 * The page's layout where a class uses it (issue 10, "The page at its best"): a phone 390 px wide
 * (touch), and a 1024×768 projector and a 1366×768 laptop. On the phone nothing is wider than the
 * window, the archive panel's layer table reflows into cards, controls are big enough for a finger,
 * and the upload's status box never covers the terminal; on the projector and the laptop the
 * terminal's prompt and the lesson's text are both in view, and the status box stays off the terminal. The production build, in Debian's
 * Chromium; the geometry is measured, not judged from a picture (tests/browser/take-screenshots.ts
 * makes the pictures).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../fixtures.ts';
import { productionBuild } from '../support/production-build.ts';
import { serveStatic, type StaticServer } from '../support/static-server.ts';
import { launchChromium, terminalScreen, typeLine } from './support.ts';

const UPLOADED = fixturePath('images/mutate-overwritten_file.tar');
const ARCHIVE = fixturePath('images/tarball-hello-world-v25.tar');
const PROMPT = /root@layerlab:~#/;
/** A finger's target: WCAG 2.5.5's 44 CSS px. */
const TOUCH_TARGET = 44;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

let browser: Browser;
let server: StaticServer;
const errors: string[] = [];

beforeAll(async () => {
  server = await serveStatic(productionBuild(), '/layerlab/');
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(options: Parameters<Browser['newContext']>[0], hash = ''): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(`${server.url}${hash}`);
  await page.waitForFunction(() => /root@layerlab:~#/.test(document.querySelector('.xterm-rows')?.textContent ?? ''), undefined, { timeout: 30_000 });
  return { context, page };
}

/** How wide the page is: wider than the window means it scrolls sideways. */
const pageWidth = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth);

/** The terminal's row holding its last prompt, where the student types next. */
async function promptRow(page: Page): Promise<Box> {
  const rows = page.locator('.xterm-rows > div');
  const texts = await rows.allTextContents();
  const last = texts.findLastIndex((text) => PROMPT.test(text.replace(/\u00a0/g, ' ')));
  expect(last, 'a prompt on the terminal').toBeGreaterThanOrEqual(0);
  return (await rows.nth(last).boundingBox())!;
}

/**
 * How far each table of a lesson's page runs past its box (0: all of it shows), for lesson 8's
 * last page, whose three columns hid the last one beside the terminal at 1024 px.
 */
async function lessonTableOverflow(page: Page): Promise<number[]> {
  await page.evaluate(() => (location.hash = '#/lesson/08-save-layouts/4'));
  const tables = page.locator('.lesson__body table');
  await tables.first().waitFor({ timeout: 30_000 });
  return tables.evaluateAll((all) => all.map((table) => table.scrollWidth - table.clientWidth));
}

/** The terminal's box contains the terminal: nothing of xterm's screen sticks out below or beside it. */
async function terminalInItsBox(page: Page): Promise<boolean> {
  const box = (await page.getByTestId('terminal').boundingBox())!;
  const screen = (await page.locator('.xterm-screen').boundingBox())!;
  return screen.x >= box.x && screen.y >= box.y && screen.x + screen.width <= box.x + box.width && screen.y + screen.height <= box.y + box.height;
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inWindow = (box: Box, width: number, height: number) => box.x >= 0 && box.y >= 0 && box.x + box.width <= width && box.y + box.height <= height;

describe('on a phone 390 px wide', () => {
  const WIDTH = 390;
  const HEIGHT = 844;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ({ context, page } = await open({ viewport: { width: WIDTH, height: HEIGHT }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 }));
  }, 60_000);

  afterAll(async () => {
    await context?.close();
  });

  it('is no wider than the window, and its controls are big enough for a finger', async () => {
    expect(await pageWidth(page)).toBeLessThanOrEqual(WIDTH);
    expect(await terminalInItsBox(page)).toBe(true);
    for (const control of [page.getByRole('link', { name: 'Lessons' }), page.getByTestId('archive-tab'), page.locator('.upload-button')]) {
      const box = (await control.boundingBox())!;
      expect(box.height, (await control.textContent()) ?? '').toBeGreaterThanOrEqual(TOUCH_TARGET);
    }
  });

  it('shows a lesson’s table as cards', async () => {
    for (const overflow of await lessonTableOverflow(page)) expect(overflow).toBeLessThanOrEqual(0);
    expect(await page.locator('.lesson__body thead').first().isVisible()).toBe(false);
    expect(await pageWidth(page)).toBeLessThanOrEqual(WIDTH);
    await page.evaluate(() => (location.hash = '#/'));
    await expect.poll(() => page.getByTestId('terminal-label').textContent()).toBe('Terminal: your playground');
  }, 60_000);

  it('shows the upload status above the terminal, never over its prompt', async () => {
    // Output first, so the prompt is low in the terminal, where a box in the window's corner would sit.
    await typeLine(page, 'seq 40');
    await expect.poll(() => terminalScreen(page)).toMatch(/^40\nroot@layerlab:~#/m);
    await page.getByTestId('upload-input').setInputFiles(UPLOADED);
    const status = page.getByTestId('upload-status');
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toContain('is loaded');
    const statusBox = (await status.boundingBox())!;
    expect(inWindow(statusBox, WIDTH, HEIGHT)).toBe(true);
    expect(overlaps(statusBox, (await page.getByTestId('terminal').boundingBox())!)).toBe(false);
    expect(overlaps(statusBox, await promptRow(page))).toBe(false);
    const close = status.getByRole('button', { name: 'Close' });
    const closeBox = (await close.boundingBox())!;
    expect(Math.min(closeBox.width, closeBox.height)).toBeGreaterThanOrEqual(TOUCH_TARGET);
    expect(await pageWidth(page)).toBeLessThanOrEqual(WIDTH);
    await close.tap();
    await expect.poll(() => status.count()).toBe(0);
  }, 60_000);

  it('shows the archive panel’s layers as cards, not a table that scrolls sideways', async () => {
    await page.getByTestId('archive-tab').tap();
    await page.getByTestId('archive-panel').locator('.picker__input').setInputFiles(ARCHIVE);
    const row = page.getByTestId('layer-row').first();
    await row.waitFor({ timeout: 30_000 });
    // The column headings give way to the names inside each card.
    expect(await page.locator('table.layers thead').isVisible()).toBe(false);
    // A card: the media type and the checks stand under the digests, not in columns beside them.
    const digests = (await row.locator('.layer-digests').boundingBox())!;
    for (const cell of [row.locator('.media-type'), row.locator('.checks')]) {
      expect((await cell.boundingBox())!.y).toBeGreaterThanOrEqual(digests.y + digests.height);
    }
    // Every part of the row, its verification badges too, is inside the window: nothing to scroll to.
    for (const part of [row, row.locator('.digest').first(), row.locator('.checks .badge').last()]) {
      const box = (await part.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(WIDTH);
    }
    const scroller = page.locator('.table-scroll').filter({ has: page.locator('table.layers') }).first();
    expect(await scroller.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    expect(await pageWidth(page)).toBeLessThanOrEqual(WIDTH);
  }, 60_000);

  it('is no wider than the window with an image open in the explorer', async () => {
    // The panel's picker loaded the archive into the terminal too: its status box goes first.
    const status = page.getByTestId('upload-status');
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toContain('is loaded');
    await status.getByRole('button', { name: 'Close' }).tap();
    await page.getByTestId('explorer-image').filter({ hasText: 'overwritten_file' }).locator('td:first-child button').tap();
    await page.getByTestId('explorer-tree').waitFor({ timeout: 30_000 });
    expect(await pageWidth(page)).toBeLessThanOrEqual(WIDTH);
    for (const button of await page.getByTestId('explorer-image-view').locator('.ex-image__actions button').all()) {
      expect((await button.boundingBox())!.height).toBeGreaterThanOrEqual(TOUCH_TARGET);
    }
    // The tree's rows are a finger's target too, and a tap picks one.
    const rows = page.getByTestId('explorer-tree').getByRole('treeitem');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBeGreaterThan(1);
    const heights = await rows.evaluateAll((items) => items.map((item) => item.getBoundingClientRect().height));
    expect(Math.min(...heights)).toBeGreaterThanOrEqual(TOUCH_TARGET);
    await rows.last().tap();
    await expect.poll(() => rows.last().getAttribute('aria-selected'), { timeout: 10_000 }).toBe('true');
    // Its layers, each digest whole (wrapped), and its wasted space.
    for (const tab of ['layers', 'wasted'] as const) {
      await page.getByTestId(`explorer-tab-${tab}`).tap();
      await page.waitForTimeout(300);
      expect(await pageWidth(page)).toBeLessThanOrEqual(WIDTH);
    }
    await page.getByTestId('explorer-tab-files').tap();
  }, 60_000);

  it('wraps a long image name in the explorer instead of widening the page', async () => {
    // The hello-world archive the panel loaded came untagged: the long name becomes its only one.
    await typeLine(page, `clear; docker tag ee301c921b8a ${LONG_NAME} && explore ${LONG_NAME}`);
    const heading = page.getByTestId('explorer-image-view').locator('h3');
    await expect.poll(() => heading.textContent(), { timeout: 30_000 }).toBe(LONG_NAME);
    const box = (await heading.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(WIDTH);
    const listed = page.getByTestId('explorer-image').filter({ hasText: 'a-very-long-team-name' });
    expect((await listed.boundingBox())!.width).toBeLessThanOrEqual(WIDTH);
    expect(await pageWidth(page)).toBeLessThanOrEqual(WIDTH);
  }, 60_000);
});

/** A name as long as a school's registry makes them, to wrap rather than widen the page. */
const LONG_NAME = 'registry.example.com/a-very-long-team-name/an-even-longer-repository-name-for-the-class:v1.2.3-with-a-long-tag';

describe.each([
  { name: 'a 1024×768 projector', width: 1024, height: 768 },
  { name: 'a 1366×768 laptop', width: 1366, height: 768 },
])('on $name', ({ width, height }) => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    // The first built-in lesson's first step.
    ({ context, page } = await open({ viewport: { width, height } }, '#/lesson/01-inside-an-image/1'));
  }, 60_000);

  afterAll(async () => {
    await context?.close();
  });

  it('shows the terminal’s prompt and the lesson’s text together, with a screenful of output', async () => {
    const text = page.locator('.lesson__body p').first();
    await text.waitFor({ timeout: 30_000 });
    await typeLine(page, 'seq 100');
    await expect.poll(() => terminalScreen(page)).toMatch(/^100\nroot@layerlab:~#/m);
    const prompt = await promptRow(page);
    const paragraph = (await text.boundingBox())!;
    const title = (await page.locator('.lesson__page-title').boundingBox())!;
    for (const box of [prompt, paragraph, title]) expect(inWindow(box, width, height), JSON.stringify(box)).toBe(true);
    expect(await terminalInItsBox(page)).toBe(true);
    // Side by side: the lesson's text is not under the terminal.
    expect(overlaps(paragraph, (await page.getByTestId('terminal').boundingBox())!)).toBe(false);
    expect(await pageWidth(page)).toBeLessThanOrEqual(width);
  }, 60_000);

  it('keeps the upload status over the lesson, off the terminal', async () => {
    await page.getByTestId('upload-input').setInputFiles(UPLOADED);
    const status = page.getByTestId('upload-status');
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toContain('is loaded');
    const statusBox = (await status.boundingBox())!;
    expect(inWindow(statusBox, width, height)).toBe(true);
    expect(overlaps(statusBox, (await page.getByTestId('terminal').boundingBox())!)).toBe(false);
    await status.getByRole('button', { name: 'Close' }).click();
  }, 60_000);

  it('shows every column of a lesson’s table, as a table or as cards', async () => {
    for (const overflow of await lessonTableOverflow(page)) expect(overflow).toBeLessThanOrEqual(0);
    expect(await pageWidth(page)).toBeLessThanOrEqual(width);
    expect(errors).toEqual([]);
  }, 60_000);
});
