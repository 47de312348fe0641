/**
 * A source written down as what it is made of, to be stored (IndexedDB, by structured clone)
 * and made again: literal bytes as they are, pattern and zero runs (pattern-source.ts) as their
 * length. A 156 MB `docker save` archive of a catalog image is a few hundred kB of tar headers,
 * JSON and file heads this way, and the restored source reads back byte for byte the same
 * without its pattern bytes ever being made. A window of a stored upload (the page keeps an
 * uploaded archive once, as a Blob: src/worker/stored-upload.ts) is written as its key and
 * range, so a container's writable layer holding an uploaded file stores no copy of its bytes.
 */
import { LayerlabError } from '../errors.ts';
import { MemorySource, SliceSource, type ByteSource } from './byte-source.ts';
import { ConcatSource } from './concat-source.ts';
import { PATTERN_BLOCK_BYTES, PatternSource, ZeroSource } from './pattern-source.ts';

/**
 * Literal bytes; `pattern` bytes of the pattern starting at its byte `phase` (the file offset
 * modulo 512 where the run begins); `zeros` zero bytes; `length` bytes at `offset` of the
 * stored upload `upload` names.
 */
export type SourcePart =
  | Uint8Array
  | { readonly pattern: number; readonly phase: number }
  | { readonly zeros: number }
  | { readonly upload: string; readonly offset: number; readonly length: number };

/** The key of the stored upload a source is, if it is one (the worker knows; the engine does not). */
export type StoredUploadKeyOf = (source: ByteSource) => string | undefined;

const EMPTY = new Uint8Array(0);

/**
 * `source`'s parts, adjacent literals joined. Parts the source does not know the kind of are
 * read, except windows of the stored uploads `keyOf` names.
 */
export async function sourceParts(source: ByteSource, keyOf?: StoredUploadKeyOf): Promise<SourcePart[]> {
  const parts: SourcePart[] = [];
  let literal: Uint8Array[] = [];
  const endLiteral = () => {
    if (literal.length === 0) return;
    parts.push(literal.length === 1 ? literal[0]! : joined(literal));
    literal = [];
  };
  const add = (part: SourcePart) => {
    if (part instanceof Uint8Array) {
      if (part.length > 0) literal.push(part);
      return;
    }
    endLiteral();
    if ('upload' in part) {
      parts.push(part);
      return;
    }
    const last = parts[parts.length - 1];
    // A run that continues the one before (a pattern file right after another's tail block) joins it.
    if ('zeros' in part && last && !(last instanceof Uint8Array) && 'zeros' in last) parts[parts.length - 1] = { zeros: last.zeros + part.zeros };
    else if ('pattern' in part && last && !(last instanceof Uint8Array) && 'pattern' in last && (last.phase + last.pattern) % PATTERN_BLOCK_BYTES === part.phase) {
      parts[parts.length - 1] = { pattern: last.pattern + part.pattern, phase: last.phase };
    }
    else if ((part as { pattern: number }).pattern > 0 || (part as { zeros: number }).zeros > 0) parts.push(part);
  };
  await walk(source, add, keyOf);
  endLiteral();
  return parts;
}

/** The stored uploads `source` reads from (its parts' keys), found without reading it. */
export function storedUploadsIn(source: ByteSource, keyOf: StoredUploadKeyOf): string[] {
  const keys = new Set<string>();
  const visit = (s: ByteSource) => {
    const key = keyOf(s);
    if (key !== undefined) keys.add(key);
    else if (s instanceof ConcatSource) s.parts.forEach(visit);
    else if (s instanceof SliceSource) visit(s.parent);
  };
  visit(source);
  return [...keys].sort();
}

/**
 * Whether `sourceParts(source, keyOf)` can be made without waiting for bytes: every piece is a
 * window of a stored upload `keyOf` names, or in memory (bytes, patterns). A file made of
 * such pieces (a member `tar -x` took out of an upload) is saved as its parts, never read.
 */
export function partsAreKnown(source: ByteSource, keyOf: StoredUploadKeyOf): boolean {
  if (keyOf(source) !== undefined) return true;
  if (source instanceof ConcatSource) return source.parts.every((part) => partsAreKnown(part, keyOf));
  if (source instanceof SliceSource) return partsAreKnown(source.parent, keyOf);
  return source.readSync !== undefined;
}

/** The stored uploads parts name (what must be opened to make their source again). */
export function storedUploadsOf(parts: readonly SourcePart[]): string[] {
  const keys = new Set<string>();
  for (const part of parts) if (!(part instanceof Uint8Array) && 'upload' in part) keys.add(part.upload);
  return [...keys].sort();
}

/** `length` bytes at `offset` of `source`. */
export interface SourceWindow {
  readonly source: ByteSource;
  readonly offset: number;
  readonly length: number;
}

/**
 * The window `[offset, offset + length)` of `source` as windows of what it is made of:
 * concatenations and slices are looked through, down to sources that are neither, or that
 * `isLeaf` takes as they are (a stored upload, kept by key; a Blob, sliced).
 */
export function windowsOf(source: ByteSource, offset: number, length: number, isLeaf: (source: ByteSource) => boolean = () => false): SourceWindow[] {
  const windows: SourceWindow[] = [];
  const visit = (s: ByteSource, at: number, n: number): void => {
    if (n <= 0) return;
    if (isLeaf(s)) windows.push({ source: s, offset: at, length: n });
    else if (s instanceof ConcatSource) {
      let start = 0;
      for (const part of s.parts) {
        const end = start + part.size;
        if (end > at && start < at + n) {
          const from = Math.max(at, start);
          visit(part, from - start, Math.min(end, at + n) - from);
        }
        start = end;
      }
    } else if (s instanceof SliceSource) visit(s.parent, s.offset + at, n);
    else windows.push({ source: s, offset: at, length: n });
  };
  visit(source, offset, length);
  return windows;
}

/** `source` part by part. */
async function walk(source: ByteSource, add: (part: SourcePart) => void, keyOf: StoredUploadKeyOf | undefined): Promise<void> {
  const isUpload = (s: ByteSource) => keyOf?.(s) !== undefined;
  for (const { source: leaf, offset, length } of windowsOf(source, 0, source.size, isUpload)) {
    if (isUpload(leaf)) add({ upload: keyOf!(leaf)!, offset, length });
    else if (leaf instanceof PatternSource) {
      const fromHead = Math.max(0, Math.min(length, leaf.head.length - offset));
      if (fromHead > 0) add(leaf.head.slice(offset, offset + fromHead));
      if (fromHead < length) add({ pattern: length - fromHead, phase: (offset + fromHead) % PATTERN_BLOCK_BYTES });
    } else if (leaf instanceof ZeroSource) add({ zeros: length });
    else add((await leaf.read(offset, length)).slice());
  }
}

/**
 * The source `parts` describe, windows of stored uploads read from `uploads` (opened by the
 * caller: storedUploadsOf lists them); a value that is not such a list, or a window outside
 * its upload, is a LayerlabError (CORRUPT_SNAPSHOT).
 */
export function sourceFromParts(parts: unknown, uploads: ReadonlyMap<string, ByteSource> = new Map()): ByteSource {
  if (!Array.isArray(parts)) throw notParts();
  const sources: ByteSource[] = [];
  for (const part of parts as unknown[]) {
    if (part instanceof Uint8Array) sources.push(new MemorySource(part));
    else if (typeof (part as { upload?: unknown })?.upload === 'string') {
      const { upload, offset, length } = part as { upload: string; offset: unknown; length: unknown };
      const source = uploads.get(upload);
      if (!source || !isOffset(offset) || !isCount(length) || offset + length > source.size) throw notParts();
      sources.push(new SliceSource(source, offset, length));
    }
    else if (isCount((part as { zeros?: unknown })?.zeros)) sources.push(new ZeroSource((part as { zeros: number }).zeros));
    else if (isCount((part as { pattern?: unknown })?.pattern) && isPhase((part as { phase?: unknown }).phase)) {
      const { pattern, phase } = part as { pattern: number; phase: number };
      sources.push(new SliceSource(new PatternSource(EMPTY, phase + pattern), phase, pattern));
    } else throw notParts();
  }
  return new ConcatSource(sources);
}

/** Whether two part lists describe the same bytes the same way (no bytes made to compare). */
export function sameParts(a: readonly SourcePart[], b: readonly SourcePart[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x instanceof Uint8Array || y instanceof Uint8Array) {
      if (!(x instanceof Uint8Array && y instanceof Uint8Array) || !sameBytes(x, y)) return false;
    } else if ('upload' in x || 'upload' in y) {
      if (!('upload' in x && 'upload' in y) || x.upload !== y.upload || x.offset !== y.offset || x.length !== y.length) return false;
    } else if ('zeros' in x ? !('zeros' in y) || x.zeros !== y.zeros : 'zeros' in y || x.pattern !== y.pattern || x.phase !== y.phase) return false;
  }
  return true;
}

/** The bytes the parts hold in memory (the literals): what storing them costs. */
export function literalBytes(parts: readonly SourcePart[]): number {
  return parts.reduce((n, part) => n + (part instanceof Uint8Array ? part.length : 0), 0);
}

function joined(pieces: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const piece of pieces) (out.set(piece, at), (at += piece.length));
  return out;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const isCount = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) > 0;
const isOffset = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;
const isPhase = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0 && (n as number) < PATTERN_BLOCK_BYTES;

function notParts(): LayerlabError {
  return new LayerlabError('CORRUPT_SNAPSHOT', 'the saved bytes are not a list of parts');
}
