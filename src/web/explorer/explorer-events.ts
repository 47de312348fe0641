/**
 * The page's ear on the explorer's worker events: the daemon's images changed (a build, pull,
 * load, commit, import, tag or rmi in the terminal), or `explore IMAGE` asked to show one.
 * Mounted once by the page, so `explore` works whichever tab is open, and the image the
 * explorer shows is remembered while another tab is.
 */
import { proxy, type Remote } from 'comlink';
import { useCallback, useEffect, useState } from 'react';
import type { ExplorerApi, ExplorerEvent } from '../../worker/explorer-api.ts';

export interface ExplorerSignals {
  /** Bumped on every change of the daemon's images: the image list reloads on it. */
  imagesVersion: number;
  /** The image the explorer shows (by ID), and a count that changes each time one is asked for (an `explore` of the same image again). */
  shown: { imageId: string; seq: number } | undefined;
  show(imageId: string): void;
}

export function useExplorerEvents(engine: Remote<ExplorerApi>, onExplore?: (imageId: string) => void): ExplorerSignals {
  const [imagesVersion, setImagesVersion] = useState(0);
  const [shown, setShown] = useState<ExplorerSignals['shown']>();
  const show = useCallback((imageId: string) => setShown((s) => ({ imageId, seq: (s?.seq ?? 0) + 1 })), []);
  useEffect(() => {
    let live = true;
    const listener = (event: ExplorerEvent) => {
      if (!live) return;
      if (event.kind === 'images-changed') setImagesVersion((v) => v + 1);
      else {
        show(event.imageId);
        onExplore?.(event.imageId);
      }
    };
    void engine.watchExplorer(proxy(listener));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [engine]);
  return { imagesVersion, shown, show };
}
