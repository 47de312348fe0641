/**
 * A compact `TarIndex`: entries are stored column by column in typed arrays (about 56 bytes
 * per entry plus the name string) and rare fields in sparse maps; `TarEntry` objects are only
 * built when asked for. A 100k-file layer thus costs a few MiB, not tens.
 */
import { LayerlabError } from '../errors.ts';
import type { SparseRegion, TarEntry, TarEntryType, TarFormat, TarIndex } from './types.ts';

const TYPES: readonly TarEntryType[] = ['file', 'hardlink', 'symlink', 'chardev', 'blockdev', 'directory', 'fifo'];
const FORMATS: readonly TarFormat[] = ['v7', 'ustar', 'pax', 'gnu', 'star'];
const TYPE_CODE = new Map(TYPES.map((t, i) => [t, i]));
const FORMAT_CODE = new Map(FORMATS.map((f, i) => [f, i]));

/** Interns the few distinct user and group names an archive has. */
class StringTable {
  readonly values: string[] = [''];
  private readonly ids = new Map<string, number>([['', 0]]);
  id(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(value, id);
    }
    return id;
  }
}

function grow<T extends Float64Array | Uint32Array | Uint16Array | Uint8Array>(array: T, capacity: number): T {
  const next = new (array.constructor as new (n: number) => T)(capacity);
  next.set(array);
  return next;
}

function trim<T extends Float64Array | Uint32Array | Uint16Array | Uint8Array>(array: T, length: number): T {
  return array.slice(0, length) as T;
}

export class ColumnarTarIndex implements TarIndex {
  private count = 0;
  private capacity = 0;
  private headerOffsets = new Float64Array(0);
  /** dataOffset - headerOffset: the header blocks, including pax and long-name ones. */
  private headerLengths = new Uint32Array(0);
  private sizes = new Float64Array(0);
  private mtimes = new Float64Array(0);
  private uids = new Float64Array(0);
  private gids = new Float64Array(0);
  private unames = new Uint32Array(0);
  private gnames = new Uint32Array(0);
  private modes = new Uint16Array(0);
  private types = new Uint8Array(0);
  private formats = new Uint8Array(0);
  private readonly names: string[] = [];
  private readonly owners = new StringTable();
  private readonly linknames = new Map<number, string>();
  private readonly devices = new Map<number, readonly [number, number]>();
  private readonly xattrs = new Map<number, Readonly<Record<string, string>>>();
  private readonly sparseMaps = new Map<number, readonly SparseRegion[]>();
  byteLength = 0;

  get length(): number {
    return this.count;
  }

  add(e: TarEntry): void {
    const i = this.count;
    if (i === this.capacity) this.reserve(Math.max(64, this.capacity * 2));
    this.headerOffsets[i] = e.headerOffset;
    this.headerLengths[i] = e.dataOffset - e.headerOffset;
    this.sizes[i] = e.size;
    this.mtimes[i] = e.mtime;
    this.uids[i] = e.uid;
    this.gids[i] = e.gid;
    this.unames[i] = this.owners.id(e.uname);
    this.gnames[i] = this.owners.id(e.gname);
    this.modes[i] = e.mode & 0o7777;
    this.types[i] = TYPE_CODE.get(e.type)!;
    this.formats[i] = FORMAT_CODE.get(e.format)!;
    this.names.push(e.name);
    if (e.linkname) this.linknames.set(i, e.linkname);
    if (e.devmajor || e.devminor) this.devices.set(i, [e.devmajor, e.devminor]);
    if (e.xattrs) this.xattrs.set(i, e.xattrs);
    if (e.sparse) this.sparseMaps.set(i, e.sparse);
    this.count = i + 1;
  }

  /** Drop the spare capacity once the archive is fully read. */
  finish(byteLength: number): this {
    this.byteLength = byteLength;
    this.reserve(this.count);
    return this;
  }

  private reserve(capacity: number): void {
    const resize = capacity > this.capacity ? grow : trim;
    this.headerOffsets = resize(this.headerOffsets, capacity);
    this.headerLengths = resize(this.headerLengths, capacity);
    this.sizes = resize(this.sizes, capacity);
    this.mtimes = resize(this.mtimes, capacity);
    this.uids = resize(this.uids, capacity);
    this.gids = resize(this.gids, capacity);
    this.unames = resize(this.unames, capacity);
    this.gnames = resize(this.gnames, capacity);
    this.modes = resize(this.modes, capacity);
    this.types = resize(this.types, capacity);
    this.formats = resize(this.formats, capacity);
    this.capacity = capacity;
  }

  entry(i: number): TarEntry {
    if (!Number.isInteger(i) || i < 0 || i >= this.count) throw new LayerlabError('EINVAL', `no tar entry ${i} (the archive has ${this.count})`);
    const headerOffset = this.headerOffsets[i]!;
    const device = this.devices.get(i);
    const xattrs = this.xattrs.get(i);
    const sparse = this.sparseMaps.get(i);
    return {
      name: this.names[i]!,
      type: TYPES[this.types[i]!]!,
      size: this.sizes[i]!,
      mode: this.modes[i]!,
      uid: this.uids[i]!,
      gid: this.gids[i]!,
      uname: this.owners.values[this.unames[i]!]!,
      gname: this.owners.values[this.gnames[i]!]!,
      mtime: this.mtimes[i]!,
      linkname: this.linknames.get(i) ?? '',
      devmajor: device?.[0] ?? 0,
      devminor: device?.[1] ?? 0,
      ...(xattrs ? { xattrs } : {}),
      ...(sparse ? { sparse } : {}),
      headerOffset,
      dataOffset: headerOffset + this.headerLengths[i]!,
      format: FORMATS[this.formats[i]!]!,
    };
  }

  /** The name of entry `i` without building the whole entry. */
  name(i: number): string {
    return this.names[i]!;
  }

  type(i: number): TarEntry['type'] {
    return TYPES[this.types[i]!]!;
  }

  size(i: number): number {
    return this.sizes[i]!;
  }

  linkname(i: number): string {
    return this.linknames.get(i) ?? '';
  }

  *[Symbol.iterator](): IterableIterator<TarEntry> {
    for (let i = 0; i < this.count; i++) yield this.entry(i);
  }
}
