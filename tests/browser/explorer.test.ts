/**
 * The explorer on the page, following the terminal: an image pulled or built in the terminal
 * appears without a reload, `explore IMAGE` opens it, a directory opens in the virtualised
 * tree, and a file the build deleted (a whiteout) shows as removed, with its history; so does
 * the whiteout fixture's, pulled from the page's catalog (tests/support/catalog-image.ts).
 * Run alone: `npx vitest run tests/browser/explorer.test.ts`.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../fixtures.ts';
import { registryImageFromArchive, routeCatalogImage } from '../support/catalog-image.ts';
import { openPage, terminalScreen, typeLine, type PageSession } from './support.ts';

let session: PageSession;

beforeAll(async () => {
  session = await openPage();
  // The whiteout fixture, offered by the page's catalog before the first pull reads it.
  await routeCatalogImage(session.page.context(), 'fixtures/whiteout', await registryImageFromArchive(fixturePath('images/mutate-whiteout_image.tar')));
}, 60_000);

afterAll(async () => {
  await session?.close();
});

async function waitForTerminal(text: string | RegExp, timeout = 30_000): Promise<void> {
  await expect.poll(() => terminalScreen(session.page), { timeout }).toMatch(text);
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const imageNames = () => session.page.getByTestId('explorer-image').locator('td:first-child button').allTextContents();

describe('the explorer follows the terminal', () => {
  it('lists an image pulled in the terminal without a reload', async () => {
    const { page } = session;
    await waitForTerminal(/^root@layerlab:~#$/m);
    await page.getByTestId('archive-tab').click();
    await expect.poll(() => page.getByTestId('explorer-no-images').count()).toBe(1);
    await typeLine(page, 'docker pull busybox');
    await waitForTerminal('Status: Downloaded newer image for busybox:latest');
    await expect.poll(imageNames, { timeout: 10_000 }).toEqual(['busybox:latest']);
  });

  it('shows a file a built layer deleted as removed, with its history', async () => {
    const { page } = session;
    await typeLine(page, `mkdir ctx && printf 'FROM busybox\\nRUN rm /etc/group && echo hello > /etc/motd\\n' > ctx/Dockerfile && docker build -q -t gone ctx`);
    await expect.poll(imageNames, { timeout: 30_000 }).toContain('gone:latest');
    await typeLine(page, 'explore gone');
    await waitForTerminal('Exploring gone:latest in the explorer beside the terminal.');
    await expect.poll(() => page.getByTestId('explorer-image-view').locator('h3').textContent()).toBe('gone:latest');

    const tree = page.getByTestId('explorer-tree');
    await tree.locator('[data-path="/etc"]').click();
    const group = tree.locator('[data-path="/etc/group"]');
    await expect.poll(() => group.getAttribute('class')).toContain('ex-row--removed');
    await expect.poll(() => tree.locator('[data-path="/etc/motd"]').getAttribute('class')).toContain('ex-row--added');
    await group.click();
    const viewer = page.getByTestId('explorer-viewer');
    await expect.poll(() => viewer.textContent()).toContain('Removed by layer 2');
    await expect.poll(() => page.getByTestId('explorer-history').locator('li').allInnerTexts()).toEqual([
      expect.stringMatching(/^Layer 1 added it/),
      expect.stringMatching(/^Layer 2 removed it/),
    ]);

    // The file a layer added downloads with its bytes.
    await tree.locator('[data-path="/etc/motd"]').click();
    const [download] = await Promise.all([page.waitForEvent('download'), viewer.getByRole('button', { name: 'Download file' }).click()]);
    expect(download.suggestedFilename()).toBe('motd');
    expect(readFileSync(await download.path(), 'utf8')).toBe('hello\n');

    // Only what changed: /etc holds the two changes, /bin none.
    await page.getByTestId('explorer-changed-only').check();
    await expect.poll(() => tree.locator('[data-path]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-path')))).toEqual(['/etc']);
  });

  it('downloads the image as `docker save` writes it, and a layer as the tar its diff_id names', async () => {
    const { page } = session;
    // A save stamps its blobs with the time it writes them, as Docker's does: two saves a second
    // apart differ there only. Compared: every member's name and bytes (GNU tar and sha256sum
    // read the download; the terminal's tools read its own save).
    const members = 'find . -type f | sort | xargs sha256sum | sha256sum | cut -c1-64';
    await typeLine(page, `clear; rm -rf /tmp/gone; mkdir /tmp/gone; docker save gone | tar -x -C /tmp/gone; (cd /tmp/gone && ${members})`);
    await waitForTerminal(/^[0-9a-f]{64}$/m);
    const saved = /^([0-9a-f]{64})$/m.exec(await terminalScreen(page))![1];
    const view = page.getByTestId('explorer-image-view');
    const [image] = await Promise.all([page.waitForEvent('download'), view.getByRole('button', { name: 'Download image' }).click()]);
    expect(image.suggestedFilename()).toBe('gone_latest.tar');
    const unpacked = mkdtempSync(join(tmpdir(), 'layerlab-download-'));
    try {
      execFileSync('tar', ['-xf', await image.path(), '-C', unpacked]);
      expect(execFileSync('sh', ['-c', members], { cwd: unpacked, encoding: 'utf8' }).trim()).toBe(saved);
    } finally {
      rmSync(unpacked, { recursive: true, force: true });
    }

    await page.getByTestId('explorer-tab-layers').click();
    const built = page.getByTestId('explorer-layer').nth(1);
    const diffId = (await built.locator('code.digest').textContent())!.trim();
    const [layer] = await Promise.all([page.waitForEvent('download'), built.getByRole('button', { name: 'download tar' }).click()]);
    expect(layer.suggestedFilename()).toBe(`${diffId.slice('sha256:'.length, 'sha256:'.length + 12)}-layer.tar`);
    expect(`sha256:${sha256(readFileSync(await layer.path()))}`).toBe(diffId);
    await page.getByTestId('explorer-tab-files').click();
  });

  it('shows the file the whiteout fixture deletes, merged and in the layer that deletes it', async () => {
    const { page } = session;
    // From the lessons: `explore` brings the explorer up.
    await page.locator('nav.tabs a[href="#/"]').click();
    await expect.poll(() => page.getByTestId('explorer').count()).toBe(0);
    await typeLine(page, 'docker pull -q fixtures/whiteout && explore fixtures/whiteout');
    await expect.poll(() => page.getByTestId('explorer-image-view').locator('h3').textContent(), { timeout: 30_000 }).toBe('fixtures/whiteout:latest');
    const tree = page.getByTestId('explorer-tree');
    const rows = () => tree.locator('[data-path]').evaluateAll((all) => all.map((r) => `${r.getAttribute('data-path')} ${r.className.match(/ex-row--(\w+)/)![1]}`));
    await expect.poll(rows).toEqual(['/bar.txt unchanged', '/foo.txt removed']);
    await page.getByTestId('explorer-tree-choice').selectOption('1');
    await expect.poll(rows).toEqual(['/foo.txt removed']);
    await tree.locator('[data-path="/foo.txt"]').click();
    await expect.poll(() => page.getByTestId('explorer-viewer').textContent()).toContain('Removed by layer 2');
  });

  it('drops an image removed in the terminal', async () => {
    await typeLine(session.page, 'docker rmi gone');
    await expect.poll(imageNames, { timeout: 10_000 }).toEqual(['busybox:latest', 'fixtures/whiteout:latest']);
    expect(session.errors).toEqual([]);
  });
});
