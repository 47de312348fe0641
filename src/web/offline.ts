/**
 * The service worker that keeps the page working offline (vite.config.ts builds it with Workbox:
 * the app, its chunks, the lessons and the catalog are precached). Registered after the first
 * prompt so its downloads never compete with the page's own. A new deploy installs beside the
 * running one and waits: the page says so, and the student's reload switches every file at once
 * (never old chunks beside new ones). Only in the production build: the dev server has none.
 */
import { Workbox } from 'workbox-window';

let registered = false;

/** Register `sw.js` (beside index.html); `onUpdate` is called when a new version is waiting, with the way to switch to it. */
export function registerOffline(onUpdate: (activate: () => void) => void): void {
  if (registered || !('serviceWorker' in navigator)) return;
  registered = true;
  const workbox = new Workbox(new URL('sw.js', document.baseURI).href, { scope: new URL('./', document.baseURI).pathname });
  workbox.addEventListener('waiting', () =>
    onUpdate(() => {
      workbox.addEventListener('controlling', () => window.location.reload());
      workbox.messageSkipWaiting();
    }),
  );
  void workbox.register();
}
