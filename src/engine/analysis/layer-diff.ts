/**
 * What one layer changes in the image: the files it adds, modifies (puts where a lower layer had
 * an entry) and removes (whiteouts, opaque directories, replacements), relative to the merged
 * tree of the layers below it.
 */
import type { LayerContents } from '../image/types.ts';
import { NotFoundError } from '../errors.ts';
import { MergedTree } from '../overlay/merged-tree.ts';
import { compareKeys, displayPath, entryKey, parentKey } from '../overlay/path.ts';
import { RefSpace } from '../overlay/refs.ts';
import { whiteoutMarker } from '../overlay/whiteout.ts';
import type { TarEntry, TarEntryType } from '../tar/types.ts';

export interface LayerChange {
  kind: 'added' | 'modified' | 'removed';
  /** Absolute path, e.g. `/usr/bin/env`. */
  path: string;
  type: TarEntryType;
  /** Bytes: the new entry's size, or for a removal everything the removed subtree held. */
  size: number;
}

/** The changes layer `n` of `layers` makes, in walk order. */
export async function layerChanges(layers: readonly LayerContents[], n: number): Promise<LayerChange[]> {
  if (!Number.isInteger(n) || n < 0 || n >= layers.length) throw new NotFoundError(`no layer ${n}: the image has ${layers.length}`);
  const indices = await Promise.all(layers.slice(0, n + 1).map((layer) => layer.index()));
  const refs = new RefSpace(indices.map((index) => index.length));
  const tree = new MergedTree(refs);
  for (let layer = 0; layer < n; layer++) tree.applyLayer(layer, indices[layer]!);

  const entryOf = (ref: number): TarEntry | undefined =>
    refs.isEntry(ref) ? indices[refs.layerOf(ref)]!.entry(refs.entryIndex(ref)) : undefined;

  // The layer's own entries (the last of duplicates wins), and whether a lower layer had each path.
  const top = indices[n]!;
  const written = new Map<string, { existed: boolean; entry: TarEntry }>();
  for (const entry of top) {
    const key = entryKey(entry.name);
    if (key === undefined || key === '' || whiteoutMarker(key) !== undefined) continue;
    const existed = written.get(key)?.existed ?? tree.get(key) !== undefined;
    written.set(key, { existed, entry });
  }

  const removed = new Map<string, { type: TarEntryType; size: number }>();
  tree.onRemove = (key, ref) => {
    if (!refs.isBelow(ref, n)) return;
    const entry = entryOf(ref);
    removed.set(key, { type: entry?.type ?? 'directory', size: entry?.type === 'file' ? entry.size : 0 });
  };
  tree.applyLayer(n, top);

  const changes: LayerChange[] = [];
  for (const [key, { existed, entry }] of written) {
    if (tree.get(key) === undefined) continue;
    changes.push({ kind: existed ? 'modified' : 'added', path: displayPath(key), type: entry.type, size: entry.size });
  }
  // Report each removed subtree once, at its top, with the bytes beneath it.
  const tops = new Map<string, { type: TarEntryType; size: number }>();
  for (const key of [...removed.keys()].sort(compareKeys)) {
    if (tree.get(key) !== undefined && written.has(key)) continue; // replaced: reported as modified
    let topKey = key;
    for (let k = parentKey(key); k !== ''; k = parentKey(k)) if (tops.has(k)) topKey = k;
    const { type, size } = removed.get(key)!;
    const known = tops.get(topKey);
    if (known === undefined) tops.set(topKey, { type, size });
    else known.size += size;
  }
  for (const [key, { type, size }] of tops) changes.push({ kind: 'removed', path: displayPath(key), type, size });
  return changes.sort((a, b) => compareKeys(a.path.slice(1), b.path.slice(1)));
}
