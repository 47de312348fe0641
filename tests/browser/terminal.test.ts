/**
 * The terminal on the page: xterm.js in Chromium, the shell and the Docker daemon in the
 * page's worker, the catalog fetched from the dev server — as a student uses it.
 */
import { execFileSync } from 'node:child_process';
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

  it('Ctrl+C stops a loop that never waits (the worker\'s loops yield, so the interrupt message arrives)', async () => {
    await type('while true; do :; done');
    await new Promise((resolve) => setTimeout(resolve, 500));
    await session.page.keyboard.down('Control');
    await session.page.keyboard.press('KeyC');
    await session.page.keyboard.up('Control');
    // As on a real terminal: ^C echoes on the line after the command, then a new prompt.
    await waitFor(/# while true; do :; done\n\^C\n/);
    await type('echo "loop status $?"');
    await waitFor(/^loop status 130$/m);
  });

  it('ls fills the width of the terminal with columns, as on a real terminal', async () => {
    // The terminal's width: a long line wraps there.
    await type("printf 'w%.0s' $(seq 1 600); echo");
    const wrapped = (await waitFor(/^w{20,}$/m)).split('\n').filter((line) => /^w+$/.test(line));
    const columns = Math.max(...wrapped.map((line) => line.length));
    await type('mkdir -p /tmp/many && cd /tmp/many && for i in $(seq 10 49); do touch name-$i; done && ls');
    const lines = (await waitFor(/^name-10 +name-/m)).split('\n').filter((line) => line.startsWith('name-'));
    // 40 names of 7 characters, 2 spaces apart: GNU ls takes as many columns as fit in the width.
    let fit = 1;
    while (9 * fit + 7 < columns) fit++;
    const rows = Math.ceil(40 / fit);
    expect(lines).toHaveLength(rows);
    expect(lines[0]!.split(/\s+/)).toHaveLength(Math.ceil(40 / rows));
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThan(columns);
    await type('cd /tmp');
  });

  it('Tab completes commands and file names, and a second Tab lists the choices', async () => {
    await type('mkdir -p /tmp/tabs && cd /tmp/tabs && touch report-one report-two');
    await session.page.keyboard.type('ech');
    await session.page.keyboard.press('Tab');
    await session.page.keyboard.type('completed-by-tab');
    await session.page.keyboard.press('Enter');
    await waitFor(/^completed-by-tab$/m);
    await session.page.keyboard.type('ls rep');
    await session.page.keyboard.press('Tab');
    await session.page.keyboard.press('Tab');
    await waitFor(/^report-one +report-two$/m);
    await session.page.keyboard.type('o');
    await session.page.keyboard.press('Tab');
    await session.page.keyboard.press('Enter');
    await waitFor(/# ls report-one\nreport-one$/m);
    await type('cd /tmp');
  });

  // just-bash's gzip runs on src/shell/node-zlib-browser.ts (fflate) in the page: GNU gzip reads what it writes.
  it('gzips in the page what GNU gzip unpacks', async () => {
    await type('echo "gzip in the page" | gzip | base64 -w0; echo');
    const screen = await waitFor(/^H4sI[A-Za-z0-9+/=]+$/m);
    const encoded = /^H4sI[A-Za-z0-9+/=]+$/m.exec(screen)![0];
    expect(execFileSync('gzip', ['-dc'], { input: Buffer.from(encoded, 'base64') }).toString()).toBe('gzip in the page\n');
    await type('printf gunzipped | gzip | gunzip; echo');
    await waitFor(/^gunzipped$/m);
  });

  it('reports errors as one line and has no page errors', async () => {
    await waitFor(/^root@layerlab:\/tmp#$/m);
    await type('docker pull no-such-image');
    await waitFor(/Error response from daemon/);
    expect(session.errors).toEqual([]);
  });
});
