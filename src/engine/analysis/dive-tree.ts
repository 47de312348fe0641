/**
 * A faithful model of dive's per-layer `FileTree` (github.com/wagoodman/dive,
 * dive/filetree/file_tree.go and file_node.go): what `AddPath`, `RemovePath`, `Stack` and the
 * child-first visit do, quirks included, because dive's efficiency numbers follow from them.
 * Only what the efficiency computation reads is kept: size and whether the entry is a directory.
 */
import type { TarIndex } from '../tar/types.ts';
import { MAX_PATH_LENGTH } from '../overlay/path.ts';
import { goPathClean } from './go-path.ts';

const WHITEOUT_PREFIX = '.wh.';
const DOUBLE_WHITEOUT_PREFIX = '.wh..wh..';

/** dive's `FileInfo`, reduced. Intermediate nodes carry the zero value (size 0, not a dir). */
export interface DiveFileInfo {
  readonly size: number;
  readonly isDir: boolean;
}

const EMPTY_INFO: DiveFileInfo = { size: 0, isDir: false };

export class DiveNode {
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

export class DiveTree {
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
export function* visitChildFirst(start: DiveNode, includeStart = false): Generator<DiveNode> {
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
export function diveLayerTree(index: TarIndex): DiveTree {
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
