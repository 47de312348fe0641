/**
 * A node of the merged tree is one small integer, a "ref", so that the tree is a `Map<string,
 * number>` whose values V8 stores unboxed (Smis): no object per file.
 *
 *   ref >= 0          entry `ref - base[layer]` of `layer`'s tar index (ordinals run on across layers)
 *   -1 … -L           a directory synthesised for layer `-1 - ref` (its tar had entries beneath it, but no entry for it)
 *   below -L          node `-1 - L - ref` of the writable upper layer
 */
export class RefSpace {
  /** `bases[l]` is the ordinal of layer `l`'s first entry; `bases[L]` is the total. */
  private readonly bases: number[];
  readonly layerCount: number;

  constructor(entryCounts: readonly number[]) {
    this.layerCount = entryCounts.length;
    this.bases = [0];
    for (const n of entryCounts) this.bases.push(this.bases.at(-1)! + n);
  }

  /** The first ref of layer `layer` (every lower-layer entry ref is below it). */
  base(layer: number): number {
    return this.bases[layer]!;
  }

  entry(layer: number, index: number): number {
    return this.bases[layer]! + index;
  }

  implicitDir(layer: number): number {
    return -1 - layer;
  }

  upper(index: number): number {
    return -1 - this.layerCount - index;
  }

  isEntry(ref: number): boolean {
    return ref >= 0;
  }

  isImplicitDir(ref: number): boolean {
    return ref < 0 && ref >= -this.layerCount;
  }

  isUpper(ref: number): boolean {
    return ref < -this.layerCount;
  }

  upperIndex(ref: number): number {
    return -1 - this.layerCount - ref;
  }

  /** The layer a ref comes from; `layerCount` for the upper layer. */
  layerOf(ref: number): number {
    if (ref < 0) return ref >= -this.layerCount ? -1 - ref : this.layerCount;
    // Binary search: the last layer whose base is <= ref.
    let lo = 0;
    let hi = this.layerCount - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.bases[mid]! <= ref) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The entry index within its layer of an entry ref. */
  entryIndex(ref: number): number {
    return ref - this.bases[this.layerOf(ref)]!;
  }

  /** True when `ref` comes from a layer below `layer` (what a whiteout in `layer` may delete). */
  isBelow(ref: number, layer: number): boolean {
    if (ref >= 0) return ref < this.bases[layer]!;
    if (ref >= -this.layerCount) return -1 - ref < layer;
    return false;
  }
}
