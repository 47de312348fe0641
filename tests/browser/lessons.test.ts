/**
 * Lessons on the page, as a student takes them: Run types into the terminal, Check runs the
 * step's verify script in the lesson's machine and gates Next, progress survives a reload, a
 * link opens a step, a hostile lesson renders inert, Reset lesson leaves the playground alone.
 * The lessons are tests/browser/fixtures/lessons/ (listed with `?test-lessons` on the dev server).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Dialog, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, terminalScreen, typeLine, type PageSession } from './support.ts';

let session: PageSession;
let page: Page;
const dialogs: string[] = [];
/** What the next confirm() is answered (Reset lesson asks first). */
let acceptDialogs = false;

beforeAll(async () => {
  session = await openPage('?test-lessons');
  page = session.page;
  page.on('dialog', (dialog: Dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void (acceptDialogs ? dialog.accept() : dialog.dismiss());
  });
  await page.getByTestId('lesson-card').first().waitFor({ timeout: 60_000 });
}, 120_000);

afterAll(async () => {
  await session?.close();
});

async function waitForScreen(text: string | RegExp, timeout = 30_000): Promise<string> {
  await expect.poll(() => terminalScreen(page), { timeout }).toMatch(text);
  return terminalScreen(page);
}

async function openLessonPage(id: string, pageNumber: number): Promise<void> {
  await page.evaluate((hash) => (location.hash = hash), `#/lesson/${id}/${pageNumber}`);
  await expect.poll(() => page.getByTestId('lesson').getAttribute('data-page')).toBe(String(pageNumber));
  await expect.poll(() => page.getByTestId('lesson').getAttribute('data-lesson')).toBe(id);
}

/**
 * Take lesson `id` from its first step to its end by clicking only: every Run (hints and
 * solutions unfolded), then Check where the step has one, then Next.
 */
async function completeLesson(id: string): Promise<void> {
  await openLessonPage(id, 1);
  for (let step = 1; ; step++) {
    await expect.poll(() => page.getByTestId('lesson').getAttribute('data-page')).toBe(String(step));
    await page.locator('.lesson__body details').evaluateAll((all) => all.forEach((details) => ((details as HTMLDetailsElement).open = true)));
    const runs = page.locator('.lesson__body .run-button');
    for (let i = 0; i < (await runs.count()); i++) {
      await runs.nth(i).click();
      await expect.poll(() => runs.nth(i).getAttribute('data-state'), { timeout: 60_000 }).toBe('done');
    }
    if ((await page.getByTestId('check').count()) > 0) {
      await page.getByTestId('check').click();
      await expect.poll(() => page.getByTestId('check-result').textContent(), { timeout: 30_000 }).toContain('Done');
    }
    const next = page.getByTestId('next');
    if ((await next.count()) === 0) break;
    expect(await next.isEnabled()).toBe(true);
    await next.click();
  }
}

describe('lessons on the page', () => {
  it('opens on the lesson index beside the terminal, with the archive viewer in a tab', async () => {
    const titles = await page.getByTestId('lesson-card').locator('.lesson-card__title').allTextContents();
    // The workshop's eight lessons in their order, the test fixtures among them by their own.
    const workshop = ['What is inside an image', 'An image without a Dockerfile', 'The empty image', 'Under the hood of docker load', 'Layers, sharing and copy-on-write', 'Building images with a Dockerfile', 'Deleting a file does not shrink the image', 'Two layouts of docker save'];
    expect(titles.filter((title) => workshop.includes(title))).toEqual(workshop);
    expect(titles).toEqual(expect.arrayContaining(['Busybox as a tarball', 'A check that gates Next', 'A hostile lesson']));
    expect(await page.locator('[data-testid=lesson-card][data-lesson=busybox-tarball]').textContent()).toContain('5 min');
    await waitForScreen(/root@layerlab:~#$/m);
    expect(await page.getByTestId('terminal-label').textContent()).toContain('playground');
    await page.getByTestId('archive-tab').click();
    await page.getByText('Open an image archive', { exact: true }).waitFor();
    await page.getByRole('link', { name: 'Lessons', exact: true }).click();
    await page.getByTestId('lesson-index').waitFor();
  });

  // Lessons a student can finish by clicking alone: the workshop's first three, and a fixture.
  it.each(['01-inside-an-image', '02-image-without-dockerfile', '03-empty-image', 'busybox-tarball'])('completes lesson %s by clicking Run, Check and Next only', async (id) => {
    await completeLesson(id);
    const steps = await page.locator('.lesson__steps a').count();
    expect(await page.getByTestId('lesson').getAttribute('data-page')).toBe(String(steps)); // Intro + n steps: the end is page n+1
    await page.getByRole('link', { name: 'All lessons' }).first().click();
    const card = page.locator(`[data-testid=lesson-card][data-lesson="${id}"]`);
    expect(await card.getByTestId('lesson-progress').textContent()).toBe('done');
    expect(session.errors).toEqual([]);
  });

  it('types what Run runs after the prompt, line by line, where the student sees it', async () => {
    await openLessonPage('busybox-tarball', 3);
    const screen = await waitForScreen(/^flat +latest +[0-9a-f]{12} /m);
    expect(screen).toMatch(/^root@layerlab:~# docker create --name box busybox\n[0-9a-f]{64}\nroot@layerlab:~# docker export box \| docker import - flat\nsha256:[0-9a-f]{64}\nroot@layerlab:~# docker images flat$/m);
  });

  it('keeps Next disabled until Check passes, and shows the check’s own message when it fails', async () => {
    await openLessonPage('gated-check', 1);
    const next = page.getByTestId('next');
    expect(await next.isDisabled()).toBe(true);
    await page.getByTestId('check').click();
    await expect.poll(() => page.getByTestId('check-message').textContent()).toBe('No /root/marker saying ready yet: click Run first.');
    expect(await next.isDisabled()).toBe(true);
    await page.locator('.lesson__body .run-button').click();
    await expect.poll(() => page.locator('.lesson__body .run-button').getAttribute('data-state')).toBe('done');
    await page.getByTestId('check').click();
    await expect.poll(() => page.getByTestId('check-result').textContent()).toContain('Done');
    expect(await page.getByTestId('check-message').count()).toBe(0);
    expect(await next.isEnabled()).toBe(true);
    await next.click();
    // The lesson's front matter says docker: "20.10": its machine's shell has that release.
    await page.locator('.lesson__body .run-button').click();
    await waitForScreen(/^release=20\.10$/m);
  });

  it('makes Run wait while a command runs instead of typing into it', async () => {
    await openLessonPage('gated-check', 2);
    await typeLine(page, 'sleep 2; echo slept');
    await page.locator('.lesson__body .run-button').click();
    const screen = await waitForScreen(/release=20\.10\n.*#$/m);
    const lines = screen.split('\n');
    const slept = lines.lastIndexOf('slept');
    const typed = lines.map((line) => line.endsWith('# echo "release=$LAYERLAB_DOCKER_VERSION"')).lastIndexOf(true);
    expect(slept).toBeGreaterThan(0);
    expect(typed).toBeGreaterThan(slept);
  });

  it('keeps progress across a reload, and a #/lesson/<id>/<step> link opens that step', async () => {
    await page.reload();
    // Where the student was: gated-check's step 2, step 1 passed.
    await expect.poll(() => page.getByTestId('lesson').getAttribute('data-page'), { timeout: 60_000 }).toBe('2');
    expect(await page.locator('.lesson__steps a.done').allTextContents()).toEqual(['1']);
    // The lesson's machine came back too (its own saved session).
    expect(await page.getByTestId('terminal-label').textContent()).toContain('A check that gates Next');
    await typeLine(page, 'cat /root/marker');
    await waitForScreen(/cat \/root\/marker\nready$/m);
    await openLessonPage('gated-check', 1);
    expect(await page.getByTestId('next').isEnabled()).toBe(true);
    await page.goto(`${session.url}#/lesson/busybox-tarball/2`);
    await expect.poll(() => page.getByTestId('lesson').getAttribute('data-page'), { timeout: 60_000 }).toBe('2');
    expect(await page.locator('.lesson__page-title').textContent()).toBe('Step 2 of 3: Save it');
    await page.getByRole('link', { name: 'All lessons' }).first().click();
    expect(await page.locator('[data-testid=lesson-card][data-lesson=busybox-tarball]').getByTestId('lesson-progress').textContent()).toBe('done');
    expect(await page.locator('[data-testid=lesson-card][data-lesson=gated-check]').getByTestId('lesson-progress').textContent()).toBe('1 of 2 steps');
  });

  it('renders a hostile lesson inert: no script, handler, javascript: URL, iframe, form or style survives', async () => {
    await openLessonPage('hostile', 1);
    const body = page.getByTestId('lesson-body');
    // Their javascript: hrefs are gone (so they are not even links): clicking them does nothing.
    await body.getByText('a javascript link').click();
    await body.getByText('raw link').click();
    await page.waitForTimeout(300); // anything that would fire has had its event loop turn
    expect(dialogs).toEqual([]);
    expect(await page.evaluate(() => (window as { __hostile?: string }).__hostile)).toBeUndefined();
    const html = (await body.innerHTML()).toLowerCase();
    for (const gone of ['<script', 'onerror', 'onclick', 'onload', 'javascript:', '<iframe', '<form', 'style=']) expect(html).not.toContain(gone);
    expect(await page.getByTestId('overlay').evaluate((el) => getComputedStyle(el).position)).toBe('static');
    // The lesson's own Run still works.
    await page.locator('.lesson__body .run-button').click();
    await waitForScreen(/^harmless$/m);
    expect(session.errors.filter((e) => !e.includes('nowhere.png'))).toEqual([]);
  });

  it('Reset lesson gives the lesson a fresh machine and leaves the playground alone', async () => {
    await page.getByRole('link', { name: 'Lessons', exact: true }).click();
    await typeLine(page, 'echo mine > /root/playground-file');
    await waitForScreen(/playground-file\n.*#$/m);
    await openLessonPage('gated-check', 1);
    await page.locator('.lesson__body .run-button').click();
    await typeLine(page, 'cat /root/marker');
    await waitForScreen(/cat \/root\/marker\nready\n/);
    acceptDialogs = true;
    await page.getByTestId('reset-lesson').click();
    await expect.poll(() => page.getByTestId('lesson').getAttribute('data-page')).toBe('0');
    acceptDialogs = false;
    dialogs.length = 0;
    await typeLine(page, 'cat /root/marker');
    await waitForScreen(/cat \/root\/marker\ncat: \/root\/marker: No such file or directory\n/);
    expect(await page.locator('.lesson__steps a.done').count()).toBe(0);
    await page.getByRole('link', { name: 'All lessons' }).first().click();
    // Back on the playground, its output comes back with one prompt, not the one it was left at and a new one.
    const back = await waitForScreen(/playground-file\n.*#$/m);
    expect(back).not.toMatch(/# root@layerlab:~#/);
    await typeLine(page, 'cat /root/playground-file');
    await waitForScreen(/cat \/root\/playground-file\nmine\n/);
  });

  it('opens a Killercoda scenario folder: titles and steps from index.json, assets copied with their chmod, the intro script run', async () => {
    await page.getByRole('link', { name: 'Lessons', exact: true }).click();
    const folder = fileURLToPath(new URL('../lessons/fixtures/killercoda-image-tarball', import.meta.url));
    await page.getByTestId('open-lesson-folder').setInputFiles(folder);
    await expect.poll(() => page.getByTestId('lesson').getAttribute('data-lesson'), { timeout: 30_000 }).toBe('killercoda-image-tarball');
    expect(await page.locator('.lesson__header h2').textContent()).toBe('An image is a tarball');
    expect(await page.locator('.lesson__steps a').allTextContents()).toEqual(['Intro', '1', '2']);
    await expect.poll(() => page.getByTestId('machine-note').count(), { timeout: 30_000 }).toBe(0);
    await typeLine(page, 'ls -l /usr/local/bin/count-layers.sh | cut -c1-10; cat /root/work/.background-done');
    await waitForScreen(/^-rwxr-xr-x\nready$/m);
    // {{exec}} became Run buttons (fenced and inline), {{copy}} a Copy button.
    await openLessonPage('killercoda-image-tarball', 2);
    expect(await page.locator('.lesson__body .runnable-inline .copy-button').count()).toBe(1);
    expect(await page.locator('.lesson__body').textContent()).not.toContain('{{');
    await completeLesson('killercoda-image-tarball');
    await waitForScreen(/count-layers\.sh \/root\/work\/busybox\.tar\n1$/m);
  });

  it('opens a Killercoda scenario from a .zip (unzipped by fflate in the page)', async () => {
    await page.getByRole('link', { name: 'Lessons', exact: true }).click();
    const fixtures = fileURLToPath(new URL('../lessons/fixtures/', import.meta.url));
    // Python's zipfile makes the archive: an oracle independent of fflate.
    const zip = execFileSync('python3', ['-c', 'import shutil, sys; sys.stdout.buffer.write(open(shutil.make_archive("/tmp/layerlab-scenario", "zip", sys.argv[1], "killercoda-needs-network"), "rb").read())', fixtures]);
    await page.getByTestId('open-lesson-file').setInputFiles({ name: 'needs-network.zip', mimeType: 'application/zip', buffer: zip });
    await expect.poll(() => page.getByTestId('lesson').getAttribute('data-lesson'), { timeout: 30_000 }).toBe('killercoda-needs-network');
    expect(await page.locator('.lesson__header h2').textContent()).toBe('Needs the network');
  });
});
