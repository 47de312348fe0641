/**
 * The explorer's views as a student uses them (issue 10, "The explorer"), on an image built in
 * the page's terminal: the image list (tags, ID, size, created) against `docker images`; the
 * file tree with a directory a later layer replaced by a file, its content shown removed; the
 * viewer's text, hex, capped and symlink views; a file's history and the diff between its
 * versions; search; the layer list (step, size bar, digest, verification) against
 * `docker inspect`; the wasted-space report with the layer of each copy; and the list following
 * `docker commit` and `docker load`.
 * Run alone: `npx vitest run tests/browser/explorer-views.test.ts`.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, terminalScreen, typeLine, type PageSession } from './support.ts';

let session: PageSession;

beforeAll(async () => {
  session = await openPage();
}, 60_000);

afterAll(async () => {
  await session?.close();
});

async function waitForTerminal(text: string | RegExp, timeout = 30_000): Promise<void> {
  await expect.poll(() => terminalScreen(session.page), { timeout }).toMatch(text);
}

/** printf's format in the terminal: `\\n` there is `\n` in the Dockerfile. Layer 2 makes /data a directory, a text file, a binary, a 109 kB file and a symlink; layer 3 puts a file where /data was, edits /etc/notes and deletes /etc/group. */
const DOCKERFILE = [
  'FROM busybox',
  String.raw`RUN mkdir -p /data/sub && echo one > /data/a.txt && echo x > /data/sub/b && printf "line1\\nline2\\n" > /etc/notes && head -c 3000 /bin/busybox > /part.bin && seq 1 20000 > /numbers && ln -s /etc/notes /notes-link`,
  String.raw`RUN rm -rf /data && echo now-a-file > /data && printf "line1\\nline2 changed\\nline3\\n" > /etc/notes && rm /etc/group`,
].join('\\n');

const tree = () => session.page.getByTestId('explorer-tree');
const viewer = () => session.page.getByTestId('explorer-viewer');
const rowClass = (path: string) => tree().locator(`[data-path="${path}"]`).getAttribute('class');
const imageRows = () =>
  session.page
    .getByTestId('explorer-image')
    .evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent!.trim()).join(' | ')));

describe('the explorer, view by view', () => {
  it('lists the daemon’s images with the tag, ID, size and creation time `docker images` gives', async () => {
    const { page } = session;
    await waitForTerminal(/^root@layerlab:~#$/m);
    await page.getByTestId('archive-tab').click();
    await typeLine(page, `docker pull -q busybox >/dev/null; mkdir ctx && printf '${DOCKERFILE}\\n' > ctx/Dockerfile && docker build -q -t swap ctx >/dev/null && docker tag swap swap:v2 && clear && docker images --format '{{.ID}} {{.Repository}}:{{.Tag}}'`);
    await waitForTerminal(/ busybox:latest$/m, 60_000);
    const listed = (await terminalScreen(page)).split('\n').filter((line) => /^[0-9a-f]{12} /.test(line));
    const id = (ref: string) => listed.find((line) => line.endsWith(` ${ref}`))!.split(' ')[0];
    await expect.poll(imageRows, { timeout: 10_000 }).toEqual([
      expect.stringMatching(new RegExp(`^swap:latest \\+1 tags \\| ${id('swap:latest')} \\| 4\\.6\\d MB \\| \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d$`)),
      expect.stringMatching(new RegExp(`^busybox:latest \\| ${id('busybox:latest')} \\| 4\\.53 MB \\| 2024-09-26 21:31$`)),
    ]);
  });

  it('shows the content of a directory a layer replaced by a file as removed, with the layer that removed it', async () => {
    const { page } = session;
    await typeLine(page, 'explore swap');
    await expect.poll(() => page.getByTestId('explorer-image-view').locator('h3').textContent(), { timeout: 30_000 }).toBe('swap:latest');
    await tree().locator('[data-path="/data"]').click();
    await expect.poll(() => rowClass('/data/a.txt')).toContain('ex-row--removed');
    expect(await rowClass('/data/sub')).toContain('ex-row--removed');
    expect(await rowClass('/data')).toContain('ex-row--added'); // compared with the base image, where /data is not
    await tree().locator('[data-path="/data/a.txt"]').click();
    await expect.poll(() => viewer().textContent()).toContain('Removed by layer 3, which put a file at /data where its directory was');
    await expect.poll(() => page.getByTestId('explorer-history').locator('li').allInnerTexts()).toEqual([
      expect.stringMatching(/^Layer 2 added it \(4 B\)/),
      expect.stringMatching(/^Layer 3 removed it/),
    ]);
    // Still stored in layer 2: its bytes download.
    const [download] = await Promise.all([page.waitForEvent('download'), viewer().getByRole('button', { name: 'Download the removed file' }).click()]);
    expect(download.suggestedFilename()).toBe('a.txt');
    expect(readFileSync(await download.path(), 'utf8')).toBe('one\n');

    // In layer 3's own changes: /data modified, what it held removed; /etc/group removed.
    await page.getByTestId('explorer-tree-choice').selectOption('2');
    const rows = () => tree().locator('[data-path]').evaluateAll((all) => all.map((r) => `${r.getAttribute('data-path')} ${r.className.match(/ex-row--(\w+)/)![1]}`));
    await expect.poll(rows).toEqual(['/data modified', '/etc unchanged']);
    await tree().locator('[data-path="/data"]').click();
    await expect.poll(() => tree().locator('[data-path="/data/a.txt"]').count()).toBe(1);
    await tree().locator('[data-path="/etc"]').click();
    await expect.poll(rows).toEqual(['/data modified', '/data/a.txt removed', '/data/sub removed', '/etc unchanged', '/etc/group removed', '/etc/notes modified']);
    // A whiteout is shown as what it is: the entry in the layer's tar that deletes the file.
    await tree().locator('[data-path="/etc/group"]').click();
    await expect.poll(() => viewer().textContent()).toContain('Removed by layer 3 with the whiteout etc/.wh.group (an empty file whose name says what to delete)');
    await page.getByTestId('explorer-tree-choice').selectOption('merged');
  });

  it('shows text, binary as hex, a big file capped and a symlink as a link; a changed file’s history diffs its versions', async () => {
    const { page } = session;
    await tree().locator('[data-path="/part.bin"]').click();
    await expect.poll(() => viewer().textContent()).toContain('Binary file, 3.00 kB: shown as hex.');
    expect(await viewer().locator('pre').first().textContent()).toMatch(/^00000000: 7f45 4c46 /);
    await tree().locator('[data-path="/numbers"]').click();
    await expect.poll(() => viewer().textContent()).toContain('Showing the first 64 KiB of 109 kB.');
    expect((await viewer().locator('pre').first().textContent())!.startsWith('1\n2\n3\n')).toBe(true);
    await tree().locator('[data-path="/notes-link"]').click();
    await expect.poll(() => viewer().textContent()).toContain('Symbolic link to /etc/notes');

    await tree().locator('[data-path="/etc"]').click();
    await tree().locator('[data-path="/etc/notes"]').click();
    await expect.poll(() => viewer().locator('pre').first().textContent()).toBe('line1\nline2 changed\nline3\n');
    await viewer().getByRole('button', { name: 'diff with layer 2' }).click();
    await expect.poll(() => page.getByTestId('explorer-diff').textContent()).toBe('@@ -1,2 +1,3 @@\n line1\n-line2\n+line2 changed\n+line3\n');
    // Each version in the history downloads as that layer stored it (what the Dockerfile's printf wrote).
    for (const [layer, text] of [[2, 'line1\nline2\n'], [3, 'line1\nline2 changed\nline3\n']] as const) {
      const [download] = await Promise.all([page.waitForEvent('download'), viewer().getByRole('button', { name: `download layer ${layer}'s version` }).click()]);
      expect(download.suggestedFilename()).toBe(`layer${layer}-notes`);
      expect(readFileSync((await download.path())!, 'utf8')).toBe(text);
    }
  });

  it('finds names, and a hit opens its place in the tree', async () => {
    const { page } = session;
    await page.getByTestId('explorer-search').fill('notes');
    await expect.poll(() => page.getByTestId('explorer-hits').locator('button').allTextContents()).toEqual(['/etc/notes', '/notes-link']);
    await page.getByTestId('explorer-hits').getByRole('button', { name: '/notes-link' }).click();
    await expect.poll(() => rowClass('/notes-link')).toContain('ex-row--selected');
    await expect.poll(() => viewer().textContent()).toContain('Symbolic link to /etc/notes');
  });

  it('lists the layers with their steps, sizes as bars, diff_ids as `docker inspect` gives them, and verifies them', async () => {
    const { page } = session;
    await typeLine(page, `clear; docker inspect -f '{{range .RootFS.Layers}}{{println .}}{{end}}' swap`);
    await waitForTerminal(/^(sha256:[0-9a-f]{64}\n){3}/m);
    const diffIds = (await terminalScreen(page)).split('\n').filter((line) => line.startsWith('sha256:'));
    await page.getByTestId('explorer-tab-layers').click();
    const layers = page.getByTestId('explorer-layer');
    await expect.poll(() => layers.locator('code.digest').allTextContents()).toEqual(diffIds);
    expect(await layers.locator('.ex-layer__step').allTextContents()).toEqual([
      'BusyBox 1.37.0 (glibc), Debian 13',
      expect.stringMatching(/^RUN \/bin\/sh -c mkdir -p \/data\/sub /),
      expect.stringMatching(/^RUN \/bin\/sh -c rm -rf \/data /),
    ]);
    // The base layer is the heavy one: its bar is full, the others a sliver.
    const bars = await layers.locator('.ex-bar__fill').evaluateAll((fills) => fills.map((f) => [f.classList.contains('ex-bar__fill--heavy'), parseFloat((f as HTMLElement).style.width)]));
    expect(bars[0]).toEqual([true, 100]);
    expect(bars.slice(1).every(([heavy, width]) => heavy === false && (width as number) < 5)).toBe(true);
    await page.getByRole('button', { name: 'Verify digests' }).click();
    await expect.poll(() => layers.locator('.badge').allTextContents(), { timeout: 30_000 }).toEqual(Array.from({ length: 3 }, () => ['blob verified', 'diff_id verified']).flat());
  });

  it('reports wasted space as dive does, with the layer of every copy', async () => {
    const { page } = session;
    await page.getByTestId('explorer-tab-wasted').click();
    const report = page.getByTestId('explorer-efficiency');
    await expect.poll(() => report.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent).join(' | ')))).toEqual([
      '306 B | /etc/group | 1: 306 B3: removed',
      '38 B | /etc/notes | 2: 12 B3: 26 B',
    ]);
    expect(await report.locator('dd').first().textContent()).toBe('99.9928 %');
    // A path in the report opens in the tree.
    await report.getByRole('button', { name: '/etc/notes' }).click();
    await expect.poll(() => rowClass('/etc/notes')).toContain('ex-row--selected');
  });

  it('follows docker commit and docker load in the terminal', async () => {
    const { page } = session;
    await typeLine(page, 'clear; docker save swap > swap.tar && docker rmi swap:latest swap:v2 >/dev/null && echo removed');
    await waitForTerminal(/^removed$/m);
    await expect.poll(imageRows, { timeout: 10_000 }).toEqual([expect.stringMatching(/^busybox:latest /)]);
    await typeLine(page, 'docker load < swap.tar');
    await waitForTerminal('Loaded image: swap:latest');
    await expect.poll(imageRows, { timeout: 10_000 }).toEqual([expect.stringMatching(/^swap:latest \+1 tags /), expect.stringMatching(/^busybox:latest /)]);
    await typeLine(page, `docker run --name c1 swap sh -c 'echo hi > /hello' && docker commit c1 committed >/dev/null && echo committed`);
    await waitForTerminal(/^committed$/m);
    await expect.poll(async () => (await imageRows()).map((row) => row.split(' ')[0]), { timeout: 10_000 }).toEqual(['committed:latest', 'swap:latest', 'busybox:latest']);
    expect(session.errors).toEqual([]);
  });
});
