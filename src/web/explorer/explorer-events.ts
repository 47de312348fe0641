/**
 * The page's ear on the explorer's worker events: the daemon's images changed (a build, pull,
 * load, commit, import, tag or rmi in the terminal), or `explore IMAGE` asked to show one.
 * Mounted once by the page, so `explore` works whichever tab is open.
 */
import { proxy, type Remote } from 'comlink';
import { useEffect, useState } from 'react';
import type { ExplorerApi, ExplorerEvent } from '../../worker/explorer-api.ts';

export interface ExplorerSignals {
  /** Bumped on every change of the daemon's images: the image list reloads on it. */
  imagesVersion: number;
  /** The latest `explore IMAGE` (seq tells two requests for one image apart). */
  request: { imageId: string; seq: number } | undefined;
}

export function useExplorerEvents(engine: Remote<ExplorerApi>, onExplore?: (imageId: string) => void): ExplorerSignals {
  const [signals, setSignals] = useState<ExplorerSignals>({ imagesVersion: 0, request: undefined });
  useEffect(() => {
    let live = true;
    const listener = (event: ExplorerEvent) => {
      if (!live) return;
      if (event.kind === 'images-changed') setSignals((s) => ({ ...s, imagesVersion: s.imagesVersion + 1 }));
      else {
        setSignals((s) => ({ ...s, request: { imageId: event.imageId, seq: (s.request?.seq ?? 0) + 1 } }));
        onExplore?.(event.imageId);
      }
    };
    void engine.watchExplorer(proxy(listener));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [engine]);
  return signals;
}
