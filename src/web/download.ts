/**
 * Saving to the student's computer: a Blob from the worker (`download FILE` in the terminal, or
 * the explorer's buttons through src/worker/transfer-api.ts) becomes a browser download. The
 * object URL points at the Blob where the browser keeps it (on disk for large ones), so no
 * second copy is made; it is revoked once the browser has started reading it.
 */
import type { Download } from '../worker/transfer-api.ts';

/** How long the object URL stays valid after the click: the browser starts the download well before. */
const REVOKE_AFTER_MS = 60_000;

export function saveDownload({ blob, fileName }: Download): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}
