/**
 * A compressed archive uploaded on the page (`docker save | gzip` made outside, here by GNU tar,
 * python3 and gzip) survives a reload, kept in IndexedDB as two Blobs: the file as picked and the
 * archive it decompresses to, whose windows the layers are. No layer is stored again as a blob of
 * its own. The oracle is sha256sum of the layer GNU tar wrote.
 */
import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compressed, generateImage, GENERATED_TAG } from '../worker/support/generated-image.ts';
import { openPage, terminalScreen, typeLine, type PageSession } from './support.ts';

const PROMPT = /^root@layerlab:~#$/m;
const image = generateImage(20e6, afterAll);
const packed = compressed(image.archive, 'gzip');

let session: PageSession;

beforeAll(async () => {
  session = await openPage();
}, 180_000);

afterAll(async () => {
  await session?.close();
});

async function waitFor(text: string | RegExp, timeout = 30_000): Promise<void> {
  await expect.poll(() => terminalScreen(session.page), { timeout }).toMatch(text);
}

/** The session store's keys, and the size of each Blob in it. */
async function stored(): Promise<{ keys: string[]; blobSizes: number[] }> {
  return session.page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('layerlab');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('session')) return resolve({ keys: [], blobSizes: [] });
          const store = db.transaction('session').objectStore('session');
          const keys = store.getAllKeys();
          const values = store.getAll();
          store.transaction.oncomplete = () => {
            db.close();
            const blobSizes = values.result.filter((v): v is Blob => v instanceof Blob).map((b) => b.size).sort((a, b) => a - b);
            resolve({ keys: keys.result.map(String), blobSizes });
          };
        };
      }),
  );
}

describe('a gzip-compressed upload', () => {
  it('is kept as the file and its decompressed archive, once each, and its image and file come back after a reload', async () => {
    const { page } = session;
    await waitFor(PROMPT, 60_000);
    await page.getByTestId('upload-input').setInputFiles(packed);
    const status = page.getByTestId('upload-status');
    await expect.poll(async () => (await status.textContent()) ?? '', { timeout: 60_000 }).toMatch(/is loaded|not a docker save|refused/);
    expect(await status.textContent()).toContain(`Loaded image: ${GENERATED_TAG}`);
    await status.getByRole('button', { name: 'Close' }).click();

    const expected = [statSync(packed).size, statSync(image.archive).size].sort((a, b) => a - b);
    await expect.poll(async () => (await stored()).blobSizes, { timeout: 30_000 }).toEqual(expected);
    expect((await stored()).keys).not.toContain(`blob:sha256:${image.diffHex}`);

    await page.reload();
    await waitFor(PROMPT, 60_000);
    await typeLine(page, `clear; docker images --format '{{.Repository}}:{{.Tag}}'; docker save ${GENERATED_TAG} | tar -xOf - blobs/sha256/${image.diffHex} | sha256sum; ls big.tar.gz`);
    await waitFor(new RegExp(`^${GENERATED_TAG}\\n${image.diffHex}  -\\nbig\\.tar\\.gz$`, 'm'), 60_000);
    expect((await stored()).blobSizes).toEqual(expected);
    expect(session.errors).toEqual([]);
  }, 300_000);
});
