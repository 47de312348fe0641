/**
 * Image efficiency exactly as dive computes it (github.com/wagoodman/dive):
 * `filetree.Efficiency` in dive/filetree/efficiency.go, and the totals in `image.Analyze`
 * (dive/image/analysis.go; `Image.Analyze` in older versions). In short:
 *
 * - every *leaf* of every layer's own tree counts (efficiency.go: `visitEvaluator` returns
 *   `node.IsLeaf()`), so files, symlinks, empty directories and whiteouts count, and directories
 *   with children in that layer do not;
 * - a leaf's size is its tar header size; a whiteout's is the total size of the subtree it deletes
 *   if that was a directory in the stack of the layers below, and 0 if it was a file;
 * - a path seen in two or more layers is inefficient: its `CumulativeSize` (all its sizes,
 *   summed) is wasted;
 * - score = Σ per-path smallest size / Σ per-path cumulative size (1 when nothing was seen);
 * - sizeBytes = Σ layer sizes, each the sum of its entries' header sizes
 *   (image_archive.go `processLayerTar`: `tree.FileSize += uint64(element.Size)`);
 *   userSizeBytes leaves out the first layer; userWastedPercent = wasted / userSizeBytes
 *   (a float division, so NaN or Infinity for a one-layer image, as in dive).
 */
import type { LayerContents } from '../image/types.ts';
import { diveLayerTree, visitChildFirst, type DiveNode, type DiveTree } from './dive-tree.ts';

export interface InefficientFile {
  /** Absolute path, e.g. `/etc/passwd`. */
  path: string;
  /** How many layers hold (or delete) this path. */
  count: number;
  /** The bytes it takes over all those layers. */
  wastedBytes: number;
}

export interface EfficiencyReport {
  sizeBytes: number;
  userSizeBytes: number;
  wastedBytes: number;
  /** A fraction (0.25 = 25 %), as dive's `WastedUserPercent`. */
  userWastedPercent: number;
  /** 0..1. */
  efficiency: number;
  /** Largest waste first: the order of dive's `--json` export and `--ci` report. */
  inefficientFiles: InefficientFile[];
}

/**
 * What dive keeps per path (efficiency.go `EfficiencyData`), in a tree of names so that a leaf is
 * found by one lookup in its directory's slot, not by hashing its whole path.
 */
class PathSlot {
  children: Map<string, PathSlot> | undefined;
  /** A leaf was seen here: dive's map has the path (even if its visit then stopped the layer). */
  seen = false;
  count = 0;
  cumulativeSize = 0;
  /** -1 until a size is seen (efficiency.go `minDiscoveredSize`), and it stays -1 if none is. */
  minDiscoveredSize = -1;

  constructor(
    readonly name: string,
    readonly parent: PathSlot | undefined,
  ) {}

  child(name: string): PathSlot {
    let child = this.children?.get(name);
    if (child === undefined) {
      child = new PathSlot(name, this);
      (this.children ??= new Map()).set(name, child);
    }
    return child;
  }

  /** The path dive's `Path()` gives the leaf: `/a/b`. */
  path(): string {
    const names: string[] = [];
    for (let slot: PathSlot | undefined = this; slot?.parent !== undefined; slot = slot.parent) names.push(slot.name);
    return '/' + names.reverse().join('/');
  }
}

export async function analyzeEfficiency(layers: readonly LayerContents[]): Promise<EfficiencyReport> {
  const paths = new PathSlot('', undefined);
  const seen: PathSlot[] = [];
  const inefficient: PathSlot[] = [];
  let sizeBytes = 0;
  let userSizeBytes = 0;
  // `StackTreeRange(trees, 0, i - 1)`, kept up to date instead of rebuilt for every whiteout.
  let below: DiveTree | undefined;

  for (let i = 0; i < layers.length; i++) {
    const tree = diveLayerTree(await layers[i]!.index());
    sizeBytes += tree.fileSize;
    if (i !== 0) userSizeBytes += tree.fileSize;
    // For the first layer, `StackTreeRange(trees, 0, -1)` is a plain copy of that layer, and
    // stacking the layer on its own copy changes nothing unless it removes something: then the
    // layer itself serves, since it is not read again.
    const reusesFirst = i === 0 && !tree.hasWhiteouts && !tree.hasDotDot;
    if (i === 0) below = reusesFirst ? tree : tree.copy();

    visitLeaves(tree.root, paths, (node, data) => {
      if (!data.seen) {
        data.seen = true;
        seen.push(data);
      }
      let size = 0;
      if (node.isWhiteout()) {
        const previous = below!.getNode(data.path());
        // dive's visitor returns an error here, which ends the walk of this whole layer
        // (efficiency.go: `previousTreeNode, err := stackedTree.GetNode(...); if err != nil { return err }`).
        if (previous === undefined) return false;
        if (previous.info.isDir) for (const n of visitChildFirst(previous, true)) size += n.info.size;
      } else {
        size = node.info.size;
      }
      data.cumulativeSize += size;
      if (data.minDiscoveredSize < 0 || size < data.minDiscoveredSize) data.minDiscoveredSize = size;
      data.count++;
      if (data.count === 2) inefficient.push(data);
      return true;
    });
    // The stack below the last layer is never read.
    if (i < layers.length - 1 && !reusesFirst) below!.stack(tree);
  }

  let minimum = 0;
  let discovered = 0;
  for (const data of seen) {
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
    inefficientFiles: sorted.map((data) => ({ path: data.path(), count: data.count, wastedBytes: data.cumulativeSize })),
  };
}

/**
 * The leaves beneath `root` in dive's child-first order (file_node.go `VisitDepthChildFirst`,
 * children sorted by name), each with the slot of its `Path()` beneath `paths`; `visit`
 * returning false ends the walk.
 */
function visitLeaves(root: DiveNode, paths: PathSlot, visit: (node: DiveNode, data: PathSlot) => boolean): void {
  interface Frame {
    children: DiveNode[];
    next: number;
    slot: PathSlot;
  }
  const stack: Frame[] = [{ children: root.sortedChildren(), next: 0, slot: paths }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.next === frame.children.length) {
      stack.pop();
      continue;
    }
    const node = frame.children[frame.next++]!;
    if (!node.isLeaf()) {
      stack.push({ children: node.sortedChildren(), next: 0, slot: frame.slot.child(node.name) });
      continue;
    }
    // file_node.go `Path`: a whiteout's own name loses its `.wh.` prefix.
    if (!visit(node, frame.slot.child(node.isWhiteout() ? node.name.slice(4) : node.name))) return;
  }
}
