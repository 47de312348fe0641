/**
 * The contract between the page's explorer and the worker: any image in the daemon of the
 * workspace the terminal shows (pulled, built, committed, imported, loaded), explored as dive
 * explores one. Plain JSON crosses it; the trees stay in the worker, and the page asks for the
 * rows it draws, a page at a time, so a 100 000-file image never crosses the port whole.
 *
 * Method names carry `explorer`/`image` words: comlink exposes them beside engine-api's and
 * shell-api's on one object.
 */
import type { FileContent } from '../engine/explore/image-explorer.ts';
import type { ConfigHighlights, LayerSummary, VerifyProgress } from './engine-api.ts';

/** An image as `docker images` lists it. */
export interface DaemonImage {
  /** `sha256:…`: how the page names it in later calls. */
  id: string;
  repoTags: string[];
  /** Bytes unpacked: the SIZE column of `docker images`. */
  size: number;
  created?: string;
  layerCount: number;
}

export interface ExplorerLayer extends LayerSummary {
  /** Bytes its files take unpacked (what `docker history` shows). */
  unpackedSize: number;
  /** Entries its tar lists. */
  entryCount: number;
}

export interface ExploredImage {
  id: string;
  repoTags: string[];
  config: ConfigHighlights;
  configCheck: LayerSummary['blob'];
  layers: ExplorerLayer[];
  /** Bytes of the merged filesystem's files, and how many there are. */
  totalSize: number;
  fileCount: number;
  /** Entries the model could not place (names outside the root, too long), one line each. */
  problems: string[];
}

/** Which tree: the merged filesystem, or layer `n`'s changes. */
export type TreeChoice = 'merged' | number;

export type ChangeKind = 'unchanged' | 'added' | 'modified' | 'removed';

export interface TreeRowData {
  /** Absolute path in the image. */
  path: string;
  name: string;
  depth: number;
  type: string;
  change: ChangeKind;
  /** A file's bytes, a directory's total beneath, a removed node's former bytes. */
  size: number;
  isDir: boolean;
  open: boolean;
  /** Something beneath a directory was added, modified or removed (dive colours such a directory modified). */
  changedBeneath: boolean;
  /** Children shown when opened (under the current filter). */
  childCount: number;
  /** The layer whose entry gives this node. */
  layer: number;
  /** A symbolic or hard link's target. */
  linkTarget?: string;
}

export interface TreeRows {
  /** Rows in the whole list now (what the virtualised list is sized to). */
  rowCount: number;
  start: number;
  rows: TreeRowData[];
}

export interface SearchHit {
  path: string;
  type: string;
  change: ChangeKind;
  size: number;
}

/** A file as the viewer shows it: the explorer model's content, capped (src/engine/explore). */
export type FileContentView = FileContent;

export interface FileHistoryEvent {
  layer: number;
  change: Exclude<ChangeKind, 'unchanged'>;
  type: string;
  size: number;
  /** The layer's step (history `created_by`), if recorded. */
  createdBy?: string;
}

export type FileDiffView =
  | { kind: 'text'; hunks: { oldStart: number; oldLines: number; newStart: number; newLines: number; lines: string[] }[]; truncated: boolean; identical: boolean }
  | { kind: 'binary'; oldSize: number; newSize: number; identical: boolean };

export interface ExplorerEfficiency {
  sizeBytes: number;
  userSizeBytes: number;
  wastedBytes: number;
  userWastedPercent: number;
  efficiency: number;
  /** The worst files, largest waste first, each with the layers holding a copy. */
  files: { path: string; count: number; wastedBytes: number; copies: { layer: number; size: number; change: ChangeKind }[] }[];
  fileCount: number;
}

export type ExplorerEvent =
  /** Images or tags of the shown workspace's daemon changed (build, pull, load, commit, import, tag, rmi), or the terminal switched workspace. */
  | { kind: 'images-changed' }
  /** `explore IMAGE` in the terminal: show this image. */
  | { kind: 'explore'; imageId: string };

/** Rows handed out per request at most (the page asks for what it draws, plus some). */
export const MAX_ROWS_PER_PAGE = 500;

export interface ExplorerApi {
  /** Images of the shown workspace's daemon, newest first (empty before the shell starts). */
  listDaemonImages(): Promise<DaemonImage[]>;
  /** Index an image (headers only) and describe it; later calls name it by ID. */
  openDaemonImage(refOrId: string): Promise<ExploredImage>;
  /** Rows `start…start+count` of a tree under a filter. */
  explorerRows(imageId: string, tree: TreeChoice, changedOnly: boolean, start: number, count: number): Promise<TreeRows>;
  /** Open or close the directory on `row` (which must show `path`); the new row count. */
  explorerToggle(imageId: string, tree: TreeChoice, changedOnly: boolean, row: number, path: string): Promise<{ rowCount: number; open: boolean }>;
  /** Open the directories down to `path`; its row (-1 when the filter hides it). */
  explorerReveal(imageId: string, tree: TreeChoice, changedOnly: boolean, path: string): Promise<{ rowCount: number; row: number }>;
  explorerSearch(imageId: string, tree: TreeChoice, query: string): Promise<{ hits: SearchHit[]; more: boolean }>;
  explorerFile(imageId: string, tree: TreeChoice, path: string): Promise<FileContentView>;
  explorerHistory(imageId: string, path: string): Promise<FileHistoryEvent[]>;
  /** A regular file's whole content (a hard link's target's), for the download button. */
  explorerFileBlob(imageId: string, tree: TreeChoice, path: string): Promise<Blob>;
  explorerDiff(imageId: string, path: string, fromLayer: number, toLayer: number): Promise<FileDiffView>;
  explorerEfficiency(imageId: string): Promise<ExplorerEfficiency>;
  /** Hash the image's layers (as `verify` does for an uploaded archive); the layers with their states. */
  explorerVerify(imageId: string, onProgress?: (progress: VerifyProgress) => void): Promise<ExplorerLayer[]>;
  /** Hear about daemon changes and `explore` requests (a `Comlink.proxy`). */
  watchExplorer(listener: (event: ExplorerEvent) => void): Promise<void>;
}
