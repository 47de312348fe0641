/**
 * `npx tsx tests/bench/page-storage.ts` — in the real page (Debian's Chromium, as the browser
 * tests run it): what IndexedDB holds after `docker pull node:alpine; docker save -o n.tar
 * node:alpine` (navigator.storage.estimate's usage, and the saved host files' parts and literal
 * bytes), and how long the reload takes to the prompt. (The worker's heap is not measured here:
 * a worker has no performance.memory; tests/bench/session-snapshot.ts measures it in Node.)
 */
import { openPage, terminalScreen, typeLine } from '../browser/support.ts';

const mb = (n: number) => (n / 1e6).toFixed(1) + ' MB';
const session = await openPage();
const { page } = session;

async function waitFor(pattern: RegExp, timeoutMs = 300_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const screen = await terminalScreen(page);
    const match = pattern.exec(screen);
    if (match) return match[0];
    if (Date.now() > end) throw new Error(`timed out waiting for ${pattern}:\n${screen}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function stored(): Promise<{ usage: number; literalBytes: number; parts: number; references: string[] }> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('layerlab');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const store = db.transaction('session').objectStore('session');
          const daemon = store.get('daemon');
          const request = store.get('host-fs');
          store.transaction.oncomplete = async () => {
            const references = ((daemon.result?.references ?? []) as [string, string][]).map(([ref]) => ref);
            // (Before host snapshot format 2 the tar was one array.)
            const tar = request.result?.tar as unknown;
            const parts = (tar instanceof Uint8Array ? [tar] : (tar ?? [])) as unknown[];
            const literalBytes = parts.reduce((n: number, p) => n + (p instanceof Uint8Array ? p.buffer.byteLength : 0), 0);
            db.close();
            const { usage = 0 } = await navigator.storage.estimate();
            resolve({ usage, literalBytes, parts: parts.length, references });
          };
        };
      }),
  );
}

try {
  await waitFor(/^root@layerlab:~#$/m);
  let start = performance.now();
  await typeLine(page, 'docker pull -q node:alpine && docker save -o n.tar node:alpine && wc -c < n.tar && echo saved-ok');
  await waitFor(/^saved-ok$/m);
  console.log(`pull + save: ${((performance.now() - start) / 1000).toFixed(1)} s`);
  // The session is saved when the statement ends: wait until IndexedDB has it (both keys are one transaction).
  start = performance.now();
  let after = await stored();
  while (!after.references.includes('docker.io/library/node:alpine') && performance.now() - start < 120_000) {
    await new Promise((r) => setTimeout(r, 100));
    after = await stored();
  }
  // A failed save says so in one line, shown at the next prompt.
  await typeLine(page, 'echo next-prompt');
  await waitFor(/^next-prompt$/m);
  const rows = (await terminalScreen(page)).split('\n');
  // (A long line wraps onto the rows after it.)
  rows.forEach((row, i) => row.startsWith('layerlab:') && console.log(`the page said: ${rows.slice(i, rows.indexOf('root@layerlab:~# echo next-prompt', i)).join('')}`));
  console.log(`saved in IndexedDB ${((performance.now() - start) / 1000).toFixed(1)} s after the prompt; usage ${mb(after.usage)}; host files ${after.parts} parts, ${mb(after.literalBytes)} literal`);
  start = performance.now();
  await page.reload();
  await waitFor(/^root@layerlab:~#$/m);
  console.log(`reload to prompt: ${((performance.now() - start) / 1000).toFixed(1)} s`);
  await typeLine(page, 'ls -l n.tar; docker images node');
  console.log(await waitFor(/^-rw.* n\.tar\n(.*\n)*node\s+alpine.*$/m));
  console.log(`page errors: ${session.errors.length === 0 ? 'none' : session.errors.join(' | ')}`);
} finally {
  await session.close();
}
