/**
 * The real page in a real browser, for browser tests: Vite's dev server serves the repo,
 * Debian's Chromium (never a downloaded one) runs it headless.
 */
import { existsSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';

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
const REPO = fileURLToPath(new URL('../../', import.meta.url));

export interface PageSession {
  page: Page;
  url: string;
  /** Uncaught errors and console errors from the page and its worker: a page must have none. */
  errors: string[];
  /** Another tab of the same browser profile (same IndexedDB, same Web Locks) at the page's URL. */
  openTab(): Promise<Page>;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Open the page at `path` (e.g. `?test-lessons#/lesson/x/1`: the tests' own lessons are listed only with `?test-lessons`). */
export async function openPage(path = ''): Promise<PageSession> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: the browser test needs Debian's Chromium (apt-get install -y chromium; .ci/run installs it)`);
  }
  const port = await freePort();
  const server: ViteDevServer = await createServer({
    root: REPO,
    configFile: `${REPO}vite.config.ts`,
    server: { host: '127.0.0.1', port, strictPort: true, hmr: false },
    logLevel: 'error',
    clearScreen: false,
  });
  await server.listen();
  const url = `http://127.0.0.1:${port}/${path}`;
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const errors: string[] = [];
  const newTab = async () => {
    const tab = await context.newPage();
    tab.on('pageerror', (err) => errors.push(err.message));
    tab.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    await tab.goto(url);
    return tab;
  };
  const page = await newTab();
  return {
    page,
    url,
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
