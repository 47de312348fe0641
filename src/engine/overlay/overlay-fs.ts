/**
 * The merged filesystem of an image's layers, as a container sees it, plus a writable upper
 * layer (copy-on-write, like overlayfs's upperdir). Opening reads only the layers' tar indices;
 * file contents are read when asked for.
 */
import { FsError, LayerlabError } from '../errors.ts';
import type { LayerContents } from '../image/types.ts';
import { asSource, bytesInMemory, MemorySource, sliceSource, type ByteSource } from '../io/byte-source.ts';
import { concatSources } from '../io/concat-source.ts';
import { ZeroSource } from '../io/pattern-source.ts';
import type { TarIndex } from '../tar/types.ts';
import { entryMetadata, fileStat, IMPLICIT_DIR, upperMetadata, type FileStat, type NodeMetadata, type UpperNode } from './file-stat.ts';
import { buildMergedTree, type MergedTree } from './merged-tree.ts';
import { lastComponent, compareNames, displayPath, entryKey, isWithin } from './path.ts';
import { RefSpace } from './refs.ts';
import { lookupKey, resolveKey, resolveNewKey, type ResolvableTree } from './resolve-path.ts';
import { upperChanges, upperLayerEntries, type UpperChange, type UpperLayerState } from './upper-changes.ts';
import { tarSource, writeTar, type TarWriteEntry, type TarWriteOptions } from '../tar/write-tar.ts';

export interface OverlayFsOptions {
  /** The clock for the upper layer's mtimes, in seconds (default: now). Fix it for reproducible exports. */
  now?: () => number;
  /** Who owns what the upper layer creates (default root): the user a build step runs as. */
  owner?: () => { uid: number; gid: number };
}

export interface DirEntry {
  name: string;
  type: FileStat['type'];
}

/**
 * Layers merged once, read-only: what the containers of one image share beneath their own
 * upper layers (see `OverlayFs.over`). An image's layers never change, so neither does this.
 */
export class MergedLayers {
  private constructor(
    readonly layers: readonly LayerContents[],
    readonly indices: readonly TarIndex[],
    readonly refs: RefSpace,
    /** Never changed: each filesystem over these layers changes a copy. */
    readonly tree: MergedTree,
  ) {}

  /** Merge `layers` (bottom first). Reads their indices only. */
  static async open(layers: readonly LayerContents[]): Promise<MergedLayers> {
    const indices = await Promise.all(layers.map((layer) => layer.index()));
    const refs = new RefSpace(indices.map((index) => index.length));
    return new MergedLayers(layers, indices, refs, buildMergedTree(refs, indices));
  }

  /**
   * The same merge with the top layer replaced by `layer`, whose entries must be the top
   * layer's, in order, by name and type (only their metadata may differ): a container's init
   * layer, the same paths for every container of an image but made at its own time.
   */
  async withTopLayer(layer: LayerContents): Promise<MergedLayers> {
    const index = await layer.index();
    const top = this.indices.at(-1);
    const same = top !== undefined && top.length === index.length && Array.from({ length: index.length }, (_, i) => i).every((i) => top.name(i) === index.name(i) && top.type(i) === index.type(i));
    if (!same) throw new LayerlabError('EINVAL', 'the new top layer does not hold the same entries as the one it replaces');
    return new MergedLayers([...this.layers.slice(0, -1), layer], [...this.indices.slice(0, -1), index], this.refs, this.tree);
  }
}

const EMPTY = new MemorySource(new Uint8Array(0));

const ROOT_OWNER = () => ({ uid: 0, gid: 0 });

export class OverlayFs {
  private readonly upperNodes: UpperNode[] = [];
  private changeCount = 0;
  private readonly state: UpperLayerState = { original: new Map(), opaque: new Set() };
  private readonly now: () => number;
  private readonly owner: () => { uid: number; gid: number };
  private readonly resolvable: ResolvableTree;
  /** Upper-layer files given another name by `link`, with the keys that named them (some may name something else since). */
  private readonly linkedUpper = new Map<number, Set<string>>();
  /** Names per inode of the files that have several, and the change count they were counted at. */
  private nameCounts: { changes: number; counts: Map<number, number> } | undefined;

  private constructor(
    private readonly layers: readonly LayerContents[],
    private readonly indices: readonly TarIndex[],
    private readonly refs: RefSpace,
    private readonly tree: MergedTree,
    options: OverlayFsOptions,
  ) {
    this.now = options.now ?? (() => Math.floor(Date.now() / 1000));
    this.owner = options.owner ?? ROOT_OWNER;
    this.resolvable = {
      isDir: (key) => tree.isDir(key),
      exists: (key) => tree.get(key) !== undefined,
      symlinkTarget: (key) => this.symlinkTarget(tree.get(key)!),
    };
  }

  /** Merge `layers` (bottom first). Reads their indices only. */
  static async open(layers: readonly LayerContents[], options: OverlayFsOptions = {}): Promise<OverlayFs> {
    const indices = await Promise.all(layers.map((layer) => layer.index()));
    const refs = new RefSpace(indices.map((index) => index.length));
    return new OverlayFs(layers, indices, refs, buildMergedTree(refs, indices), options);
  }

  /** A new filesystem over layers merged already, with an empty upper layer of its own. */
  static over(lower: MergedLayers, options: OverlayFsOptions = {}): OverlayFs {
    return new OverlayFs(lower.layers, lower.indices, lower.refs, lower.tree.copy(), options);
  }

  /** Goes up with every change to the upper layer: equal counts mean nothing changed in between. */
  get changes(): number {
    return this.changeCount;
  }

  /** Entries in the merged tree, the root included. */
  get entryCount(): number {
    return this.tree.size;
  }

  /** Entries that were ignored while merging (names escaping the root, broken hard links). */
  get problems(): readonly string[] {
    return this.tree.problems;
  }

  // ---- reading ----------------------------------------------------------------------------

  stat(path: string): FileStat {
    return this.statKey(resolveKey(this.resolvable, path, true, 'stat'));
  }

  lstat(path: string): FileStat {
    return this.statKey(resolveKey(this.resolvable, path, false, 'lstat'));
  }

  exists(path: string): boolean {
    return typeof lookupKey(this.resolvable, path, true) === 'string';
  }

  /** What `stat` gives, or `undefined` where it would throw (probing costs no error object). */
  statIfExists(path: string): FileStat | undefined {
    const key = lookupKey(this.resolvable, path, true);
    return typeof key === 'string' ? this.statKey(key) : undefined;
  }

  /** What `lstat` gives, or `undefined` where it would throw. */
  lstatIfExists(path: string): FileStat | undefined {
    const key = lookupKey(this.resolvable, path, false);
    return typeof key === 'string' ? this.statKey(key) : undefined;
  }

  /** The names in a directory, sorted. */
  readdir(path: string): string[] {
    return this.childKeys(this.dirKey(path, 'scandir')).map(lastComponent);
  }

  readdirEntries(path: string): DirEntry[] {
    return this.childKeys(this.dirKey(path, 'scandir')).map((key) => ({ name: lastComponent(key), type: this.metadata(this.tree.get(key)!).type }));
  }

  /**
   * `lstat` of each name in a directory, sorted by name: what `ls -l` shows, without looking
   * each path up again from the root.
   */
  lstatChildren(path: string): FileStat[] {
    return this.childKeys(this.dirKey(path, 'scandir')).map((key) => this.statKey(key));
  }

  readlink(path: string): string {
    const key = resolveKey(this.resolvable, path, false, 'readlink');
    const meta = this.metadata(this.tree.get(key)!);
    if (meta.type !== 'symlink') throw new FsError('EINVAL', 'readlink', path);
    return meta.linkname;
  }

  /** The canonical absolute path, every symlink resolved. */
  realpath(path: string): string {
    return displayPath(resolveKey(this.resolvable, path, true, 'realpath'));
  }

  /**
   * A file's bytes (symlinks and hard links followed). Devices and fifos read as empty. The
   * array may be a view of the layer or of the upper layer's copy: do not modify it.
   */
  async readFile(path: string): Promise<Uint8Array> {
    const source = await this.openFile(path);
    return bytesInMemory(source) ?? source.read(0, source.size);
  }

  /**
   * A file's content as a source (symlinks and hard links followed), read only as far as the
   * caller asks: the first bytes of a multi-megabyte placeholder binary, a streamed checksum.
   */
  async openFile(path: string): Promise<ByteSource> {
    const key = resolveKey(this.resolvable, path, true, 'open');
    if (this.tree.isDir(key)) throw new FsError('EISDIR', 'read', path);
    return this.contentOf(this.tree.get(key)!, path);
  }

  /**
   * Which file `path` is (not following a final symlink): paths that are hard links of one
   * another give the same number, as `st_ino` does. Only meaningful within this filesystem.
   */
  inodeOf(path: string): number {
    return this.inodeOfRef(this.tree.get(resolveKey(this.resolvable, path, false, 'lstat'))!);
  }

  /**
   * `st_nlink` of the non-directory at `path` (not following a final symlink): how many names
   * the merged tree has for its file — a layer's hard links (tar type '1') and the upper
   * layer's `link`s. A file copied up from a lower layer is a file of its own, as overlayfs
   * copies it up without its other names.
   */
  linkCount(path: string): number {
    const ref = this.tree.get(resolveKey(this.resolvable, path, false, 'lstat'))!;
    return this.countNames().get(this.inodeOfRef(ref)) ?? 1;
  }

  /** Which layer the entry at `path` (not following a final symlink) comes from; `layers.length` for the upper layer. */
  sourceOf(path: string): number {
    return this.refs.layerOf(this.tree.get(resolveKey(this.resolvable, path, false, 'lstat'))!);
  }

  /** Every entry beneath `path` (not `path` itself), depth first, directory entries sorted by name. */
  *walk(path = '/'): Generator<FileStat> {
    const stack = this.childKeys(this.dirKey(path, 'scandir')).reverse();
    while (stack.length > 0) {
      const key = stack.pop()!;
      yield this.statKey(key);
      if (!this.tree.isDir(key)) continue;
      const children = this.childKeys(key);
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
  }

  // ---- the writable upper layer -------------------------------------------------------------

  /**
   * Write a file of the upper layer. The array (or source) is kept as it is, not copied (a 100 MB
   * `docker save -o` must not cost 200 MB): the caller must not modify it afterwards.
   */
  async writeFile(path: string, data: Uint8Array | ByteSource, options: { mode?: number } = {}): Promise<void> {
    let { key } = resolveNewKey(this.resolvable, path, 'open');
    if (this.tree.get(key) !== undefined) key = resolveKey(this.resolvable, path, true, 'open');
    if (this.tree.isDir(key)) throw new FsError('EISDIR', 'open', path);
    const ref = this.tree.get(key);
    if (ref === undefined) {
      this.create(key, this.newNode('file', options.mode ?? 0o644, data));
      return;
    }
    const node = await this.copyUp(key);
    node.data = data;
    node.mtime = this.now();
  }

  async mkdir(path: string, options: { recursive?: boolean; mode?: number } = {}): Promise<void> {
    const mode = options.mode ?? 0o755;
    if (!options.recursive) {
      const { key } = resolveNewKey(this.resolvable, path, 'mkdir');
      if (this.tree.get(key) !== undefined) throw new FsError('EEXIST', 'mkdir', path);
      this.create(key, this.newNode('directory', mode));
      return;
    }
    const parts = path.split('/').filter((c) => c !== '' && c !== '.');
    for (let i = 1; i <= parts.length; i++) {
      const prefix = '/' + parts.slice(0, i).join('/');
      if (this.exists(prefix)) {
        if (this.stat(prefix).type !== 'directory') throw new FsError('ENOTDIR', 'mkdir', path);
        continue;
      }
      await this.mkdir(prefix, { mode });
    }
  }

  /** Remove a file, a symlink, an empty directory, or (with `recursive`) a directory tree. */
  async rm(path: string, options: { recursive?: boolean; force?: boolean } = {}): Promise<void> {
    let key: string;
    try {
      key = resolveKey(this.resolvable, path, false, 'rm');
    } catch (err) {
      if (options.force && err instanceof FsError && err.code === 'ENOENT') return;
      throw err;
    }
    if (key === '') throw new FsError('EPERM', 'rm', path);
    const children = this.tree.children(key);
    if (children !== undefined && children.size > 0 && !options.recursive) throw new FsError('ENOTEMPTY', 'rm', path);
    this.removeSubtree(key);
  }

  async symlink(target: string, path: string): Promise<void> {
    const { key } = resolveNewKey(this.resolvable, path, 'symlink');
    if (this.tree.get(key) !== undefined) throw new FsError('EEXIST', 'symlink', path);
    const node = this.newNode('symlink', 0o777);
    node.linkname = target;
    this.create(key, node);
  }

  /** A device node or a fifo, as `mknod` makes them. */
  async mknod(path: string, type: 'chardev' | 'blockdev' | 'fifo', mode: number, devmajor = 0, devminor = 0): Promise<void> {
    const { key } = resolveNewKey(this.resolvable, path, 'mknod');
    if (this.tree.get(key) !== undefined) throw new FsError('EEXIST', 'mknod', path);
    const node = this.newNode(type, mode & 0o7777);
    node.devmajor = devmajor;
    node.devminor = devminor;
    this.create(key, node);
  }

  /** A hard link: both paths then name the same (upper-layer) file. */
  async link(existingPath: string, newPath: string): Promise<void> {
    const source = resolveKey(this.resolvable, existingPath, false, 'link');
    if (this.tree.isDir(source)) throw new FsError('EPERM', 'link', existingPath);
    const { key } = resolveNewKey(this.resolvable, newPath, 'link');
    if (this.tree.get(key) !== undefined) throw new FsError('EEXIST', 'link', newPath);
    await this.copyUp(source);
    this.touch(key);
    const ref = this.tree.get(source)!;
    this.tree.put(key, ref, false, this.refs.layerCount);
    const names = this.linkedUpper.get(ref) ?? new Set([source]);
    this.linkedUpper.set(ref, names.add(key));
  }

  async rename(fromPath: string, toPath: string): Promise<void> {
    const from = resolveKey(this.resolvable, fromPath, false, 'rename');
    if (from === '') throw new FsError('EINVAL', 'rename', fromPath);
    const { key: to } = resolveNewKey(this.resolvable, toPath, 'rename');
    if (to === from) return;
    if (isWithin(to, from)) throw new FsError('EINVAL', 'rename', toPath);
    const fromIsDir = this.tree.isDir(from);
    if (this.tree.get(to) !== undefined) {
      const toChildren = this.tree.children(to);
      if (fromIsDir && toChildren === undefined) throw new FsError('ENOTDIR', 'rename', toPath);
      if (!fromIsDir && toChildren !== undefined) throw new FsError('EISDIR', 'rename', toPath);
      if (toChildren !== undefined && toChildren.size > 0) throw new FsError('ENOTEMPTY', 'rename', toPath);
    }
    // Copy the subtree up first (reading lower files), then move it in one synchronous step.
    const moved: [string, number][] = [];
    const stack = [from];
    while (stack.length > 0) {
      const key = stack.pop()!;
      const ref = this.tree.get(key)!;
      moved.push([key, this.refs.isUpper(ref) ? ref : this.addUpperNode(await this.upperCopyOf(ref, key))]);
      const children = this.tree.children(key);
      if (children !== undefined) for (const child of [...children].sort(compareNames).reverse()) stack.push(child);
    }
    this.removeSubtree(from);
    for (const [key, ref] of moved) {
      const dest = to + key.slice(from.length);
      this.create(dest, ref);
      this.linkedUpper.get(ref)?.add(dest);
    }
  }

  async chmod(path: string, mode: number): Promise<void> {
    const node = await this.copyUp(resolveKey(this.resolvable, path, true, 'chmod'));
    node.mode = mode & 0o7777;
  }

  /** `follow: false` changes a symlink itself, as `lchown` does. */
  async chown(path: string, uid: number, gid: number, options: { follow?: boolean } = {}): Promise<void> {
    const node = await this.copyUp(resolveKey(this.resolvable, path, options.follow ?? true, 'chown'));
    node.uid = uid;
    node.gid = gid;
  }

  /** `follow: false` changes a symlink itself, as `lutimes` does. */
  async utimes(path: string, mtime: number, options: { follow?: boolean } = {}): Promise<void> {
    const node = await this.copyUp(resolveKey(this.resolvable, path, options.follow ?? true, 'utime'));
    node.mtime = mtime;
  }

  async truncate(path: string, length = 0): Promise<void> {
    const key = resolveKey(this.resolvable, path, true, 'truncate');
    if (this.tree.isDir(key)) throw new FsError('EISDIR', 'truncate', path);
    if (!Number.isSafeInteger(length) || length < 0) throw new FsError('EINVAL', 'truncate', path);
    const node = await this.copyUp(key);
    if (node.type !== 'file') throw new FsError('EINVAL', 'truncate', path);
    const old = asSource(node.data);
    const kept = sliceSource(old, 0, Math.min(length, old.size));
    node.data = length <= old.size ? kept : concatSources([kept, new ZeroSource(length - old.size)]);
    node.mtime = this.now();
  }

  /** What the upper layer changed, like `docker diff`: `A`dded, `C`hanged, `D`eleted paths, in walk order. */
  upperChanges(): UpperChange[] {
    return upperChanges(this.state, this.upperView());
  }

  /**
   * The upper layer as a layer tar: changed and added entries with their parent directories,
   * deletions as `.wh.` whiteouts, replaced directories marked opaque. Deterministic: entries in
   * walk order, and the same state always gives the same bytes.
   */
  exportUpperLayer(options?: TarWriteOptions): Uint8Array {
    return writeTar(upperLayerEntries(this.state, this.upperView()), options);
  }

  /** The entries `exportUpperLayer` writes, before they are written (a caller may swap their data). */
  upperLayerEntries(): TarWriteEntry[] {
    return upperLayerEntries(this.state, this.upperView());
  }

  /** `exportUpperLayer` as a source: files copied up or written as sources are not expanded. */
  exportUpperLayerSource(options?: TarWriteOptions): ByteSource {
    return tarSource(upperLayerEntries(this.state, this.upperView()), options);
  }

  // ---- internals --------------------------------------------------------------------------

  private upperView() {
    return {
      get: (key: string) => this.tree.get(key),
      isDir: (key: string) => this.tree.isDir(key),
      isUpper: (ref: number) => this.refs.isUpper(ref),
      metadata: (ref: number) => this.metadata(ref),
      upperNode: (ref: number) => this.upperNodes[this.refs.upperIndex(ref)]!,
    };
  }

  private inodeOfRef(ref: number): number {
    return this.refs.isEntry(ref) ? (this.tree.linkTargets.get(ref) ?? ref) : ref;
  }

  /**
   * Names per inode, for the inodes that have more than one: the layers' hard-link entries
   * (and the entries they link to) still in the merged tree under their own names, and the
   * upper layer's linked files. Counted again only after a change.
   */
  private countNames(): Map<number, number> {
    if (this.nameCounts?.changes === this.changeCount) return this.nameCounts.counts;
    const counts = new Map<number, number>();
    const { refs, tree } = this;
    const present = (ref: number) => {
      const key = entryKey(this.indices[refs.layerOf(ref)]!.name(refs.entryIndex(ref)));
      return key !== undefined && tree.get(key) === ref;
    };
    for (const [link, target] of tree.linkTargets) {
      if (!present(link)) continue;
      counts.set(target, (counts.get(target) ?? (present(target) ? 1 : 0)) + 1);
    }
    for (const [ref, keys] of this.linkedUpper) {
      let n = 0;
      for (const key of keys) if (tree.get(key) === ref) n++;
      if (n > 1) counts.set(ref, n);
    }
    this.nameCounts = { changes: this.changeCount, counts };
    return counts;
  }

  private statKey(key: string): FileStat {
    const ref = this.tree.get(key)!;
    const { refs } = this;
    // A hard link shows its target's metadata (they are one inode) and its own layer.
    const node = refs.isEntry(ref) ? (this.tree.linkTargets.get(ref) ?? ref) : ref;
    // Straight from the tar entry (`ls` stats every name of a directory): no metadata copy between.
    const meta = refs.isEntry(node) ? this.indices[refs.layerOf(node)]!.entry(refs.entryIndex(node)) : this.metadata(node);
    return fileStat(displayPath(key), meta, refs.layerOf(ref));
  }

  /** The target of a symlink node, `undefined` for anything else (read from the index's columns). */
  private symlinkTarget(ref: number): string | undefined {
    const { refs } = this;
    if (refs.isImplicitDir(ref)) return undefined;
    if (refs.isUpper(ref)) {
      const node = this.upperNodes[refs.upperIndex(ref)]!;
      return node.type === 'symlink' ? node.linkname : undefined;
    }
    const entry = this.tree.linkTargets.get(ref) ?? ref;
    if (!refs.isEntry(entry)) return this.symlinkTarget(entry);
    const index = this.indices[refs.layerOf(entry)]!;
    const i = refs.entryIndex(entry);
    return index.type(i) === 'symlink' ? index.linkname(i) : undefined;
  }

  /** Metadata of a node; a hard link reports its target's (they are one inode). */
  private metadata(ref: number): NodeMetadata {
    const { refs } = this;
    if (refs.isUpper(ref)) return upperMetadata(this.upperNodes[refs.upperIndex(ref)]!);
    if (refs.isImplicitDir(ref)) return IMPLICIT_DIR;
    const target = this.tree.linkTargets.get(ref);
    if (target !== undefined) return this.metadata(target);
    return entryMetadata(this.indices[refs.layerOf(ref)]!.entry(refs.entryIndex(ref)));
  }

  private async contentOf(ref: number, path: string): Promise<ByteSource> {
    const { refs } = this;
    if (refs.isUpper(ref)) return asSource(this.upperNodes[refs.upperIndex(ref)]!.data);
    const target = this.tree.linkTargets.get(ref) ?? ref;
    if (!refs.isEntry(target)) return EMPTY;
    const layer = refs.layerOf(target);
    const entry = this.indices[layer]!.entry(refs.entryIndex(target));
    if (entry.type === 'hardlink') throw new FsError('ENOENT', 'open', path);
    if (entry.type !== 'file' || entry.size === 0) return EMPTY;
    const contents = this.layers[layer]!;
    const i = refs.entryIndex(target);
    return contents.source ? contents.source(i) : new MemorySource(await contents.read(i));
  }

  private dirKey(path: string, syscall: string): string {
    const key = resolveKey(this.resolvable, path, true, syscall);
    if (!this.tree.isDir(key)) throw new FsError('ENOTDIR', syscall, path);
    return key;
  }

  private childKeys(dir: string): string[] {
    return [...this.tree.children(dir)!].sort(compareNames);
  }

  private newNode(type: UpperNode["type"], mode: number, data: Uint8Array | ByteSource = new Uint8Array(0)): UpperNode {
    const { uid, gid } = this.owner();
    return { type, mode, uid, gid, uname: '', gname: '', mtime: this.now(), linkname: '', devmajor: 0, devminor: 0, data };
  }

  private addUpperNode(node: UpperNode): number {
    this.upperNodes.push(node);
    return this.refs.upper(this.upperNodes.length - 1);
  }

  /** A fresh upper node with the metadata (and, for a file, the bytes) of `ref`. */
  private async upperCopyOf(ref: number, key: string): Promise<UpperNode> {
    const meta = this.metadata(ref);
    const type = meta.type === 'hardlink' ? 'file' : meta.type;
    // The lower layer never changes: the copy reads from it until the file is written.
    const data = type === 'file' ? await this.contentOf(ref, displayPath(key)) : new Uint8Array(0);
    const { mode, uid, gid, uname, gname, mtime, linkname, devmajor, devminor, xattrs } = meta;
    const node: UpperNode = { type, mode, uid, gid, uname, gname, mtime, linkname, devmajor, devminor, data };
    if (xattrs !== undefined) node.xattrs = { ...xattrs };
    return node;
  }

  /** The upper node of `key`, copying the entry up from its lower layer first if need be. */
  private async copyUp(key: string): Promise<UpperNode> {
    const ref = this.tree.get(key)!;
    if (this.refs.isUpper(ref)) {
      this.touch(key);
      return this.upperNodes[this.refs.upperIndex(ref)]!;
    }
    const node = await this.upperCopyOf(ref, key);
    this.touch(key);
    this.tree.replaceRef(key, this.addUpperNode(node));
    return node;
  }

  /** Put a new node at `key`, replacing what is there. */
  private create(key: string, nodeOrRef: UpperNode | number): void {
    const ref = typeof nodeOrRef === 'number' ? nodeOrRef : this.addUpperNode(nodeOrRef);
    const isDir = this.metadata(ref).type === 'directory';
    this.touch(key);
    if (this.tree.get(key) !== undefined) this.removeSubtree(key);
    const original = this.state.original.get(key);
    // A directory where a lower directory was deleted: its lower children must stay hidden.
    if (isDir && original !== undefined && !this.refs.isUpper(original) && this.metadata(original).type === 'directory') {
      this.state.opaque.add(key);
    }
    this.tree.put(key, ref, isDir, this.refs.layerCount);
  }

  /**
   * Delete `key` and everything beneath it, recording each path's state first, so that what
   * is re-created there later is a change (`C`), not an addition, as `docker diff` reports it.
   */
  private removeSubtree(key: string): void {
    const stack = [key];
    while (stack.length > 0) {
      const k = stack.pop()!;
      this.touch(k);
      const children = this.tree.children(k);
      if (children !== undefined) for (const child of children) stack.push(child);
    }
    this.tree.remove(key);
  }

  /** Record the state of `key` and its ancestors before the upper layer first changes them. */
  private touch(key: string): void {
    this.changeCount++;
    const { original } = this.state;
    for (let k = key; !original.has(k); k = k.slice(0, Math.max(0, k.lastIndexOf('/')))) {
      original.set(k, this.tree.get(k));
      if (k === '') break;
    }
  }
}
