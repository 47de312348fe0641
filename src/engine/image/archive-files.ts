import { ImageFormatError } from '../errors.ts';
import { sliceSource, type ByteSource } from '../io/byte-source.ts';
import type { TarEntry, TarIndex } from '../tar/types.ts';
import { MAX_JSON_BYTES, parseJson } from './json.ts';

/** Linux gives up after 40 links (MAXSYMLINKS); an archive gets no more. */
const MAX_LINK_HOPS = 40;

/**
 * The members of an image archive's outer tar, by normalised path. Reading a member slices the
 * archive at the member's data offset: nothing is copied until someone reads it.
 */
export class ArchiveFiles {
  private readonly byPath = new Map<string, number>();

  constructor(
    readonly source: ByteSource,
    readonly index: TarIndex,
  ) {
    for (let i = 0; i < index.length; i++) {
      const path = normalizeMemberPath(index.name(i));
      // A later member of the same name replaces an earlier one, as when extracting.
      if (path !== undefined) this.byPath.set(path, i);
    }
  }

  has(path: string): boolean {
    return this.lookup(path) !== undefined;
  }

  /** Member paths (normalised), in archive order of their last occurrence. */
  paths(): string[] {
    return [...this.byPath.keys()];
  }

  /**
   * The regular file at `path`, following symlinks and hard links between members (older
   * `docker save` links identical layers: `<id>/layer.tar -> ../<other>/layer.tar`).
   * Returns undefined when there is no such member.
   */
  lookup(path: string): TarEntry | undefined {
    let current = normalizeMemberPath(path);
    for (let hops = 0; current !== undefined; hops++) {
      if (hops > MAX_LINK_HOPS) throw new ImageFormatError(`${path}: too many levels of links inside the archive`);
      const i = this.byPath.get(current);
      if (i === undefined) return undefined;
      const entry = this.index.entry(i);
      if (entry.type === 'file') return entry;
      if (entry.type === 'symlink') current = resolveLink(current, entry.linkname);
      else if (entry.type === 'hardlink') current = normalizeMemberPath(entry.linkname);
      else throw new ImageFormatError(`${path}: expected a file in the archive, found a ${entry.type}`);
      if (current === undefined) throw new ImageFormatError(`${path}: link points outside the archive`);
    }
    return undefined;
  }

  /** The bytes of member `path`, as a lazy window of the archive. */
  open(path: string, what = path): ByteSource {
    const entry = this.lookup(path);
    if (!entry) throw new ImageFormatError(`${what}: ${path} is missing from the archive`);
    if (entry.dataOffset + entry.size > this.source.size) {
      throw new ImageFormatError(`${what}: ${path} runs past the end of the archive`);
    }
    return sliceSource(this.source, entry.dataOffset, entry.size);
  }

  /** Read a small member: its size is checked against MAX_JSON_BYTES before anything is read. */
  async readSmall(path: string, what = path): Promise<Uint8Array> {
    const source = this.open(path, what);
    if (source.size > MAX_JSON_BYTES) {
      throw new ImageFormatError(`${what} is ${source.size} bytes, more than the ${MAX_JSON_BYTES} allowed`);
    }
    const bytes = await source.read(0, source.size);
    if (bytes.length !== source.size) throw new ImageFormatError(`${what} is truncated`);
    return bytes;
  }

  async readJson(path: string, what = path): Promise<{ bytes: Uint8Array; value: unknown }> {
    const bytes = await this.readSmall(path, what);
    return { bytes, value: parseJson(bytes, what) };
  }
}

/**
 * `./a//b/` → `a/b`. `..` is resolved; a path that climbs above the archive root is not a member
 * of it (undefined).
 */
export function normalizeMemberPath(path: string): string | undefined {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join('/');
}

/** A symlink target, relative to the link's directory unless absolute (then from the archive root). */
function resolveLink(linkPath: string, target: string): string | undefined {
  if (target.startsWith('/')) return normalizeMemberPath(target);
  const dir = linkPath.includes('/') ? linkPath.slice(0, linkPath.lastIndexOf('/')) : '';
  return normalizeMemberPath(`${dir}/${target}`);
}
