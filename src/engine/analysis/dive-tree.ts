/**
 * A faithful model of dive's per-layer `FileTree` (github.com/wagoodman/dive,
 * dive/filetree/file_tree.go and file_node.go): what `AddPath`, `RemovePath`, `Stack` and the
 * child-first visit do, quirks included, because dive's efficiency numbers follow from them.
 * Only what the efficiency computation reads is kept: size and whether the entry is a directory.
 *
 * dive walks every path from the root, for every entry and again for every node it stacks; here
 * a layer's entries reuse the last entry's parent, and `stack` walks both trees side by side.
 * Both give the same tree as dive's walks (tests/analysis/efficiency.property.test.ts holds them
 * to a line-by-line transcription), except in the cases noted where they fall back to dive's way.
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
  /** Some node's name starts with `.wh.`: stacking this tree removes paths. */
  hasWhiteouts = false;
  /** Some node is named `..` (a relative name climbing out): dive's `Path` then differs from the walk. */
  hasDotDot = false;
  /** The parent of the last path added, and its path (see addCleanPath). */
  private lastParent: DiveNode | undefined;
  private lastParentPath = '';

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
        child = this.newChild(node, name);
      }
      node = child;
      if (i === names.length - 1) node.info = info;
    }
  }

  /**
   * `addPath` for a path `goPathClean` returned, which archives list siblings together: when its
   * parent is the last path's parent, only the last name is looked up. Only for building a
   * layer's tree, which removes nothing (a cached parent stays in the tree).
   */
  addCleanPath(cleaned: string, info: DiveFileInfo): void {
    const slash = cleaned.lastIndexOf('/');
    if (this.lastParent === undefined || slash !== this.lastParentPath.length || !cleaned.startsWith(this.lastParentPath)) {
      this.lastParent = undefined;
      this.addPath(cleaned, info);
      if (slash > 0) {
        const parentPath = cleaned.slice(0, slash);
        const parent = this.getNode(parentPath);
        if (parent !== undefined && parent !== this.root) {
          this.lastParent = parent;
          this.lastParentPath = parentPath;
        }
      }
      return;
    }
    const name = cleaned.slice(slash + 1);
    let child = this.lastParent.children?.get(name);
    if (child === undefined) {
      if (name.startsWith(DOUBLE_WHITEOUT_PREFIX)) return;
      child = this.newChild(this.lastParent, name);
    }
    child.info = info;
  }

  private newChild(parent: DiveNode, name: string): DiveNode {
    const child = new DiveNode(name, parent, EMPTY_INFO);
    (parent.children ??= new Map()).set(name, child);
    if (name.startsWith(WHITEOUT_PREFIX)) this.hasWhiteouts = true;
    if (name === '..') this.hasDotDot = true;
    return child;
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

  /**
   * file_tree.go `Stack`: graft every node of `upper`, child first, onto this tree. dive adds
   * each node by its path from the root; here the nodes of this tree matching the upper node's
   * ancestors are kept as the walk goes down, found or made the first time a node beneath them
   * is added (when dive's `AddPath` would make them), and forgotten after a removal, which could
   * have taken one of them away.
   */
  stack(upper: DiveTree): void {
    if (upper.hasDotDot) {
      // `Path` then names a node elsewhere than where it hangs: walk as dive does.
      for (const node of visitChildFirst(upper.root)) {
        if (node.isWhiteout()) this.removePath(node.path());
        else this.addPath(node.path(), node.info);
      }
      return;
    }
    interface Frame {
      node: DiveNode;
      children: DiveNode[];
      next: number;
      /** This tree's node at the same path, once found or made. */
      here: DiveNode | undefined;
      up: Frame | undefined;
    }
    const resolve = (frame: Frame): DiveNode => {
      if (frame.here !== undefined) return frame.here;
      const parent = resolve(frame.up!);
      let here = parent.children?.get(frame.node.name);
      if (here === undefined) {
        here = new DiveNode(frame.node.name, parent, EMPTY_INFO);
        (parent.children ??= new Map()).set(frame.node.name, here);
      }
      frame.here = here;
      return here;
    };
    const rootFrame: Frame = { node: upper.root, children: upper.root.sortedChildren(), next: 0, here: this.root, up: undefined };
    const stack: Frame[] = [rootFrame];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      if (frame.next < frame.children.length) {
        const child = frame.children[frame.next++]!;
        stack.push({ node: child, children: child.sortedChildren(), next: 0, here: undefined, up: frame });
        continue;
      }
      stack.pop();
      if (frame === rootFrame) break;
      if (frame.node.isWhiteout()) {
        this.removePath(frame.node.path());
        for (const open of stack) if (open !== rootFrame) open.here = undefined;
      } else {
        resolve(frame).info = frame.node.info;
      }
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
  for (let i = 0; i < index.length; i++) {
    const name = goPathClean(index.name(i));
    if (name === '.') continue;
    const size = index.size(i);
    tree.fileSize += size;
    // Not dive: names past PATH_MAX are counted in the size but kept out of the tree, because
    // `Stack` costs O(depth) per node and a hostile megabyte-long name would take hours.
    if (name.length > MAX_PATH_LENGTH) continue;
    tree.addCleanPath(name, { size, isDir: index.type(i) === 'directory' });
  }
  return tree;
}
