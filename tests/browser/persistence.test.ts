/**
 * The student's work survives a reload: files on the host, Docker images, containers and the
 * localhost:5000 registry, kept by the worker in the page's IndexedDB; a second tab does not
 * save; "Start over" forgets it all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, terminalScreen, typeLine, type PageSession } from './support.ts';

let session: PageSession;

beforeAll(async () => {
  session = await openPage();
}, 60_000);

afterAll(async () => {
  await session?.close();
});

async function waitFor(text: string | RegExp, timeout = 30_000): Promise<void> {
  await expect.poll(() => terminalScreen(session.page), { timeout }).toMatch(text);
}

/**
 * The saved state as the worker last wrote it: the daemon's tags, whether the files hold `text`,
 * how many literal bytes the files take (pattern runs are stored as their length), and which
 * files are kept as Blobs of their own (stored uploads, src/worker/stored-upload.ts) instead.
 */
async function saved(text: string): Promise<{ references: string[]; filesHold: boolean; literalBytes: number; storedFiles: string[] }> {
  return session.page.evaluate(
    (needle) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('layerlab');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('session')) return resolve({ references: [], filesHold: false, literalBytes: 0, storedFiles: [] });
          const store = db.transaction('session').objectStore('session');
          const daemon = store.get('daemon');
          const host = store.get('host-fs');
          store.transaction.oncomplete = () => {
            const references = ((daemon.result?.references ?? []) as [string, string][]).map(([ref]) => ref);
            // The host's tar is kept as parts (src/engine/io/source-parts.ts): literal bytes
            // (Uint8Array) and pattern or zero runs; a file's text is in a literal part.
            const parts = (host.result?.tar ?? []) as unknown[];
            const literals = parts.filter((part): part is Uint8Array => part instanceof Uint8Array);
            db.close();
            resolve({
              references,
              filesHold: literals.some((bytes) => new TextDecoder('latin1').decode(bytes).includes(needle)),
              literalBytes: literals.reduce((sum, bytes) => sum + bytes.byteLength, 0),
              storedFiles: ((host.result?.stored ?? []) as [string, string][]).map(([path]) => path),
            });
          };
        };
      }),
    text,
  );
}

describe('the page keeps the student’s work', () => {
  it('finds the files and images again after a reload', async () => {
    const { page } = session;
    await waitFor(/^root@layerlab:~#$/m);
    await typeLine(page, 'mkdir -p notes && echo "kept across reloads" > notes/today.txt && chmod 640 notes/today.txt');
    await typeLine(page, 'docker pull busybox');
    await waitFor('Status: Downloaded newer image for busybox:latest');
    // A saved image archive is mostly placeholder pattern: IndexedDB gets its runs, not its bytes.
    await typeLine(page, 'docker save -o box.tar busybox && sha256sum box.tar > box.sum && wc -c < box.tar');
    await waitFor(/^[4-9]\d{6}$/m);
    await typeLine(page, 'docker tag busybox mine:1');
    await expect
      .poll(() => saved('kept across reloads'), { timeout: 30_000 })
      .toEqual({
        references: expect.arrayContaining(['docker.io/library/mine:1', 'docker.io/library/busybox:latest']),
        filesHold: true,
        literalBytes: expect.any(Number),
        storedFiles: [],
      });
    // Its runs are in the host tar itself: it reads no upload, so it is not spooled into a Blob of its own.
    expect((await saved('')).literalBytes).toBeLessThan(1_000_000);

    await page.reload();
    await waitFor(/^root@layerlab:~#$/m);
    await typeLine(page, 'cat notes/today.txt; ls -l notes | tail -1 | cut -c1-10');
    await waitFor(/^kept across reloads\n-rw-r-----$/m);
    await typeLine(page, 'docker images --format "{{.Repository}}:{{.Tag}}" | sort | tr "\\n" " "');
    await waitFor(/^busybox:latest mine:1 root@layerlab:~#$/m);
    await typeLine(page, 'sha256sum -c box.sum');
    await waitFor(/^box\.tar: OK$/m);
  }, 120_000);

  it('finds containers, their changes and the localhost:5000 registry again, and the last command before a quick reload', async () => {
    const { page } = session;
    await typeLine(page, 'docker run --name keeper busybox sh -c "echo kept > /kept.txt; rm /etc/shadow"');
    await typeLine(page, 'docker tag busybox localhost:5000/box:1 && docker push localhost:5000/box:1 | tail -1');
    await waitFor(/^1: digest: sha256:[0-9a-f]{64} size: \d+$/m);
    await typeLine(page, 'echo last > last.txt');
    // Reload as soon as the prompt is back: the save starts when the statement ends.
    await waitFor(/^root@layerlab:~# echo last > last.txt\nroot@layerlab:~#$/m, 10_000);
    await page.reload();
    await waitFor(/^root@layerlab:~#$/m);
    await typeLine(page, 'cat last.txt; docker ps -a --format "{{.Names}} {{.Status}}"; docker diff keeper');
    await waitFor(/^last\nkeeper Exited \(0\) [\w ]+ ago\nC \/etc\nD \/etc\/shadow\nA \/kept\.txt$/m);
    await typeLine(page, 'docker rmi localhost:5000/box:1 >/dev/null && docker pull localhost:5000/box:1 | grep Status');
    await waitFor(/^Status: Downloaded newer image for localhost:5000\/box:1$/m);
  }, 120_000);

  it('a second tab starts from the saved work, says in one line that its own is not saved, and saves nothing', async () => {
    const { page } = session;
    const other = await session.openTab();
    await expect.poll(() => terminalScreen(other), { timeout: 30_000 }).toMatch(/^layerlab: another tab keeps your work; what you do in this tab is not saved\nroot@layerlab:~#$/m);
    await typeLine(other, 'cat last.txt; echo other > other.txt');
    await expect.poll(() => terminalScreen(other), { timeout: 30_000 }).toMatch(/^last\nroot@layerlab:~#$/m);
    await other.close();
    await page.reload();
    await waitFor(/^root@layerlab:~#$/m);
    await typeLine(page, 'cat other.txt');
    await waitFor(/No such file or directory$/m);
  }, 120_000);

  it('starts over, fresh, from the button', async () => {
    const { page } = session;
    page.once('dialog', (dialog) => void dialog.accept());
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Start over' }).click()]);
    await waitFor(/^root@layerlab:~#$/m);
    await typeLine(page, 'ls notes; docker images -q | wc -l; docker ps -aq | wc -l');
    await waitFor(/No such file or directory\n0\n0$/m);
    expect(session.errors).toEqual([]);
  }, 120_000);
});
