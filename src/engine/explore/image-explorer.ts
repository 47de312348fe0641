/**
 * One image opened in the explorer: its merged tree and layer change trees (explore-tree.ts),
 * and what the explorer asks of them: a directory's rows, a search by name, a file's content
 * (capped; binary shown as hex), its history across layers (dive's users asked for it:
 * wagoodman/dive #52, #107) and a diff between two versions, and dive's efficiency report with
 * the layer of every copy of a file stored more than once.
 *
 * Listing reads tar indices only; bytes are read for one file at a time, when it is shown.
 */
import { structuredPatch } from 'diff';
import { analyzeEfficiency, type EfficiencyReport } from '../analysis/efficiency.ts';
import { NotFoundError } from '../errors.ts';
import type { LayerContents } from '../image/types.ts';
import { MemorySource, type ByteSource } from '../io/byte-source.ts';
import { entryKey } from '../overlay/path.ts';
import { decodeUtf8, decodeUtf8Strict } from '../platform.ts';
import type { TarIndex } from '../tar/types.ts';
import { buildExploreTrees, findNode, walk, type ChangeKind, type ExploreNode } from './explore-tree.ts';
import { TreeView } from './tree-view.ts';

/** Bytes of a file the viewer shows; the rest is announced, not read. */
export const MAX_VIEW_BYTES = 64 * 1024;
/** Bytes of each version a diff compares: a diff of bigger text would be unreadable anyway. */
export const MAX_DIFF_BYTES = 256 * 1024;
/** Search hits returned at most. */
export const MAX_SEARCH_RESULTS = 500;

/** Which tree: the merged filesystem, or layer `n`'s changes. */
export type TreeChoice = 'merged' | number;

export type FileContent =
  | { kind: 'text'; text: string; size: number; truncated: boolean }
  | { kind: 'binary'; hex: string; size: number; truncated: boolean }
  | { kind: 'symlink'; target: string }
  | { kind: 'hardlink'; target: string; text?: string; hex?: string; size: number; truncated: boolean }
  | { kind: 'directory'; entries: number; size: number }
  /**
   * `whiteout`: the name of the whiteout or opaque marker in layer `removedBy`'s tar that removed it;
   * `replacedBy`: the file or link that took the place of a directory above it, when that removed it.
   */
  | { kind: 'removed'; removedBy: number; type: string; size: number; whiteout?: string; replacedBy?: { path: string; type: string } }
  | { kind: 'special'; type: string };

export interface HistoryEvent {
  layer: number;
  change: Exclude<ChangeKind, 'unchanged'>;
  type: string;
  size: number;
  /** Which tar entry holds this version (for reading it). */
  entry: number;
}

export interface DiffHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** Lines prefixed with ' ', '-' or '+', as in a unified diff. */
  lines: string[];
}

export type FileDiff =
  | { kind: 'text'; hunks: DiffHunk[]; truncated: boolean; identical: boolean }
  | { kind: 'binary'; oldSize: number; newSize: number; identical: boolean };

export interface WastedCopy {
  layer: number;
  size: number;
  change: ChangeKind;
}

export interface ExplorerEfficiency extends EfficiencyReport {
  /** For `inefficientFiles[i]` (the first `copiesFor` of them), every layer holding a copy. */
  copies: WastedCopy[][];
}

export class ImageExplorer {
  private readonly views = new Map<string, TreeView>();
  private efficiencyReport: Promise<ExplorerEfficiency> | undefined;

  private constructor(
    readonly layers: readonly LayerContents[],
    readonly indices: readonly TarIndex[],
    readonly merged: ExploreNode,
    readonly layerTrees: readonly ExploreNode[],
    readonly problems: readonly string[],
  ) {}

  /** Index every layer (headers only) and build the trees. */
  static async open(layers: readonly LayerContents[]): Promise<ImageExplorer> {
    const indices = await Promise.all(layers.map((layer) => layer.index()));
    const { merged, layers: trees, problems } = buildExploreTrees(indices);
    return new ImageExplorer(layers, indices, merged, trees, problems);
  }

  root(tree: TreeChoice): ExploreNode {
    if (tree === 'merged') return this.merged;
    const root = this.layerTrees[tree];
    if (root === undefined) throw new NotFoundError(`no layer ${tree}: the image has ${this.layerTrees.length}`);
    return root;
  }

  /** The node at an absolute path in a tree, or a NotFoundError naming it. */
  node(tree: TreeChoice, path: string): ExploreNode {
    const key = entryKey(path);
    const node = key === undefined ? undefined : findNode(this.root(tree), key);
    if (node === undefined) throw new NotFoundError(`${path}: no such file in ${tree === 'merged' ? 'the image' : `layer ${tree}`}`);
    return node;
  }

  /** The row list of a tree under a filter, kept while the image is open (what is open stays open). */
  view(tree: TreeChoice, changedOnly: boolean): TreeView {
    const name = `${tree}:${changedOnly}`;
    let view = this.views.get(name);
    if (view === undefined) {
      view = new TreeView(this.root(tree), changedOnly);
      this.views.set(name, view);
    }
    return view;
  }

  /** Nodes whose name contains `query` (case-insensitive), at most `limit`, sorted by path. */
  search(tree: TreeChoice, query: string, limit = MAX_SEARCH_RESULTS): { nodes: ExploreNode[]; more: boolean } {
    const needle = query.toLowerCase();
    const found: { node: ExploreNode; path: string }[] = [];
    if (needle === '') return { nodes: [], more: false };
    let more = false;
    for (const node of walk(this.root(tree))) {
      if (node.parent === undefined || !node.name.toLowerCase().includes(needle)) continue;
      if (found.length === limit) {
        more = true;
        break;
      }
      found.push({ node, path: node.path() });
    }
    found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { nodes: found.map((hit) => hit.node), more };
  }

  /** What each layer did to `path`: added, modified or removed it. */
  history(path: string): HistoryEvent[] {
    const key = entryKey(path);
    if (key === undefined || key === '') return [];
    const events: HistoryEvent[] = [];
    this.layerTrees.forEach((root, layer) => {
      const node = findNode(root, key);
      if (node === undefined || node.change === 'unchanged') return;
      events.push({ layer, change: node.change, type: node.type, size: node.size, entry: node.entry });
    });
    return events;
  }

  /** The content of `node` as the viewer shows it (a removed node: what it was). */
  async content(node: ExploreNode, maxBytes = MAX_VIEW_BYTES): Promise<FileContent> {
    if (node.change === 'removed') {
      const replacedBy = this.replacedAncestor(node);
      const whiteout = node.removedWith >= 0 ? this.indices[node.removedBy]?.name(node.removedWith) : undefined;
      return {
        kind: 'removed',
        removedBy: node.removedBy,
        type: node.type,
        size: node.size,
        ...(whiteout !== undefined ? { whiteout } : {}),
        ...(replacedBy !== undefined ? { replacedBy } : {}),
      };
    }
    if (node.isDir) return { kind: 'directory', entries: node.children!.size, size: node.totalSize };
    if (node.type === 'symlink') return { kind: 'symlink', target: this.indices[node.layer]!.linkname(node.entry) };
    if (node.type === 'hardlink') {
      const target = this.indices[node.layer]!.linkname(node.entry);
      const file = this.hardLinkTarget(node.layer, target);
      if (file === undefined) return { kind: 'hardlink', target, size: 0, truncated: false };
      const { bytes, size } = await this.readEntry(file.layer, file.entry, maxBytes);
      const shown = describeBytes(bytes, size);
      return shown.kind === 'text'
        ? { kind: 'hardlink', target, text: shown.text, size, truncated: shown.truncated }
        : { kind: 'hardlink', target, hex: shown.hex, size, truncated: shown.truncated };
    }
    if (node.type !== 'file') return { kind: 'special', type: node.type };
    const { bytes, size } = await this.readEntry(node.layer, node.entry, maxBytes);
    return describeBytes(bytes, size);
  }

  /** The tar entry holding a live file's bytes (a hard link's target's); undefined for anything else. */
  fileEntry(node: ExploreNode): { layer: number; entry: number } | undefined {
    // A removed file's bytes are still in the layer that wrote it: the student can fetch them.
    if (node.change === 'removed') return node.type === 'file' && node.entry >= 0 ? { layer: node.layer, entry: node.entry } : undefined;
    if (node.type === 'file') return { layer: node.layer, entry: node.entry };
    if (node.type === 'hardlink') return this.hardLinkTarget(node.layer, this.indices[node.layer]!.linkname(node.entry));
    return undefined;
  }

  /** Entry `entry` of layer `layer` as a source, read only as far as asked, and its size. */
  async entrySource(layer: number, entry: number): Promise<{ source: ByteSource; size: number }> {
    const contents = this.layers[layer];
    const index = this.indices[layer];
    if (contents === undefined || index === undefined || entry < 0 || entry >= index.length) throw new NotFoundError(`no entry ${entry} in layer ${layer}`);
    const size = index.entry(entry).size;
    return { source: contents.source !== undefined ? await contents.source(entry) : new MemorySource(await contents.read(entry)), size };
  }

  /** The first `maxBytes` of entry `entry` of layer `layer`, and the entry's full size. */
  async readEntry(layer: number, entry: number, maxBytes: number): Promise<{ bytes: Uint8Array; size: number }> {
    const contents = this.layers[layer];
    const index = this.indices[layer];
    if (contents === undefined || index === undefined || entry < 0 || entry >= index.length) throw new NotFoundError(`no entry ${entry} in layer ${layer}`);
    const size = index.entry(entry).size;
    if (contents.source !== undefined) {
      const source = await contents.source(entry);
      return { bytes: await source.read(0, Math.min(size, maxBytes)), size };
    }
    const bytes = await contents.read(entry);
    return { bytes: bytes.subarray(0, maxBytes), size };
  }

  /** A diff of `path` between the versions layers `from` and `to` wrote (from < to). */
  async diff(path: string, from: number, to: number): Promise<FileDiff> {
    const events = this.history(path);
    const older = events.find((e) => e.layer === from);
    const newer = events.find((e) => e.layer === to);
    if (older === undefined || newer === undefined) throw new NotFoundError(`${path}: layers ${from} and ${to} do not both write it`);
    const read = async (event: HistoryEvent) =>
      event.change === 'removed' || event.type !== 'file' ? { bytes: new Uint8Array(0), size: 0 } : this.readEntry(event.layer, event.entry, MAX_DIFF_BYTES);
    const [a, b] = await Promise.all([read(older), read(newer)]);
    const identical = a.size === b.size && a.bytes.length === b.bytes.length && a.bytes.every((byte, i) => byte === b.bytes[i]);
    if (isBinary(a.bytes) || isBinary(b.bytes)) return { kind: 'binary', oldSize: a.size, newSize: b.size, identical };
    const patch = structuredPatch(path, path, decodeUtf8(wholeCharacters(a.bytes)), decodeUtf8(wholeCharacters(b.bytes)), `layer ${from}`, `layer ${to}`, { context: 3 });
    return {
      kind: 'text',
      hunks: patch.hunks.map(({ oldStart, oldLines, newStart, newLines, lines }) => ({ oldStart, oldLines, newStart, newLines, lines })),
      truncated: a.size > MAX_DIFF_BYTES || b.size > MAX_DIFF_BYTES,
      identical,
    };
  }

  /** dive's efficiency numbers, and for the worst `copiesFor` files the layers their copies live in. */
  efficiency(copiesFor = 50): Promise<ExplorerEfficiency> {
    this.efficiencyReport ??= analyzeEfficiency(this.layers).then((report) => ({
      ...report,
      copies: report.inefficientFiles.slice(0, copiesFor).map(({ path }) => this.copiesOf(path)),
    }));
    return this.efficiencyReport;
  }

  /** Every layer whose tar holds `path` (or deletes it): the copies dive counts. */
  private copiesOf(path: string): WastedCopy[] {
    const key = entryKey(path);
    if (key === undefined) return [];
    const copies: WastedCopy[] = [];
    this.layerTrees.forEach((root, layer) => {
      const node = findNode(root, key);
      if (node === undefined || (node.isDir && node.change === 'unchanged')) return;
      copies.push({ layer, size: node.change === 'removed' ? 0 : node.type === 'file' ? node.size : node.totalSize, change: node.change });
    });
    return copies;
  }

  /** For a removed node: the file or link of the removing layer that stands where a directory above it was, if one does. */
  private replacedAncestor(node: ExploreNode): { path: string; type: string } | undefined {
    const own = this.layerTrees[node.removedBy];
    const key = entryKey(node.path());
    if (own === undefined || key === undefined) return undefined;
    for (let n = findNode(own, key)?.parent; n?.parent !== undefined; n = n.parent) {
      if (n.change !== 'removed' && n.type !== 'directory') return { path: n.path(), type: n.type };
    }
    return undefined;
  }

  /** The regular file a hard link in layer `layer` names: the newest version at or below that layer. */
  private hardLinkTarget(layer: number, linkname: string): { layer: number; entry: number } | undefined {
    const key = entryKey(linkname);
    if (key === undefined) return undefined;
    for (let l = layer; l >= 0; l--) {
      const node = findNode(this.layerTrees[l]!, key);
      if (node === undefined) continue;
      if (node.change === 'removed' || node.type !== 'file') return undefined;
      return { layer: l, entry: node.entry };
    }
    return undefined;
  }
}

/** Text when it decodes as UTF-8 without NULs (what `file` and git call text, roughly). */
export function isBinary(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 8000);
  if (head.includes(0)) return true;
  return decodeUtf8Strict(wholeCharacters(head)) === undefined;
}

/** `bytes` without a UTF-8 sequence cut short at its end (a capped read may stop mid-character). */
export function wholeCharacters(bytes: Uint8Array): Uint8Array {
  for (let back = 1; back <= Math.min(4, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? bytes.subarray(0, bytes.length - back) : bytes;
  }
  return bytes;
}

function describeBytes(bytes: Uint8Array, size: number): { kind: 'text'; text: string; size: number; truncated: boolean } | { kind: 'binary'; hex: string; size: number; truncated: boolean } {
  const truncated = size > bytes.length;
  if (!isBinary(bytes)) return { kind: 'text', text: decodeUtf8(wholeCharacters(bytes)), size, truncated };
  return { kind: 'binary', hex: hexDump(bytes), size, truncated };
}

/** `xxd` style: offset, 16 bytes in pairs, and the printable characters. */
export function hexDump(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += 16) {
    const row = bytes.subarray(offset, offset + 16);
    let hex = '';
    let ascii = '';
    for (let i = 0; i < 16; i++) {
      if (i < row.length) {
        hex += row[i]!.toString(16).padStart(2, '0');
        ascii += row[i]! >= 0x20 && row[i]! < 0x7f ? String.fromCharCode(row[i]!) : '.';
      } else hex += '  ';
      if (i % 2 === 1) hex += ' ';
    }
    lines.push(`${offset.toString(16).padStart(8, '0')}: ${hex} ${ascii}`);
  }
  return lines.join('\n');
}
