/**
 * The explorer behind the worker's port (explorer-api.ts): images of the daemon the terminal
 * shows, opened into `ImageExplorer`s (src/engine/explore), and events so the page follows the
 * terminal. Free of worker plumbing, so it runs (and is tested) in Node too.
 */
import type { DockerDaemon } from '../engine/docker/daemon.ts';
import { errorLine, NotFoundError } from '../engine/errors.ts';
import type { ExploreNode } from '../engine/explore/explore-tree.ts';
import { ImageExplorer } from '../engine/explore/image-explorer.ts';
import { imageHistory } from '../engine/image/history.ts';
import type { Image } from '../engine/image/types.ts';
import { verifyImage } from '../engine/image/verify.ts';
import { PROGRESS_INTERVAL_MS, type VerifyProgress } from './engine-api.ts';
import {
  MAX_ROWS_PER_PAGE,
  type ExploredImage,
  type ExplorerApi,
  type ExplorerEvent,
  type ExplorerLayer,
  type TreeChoice,
  type TreeRowData,
} from './explorer-api.ts';
import { configHighlights, layerSummaries } from './summarize.ts';

/** Images kept indexed at once: the one shown and the one before (switching back is instant). */
const KEPT_EXPLORERS = 2;

/** Bytes read at a time for a file download. */
const DOWNLOAD_PIECE_BYTES = 4 << 20;

/** Daemon changes come in bursts (a pull tags twice): tell the page once per burst. */
const CHANGE_DELAY_MS = 50;

/** What the shell side tells the explorer (see shell-service.ts). */
export interface ExplorerHooks {
  /** The terminal now shows a workspace with this daemon. */
  daemonShown(docker: DockerDaemon): void;
  /** `explore IMAGE` ran in the shown workspace (the image is resolved already). */
  exploreRequested(imageId: string): void;
}

async function oneLine<T>(work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const failure = new Error(errorLine(err));
    failure.stack = '';
    throw failure;
  }
}

function rowData(explorer: ImageExplorer, node: ExploreNode, depth: number, open: boolean, changedOnly: boolean): TreeRowData {
  const link = (node.type === 'symlink' || node.type === 'hardlink') && node.entry >= 0 ? explorer.indices[node.layer]?.linkname(node.entry) : undefined;
  return {
    ...(link !== undefined ? { linkTarget: link } : {}),
    path: node.path(),
    name: node.name,
    depth,
    type: node.type,
    change: node.change,
    size: node.isDir ? (node.change === 'removed' ? node.size : node.totalSize) : node.size,
    isDir: node.isDir,
    open,
    changedBeneath: node.changedBeneath,
    childCount: node.hasChildren ? (changedOnly ? node.visibleChildren(true).length : node.children!.size) : 0,
    layer: node.layer,
  };
}

function checkTree(tree: unknown): TreeChoice {
  if (tree === 'merged' || (typeof tree === 'number' && Number.isInteger(tree) && tree >= 0)) return tree;
  throw new NotFoundError(`no such tree: ${String(tree)}`);
}

export function createExplorerService(): { api: ExplorerApi; hooks: ExplorerHooks } {
  let daemon: DockerDaemon | undefined;
  let stopWatching: (() => void) | undefined;
  const listeners = new Set<(event: ExplorerEvent) => void>();
  /** Most recently used last. */
  const explorers = new Map<string, Promise<{ image: Image; explorer: ImageExplorer }>>();
  let changeTimer: ReturnType<typeof setTimeout> | undefined;

  const emit = (event: ExplorerEvent) => {
    for (const listener of listeners) {
      // A page that went away leaves a dead proxy behind: forget it.
      Promise.resolve(listener(event)).catch(() => listeners.delete(listener));
    }
  };
  const imagesChanged = () => {
    if (changeTimer !== undefined) return;
    changeTimer = setTimeout(() => {
      changeTimer = undefined;
      emit({ kind: 'images-changed' });
    }, CHANGE_DELAY_MS);
  };

  const shownDaemon = (): DockerDaemon => {
    if (daemon === undefined) throw new NotFoundError('the terminal has not started yet');
    return daemon;
  };

  const explorerOf = (imageId: string) => {
    let entry = explorers.get(imageId);
    if (entry === undefined) {
      const image = shownDaemon().getImage(imageId).image;
      entry = ImageExplorer.open(image.layers).then((explorer) => ({ image, explorer }));
      entry.catch(() => explorers.delete(imageId));
      explorers.set(imageId, entry);
      while (explorers.size > KEPT_EXPLORERS) explorers.delete(explorers.keys().next().value!);
    } else {
      explorers.delete(imageId);
      explorers.set(imageId, entry);
    }
    return entry;
  };

  const layersOf = async (image: Image, explorer: ImageExplorer, states?: Parameters<typeof layerSummaries>[2]): Promise<ExplorerLayer[]> => {
    const stored = shownDaemon().getImage(image.id);
    return layerSummaries(image, imageHistory(image), states).map((summary, i) => ({
      ...summary,
      unpackedSize: stored.layerSizes[i] ?? 0,
      entryCount: explorer.indices[i]?.length ?? 0,
    }));
  };

  const api: ExplorerApi = {
    listDaemonImages: () =>
      oneLine(() =>
        daemon === undefined
          ? []
          : daemon.list().map((stored) => ({
              id: stored.id,
              repoTags: [...stored.repoTags],
              size: stored.layerSizes.reduce((sum, size) => sum + size, 0),
              ...(typeof stored.image.configFile.created === 'string' ? { created: stored.image.configFile.created } : {}),
              layerCount: stored.image.layers.length,
            })),
      ),

    openDaemonImage: (refOrId) =>
      oneLine(async (): Promise<ExploredImage> => {
        const id = shownDaemon().getImage(refOrId).id;
        const { image, explorer } = await explorerOf(id);
        return {
          id,
          repoTags: [...shownDaemon().getImage(id).repoTags],
          config: configHighlights(image.configFile),
          configCheck: image.configVerification,
          layers: await layersOf(image, explorer),
          totalSize: explorer.merged.totalSize,
          fileCount: explorer.merged.fileCount,
          problems: [...explorer.problems],
        };
      }),

    explorerRows: (imageId, tree, changedOnly, start, count) =>
      oneLine(async () => {
        const { explorer } = await explorerOf(imageId);
        const view = explorer.view(checkTree(tree), changedOnly);
        const first = Math.max(0, Math.floor(start));
        const rows = view.slice(first, first + Math.min(Math.max(0, Math.floor(count)), MAX_ROWS_PER_PAGE));
        return { rowCount: view.rowCount, start: first, rows: rows.map((row) => rowData(explorer, row.node, row.depth, view.isOpen(row.node), changedOnly)) };
      }),

    explorerToggle: (imageId, tree, changedOnly, row, path) =>
      oneLine(async () => {
        const { explorer } = await explorerOf(imageId);
        const view = explorer.view(checkTree(tree), changedOnly);
        const node = explorer.node(checkTree(tree), path);
        // The page's row number may be stale (a toggle crossed this one): find the node's row.
        const at = view.rowOf(node, row);
        if (at < 0) throw new NotFoundError(`${path} is not shown`);
        const open = view.toggle(at);
        return { rowCount: view.rowCount, open };
      }),

    explorerReveal: (imageId, tree, changedOnly, path) =>
      oneLine(async () => {
        const { explorer } = await explorerOf(imageId);
        const view = explorer.view(checkTree(tree), changedOnly);
        const row = view.reveal(explorer.node(checkTree(tree), path));
        return { rowCount: view.rowCount, row };
      }),

    explorerSearch: (imageId, tree, query) =>
      oneLine(async () => {
        const { explorer } = await explorerOf(imageId);
        const { nodes, more } = explorer.search(checkTree(tree), String(query));
        return { hits: nodes.map((node) => ({ path: node.path(), type: node.type, change: node.change, size: node.isDir ? node.totalSize : node.size })), more };
      }),

    explorerFile: (imageId, tree, path) =>
      oneLine(async () => {
        const { explorer } = await explorerOf(imageId);
        return explorer.content(explorer.node(checkTree(tree), path));
      }),

    explorerFileBlob: (imageId, tree, path) =>
      oneLine(async () => {
        const { explorer } = await explorerOf(imageId);
        const file = explorer.fileEntry(explorer.node(checkTree(tree), path));
        if (file === undefined) throw new NotFoundError(`${path}: not a regular file`);
        // In pieces: a big file never needs one allocation of its size (the browser may keep a Blob's parts on disk).
        const { source, size } = await explorer.entrySource(file.layer, file.entry);
        const parts: Blob[] = [];
        for (let offset = 0; offset < size; offset += DOWNLOAD_PIECE_BYTES) {
          parts.push(new Blob([(await source.read(offset, Math.min(DOWNLOAD_PIECE_BYTES, size - offset))) as Uint8Array<ArrayBuffer>]));
        }
        // A type, or Chromium sniffs the bytes and renames `motd` to `motd.txt`.
        return new Blob(parts, { type: 'application/octet-stream' });
      }),

    explorerHistory: (imageId, path) =>
      oneLine(async () => {
        const { image, explorer } = await explorerOf(imageId);
        const createdBy = new Map(imageHistory(image).filter((h) => h.layerIndex !== undefined && h.created_by).map((h) => [h.layerIndex!, h.created_by!]));
        return explorer.history(path).map(({ layer, change, type, size }) => ({ layer, change, type, size, ...(createdBy.has(layer) ? { createdBy: createdBy.get(layer)! } : {}) }));
      }),

    explorerDiff: (imageId, path, fromLayer, toLayer) =>
      oneLine(async () => {
        const { explorer } = await explorerOf(imageId);
        return explorer.diff(path, fromLayer, toLayer);
      }),

    explorerEfficiency: (imageId) =>
      oneLine(async () => {
        const { explorer } = await explorerOf(imageId);
        const report = await explorer.efficiency();
        return {
          sizeBytes: report.sizeBytes,
          userSizeBytes: report.userSizeBytes,
          wastedBytes: report.wastedBytes,
          userWastedPercent: report.userWastedPercent,
          efficiency: report.efficiency,
          files: report.inefficientFiles.slice(0, report.copies.length).map((file, i) => ({ ...file, copies: report.copies[i]! })),
          fileCount: report.inefficientFiles.length,
        };
      }),

    explorerVerify: (imageId, onProgress) =>
      oneLine(async () => {
        const { image, explorer } = await explorerOf(imageId);
        let last = -Infinity;
        const report = (progress: VerifyProgress) => {
          const now = Date.now();
          if (progress.bytesDone < progress.totalBytes && now - last < PROGRESS_INTERVAL_MS) return;
          last = now;
          onProgress?.({ ...progress });
        };
        const verification = await verifyImage(image, onProgress ? { onProgress: report } : {});
        return layersOf(image, explorer, verification.layers.map((layer) => layer.state));
      }),

    async watchExplorer(listener) {
      listeners.add(listener);
    },
  };

  const hooks: ExplorerHooks = {
    daemonShown(docker) {
      if (docker === daemon) return;
      stopWatching?.();
      daemon = docker;
      explorers.clear();
      stopWatching = docker.images.onChange(imagesChanged);
      imagesChanged();
    },
    exploreRequested(imageId) {
      emit({ kind: 'explore', imageId });
    },
  };

  return { api, hooks };
}
