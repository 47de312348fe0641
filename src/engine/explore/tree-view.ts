/**
 * The rows a file tree shows: directories the student opened, flattened depth first, so a
 * virtualised list can ask for rows `start…end` of however many there are. Opening a directory
 * splices its visible children in after it (O(children) plus the splice), closing one takes
 * them and their open descendants out.
 */
import type { ExploreNode } from './explore-tree.ts';

export interface TreeRow {
  node: ExploreNode;
  depth: number;
}

export class TreeView {
  private readonly rows: TreeRow[] = [];
  private readonly open = new Set<ExploreNode>();

  constructor(
    readonly root: ExploreNode,
    readonly changedOnly: boolean,
  ) {
    this.insertChildren(root, -1, 0);
  }

  get rowCount(): number {
    return this.rows.length;
  }

  isOpen(node: ExploreNode): boolean {
    return this.open.has(node);
  }

  slice(start: number, end: number): readonly TreeRow[] {
    return this.rows.slice(Math.max(0, start), Math.min(this.rows.length, end));
  }

  /** The row showing `node`, or -1 when it is not visible (an ancestor is closed or filtered out). */
  rowOf(node: ExploreNode, hint?: number): number {
    if (hint !== undefined && this.rows[hint]?.node === node) return hint;
    return this.rows.findIndex((row) => row.node === node);
  }

  /** Open or close the directory on row `row`; returns whether it is now open. */
  toggle(row: number): boolean {
    const target = this.rows[row];
    if (target === undefined || !target.node.hasChildren) return false;
    if (this.open.has(target.node)) {
      this.close(row);
      return false;
    }
    this.openRow(row);
    return true;
  }

  /** Open every ancestor of `node` and the node itself if it is a directory; returns its row (-1 if filtered out). */
  reveal(node: ExploreNode): number {
    const chain: ExploreNode[] = [];
    for (let n: ExploreNode | undefined = node; n !== undefined && n !== this.root; n = n.parent) chain.push(n);
    let row = -1;
    for (let i = chain.length - 1; i >= 0; i--) {
      const at = this.rowOf(chain[i]!);
      if (at < 0) return -1;
      row = at;
      if (i > 0 && !this.open.has(chain[i]!)) this.openRow(row);
    }
    return row;
  }

  private openRow(row: number): void {
    const { node, depth } = this.rows[row]!;
    this.open.add(node);
    this.insertChildren(node, row, depth + 1);
  }

  /** Insert the visible rows beneath `node` (its children, and theirs where open) after row `after`. */
  private insertChildren(node: ExploreNode, after: number, depth: number): void {
    const added: TreeRow[] = [];
    const stack: TreeRow[] = [];
    const push = (parent: ExploreNode, d: number) => {
      const children = parent.visibleChildren(this.changedOnly);
      for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, depth: d });
    };
    push(node, depth);
    while (stack.length > 0) {
      const row = stack.pop()!;
      added.push(row);
      if (this.open.has(row.node)) push(row.node, row.depth + 1);
    }
    // splice(...added) would pass 10 000 arguments: copy in two steps instead.
    const tail = this.rows.splice(after + 1);
    for (const row of added) this.rows.push(row);
    for (const row of tail) this.rows.push(row);
  }

  private close(row: number): void {
    const { node, depth } = this.rows[row]!;
    this.open.delete(node);
    let end = row + 1;
    while (end < this.rows.length && this.rows[end]!.depth > depth) end++;
    this.rows.splice(row + 1, end - row - 1);
  }
}
