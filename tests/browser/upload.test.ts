/**
 * One daemon: an archive chosen or dropped on the page goes into the terminal's Docker (and its
 * home directory), survives a reload, and files come back out through the browser's download.
 * Oracles: GNU tar and sha256 of the fixtures themselves.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../fixtures.ts';
import { openPage, terminalScreen, typeLine, type PageSession } from './support.ts';

const IMAGE = 'images/mutate-overwritten_file.tar';
const TAG = 'bazel/pkg/v1/mutate:overwritten_file';
const PROMPT = /^root@layerlab:~#$/m;

let session: PageSession;
const scratch = mkdtempSync(join(tmpdir(), 'layerlab-upload-'));

beforeAll(async () => {
  session = await openPage();
  await session.page.setViewportSize({ width: 1366, height: 768 });
}, 60_000);

afterAll(async () => {
  await session?.close();
});

async function waitFor(text: string | RegExp, timeout = 30_000): Promise<void> {
  await expect.poll(() => terminalScreen(session.page), { timeout }).toMatch(text);
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The upload's status box, once it says how the upload ended; it must be inside the 1366×768 window. */
async function uploadOutcome(): Promise<string> {
  const status = session.page.getByTestId('upload-status');
  await expect.poll(async () => (await status.textContent()) ?? '', { timeout: 30_000 }).toMatch(/is loaded|not a docker save|refused/);
  const box = await status.boundingBox();
  expect(box && box.y >= 0 && box.y + box.height <= 768 && box.x >= 0 && box.x + box.width <= 1366).toBe(true);
  const text = (await status.textContent()) ?? '';
  await status.getByRole('button', { name: 'Close' }).click();
  return text;
}

describe('an archive uploaded on the page', () => {
  it('is in docker images and in the home directory', async () => {
    const { page } = session;
    await waitFor(PROMPT);
    await page.getByTestId('upload-input').setInputFiles(fixturePath(IMAGE));
    expect(await uploadOutcome()).toContain(`Loaded image: ${TAG}`);
    await typeLine(page, 'docker images --format "{{.Repository}}:{{.Tag}}"; tar -tvf mutate-overwritten_file.tar | wc -l');
    const lines = execFileSync('tar', ['-tvf', fixturePath(IMAGE)], { encoding: 'utf8' }).split('\n').length - 1;
    await waitFor(new RegExp(`^${TAG}\\n${lines}\\n`, 'm'));

    // The uploaded file itself comes back out, byte for byte (its Blob crosses to the page as it is kept).
    const [download] = await Promise.all([page.waitForEvent('download'), typeLine(page, 'download mutate-overwritten_file.tar')]);
    expect(download.suggestedFilename()).toBe('mutate-overwritten_file.tar');
    expect(sha256(readFileSync((await download.path())!))).toBe(sha256(readFileSync(fixturePath(IMAGE))));
  }, 90_000);

  it('comes back from a download byte for byte, and runs once uploaded again', async () => {
    const { page } = session;
    await typeLine(page, 'clear; docker pull -q busybox && docker save -o busybox.tar busybox && sha256sum busybox.tar');
    await waitFor(/^([0-9a-f]{64})  busybox\.tar$/m, 60_000);
    const inPage = /^([0-9a-f]{64})  busybox\.tar$/m.exec(await terminalScreen(page))![1];
    const [download] = await Promise.all([page.waitForEvent('download'), typeLine(page, 'download busybox.tar')]);
    expect(download.suggestedFilename()).toBe('busybox.tar');
    const saved = join(scratch, 'busybox.tar');
    await download.saveAs(saved);
    expect(sha256(readFileSync(saved))).toBe(inPage);

    await typeLine(page, 'clear; docker rmi -f busybox >/dev/null; rm busybox.tar; docker images -q busybox | wc -l');
    await waitFor(/^0$/m);
    await page.getByTestId('upload-input').setInputFiles(saved);
    expect(await uploadOutcome()).toContain('Loaded image: busybox:latest');
    // Its layer (over 1 MiB) was hashed as the reader worker read it (src/worker/blob-reads.ts).
    expect(page.workers().map((worker) => worker.url())).toContainEqual(expect.stringMatching(/blob-read-worker-[\w-]+\.js$/));
    await typeLine(page, 'docker run --rm busybox echo uploaded and running');
    await waitFor(/^uploaded and running$/m);
    // The terminal's `docker save`, back from the student's disk, opens in the explorer.
    await typeLine(page, 'explore busybox');
    await expect.poll(() => page.getByTestId('explorer-image-view').locator('h3').textContent(), { timeout: 30_000 }).toBe('busybox:latest');
    await page.locator('nav.tabs a[href="#/"]').click();
  }, 120_000);

  it('is still there after a reload, its file too', async () => {
    const { page } = session;
    await page.reload();
    await waitFor(PROMPT);
    await typeLine(page, 'docker images --format "{{.Repository}}:{{.Tag}}" | sort | tr "\\n" " "; echo; sha256sum < mutate-overwritten_file.tar | cut -c1-32');
    await waitFor(new RegExp(`^${TAG.replace(/\./g, '\\.')} busybox:latest\\n${sha256(readFileSync(fixturePath(IMAGE))).slice(0, 32)}$`, 'm'));
    // Uploaded again, its layers are not read: the daemon has them, as Docker skips them.
    await page.getByTestId('upload-input').setInputFiles(fixturePath(IMAGE));
    const layers = new Set((JSON.parse(execFileSync('tar', ['-xOf', fixturePath(IMAGE), 'manifest.json'], { encoding: 'utf8' })) as { Layers: string[] }[])[0]!.Layers).size;
    expect(await uploadOutcome()).toContain(`every new layer's digest checked; ${layers} layers were here already`);
  }, 90_000);

  it('that is no image, dropped anywhere, says so and loses nothing', async () => {
    const { page } = session;
    const bytes = [...readFileSync(fixturePath('tar/gnu.tar'))];
    // A drop on the terminal, as a file dragged from the desktop.
    await page.evaluate((data) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], 'gnu.tar'));
      const target = document.querySelector('[data-testid="terminal"]')!;
      for (const type of ['dragenter', 'dragover', 'drop']) target.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, bytes);
    const outcome = await uploadOutcome();
    expect(outcome).toMatch(/gnu\.tar: this is not a docker save or OCI archive: \S/);
    expect(outcome).toContain('the images you had are still there');
    await typeLine(page, 'clear; docker images -q | wc -l; tar -tf gnu.tar | head -1; echo still working');
    const first = execFileSync('tar', ['-tf', fixturePath('tar/gnu.tar')], { encoding: 'utf8' }).split('\n')[0];
    await waitFor(new RegExp(`^2\\n${first}\\nstill working$`, 'm'));
    expect(session.errors).toEqual([]);
  }, 90_000);
});
