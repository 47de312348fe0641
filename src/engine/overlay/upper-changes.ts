/**
 * What the writable upper layer changed, derived from the state of each path before the upper
 * layer first touched it: the list `docker diff` prints, and the layer tar `docker commit`
 * writes (https://github.com/opencontainers/image-spec/blob/main/layer.md#change-types).
 */
import type { TarWriteEntry } from '../tar/write-tar.ts';
import type { NodeMetadata, UpperNode } from './file-stat.ts';
import { compareKeys, displayPath, parentKey } from './path.ts';
import { opaqueMarkerName, whiteoutName } from './whiteout.ts';

export interface UpperLayerState {
  /** Each path the upper layer touched (with its ancestors, and everything beneath what it deleted) → its ref before, if it existed. */
  readonly original: Map<string, number | undefined>;
  /** Directories created where a lower directory had been deleted. */
  readonly opaque: Set<string>;
}

/** The merged tree as these functions see it. */
export interface UpperView {
  get(key: string): number | undefined;
  isDir(key: string): boolean;
  isUpper(ref: number): boolean;
  metadata(ref: number): NodeMetadata;
  upperNode(ref: number): UpperNode;
}

export interface UpperChange {
  kind: 'A' | 'C' | 'D';
  /** Absolute path, e.g. `/etc/hosts`. */
  path: string;
}

type Status = 'added' | 'changed' | 'deleted' | 'unchanged';

function status(state: UpperLayerState, view: UpperView, key: string): Status {
  const before = state.original.get(key);
  const now = view.get(key);
  if (now === undefined) return before === undefined || hiddenByAncestor(state, view, key) ? 'unchanged' : 'deleted';
  if (before === undefined) return 'added';
  // Touched non-directories whose node did not change (an operation that failed half-way).
  if (now === before && !view.isDir(key)) return 'unchanged';
  return 'changed';
}

/**
 * A deletion beneath a directory that was deleted, made opaque or replaced by a non-directory
 * needs no whiteout of its own (and could not have one: its parent is no directory).
 */
function hiddenByAncestor(state: UpperLayerState, view: UpperView, key: string): boolean {
  for (let k = parentKey(key); k !== ''; k = parentKey(k)) {
    if (state.original.get(k) === undefined) continue;
    if (view.get(k) === undefined || !view.isDir(k) || state.opaque.has(k)) return true;
  }
  return false;
}

function touchedKeys(state: UpperLayerState): string[] {
  return [...state.original.keys()].filter((key) => key !== '').sort(compareKeys);
}

/** `docker diff`: one line per added, changed or deleted path, in walk order. */
export function upperChanges(state: UpperLayerState, view: UpperView): UpperChange[] {
  const out: UpperChange[] = [];
  for (const key of touchedKeys(state)) {
    const s = status(state, view, key);
    if (s !== 'unchanged') out.push({ kind: s === 'added' ? 'A' : s === 'changed' ? 'C' : 'D', path: displayPath(key) });
  }
  return out;
}

/** The entries of the upper layer's tar, in walk order (parents before children). */
export function upperLayerEntries(state: UpperLayerState, view: UpperView): TarWriteEntry[] {
  const out: TarWriteEntry[] = [];
  // Upper nodes reachable by several paths (hard links): the first path gets the bytes.
  const firstPath = new Map<number, string>();
  for (const key of touchedKeys(state)) {
    const s = status(state, view, key);
    if (s === 'unchanged') continue;
    if (s === 'deleted') {
      out.push({ name: whiteoutName(key), type: 'file', mode: 0o644 });
      continue;
    }
    const ref = view.get(key)!;
    const meta = view.metadata(ref);
    const entry: TarWriteEntry = {
      name: meta.type === 'directory' ? `${key}/` : key,
      type: meta.type,
      mode: meta.mode,
      uid: meta.uid,
      gid: meta.gid,
      uname: meta.uname,
      gname: meta.gname,
      mtime: meta.mtime,
    };
    if (meta.type === 'symlink') entry.linkname = meta.linkname;
    if (meta.type === 'chardev' || meta.type === 'blockdev') {
      entry.devmajor = meta.devmajor;
      entry.devminor = meta.devminor;
    }
    if (meta.xattrs !== undefined) entry.xattrs = { ...meta.xattrs };
    if (meta.type === 'file' && view.isUpper(ref)) {
      const first = firstPath.get(ref);
      if (first !== undefined) {
        entry.type = 'hardlink';
        entry.linkname = first;
      } else {
        firstPath.set(ref, key);
        entry.data = view.upperNode(ref).data;
      }
    }
    out.push(entry);
    // (`opaque` may still name a path that has since become a file.)
    if (meta.type === 'directory' && state.opaque.has(key)) out.push({ name: opaqueMarkerName(key), type: 'file', mode: 0o644 });
  }
  return out;
}
