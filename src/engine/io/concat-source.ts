/**
 * Sources back to back, read as one: a `docker save` archive is tar headers, small JSON files
 * and layer tars that are themselves held this way (literal runs and pattern runs), so a 21 MB
 * archive written to the shell's filesystem costs the memory of its headers.
 */
import { LayerlabError } from '../errors.ts';
import { MemorySource, type ByteSource } from './byte-source.ts';

export class ConcatSource implements ByteSource {
  readonly size: number;
  readonly parts: readonly ByteSource[];
  /** `starts[i]` is where `parts[i]` begins; one more entry holds the total. */
  private readonly starts: number[];

  constructor(parts: readonly ByteSource[]) {
    // Flatten nested concatenations and drop empty parts, so a read looks in one list.
    const flat: ByteSource[] = [];
    for (const part of parts) {
      if (part instanceof ConcatSource) flat.push(...part.parts);
      else if (part.size > 0) flat.push(part);
    }
    this.parts = flat;
    this.starts = [0];
    for (const part of flat) this.starts.push(this.starts[this.starts.length - 1]! + part.size);
    this.size = this.starts[flat.length]!;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const n = this.clamp(offset, length);
    let first = this.partAt(offset);
    const part = this.parts[first];
    // The common case, a read inside one part, returns that part's own view.
    if (part !== undefined && offset + n <= this.starts[first + 1]!) return part.read(offset - this.starts[first]!, n);
    const out = new Uint8Array(n);
    for (let pos = 0; pos < n; first++) {
      const start = this.starts[first]!;
      const bytes = await this.parts[first]!.read(offset + pos - start, n - pos);
      out.set(bytes, pos);
      pos += bytes.length;
    }
    return out;
  }

  /** Present when every part can be read without waiting. */
  get readSync(): ((offset: number, length: number) => Uint8Array) | undefined {
    if (!this.parts.every((part) => part.readSync)) return undefined;
    return (offset, length) => {
      const n = this.clamp(offset, length);
      const out = new Uint8Array(n);
      for (let pos = 0, i = this.partAt(offset); pos < n; i++) {
        const start = this.starts[i]!;
        const bytes = this.parts[i]!.readSync!(offset + pos - start, n - pos);
        out.set(bytes, pos);
        pos += bytes.length;
      }
      return out;
    };
  }

  async readInto(offset: number, target: Uint8Array): Promise<number> {
    const n = this.clamp(offset, target.length);
    for (let pos = 0, i = this.partAt(offset); pos < n; i++) {
      const part = this.parts[i]!;
      const within = offset + pos - this.starts[i]!;
      const want = target.subarray(pos, Math.min(n, pos + part.size - within));
      if (part.readInto) pos += await part.readInto(within, want);
      else {
        const bytes = await part.read(within, want.length);
        want.set(bytes);
        pos += bytes.length;
      }
    }
    return n;
  }

  private clamp(offset: number, length: number): number {
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
      throw new LayerlabError('EINVAL', `invalid read range: offset ${offset}, length ${length}`);
    }
    return Math.max(0, Math.min(length, this.size - offset));
  }

  /** The index of the part holding byte `offset` (binary search). */
  private partAt(offset: number): number {
    let lo = 0;
    let hi = this.parts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/** Several pieces as one source; a single in-memory piece stays as it is. */
export function concatSources(parts: readonly (ByteSource | Uint8Array)[]): ByteSource {
  const sources = parts.map((p) => (p instanceof Uint8Array ? new MemorySource(p) : p));
  return sources.length === 1 ? sources[0]! : new ConcatSource(sources);
}
