/**
 * The explorer's model of an image, after dive (github.com/wagoodman/dive): the merged
 * filesystem and one change tree per layer, every node marked added / modified / removed.
 * Built from the layers' tar indices alone (names, types, sizes, offsets): no file's bytes are
 * read to list an image, so a 100 000-file image indexes in one pass and a 3.5 GiB layer costs
 * only its headers.
 *
 * - A layer's change tree holds what its tar lists, marked against the layers below: a path
 *   that did not exist is added; one that did is modified (a directory only when its mode or
 *   owner changed, as dive compares file info); whiteouts and opaque directories become the
 *   removed nodes they delete, with their subtree (OCI image-spec layer.md "Whiteouts"). A file
 *   or symlink over a directory deletes the directory's content as surely ("Changes": a
 *   runtime unpacks it by removing what is in the way), so that content shows removed too,
 *   beneath the file.
 * - The merged tree is the image's filesystem, marked against the first layer (dive's "compare
 *   all" mode): paths later layers created are added, ones they replaced modified, and ones they
 *   deleted stay in the tree as removed, so the student sees what a whiteout hid.
 *
 * Directories keep their children in a Map, and a sorted list made on first listing: opening a
 * directory costs O(its children), never a walk of the image.
 */
import type { TarIndex, TarEntryType } from '../tar/types.ts';
import { entryKey, MAX_PATH_LENGTH, compareNames } from '../overlay/path.ts';
import { WHITEOUT_PREFIX, whiteoutMarker } from '../overlay/whiteout.ts';

export type ChangeKind = 'unchanged' | 'added' | 'modified' | 'removed';

export class ExploreNode {
  /**
   * Set for directories (removed ones too): name → child. A file or link that replaced a
   * directory keeps the directory's former children here, all removed, so they still show.
   */
  children: Map<string, ExploreNode> | undefined;
  private sortedCache: ExploreNode[] | undefined;
  /** The layer and tar entry that give this node; `entry` is -1 for a directory implied by a deeper name. */
  layer = -1;
  entry = -1;
  type: TarEntryType = 'directory';
  change: ChangeKind = 'unchanged';
  /** A file's size; for a removed node, the bytes it held. */
  size = 0;
  /** Bytes of the files beneath a directory (removed ones not counted, unless the directory is removed). */
  totalSize = 0;
  /** Files beneath a directory, counted like `totalSize`. */
  fileCount = 0;
  /** Some node beneath is not `unchanged`: what the "only what changed" filter keeps. */
  changedBeneath = false;
  /** In the merged tree: the path was in the first layer's filesystem (a later removal is then of a base file). */
  inBase = false;
  /** The layer that removed it (a whiteout, an opaque marker, a file over its directory), for removed nodes. */
  removedBy = -1;
  /** The whiteout or opaque marker (an entry of layer `removedBy`) that removed it; -1 when a file replacing a directory did. */
  removedWith = -1;

  constructor(
    readonly name: string,
    readonly parent: ExploreNode | undefined,
  ) {}

  get isDir(): boolean {
    return this.type === 'directory';
  }

  /** Something to open: a directory, or a file holding what the directory it replaced held. */
  get hasChildren(): boolean {
    return this.children !== undefined && (this.type === 'directory' || this.children.size > 0);
  }

  /** Absolute path: `/` for the root. */
  path(): string {
    const names: string[] = [];
    for (let node: ExploreNode | undefined = this; node?.parent !== undefined; node = node.parent) names.push(node.name);
    return '/' + names.reverse().join('/');
  }

  depth(): number {
    let depth = 0;
    for (let node = this.parent; node !== undefined; node = node.parent) depth++;
    return depth;
  }

  /** Children sorted by name (byte order, as `ls` and dive sort), made once and kept. */
  sortedChildren(): readonly ExploreNode[] {
    if (this.children === undefined) return [];
    if (this.sortedCache === undefined || this.sortedCache.length !== this.children.size) {
      this.sortedCache = [...this.children.values()].sort((a, b) => compareNames(a.name, b.name));
    }
    return this.sortedCache;
  }

  /** The children a view shows: all, or only those changed or holding a change. */
  visibleChildren(changedOnly: boolean): readonly ExploreNode[] {
    const all = this.sortedChildren();
    return changedOnly ? all.filter((child) => child.change !== 'unchanged' || child.changedBeneath) : all;
  }

  child(name: string): ExploreNode | undefined {
    return this.children?.get(name);
  }

  addChild(name: string): ExploreNode {
    const child = new ExploreNode(name, this);
    (this.children ??= new Map()).set(name, child);
    this.sortedCache = undefined;
    return child;
  }

  removeChild(name: string): void {
    if (this.children?.delete(name)) this.sortedCache = undefined;
  }

  /** Forget the live children, keeping the removed ones (a directory replaced by a file). */
  dropLiveChildren(): void {
    if (this.children === undefined) return;
    for (const [name, child] of this.children) if (child.change !== 'removed') this.children.delete(name);
    if (this.children.size === 0) this.children = undefined;
    this.sortedCache = undefined;
  }
}

/** The node at `key` (`a/b`, `''` for the root), whatever its state. */
export function findNode(root: ExploreNode, key: string): ExploreNode | undefined {
  if (key === '') return root;
  let node: ExploreNode | undefined = root;
  let start = 0;
  while (node !== undefined) {
    const slash = key.indexOf('/', start);
    const name = slash < 0 ? key.slice(start) : key.slice(start, slash);
    node = node.child(name);
    if (slash < 0) return node;
    start = slash + 1;
  }
  return undefined;
}

/** Every node beneath `start` (itself included), parents before children; iterative, so deep trees cannot overflow the stack. */
export function* walk(start: ExploreNode): Generator<ExploreNode> {
  const stack = [start];
  while (stack.length > 0) {
    const node = stack.pop()!;
    yield node;
    if (node.children !== undefined) for (const child of node.children.values()) stack.push(child);
  }
}

/** Fill in `totalSize`, `fileCount` and `changedBeneath` for a finished tree, children first. */
export function measureTree(root: ExploreNode): void {
  const order = [...walk(root)];
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i]!;
    let total = 0;
    let files = 0;
    let changed = false;
    if (node.children !== undefined) {
      for (const child of node.children.values()) {
        // A live directory counts its live children; a removed one counts what it held.
        if (child.change !== 'removed' || node.change === 'removed') {
          total += child.totalSize;
          files += child.fileCount;
        }
        if (child.change !== 'unchanged' || child.changedBeneath) changed = true;
      }
    }
    node.changedBeneath = changed;
    if (node.type !== 'directory') {
      // A file counts itself, whatever removed directory it replaced.
      node.totalSize = node.type === 'file' ? node.size : 0;
      node.fileCount = 1;
      continue;
    }
    node.totalSize = total;
    node.fileCount = files;
    if (node.change === 'removed') node.size = total;
  }
}

/** What the model needs of a layer's tar entries: the index, and each entry's size and metadata on demand. */
interface EntryFacts {
  size: number;
  mode: number;
  uid: number;
  gid: number;
}

function facts(index: TarIndex, i: number): EntryFacts {
  const { size, mode, uid, gid } = index.entry(i);
  return { size, mode, uid, gid };
}

export interface ExploreTrees {
  merged: ExploreNode;
  /** One change tree per layer, bottom first. */
  layers: ExploreNode[];
  /** Entries that could not be placed (names outside the root, too long), one line each. */
  problems: string[];
}

const MAX_PROBLEMS = 100;

/** Build the merged tree and every layer's change tree from the layers' indices (bottom first). */
export function buildExploreTrees(indices: readonly TarIndex[]): ExploreTrees {
  const merged = new ExploreNode('', undefined);
  merged.children = new Map();
  merged.inBase = true;
  const layerRoots: ExploreNode[] = [];
  const problems: string[] = [];
  const report = (line: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(line);
  };

  /** A live (not removed) node of the merged tree. */
  const live = (key: string): ExploreNode | undefined => {
    const node = findNode(merged, key);
    return node !== undefined && node.change !== 'removed' ? node : undefined;
  };

  for (let layer = 0; layer < indices.length; layer++) {
    const index = indices[layer]!;
    const own = new ExploreNode('', undefined);
    own.children = new Map();
    own.layer = layer;
    layerRoots.push(own);
    /** The parent directories of the last entry, in both trees (see below). */
    let lastParents: { key: string; merged: ExploreNode; own: ExploreNode } | undefined;

    /** The parent directory of `key` in tree `root`, made (as implied directories of this layer) where missing. */
    const parentIn = (root: ExploreNode, key: string, inMerged: boolean): ExploreNode => {
      let node = root;
      let start = 0;
      for (let slash = key.indexOf('/'); slash >= 0; slash = key.indexOf('/', start)) {
        const name = key.slice(start, slash);
        let next = node.child(name);
        if (next !== undefined && !inMerged && next.change === 'removed') {
          // Removed earlier in this layer (an opaque parent, a whiteout) and written again: replaced.
          next.children ??= new Map();
          next.type = 'directory';
          next.layer = layer;
          next.entry = -1;
          next.change = 'modified';
          next.removedBy = -1;
        }
        if (next === undefined || (inMerged && (next.change === 'removed' || !next.isDir))) {
          if (next !== undefined && inMerged) {
            // A removed node, or a file, where this layer puts a directory: it becomes one
            // (keeping, removed, whatever it held when it last was a directory).
            reviveAsDir(next);
          } else {
            next = node.addChild(name);
            next.children = new Map();
            next.layer = layer;
            if (inMerged) markNew(next);
            else next.change = live(key.slice(0, slash)) === undefined ? 'added' : 'unchanged';
          }
        }
        node = next;
        start = slash + 1;
      }
      return node;
    };

    const markNew = (node: ExploreNode) => {
      node.inBase = layer === 0;
      node.change = layer === 0 ? 'unchanged' : 'added';
    };

    const reviveAsDir = (node: ExploreNode) => {
      node.children ??= new Map();
      node.removedBy = -1;
      node.type = 'directory';
      node.layer = layer;
      node.entry = -1;
      node.change = node.inBase ? 'modified' : 'added';
    };

    /** Mark what lower layers put at `node` (and beneath) removed by this layer; copy it into the layer's tree. */
    const removeBelow = (node: ExploreNode, key: string, marker: number) => {
      if (node.layer >= layer && node.entry >= 0) return; // "whiteout files MUST only apply to resources in lower/parent layers"
      const copyParent = parentIn(own, key, false);
      const copyRoot = copyParent.child(node.name) ?? copyParent.addChild(node.name);
      const pairs: [ExploreNode, ExploreNode][] = [[node, copyRoot]];
      while (pairs.length > 0) {
        const [from, to] = pairs.pop()!;
        if (from.change === 'removed' && from !== node) continue; // removed earlier: not this layer's doing
        to.type = from.type;
        to.layer = from.layer;
        to.entry = from.entry;
        to.size = from.size;
        to.change = 'removed';
        to.removedBy = layer;
        to.removedWith = marker;
        from.change = 'removed';
        from.removedBy = layer;
        from.removedWith = marker;
        if (from.children !== undefined) {
          to.children ??= new Map();
          for (const child of from.children.values()) {
            if (child.change === 'removed') continue;
            pairs.push([child, to.child(child.name) ?? to.addChild(child.name)]);
          }
        }
      }
    };

    /** A directory replaced by a file: what lower layers put in it is removed by this layer; what this layer put there never was. */
    const removeContents = (dir: ExploreNode, key: string) => {
      for (const child of [...dir.children!.values()]) {
        if (child.change === 'removed') continue;
        if (child.layer >= layer && child.entry >= 0) dir.removeChild(child.name);
        else removeBelow(child, `${key}/${child.name}`, -1);
      }
    };

    // Two passes: the whiteouts first, then what the layer writes. Whiteouts delete what the
    // layers below put there, wherever the tar lists them ("whiteout files MUST only apply to
    // resources in lower/parent layers"), so one listed after the layer's own new content at
    // that path still removes the old content and leaves the new.
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < index.length; i++) {
        const name = index.name(i);
        const whiteoutPass = pass === 0;
        if (whiteoutPass && !name.includes(WHITEOUT_PREFIX)) continue;
        const key = entryKey(name);
        if (key === undefined) {
          if (!whiteoutPass) report(`layer ${layer}: ignored ${JSON.stringify(name.slice(0, 200))}: it points outside the root`);
          continue;
        }
        if (key.length > MAX_PATH_LENGTH) {
          if (!whiteoutPass) report(`layer ${layer}: ignored an entry whose name is longer than ${MAX_PATH_LENGTH} characters`);
          continue;
        }
        const type = index.type(i);
        if (key === '') {
          if (type === 'directory') {
            merged.layer = layer;
            merged.entry = i;
          }
          continue;
        }
        const marker = whiteoutMarker(key);
        if (marker !== undefined || whiteoutPass) {
          if (marker === undefined || !whiteoutPass) continue;
          lastParents = undefined;
          if (marker.kind === 'whiteout') {
            const target = live(marker.target);
            if (target !== undefined) removeBelow(target, marker.target, i);
          } else if (marker.kind === 'opaque') {
            const dir = live(marker.dir);
            if (dir?.isDir && dir.children !== undefined) {
              for (const child of [...dir.children.values()]) {
                if (child.change !== 'removed') removeBelow(child, marker.dir === '' ? child.name : `${marker.dir}/${child.name}`, i);
              }
            }
            if (marker.dir !== '') parentIn(own, marker.dir + '/x', false);
          }
          continue;
        }

        const isDir = type === 'directory';
        const slash = key.lastIndexOf('/');
        const baseName = key.slice(slash + 1);
        // Archives list siblings together: the parents of the last entry are usually this one's.
        let parents = lastParents;
        if (parents === undefined || parents.key.length !== Math.max(slash, 0) || !key.startsWith(parents.key)) {
          // The layer's tree first: it asks the merged tree whether a parent existed before this entry.
          const ownParent = parentIn(own, key, false);
          parents = { key: slash < 0 ? '' : key.slice(0, slash), own: ownParent, merged: parentIn(merged, key, true) };
          lastParents = parents;
        }
        const existing = parents.merged.child(baseName);
        const before = existing !== undefined && existing.change !== 'removed' ? existing : undefined;
        const size = type === 'file' ? index.entry(i).size : 0;

        // The layer's own tree: this entry, marked against the layers below.
        const ownNode = parents.own.child(baseName) ?? parents.own.addChild(baseName);
        // A path this layer first removed (whiteout, opaque parent) and then writes: replaced, so modified.
        const replaced = ownNode.change === 'removed';
        ownNode.removedBy = -1;
        if (isDir) ownNode.children ??= new Map();
        else ownNode.dropLiveChildren();
        ownNode.type = type;
        ownNode.layer = layer;
        ownNode.entry = i;
        ownNode.size = size;
        if (replaced) ownNode.change = 'modified';
        else if (before === undefined) ownNode.change = 'added';
        else if (isDir && before.isDir && before.type === 'directory') ownNode.change = sameOwnerAndMode(indices, before, facts(index, i)) ? 'unchanged' : 'modified';
        else ownNode.change = 'modified';

        // The merged tree.
        let node = existing;
        if (node === undefined) {
          node = parents.merged.addChild(baseName);
          markNew(node);
        } else if (node.change === 'removed') {
          // Back again; what it held when removed stays removed beneath it.
          node.change = node.inBase ? 'modified' : 'added';
          node.removedBy = -1;
        } else if (!(isDir && node.isDir)) {
          // A file over anything, or a directory over a file: what was there goes. A directory's
          // content goes with it, removed by this layer as a whiteout would remove it.
          if (node.isDir) {
            lastParents = undefined;
            removeContents(node, key);
          }
          if (layer > 0 && node.change !== 'added') node.change = 'modified';
        } else if (ownNode.change === 'modified' && node.change === 'unchanged') {
          node.change = 'modified';
        }
        if (isDir) node.children ??= new Map();
        node.type = type;
        node.layer = layer;
        node.entry = i;
        node.size = size;
      }
    }
  }

  measureTree(merged);
  for (const root of layerRoots) measureTree(root);
  return { merged, layers: layerRoots, problems };
}

function sameOwnerAndMode(indices: readonly TarIndex[], before: ExploreNode, now: EntryFacts): boolean {
  if (before.entry < 0) return true; // an implied directory has no metadata of its own to differ from
  const was = facts(indices[before.layer]!, before.entry);
  return was.mode === now.mode && was.uid === now.uid && was.gid === now.gid;
}
