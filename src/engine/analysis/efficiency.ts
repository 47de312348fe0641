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
import { diveLayerTree, visitChildFirst, type DiveTree } from './dive-tree.ts';

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

interface PathData {
  path: string;
  count: number;
  cumulativeSize: number;
  /** -1 until a size is seen (efficiency.go `minDiscoveredSize`), and it stays -1 if none is. */
  minDiscoveredSize: number;
}

export async function analyzeEfficiency(layers: readonly LayerContents[]): Promise<EfficiencyReport> {
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
