/**
 * The real page in a real browser, for browser tests: the production build (what a school
 * deploys; built once per state of the sources, tests/support/production-build.ts) served by a
 * plain static server under a sub-path, as GitHub Pages serves a project, and Debian's Chromium
 * (never a downloaded one) running it headless. The tests' own lessons (`?test-lessons`) are
 * served beside the page from tests/browser/fixtures/lessons.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { productionBuild } from '../support/production-build.ts';
import { serveStatic, type StaticServer } from '../support/static-server.ts';

const TEST_LESSONS = fileURLToPath(new URL('./fixtures/lessons/', import.meta.url));

export const CHROMIUM = '/usr/bin/chromium';
/** Chromium's flags for a headless run on a CI box: no sandbox (root in a container), no GPU, no background traffic. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Debian's Chromium, headless; fails with what to install when it is missing. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: the browser test needs Debian's Chromium (apt-get install -y chromium; .ci/run installs it)`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

export interface PageSession {
  page: Page;
  url: string;
  context: BrowserContext;
  /** The static server (stop it to take the network away). */
  server: StaticServer;
  /** Uncaught errors and console errors from the page and its worker: a page must have none. */
  errors: string[];
  /** Another tab of the same browser profile (same IndexedDB, same Web Locks) at the page's URL. */
  openTab(): Promise<Page>;
  close(): Promise<void>;
}

/** Open the page at `path` (e.g. `?test-lessons#/lesson/x/1`: the tests' own lessons are listed only with `?test-lessons`). */
export async function openPage(path = ''): Promise<PageSession> {
  const browser = await launchChromium();
  const server = await serveStatic(productionBuild(), '/layerlab/', [{ at: 'test-lessons/', dir: TEST_LESSONS, listing: true }]);
  const url = `${server.url}${path}`;
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const errors: string[] = [];
  const newTab = async () => {
    const tab = await context.newPage();
    tab.on('pageerror', (err) => errors.push(err.message));
    tab.on('console', (msg) => {
      // With the URL: Chromium's "Failed to load resource" line does not name the resource.
      if (msg.type() === 'error') errors.push(msg.location().url ? `${msg.text()} (${msg.location().url})` : msg.text());
    });
    await tab.goto(url);
    return tab;
  };
  const page = await newTab();
  return {
    page,
    url,
    context,
    server,
    errors,
    openTab: newTab,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** What the page's terminal shows, row by row (xterm's DOM renderer), trailing blanks trimmed. */
export async function terminalScreen(page: Page): Promise<string> {
  const rows = await page.locator('.xterm-rows > div').allTextContents();
  return rows.map((row) => row.replace(/\u00a0/g, ' ').trimEnd()).join('\n');
}

/** Type a line into the page's terminal and press Enter. */
export async function typeLine(page: Page, line: string): Promise<void> {
  await page.getByTestId('terminal').click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}
