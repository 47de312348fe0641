/**
 * The merged view of a stack of layers, built from their tar indices alone: `key → ref` (see
 * refs.ts) plus, for directories only, the set of their children's keys. Child sets hold the
 * very same key strings as the map, so a file costs one map entry and one set entry.
 *
 * Layer rules: https://github.com/opencontainers/image-spec/blob/main/layer.md
 */
import { LayerlabError } from '../errors.ts';
import type { TarIndex } from '../tar/types.ts';
import { entryKey, MAX_PATH_LENGTH, parentKey } from './path.ts';
import type { RefSpace } from './refs.ts';
import { whiteoutMarker } from './whiteout.ts';

/**
 * The most nodes a merged tree may hold. Synthesised parents multiply entries (one deep name
 * can imply 2048 directories), so the tar reader's entry limit alone does not bound the tree.
 */
export const MAX_MERGED_ENTRIES = 10_000_000;

/** Problems kept for display; a hostile archive could otherwise fill memory with them. */
const MAX_PROBLEMS = 100;

/** A name for a message: quoted, and cut short (names can be a megabyte long). */
function quote(name: string): string {
  return JSON.stringify(name.length > 200 ? name.slice(0, 200) + '…' : name);
}

/** Called for every node a layer deletes (whiteouts, opaque directories, replacements). */
export type RemovalListener = (key: string, ref: number) => void;

export class MergedTree {
  private readonly nodes: Map<string, number>;
  private readonly dirs: Map<string, Set<string>>;
  /** Hard-link entry ref → the ref of the file it links to, resolved when its layer was applied. */
  private links: Map<number, number>;
  /** Entries that were ignored or could not be applied, one line each (shown, never thrown). */
  readonly problems: string[];
  onRemove: RemovalListener | undefined;
  /** The last parent directory looked up: archives list siblings together, so this saves a slice and a hash per entry. */
  private cachedParent: { key: string; children: Set<string> } | undefined;
  /**
   * In a copy (see `copy`): the child sets, and whether the link map, still shared with the
   * original. They are copied before their first change, so neither tree sees the other's.
   */
  private borrowedSets: Set<Set<string>> | undefined;
  private borrowedLinks = false;

  constructor(readonly refs: RefSpace, from?: MergedTree) {
    if (from === undefined) {
      this.nodes = new Map([['', refs.implicitDir(0)]]);
      this.dirs = new Map([['', new Set()]]);
      this.links = new Map();
      this.problems = [];
      return;
    }
    this.nodes = new Map(from.nodes);
    this.dirs = new Map(from.dirs);
    this.borrowedSets = new Set(from.dirs.values());
    this.links = from.links;
    this.borrowedLinks = true;
    this.problems = from.problems.slice();
  }

  /**
   * A tree that starts as this one and then changes on its own: containers of one image each
   * take a copy of the image's merged tree instead of merging its layers again. Costs one map
   * entry per node; directories' child sets are shared until one side changes them. The
   * original must not change while copies borrow from it.
   */
  copy(): MergedTree {
    return new MergedTree(this.refs, this);
  }

  /** Hard-link entry ref → the ref of the file it links to. */
  get linkTargets(): ReadonlyMap<number, number> {
    return this.links;
  }

  /** Entries in the merged tree, the root included. */
  get size(): number {
    return this.nodes.size;
  }

  get(key: string): number | undefined {
    return this.nodes.get(key);
  }

  isDir(key: string): boolean {
    return this.dirs.has(key);
  }

  /** Keys of a directory's children (unsorted), or `undefined` when `key` is not a directory. */
  children(key: string): ReadonlySet<string> | undefined {
    return this.dirs.get(key);
  }

  /** Apply layer `layer`'s entries, in archive order, on top of the tree. */
  applyLayer(layer: number, index: TarIndex): void {
    const { refs } = this;
    for (let i = 0; i < index.length; i++) {
      const name = index.name(i);
      const key = entryKey(name);
      if (key === undefined) {
        this.report(`layer ${layer}: ignored ${quote(name)}: it points outside the root`);
        continue;
      }
      if (key.length > MAX_PATH_LENGTH) {
        this.report(`layer ${layer}: ignored an entry whose name is longer than ${MAX_PATH_LENGTH} characters`);
        continue;
      }
      const ref = refs.entry(layer, i);
      if (key === '') {
        // `./`: the root directory's own metadata.
        if (index.type(i) === 'directory') this.nodes.set('', ref);
        continue;
      }
      const marker = whiteoutMarker(key);
      if (marker !== undefined) {
        if (marker.kind === 'whiteout') {
          this.ensureParentDir(marker.target, layer);
          if (this.nodes.has(marker.target)) this.removeBelow(marker.target, layer);
        } else if (marker.kind === 'opaque') {
          this.ensureParentDir(marker.dir, layer);
          if (!this.dirs.has(marker.dir)) this.put(marker.dir, refs.implicitDir(layer), true, layer);
          for (const child of [...this.dirs.get(marker.dir)!]) this.removeBelow(child, layer);
        }
        continue;
      }
      const type = index.type(i);
      if (type === 'hardlink') this.resolveHardLink(layer, ref, name, index.linkname(i));
      this.put(key, ref, type === 'directory', layer);
    }
  }

  /**
   * Set `key` to `ref`. A directory over a directory keeps the children (tar merges them); any
   * other replacement drops the old subtree. Missing parents are synthesised as directories.
   */
  put(key: string, ref: number, isDir: boolean, layer: number): void {
    const { nodes } = this;
    const before = nodes.size;
    nodes.set(key, ref);
    if (nodes.size !== before) {
      // A new path, the common case: one hash lookup for the node, one for its parent.
      if (before >= MAX_MERGED_ENTRIES) {
        nodes.delete(key);
        throw new LayerlabError('TOO_LARGE', `the image's merged tree has more than ${MAX_MERGED_ENTRIES} entries`);
      }
      this.parentDir(key, layer).add(key);
      if (isDir) this.dirs.set(key, new Set());
      return;
    }
    const children = this.dirs.get(key);
    if (children !== undefined) {
      if (isDir) return;
      for (const child of [...children]) this.remove(child);
      this.deleteDir(key);
    }
    if (isDir) this.dirs.set(key, new Set());
  }

  /** Set the ref of an existing node without touching its children (a metadata change). */
  replaceRef(key: string, ref: number): void {
    if (this.nodes.has(key)) this.nodes.set(key, ref);
  }

  /** Delete `key` and everything beneath it. */
  remove(key: string): void {
    if (key === '' || !this.nodes.has(key)) return;
    this.ownChildren(parentKey(key))?.delete(key);
    // An explicit stack: a hostile archive can nest directories deeper than the call stack.
    const stack = [key];
    while (stack.length > 0) {
      const k = stack.pop()!;
      const children = this.dirs.get(k);
      if (children !== undefined) {
        for (const child of children) stack.push(child);
        this.deleteDir(k);
      }
      const ref = this.nodes.get(k)!;
      this.nodes.delete(k);
      this.onRemove?.(k, ref);
    }
  }

  /**
   * Delete what layers below `layer` put at `key` and beneath it; entries of `layer` itself
   * stay ("whiteout files MUST only apply to resources in lower/parent layers"), and so do the
   * directories that still hold them.
   */
  removeBelow(key: string, layer: number): void {
    const order: string[] = [];
    const stack = [key];
    while (stack.length > 0) {
      const k = stack.pop()!;
      order.push(k);
      const children = this.dirs.get(k);
      if (children !== undefined) for (const child of children) stack.push(child);
    }
    // Children before parents, so a directory is empty by the time it is considered.
    for (let i = order.length - 1; i >= 0; i--) {
      const k = order[i]!;
      const ref = this.nodes.get(k)!;
      if (!this.refs.isBelow(ref, layer)) continue;
      const children = this.dirs.get(k);
      if (children !== undefined && children.size > 0) continue;
      this.deleteDir(k);
      this.ownChildren(parentKey(k))?.delete(k);
      this.nodes.delete(k);
      this.onRemove?.(k, ref);
    }
  }

  /**
   * Make sure the parent of `key` is a directory, creating missing ancestors as directories of
   * `layer` (a tar may list `a/b` without `a/`). A non-directory in the way is replaced, as
   * overlayfs shows an upper directory over a lower file.
   */
  ensureParentDir(key: string, layer: number): void {
    let parent = parentKey(key);
    if (this.dirs.has(parent)) return;
    const missing: string[] = [];
    while (!this.dirs.has(parent)) {
      missing.push(parent);
      parent = parentKey(parent);
    }
    for (let i = missing.length - 1; i >= 0; i--) this.put(missing[i]!, this.refs.implicitDir(layer), true, layer);
  }

  /** The child set of `key`'s parent directory, which is created (with missing ancestors) if need be. */
  private parentDir(key: string, layer: number): Set<string> {
    const slash = key.lastIndexOf('/');
    if (slash < 0) return this.ownChildren('')!;
    const cached = this.cachedParent;
    if (cached !== undefined && cached.key.length === slash && key.startsWith(cached.key)) return cached.children;
    const parent = key.slice(0, slash);
    let children = this.ownChildren(parent);
    if (children === undefined) {
      this.ensureParentDir(key, layer);
      children = this.ownChildren(parent)!;
    }
    this.cachedParent = { key: parent, children };
    return children;
  }

  /** The child set of directory `key`, to change: a set still shared with the original is copied first. */
  private ownChildren(key: string): Set<string> | undefined {
    const children = this.dirs.get(key);
    if (children === undefined || this.borrowedSets === undefined || !this.borrowedSets.has(children)) return children;
    this.borrowedSets.delete(children);
    const own = new Set(children);
    this.dirs.set(key, own);
    return own;
  }

  private deleteDir(key: string): void {
    this.dirs.delete(key);
    this.cachedParent = undefined;
  }

  private report(problem: string): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(problem);
    else if (this.problems.length === MAX_PROBLEMS) this.problems.push('(further problems not shown)');
  }

  private resolveHardLink(layer: number, ref: number, name: string, linkname: string): void {
    const targetKey = entryKey(linkname);
    let target = targetKey === undefined ? undefined : this.nodes.get(targetKey);
    if (target !== undefined) target = this.links.get(target) ?? target;
    if (target === undefined || targetKey === undefined || this.dirs.has(targetKey)) {
      this.report(`layer ${layer}: hard link ${quote(name)} points to ${quote(linkname)}, which is not a file in the image`);
      return;
    }
    if (this.borrowedLinks) {
      this.links = new Map(this.links);
      this.borrowedLinks = false;
    }
    this.links.set(ref, target);
  }
}

/** Build the merged tree of `indices` (bottom layer first). */
export function buildMergedTree(refs: RefSpace, indices: readonly TarIndex[]): MergedTree {
  const tree = new MergedTree(refs);
  for (let layer = 0; layer < indices.length; layer++) tree.applyLayer(layer, indices[layer]!);
  return tree;
}
