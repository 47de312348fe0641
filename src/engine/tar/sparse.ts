/**
 * GNU sparse files: the archive stores only the data regions of a file with holes, plus a map
 * of where they go. Three encodings exist (https://www.gnu.org/software/tar/manual/html_node/Sparse-Formats.html):
 * the old GNU `S` header (map in the header and in extension blocks), pax 0.0/0.1 (map in pax
 * records), and pax 1.0 (map in decimal text at the start of the data).
 */
import { LayerlabError, TarFormatError } from '../errors.ts';
import type { ByteSource } from '../io/byte-source.ts';
import { BLOCK_SIZE, readNumber } from './header.ts';
import type { SparseRegion } from './types.ts';

/** More regions than this is not a real file: refuse rather than grow without bound. */
export const MAX_SPARSE_REGIONS = 1 << 17;

/**
 * Read `count` (offset, numbytes) pairs of 24 bytes from `block` starting at `start`, as in the
 * old GNU header (4 at byte 386) and its extension blocks (21 at byte 0). An empty pair ends the map.
 */
export function readGnuSparsePairs(
  block: Uint8Array,
  start: number,
  count: number,
  blockOffset: number,
  into: SparseRegion[],
): void {
  for (let i = 0; i < count; i++) {
    const at = start + i * 24;
    if (block[at] === 0 && block[at + 12] === 0) return;
    const offset = readNumber(block, at, 12, blockOffset + at, 'sparse offset');
    const length = readNumber(block, at + 12, 12, blockOffset + at + 12, 'sparse length');
    if (into.length >= MAX_SPARSE_REGIONS) throw new TarFormatError(blockOffset + at, 'too many sparse regions');
    into.push({ offset, length });
  }
}

/** The 0.1 map (`GNU.sparse.map=off,len,off,len…`, also what 0.0's repeated records become). */
export function parseSparseMapText(text: string, at: number): SparseRegion[] {
  const parts = text === '' ? [] : text.split(',');
  if (parts.length % 2 !== 0) throw new TarFormatError(at, 'GNU.sparse.map has an odd number of values');
  if (parts.length / 2 > MAX_SPARSE_REGIONS) throw new TarFormatError(at, 'too many sparse regions');
  const regions: SparseRegion[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    regions.push({ offset: decimal(parts[i]!, at), length: decimal(parts[i + 1]!, at) });
  }
  return regions;
}

function decimal(text: string, at: number): number {
  if (!/^[0-9]{1,16}$/.test(text)) throw new TarFormatError(at, `sparse map value is not a number: ${JSON.stringify(text.slice(0, 20))}`);
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new TarFormatError(at, 'sparse map value overflows');
  return n;
}

/**
 * Parse the pax 1.0 map at the start of the data: decimal lines (region count, then offset and
 * length per region), padded to a block. Returns the regions and the map's length in bytes, or
 * `undefined` when `data` does not hold the whole map yet (the caller reads more blocks).
 */
export function parseSparse10Map(data: Uint8Array, at: number): { regions: SparseRegion[]; mapLength: number } | undefined {
  let pos = 0;
  const next = (): number | undefined => {
    let value = 0;
    const start = pos;
    while (pos < data.length && data[pos] !== 0x0a) {
      const c = data[pos]!;
      if (c < 0x30 || c > 0x39 || pos - start >= 16) throw new TarFormatError(at + pos, 'sparse map is not decimal numbers');
      value = value * 10 + (c - 0x30);
      pos++;
    }
    if (pos >= data.length) return undefined;
    if (pos === start) throw new TarFormatError(at + pos, 'sparse map has an empty line');
    pos++; // the newline
    return value;
  };
  const count = next();
  if (count === undefined) return undefined;
  if (count > MAX_SPARSE_REGIONS) throw new TarFormatError(at, 'too many sparse regions');
  const regions: SparseRegion[] = [];
  for (let i = 0; i < count; i++) {
    const offset = next();
    const length = offset === undefined ? undefined : next();
    if (length === undefined) return undefined;
    regions.push({ offset: offset!, length });
  }
  return { regions, mapLength: Math.ceil(pos / BLOCK_SIZE) * BLOCK_SIZE };
}

/**
 * Check a map against the file's real size and the bytes stored: regions in order, not
 * overlapping, inside the file, and adding up to what the archive holds.
 */
export function checkSparseMap(regions: readonly SparseRegion[], realSize: number, storedSize: number, at: number): void {
  let end = 0;
  let stored = 0;
  for (const { offset, length } of regions) {
    if (offset < end || offset + length > realSize) throw new TarFormatError(at, 'sparse map regions overlap or lie outside the file');
    end = offset + length;
    stored += length;
  }
  if (stored !== storedSize) throw new TarFormatError(at, `sparse map covers ${stored} bytes but ${storedSize} are stored`);
}

/** The real contents of a sparse file: its regions, read from `stored`, with zeros between. */
export class SparseSource implements ByteSource {
  constructor(
    private readonly stored: ByteSource,
    private readonly regions: readonly SparseRegion[],
    readonly size: number,
  ) {}

  async read(offset: number, length: number): Promise<Uint8Array> {
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
      throw new LayerlabError('EINVAL', `invalid read range: offset ${offset}, length ${length}`);
    }
    const end = Math.min(this.size, offset + length);
    const out = new Uint8Array(Math.max(0, end - offset));
    let storedAt = 0;
    for (const region of this.regions) {
      const from = Math.max(offset, region.offset);
      const to = Math.min(end, region.offset + region.length);
      if (from < to) {
        const bytes = await this.stored.read(storedAt + (from - region.offset), to - from);
        out.set(bytes, from - offset);
      }
      storedAt += region.length;
      if (region.offset >= end) break;
    }
    return out;
  }
}
