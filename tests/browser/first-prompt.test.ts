/**
 * What the page loads before the terminal's first prompt (issue 10: the prompt first, the rest
 * after it). The worker's shell (the engine, our commands, just-bash) and the lessons are
 * requested only once the prompt is on screen, and the prompt is a real one: a line typed the
 * moment it shows runs, once the shell has loaded behind it.
 */
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productionBuild } from '../support/production-build.ts';
import { serveStatic, type StaticServer } from '../support/static-server.ts';
import { launchChromium, terminalScreen } from './support.ts';

let browser: Browser;
let server: StaticServer;

beforeAll(async () => {
  browser = await launchChromium();
  server = await serveStatic(productionBuild(), '/layerlab/');
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Installed before the page's scripts: the wall-clock time the prompt first shows in xterm's rows. */
function notePrompt(): void {
  const noted = { promptEpoch: 0 };
  (window as unknown as { __prompt: typeof noted }).__prompt = noted;
  const observer = new MutationObserver(() => {
    const rows = document.querySelector('.xterm-rows');
    if (!rows || !/root@layerlab:~#/.test((rows.textContent ?? '').replace(/\u00a0/g, ' '))) return;
    noted.promptEpoch = performance.timeOrigin + performance.now();
    observer.disconnect();
  });
  document.addEventListener('DOMContentLoaded', () => observer.observe(document.body, { subtree: true, childList: true, characterData: true }));
}

/** A fresh visit: the page, and each JS file requested (the worker's too) with when it was asked for. */
async function visit(): Promise<{ page: Page; requested: { file: string; at: number }[]; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  await context.addInitScript(notePrompt);
  const page = await context.newPage();
  const requested: { file: string; at: number }[] = [];
  const note = (request: Request) => {
    const file = new URL(request.url()).pathname.split('/').pop() ?? '';
    if (file.endsWith('.js')) requested.push({ file, at: Date.now() });
  };
  page.on('request', note);
  await page.goto(server.url);
  return { page, requested, close: () => context.close() };
}

const promptShownAt = (page: Page) =>
  page
    .waitForFunction(() => (window as unknown as { __prompt: { promptEpoch: number } }).__prompt.promptEpoch || undefined, undefined, { polling: 20, timeout: 60_000 })
    .then((handle) => handle.jsonValue() as Promise<number>);

describe('the first prompt', () => {
  it('shows before the worker asks for the shell and before the page asks for the lessons', async () => {
    const { page, requested, close } = await visit();
    try {
      const promptAt = await promptShownAt(page);
      // The shell's chunk and the lessons' come after the prompt, but they do come.
      await expect.poll(() => requested.map((r) => r.file).join(' '), { timeout: 60_000 }).toMatch(/services-.*lesson-sources-|lesson-sources-.*services-/);
      const first = (prefix: string) => requested.find((r) => r.file.startsWith(prefix))!;
      expect(first('services-').at).toBeGreaterThan(promptAt);
      expect(first('lesson-sources-').at).toBeGreaterThan(promptAt);
      // What the prompt needs was asked for before it: the page's chunk and the worker's entry.
      expect(first('render-app-').at).toBeLessThan(promptAt);
      expect(first('engine-worker-').at).toBeLessThan(promptAt);
      // One engine worker, the one index.html's head started before the page's scripts loaded.
      expect(requested.filter((r) => r.file.startsWith('engine-worker-'))).toHaveLength(1);
      expect(await page.evaluate(() => (window as unknown as { __layerlabEngine?: unknown }).__layerlabEngine instanceof Worker)).toBe(true);
    } finally {
      await close();
    }
  }, 120_000);

  it('runs a line typed the moment the prompt shows, once the shell has loaded', async () => {
    const { page, close } = await visit();
    try {
      await promptShownAt(page);
      await page.keyboard.type('echo typed-at-$((6*7))');
      await page.keyboard.press('Enter');
      await expect.poll(() => terminalScreen(page), { timeout: 60_000 }).toMatch(/^typed-at-42$/m);
      await expect.poll(() => terminalScreen(page), { timeout: 10_000 }).toMatch(/^typed-at-42\nroot@layerlab:~#$/m);
    } finally {
      await close();
    }
  }, 120_000);
});
