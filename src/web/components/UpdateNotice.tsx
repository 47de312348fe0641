import { useEffect, useState } from 'react';
import type { TerminalController } from '../terminal-controller.ts';

/**
 * Offline support (src/web/offline.ts), set up once the terminal shows its prompt, and the one
 * line the page shows when a new version of layerlab has been deployed and is ready.
 */
export function UpdateNotice({ controller }: { controller: TerminalController }) {
  const [activate, setActivate] = useState<(() => void) | undefined>();
  useEffect(() => {
    if (!import.meta.env.PROD) return;
    void controller.firstPrompt
      .then(() => import('../offline.ts'))
      .then(({ registerOffline }) => registerOffline((update) => setActivate(() => update)));
  }, [controller]);
  if (!activate) return null;
  return (
    <div className="update-notice" role="status">
      A new version of layerlab is ready.{' '}
      <button type="button" onClick={activate}>
        Reload to use it
      </button>{' '}
      (your files and images are kept).
    </div>
  );
}
