/**
 * The terminal on the page: xterm.js in Chromium, the shell and the Docker daemon in the
 * page's worker, the catalog fetched from the dev server — as a student uses it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, type PageSession } from './support.ts';

let session: PageSession;

beforeAll(async () => {
  session = await openPage();
}, 60_000);

afterAll(async () => {
  await session?.close();
});

/** What the terminal shows, row by row (xterm's DOM renderer), trailing blanks trimmed. */
async function screen(): Promise<string> {
  const rows = await session.page.locator('.xterm-rows > div').allTextContents();
  return rows.map((row) => row.replace(/\u00a0/g, ' ').trimEnd()).join('\n');
}

async function type(line: string): Promise<void> {
  await session.page.getByTestId('terminal').click();
  await session.page.keyboard.type(line);
  await session.page.keyboard.press('Enter');
}

async function waitFor(text: string | RegExp, timeout = 30_000): Promise<string> {
  await expect.poll(screen, { timeout }).toMatch(text);
  return screen();
}

describe('the terminal', () => {
  it('shows a root prompt and runs what is typed', async () => {
    await waitFor(/^root@layerlab:~#$/m);
    await type('echo "hello from $HOSTNAME" | tr a-z A-Z');
    await waitFor('HELLO FROM LAYERLAB');
  });

  it('pulls an image from the bundled catalog and lists it', async () => {
    await type('docker pull busybox');
    await waitFor('Status: Downloaded newer image for busybox:latest');
    await type('docker images --format "{{.Repository}}:{{.Tag}}"');
    await waitFor(/^busybox:latest$/m);
  });

  it('pipes docker save into tar byte for byte', async () => {
    await type('docker save busybox | tar -t | grep -c blobs/sha256/');
    await waitFor(/^\d+$/m);
    await type('docker save busybox > b.tar && tar -tf b.tar | tail -1');
    await waitFor(/^repositories$/m);
  });

  it('keeps cwd and variables between commands, and Ctrl+C drops a half-typed line', async () => {
    await type('cd /tmp && X=42');
    await waitFor(/^root@layerlab:\/tmp#$/m);
    await session.page.keyboard.type('echo this is dropped');
    await session.page.keyboard.down('Control');
    await session.page.keyboard.press('KeyC');
    await session.page.keyboard.up('Control');
    await waitFor(/^root@layerlab:\/tmp# echo this is dropped\^C$/m);
    await type('echo "$PWD $X"');
    await waitFor(/^\/tmp 42$/m);
  });

  it('reports errors as one line and has no page errors', async () => {
    await waitFor(/^root@layerlab:\/tmp#$/m);
    await type('docker pull no-such-image');
    await waitFor(/Error response from daemon/);
    expect(session.errors).toEqual([]);
  });
});
