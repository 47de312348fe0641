/**
 * Offline (issue 10: workshop Wi-Fi fails): after a first visit, the page works with the server
 * gone, from its service worker's cache: the terminal's prompt, the lessons, and `docker pull`
 * from the catalog. A new deploy is announced and taken only when the student reloads from the notice.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productionBuild } from '../support/production-build.ts';
import { openPage, terminalScreen, typeLine, type PageSession } from './support.ts';

let session: PageSession;

beforeAll(async () => {
  session = await openPage();
}, 180_000);

afterAll(async () => {
  await session?.close();
});

async function waitForScreen(text: string | RegExp, timeout = 30_000): Promise<string> {
  await expect.poll(() => terminalScreen(session.page), { timeout }).toMatch(text);
  return terminalScreen(session.page);
}

/** Resolves once a service worker is active for the page (its precache is complete then). */
async function serviceWorkerReady(): Promise<string> {
  return session.page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL ?? '');
}

describe('a deploy', () => {
  it('announces a new version and switches to it only from the notice', async () => {
    const { page } = session;
    await waitForScreen(/^root@layerlab:~#$/m, 60_000);
    expect(await serviceWorkerReady()).toMatch(/\/layerlab\/sw\.js$/);
    // The same site, deployed again with a changed service worker (a new build changes its precache list).
    const next = mkdtempSync(join(tmpdir(), 'layerlab-deploy-'));
    try {
      cpSync(productionBuild(), next, { recursive: true });
      writeFileSync(join(next, 'sw.js'), `${readFileSync(join(next, 'sw.js'), 'utf8')}\n// next deploy\n`);
      session.server.serveFrom(next);
      await page.reload();
      await waitForScreen(/^root@layerlab:~#$/m, 60_000);
      await page.getByText('A new version of layerlab is ready.').waitFor({ timeout: 60_000 });
      // Listen before clicking: from the precache, the reload can end before a listener added after it.
      await Promise.all([page.waitForEvent('load', { timeout: 30_000 }), page.getByRole('button', { name: 'Reload to use it' }).click()]);
      await waitForScreen(/^root@layerlab:~#$/m, 60_000);
      await expect.poll(() => page.evaluate(async () => fetch('sw.js').then((r) => r.text())), { timeout: 30_000 }).toContain('// next deploy');
      await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state)).toBe('activated');
      // The new version took over: none is left waiting (a plain reload would leave it waiting, and the notice up).
      await expect.poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting ?? null)).toBeNull();
      expect(await page.getByText('A new version of layerlab is ready.').count()).toBe(0);
    } finally {
      session.server.serveFrom(productionBuild());
      rmSync(next, { recursive: true, force: true });
    }
  }, 240_000);
});

describe('offline', () => {
  it('works after the first visit with the server stopped: prompt, lessons, docker pull', async () => {
    const { page } = session;
    await waitForScreen(/^root@layerlab:~#$/m, 60_000);
    await serviceWorkerReady();
    await session.server.close();
    await page.reload();
    await waitForScreen(/^root@layerlab:~#$/m, 60_000);
    await page.getByTestId('lesson-card').first().waitFor({ timeout: 30_000 });
    await typeLine(page, 'docker pull busybox');
    await waitForScreen('Status: Downloaded newer image for busybox:latest', 60_000);
    await typeLine(page, 'docker run --rm busybox echo offline-ok');
    await waitForScreen(/^offline-ok$/m, 60_000);
  }, 240_000);
});
