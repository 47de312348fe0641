/**
 * dive's efficiency computation as a line-by-line transcription of its Go
 * (github.com/wagoodman/dive: filetree/file_tree.go `AddPath`, `RemovePath`, `Stack`,
 * file_node.go `VisitDepthChildFirst`, `Path`, filetree/efficiency.go `Efficiency`), every
 * path walked from the root as dive walks it. This was src/engine/analysis's implementation
 * before it was made fast; the tests hold the fast one to it on generated images
 * (tests/analysis/efficiency.property.test.ts), so its numbers cannot drift from dive's.
 */
import type { LayerContents } from '../../../src/engine/image/types.ts';
import type { TarIndex } from '../../../src/engine/tar/types.ts';
import type { EfficiencyReport } from '../../../src/engine/analysis/efficiency.ts';
import { MAX_PATH_LENGTH } from '../../../src/engine/overlay/path.ts';

function goPathClean(path: string): string {
  if (path === '') return '.';
  const rooted = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out.at(-1) !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const joined = out.join('/');
  if (rooted) return '/' + joined;
  return joined === '' ? '.' : joined;
}
const WHITEOUT_PREFIX = '.wh.';
const DOUBLE_WHITEOUT_PREFIX = '.wh..wh..';

/** dive's `FileInfo`, reduced. Intermediate nodes carry the zero value (size 0, not a dir). */
interface DiveFileInfo {
  readonly size: number;
  readonly isDir: boolean;
}

const EMPTY_INFO: DiveFileInfo = { size: 0, isDir: false };

class DiveNode {
  children: Map<string, DiveNode> | undefined;
  constructor(
    readonly name: string,
    readonly parent: DiveNode | undefined,
    public info: DiveFileInfo,
  ) {}

  isLeaf(): boolean {
    return this.children === undefined || this.children.size === 0;
  }

  /** file_node.go `IsWhiteout`: the name starts with `.wh.`. */
  isWhiteout(): boolean {
    return this.name.startsWith(WHITEOUT_PREFIX);
  }

  /** file_node.go `Path`: `/a/b`, with the `.wh.` prefix trimmed from this node's own name. */
  path(): string {
    const names: string[] = [];
    for (let node: DiveNode | undefined = this; node?.parent !== undefined; node = node.parent) {
      names.push(node === this && node.name.startsWith(WHITEOUT_PREFIX) ? node.name.slice(WHITEOUT_PREFIX.length) : node.name);
    }
    return ('/' + names.reverse().join('/')).replaceAll('//', '/');
  }

  /** Children sorted as Go's `sort.Strings` sorts the keys. */
  sortedChildren(): DiveNode[] {
    if (this.children === undefined) return [];
    return [...this.children.keys()].sort().map((name) => this.children!.get(name)!);
  }
}

class DiveTree {
  readonly root = new DiveNode('', undefined, EMPTY_INFO);
  /** file_tree.go `FileSize`: the sum of every entry's size, which dive reports as the layer size. */
  fileSize = 0;

  /** file_tree.go `AddPath`. */
  addPath(path: string, info: DiveFileInfo): void {
    const cleaned = goPathClean(path);
    if (cleaned === '.') return;
    const names = cleaned.replace(/^\/+|\/+$/g, '').split('/');
    let node = this.root;
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      if (name === '') continue;
      let child = node.children?.get(name);
      if (child === undefined) {
        // "don't add paths that should be deleted": `.wh..wh..opq` is dropped, with the rest of the path.
        if (name.startsWith(DOUBLE_WHITEOUT_PREFIX)) return;
        child = new DiveNode(name, node, EMPTY_INFO);
        (node.children ??= new Map()).set(name, child);
      }
      node = child;
      if (i === names.length - 1) node.info = info;
    }
  }

  /** file_tree.go `GetNode`. */
  getNode(path: string): DiveNode | undefined {
    let node = this.root;
    for (const name of path.replace(/^\/+|\/+$/g, '').split('/')) {
      if (name === '') continue;
      const child = node.children?.get(name);
      if (child === undefined) return undefined;
      node = child;
    }
    return node;
  }

  /** file_tree.go `RemovePath` (a missing path is dive's ignored "failed path"). */
  removePath(path: string): void {
    const node = this.getNode(path);
    if (node?.parent !== undefined) node.parent.children!.delete(node.name);
  }

  /** file_tree.go `Stack`: graft every node of `upper`, child first, onto this tree. */
  stack(upper: DiveTree): void {
    for (const node of visitChildFirst(upper.root)) {
      if (node.isWhiteout()) this.removePath(node.path());
      else this.addPath(node.path(), node.info);
    }
  }

  copy(): DiveTree {
    const tree = new DiveTree();
    tree.fileSize = this.fileSize;
    const pairs: [DiveNode, DiveNode][] = [[this.root, tree.root]];
    while (pairs.length > 0) {
      const [from, to] = pairs.pop()!;
      if (from.children === undefined) continue;
      to.children = new Map();
      for (const [name, child] of from.children) {
        const copy = new DiveNode(name, to, child.info);
        to.children.set(name, copy);
        pairs.push([child, copy]);
      }
    }
    return tree;
  }
}

/**
 * file_node.go `VisitDepthChildFirst`: children (sorted by name) before their parent, the root
 * never. Iterative, so a deeply nested archive cannot overflow the stack.
 */
function* visitChildFirst(start: DiveNode, includeStart = false): Generator<DiveNode> {
  const stack: { node: DiveNode; expanded: boolean }[] = [{ node: start, expanded: false }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (!top.expanded) {
      top.expanded = true;
      const children = top.node.sortedChildren();
      for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, expanded: false });
      continue;
    }
    stack.pop();
    if (top.node !== start || (includeStart && top.node.parent !== undefined)) yield top.node;
  }
}

/** dive's `processLayerTar` + `getFileList` (dive/image/docker/image_archive.go) over a tar index. */
function diveLayerTree(index: TarIndex): DiveTree {
  const tree = new DiveTree();
  for (const entry of index) {
    const name = goPathClean(entry.name);
    if (name === '.') continue;
    tree.fileSize += entry.size;
    // Not dive: names past PATH_MAX are counted in the size but kept out of the tree, because
    // `Stack` costs O(depth) per node and a hostile megabyte-long name would take hours.
    if (name.length > MAX_PATH_LENGTH) continue;
    tree.addPath(name, { size: entry.size, isDir: entry.type === 'directory' });
  }
  return tree;
}
interface PathData {
  path: string;
  count: number;
  cumulativeSize: number;
  /** -1 until a size is seen (efficiency.go `minDiscoveredSize`), and it stays -1 if none is. */
  minDiscoveredSize: number;
}

export async function analyzeEfficiencyAsDive(layers: readonly LayerContents[]): Promise<EfficiencyReport> {
  const byPath = new Map<string, PathData>();
  const inefficient: PathData[] = [];
  let sizeBytes = 0;
  let userSizeBytes = 0;
  // `StackTreeRange(trees, 0, i - 1)`, kept up to date instead of rebuilt for every whiteout.
  let below: DiveTree | undefined;

  for (let i = 0; i < layers.length; i++) {
    const tree = diveLayerTree(await layers[i]!.index());
    sizeBytes += tree.fileSize;
    if (i !== 0) userSizeBytes += tree.fileSize;
    // For the first layer, `StackTreeRange(trees, 0, -1)` is a plain copy of that layer.
    if (i === 0) below = tree.copy();

    for (const node of visitChildFirst(tree.root)) {
      if (!node.isLeaf()) continue;
      const path = node.path();
      let data = byPath.get(path);
      if (data === undefined) {
        data = { path, count: 0, cumulativeSize: 0, minDiscoveredSize: -1 };
        byPath.set(path, data);
      }
      let size = 0;
      if (node.isWhiteout()) {
        const previous = below!.getNode(path);
        // dive's visitor returns an error here, which ends the walk of this whole layer
        // (efficiency.go: `previousTreeNode, err := stackedTree.GetNode(...); if err != nil { return err }`).
        if (previous === undefined) break;
        if (previous.info.isDir) for (const n of visitChildFirst(previous, true)) size += n.info.size;
      } else {
        size = node.info.size;
      }
      data.cumulativeSize += size;
      if (data.minDiscoveredSize < 0 || size < data.minDiscoveredSize) data.minDiscoveredSize = size;
      data.count++;
      if (data.count === 2) inefficient.push(data);
    }
    below!.stack(tree);
  }

  let minimum = 0;
  let discovered = 0;
  for (const data of byPath.values()) {
    minimum += data.minDiscoveredSize;
    discovered += data.cumulativeSize;
  }
  let wastedBytes = 0;
  for (const data of inefficient) wastedBytes += data.cumulativeSize;
  // dive sorts ascending by CumulativeSize and its exports walk the list backwards.
  const sorted = [...inefficient].sort((a, b) => a.cumulativeSize - b.cumulativeSize).reverse();
  return {
    sizeBytes,
    userSizeBytes,
    wastedBytes,
    userWastedPercent: wastedBytes / userSizeBytes,
    efficiency: discovered === 0 ? 1 : minimum / discovered,
    inefficientFiles: sorted.map(({ path, count, cumulativeSize }) => ({ path, count, wastedBytes: cumulativeSize })),
  };
}
