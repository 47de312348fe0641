/**
 * The classic (graphdriver) image store of a Docker daemon: images by ID, a layer store keyed
 * by chain ID with reference counts (a layer shared by two images is stored once), and the
 * reference store (tags and digests → image ID). Deleting follows moby's
 * daemon/images/image_delete.go, conflicts and all.
 */
import type { Image, Layer } from '../image/types.ts';
import { encodeUtf8 } from '../platform.ts';
import { goTimeOfMs } from './go-json.ts';
import { DaemonError } from './registry.ts';
import {
  familiarString,
  fullName,
  fullString,
  parseAnyReference,
  parseNormalizedNamed,
  withDefaultTag,
  type ImageReference,
} from './reference.ts';
import { truncateId } from './short-id.ts';
import type { StoredImage } from './types.ts';
import { chainIds } from './v1-image.ts';

export interface StoredLayer {
  readonly chainId: string;
  readonly diffId: string;
  /** The layer as the image it came with stores it (a registry's gzip blob, a save's plain tar). */
  readonly layer: Layer;
  /** Bytes of the uncompressed tar (`docker save` writes this many). */
  readonly tarSize: number;
  /** Bytes its files take unpacked (overlay2's diff size): what `docker images` adds up. */
  readonly size: number;
  references: number;
}

/** The hook containers plug into: which containers use an image (rmi conflicts, prune, df). */
export interface ContainerUsage {
  containersUsing(imageId: string): readonly { id: string; running: boolean }[];
}

export interface DeleteRecord {
  untagged?: string;
  deleted?: string;
}

interface ImageRecord {
  readonly image: Image;
  readonly chain: readonly string[];
  lastTagTime?: string;
  readonly parent?: string;
}

/**
 * A layer's unpacked size as overlay2 measures it: regular files once per inode, symlinks by the
 * length of their target. (A catalog placeholder binary is as long as the binary it stands for.)
 */
export async function unpackedSize(layer: Layer): Promise<number> {
  const index = await layer.index();
  let total = 0;
  for (let i = 0; i < index.length; i++) {
    const type = index.type(i);
    if (type === 'symlink') total += encodeUtf8(index.linkname(i)).length;
    if (type === 'file') total += index.entry(i).size;
  }
  return total;
}

export class ImageStore {
  private readonly images = new Map<string, ImageRecord>();
  private readonly layers = new Map<string, StoredLayer>();
  /** Full reference string (`docker.io/library/redis:7`, `…@sha256:…`) → image ID. */
  private readonly references = new Map<string, string>();
  containers: ContainerUsage = { containersUsing: () => [] };
  /** Who hears that images or tags changed (the page's explorer follows the terminal through this). */
  private readonly listeners = new Set<() => void>();

  constructor(private readonly now: () => number) {}

  /** Call `listener` after every change to images or references; returns how to stop. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  // ---- images and layers ------------------------------------------------------------------

  has(id: string): boolean {
    return this.images.has(id);
  }

  layer(chainId: string): StoredLayer | undefined {
    return this.layers.get(chainId);
  }

  /** Layers of an image, bottom first. */
  layersOf(id: string): StoredLayer[] {
    return this.record(id).chain.map((chainId) => this.layers.get(chainId)!);
  }

  /**
   * Add an image whose layers are all either in the store already or in `newLayers` (by chain
   * ID). Adding an image that is already there changes nothing.
   */
  add(image: Image, newLayers: ReadonlyMap<string, Omit<StoredLayer, 'references'>>, parent?: string): void {
    if (this.images.has(image.id)) return;
    const chain = chainIds(image.configFile.rootfs.diff_ids);
    for (const chainId of chain) {
      let stored = this.layers.get(chainId);
      if (!stored) {
        const fresh = newLayers.get(chainId);
        if (!fresh) throw new Error(`layer ${chainId} is neither stored nor given`);
        this.layers.set(chainId, (stored = { ...fresh, references: 0 }));
      }
      stored.references++;
    }
    this.images.set(image.id, { image, chain, ...(parent ? { parent } : {}) });
    this.changed();
  }

  private record(id: string): ImageRecord {
    const record = this.images.get(id);
    if (!record) throw new DaemonError(`No such image: ${id}`, 'not-found');
    return record;
  }

  /** Remove an image; returns the layers that were released for good, top first. */
  private deleteImage(id: string): StoredLayer[] {
    const record = this.record(id);
    this.images.delete(id);
    this.changed();
    const removed: StoredLayer[] = [];
    for (const chainId of [...record.chain].reverse()) {
      const stored = this.layers.get(chainId)!;
      if (--stored.references === 0) {
        this.layers.delete(chainId);
        removed.push(stored);
      }
    }
    return removed;
  }

  /** Every stored layer once (what `docker system df` adds up). */
  allLayers(): StoredLayer[] {
    return [...this.layers.values()];
  }

  // ---- references ---------------------------------------------------------------------------

  /** References to an image, sorted as moby's reference store sorts them (by full string). */
  referencesOf(id: string): ImageReference[] {
    return [...this.references]
      .filter(([, target]) => target === id)
      .map(([text]) => text)
      .sort()
      .map((text) => parseNormalizedNamed(text));
  }

  /** The image a tag or digest reference points to. */
  resolveReference(ref: ImageReference): string | undefined {
    return this.references.get(fullString(withDefaultTag(ref)));
  }

  /** Point a tag (or digest reference) at an image; returns the image it pointed to before, if another. */
  setReference(ref: ImageReference, id: string, options: { touchLastTagTime?: boolean } = {}): string | undefined {
    const key = fullString(withDefaultTag(ref));
    const previous = this.references.get(key);
    this.references.set(key, id);
    this.changed();
    // Only `docker tag` (and import, build, commit with a name) mark the time; pull and load do not.
    if (options.touchLastTagTime) this.record(id).lastTagTime = goTimeOfMs(this.now());
    return previous !== id ? previous : undefined;
  }

  /** Bring back the time an image was last tagged (restoring a saved daemon). */
  restoreLastTagTime(id: string, time: string): void {
    this.record(id).lastTagTime = time;
  }

  private removeReference(ref: ImageReference): ImageReference {
    const tagged = withDefaultTag(ref);
    this.references.delete(fullString(tagged));
    this.changed();
    return tagged;
  }

  // ---- lookups ------------------------------------------------------------------------------

  /**
   * moby's `GetImage`: an image ID (`sha256:…` or 64 hex), a tag or digest reference, or a
   * unique prefix of an ID. Unknown → "No such image: …".
   */
  resolve(refOrId: string): string {
    const parsed = parseAnyReference(refOrId);
    if ('id' in parsed) {
      if (this.images.has(parsed.id)) return parsed.id;
      throw new DaemonError(`No such image: ${parsed.id}`, 'not-found');
    }
    const byRef = this.resolveReference(parsed.ref);
    if (byRef !== undefined && this.images.has(byRef)) return byRef;
    const byPrefix = this.searchId(refOrId);
    if (byPrefix !== undefined) return byPrefix;
    throw new DaemonError(`No such image: ${familiarString(withDefaultTag(parsed.ref))}`, 'not-found');
  }

  /** A unique image ID starting with `prefix` (with or without `sha256:`). */
  searchId(prefix: string): string | undefined {
    const hex = prefix.startsWith('sha256:') ? prefix.slice(7) : prefix;
    if (!/^[a-f0-9]+$/.test(hex)) return undefined;
    const matches = [...this.images.keys()].filter((id) => id.slice(7).startsWith(hex));
    return matches.length === 1 ? matches[0] : undefined;
  }

  /** Every reference into a repository (`docker save redis` saves all of its images). */
  referencesByName(ref: ImageReference): { ref: ImageReference; id: string }[] {
    const name = fullName(ref);
    return [...this.references]
      .map(([text, id]) => ({ ref: parseNormalizedNamed(text), id }))
      .filter(({ ref: r }) => fullName(r) === name)
      .sort((a, b) => (fullString(a.ref) < fullString(b.ref) ? -1 : 1));
  }

  // ---- views --------------------------------------------------------------------------------

  stored(id: string): StoredImage {
    const record = this.record(id);
    const refs = this.referencesOf(id);
    return {
      id,
      image: record.image,
      repoTags: refs.filter((r) => r.digest === undefined).map(familiarString),
      repoDigests: refs.filter((r) => r.digest !== undefined).map(familiarString),
      layerSizes: record.chain.map((chainId) => this.layers.get(chainId)!.size),
      ...(record.lastTagTime ? { lastTagTime: record.lastTagTime } : {}),
      ...(record.parent ? { parent: record.parent } : {}),
    };
  }

  /** Every image, newest first (the daemon's `Images` sorts by creation time). */
  list(): StoredImage[] {
    const created = (id: string) => Date.parse(String(this.images.get(id)!.image.configFile.created ?? '')) || 0;
    return [...this.images.keys()]
      .sort((a, b) => created(b) - created(a) || (a < b ? -1 : 1))
      .map((id) => this.stored(id));
  }

  childrenOf(id: string): string[] {
    return [...this.images].filter(([, record]) => record.parent === id).map(([child]) => child);
  }

  // ---- deleting (moby daemon/images/image_delete.go) -----------------------------------------

  delete(imageRef: string, force: boolean, prune = true): DeleteRecord[] {
    const id = this.resolve(imageRef);
    const records: DeleteRecord[] = [];
    let repoRefs = this.referencesOf(id);
    let removedRepositoryRef = false;
    if (!isImageIdPrefix(id, imageRef)) {
      if (!force && isSingleReference(repoRefs)) {
        const user = this.containers.containersUsing(id)[0];
        if (user) {
          throw new DaemonError(
            `conflict: unable to remove repository reference ${JSON.stringify(imageRef)} (must force) - container ${truncateId(user.id)} is using its referenced image ${truncateId(id)}`,
            'conflict',
          );
        }
      }
      const removed = this.removeReference(parseNormalizedNamed(imageRef));
      records.push({ untagged: familiarString(removed) });
      repoRefs = this.referencesOf(id);
      if (removed.digest === undefined) {
        // A tag went: digest references of the same repository go with the last tag.
        const tagLeft = repoRefs.some((r) => r.digest === undefined && fullName(r) === fullName(removed));
        if (!tagLeft) {
          const remaining: ImageReference[] = [];
          for (const r of repoRefs) {
            if (r.digest !== undefined && fullName(r) === fullName(removed)) {
              this.removeReference(r);
              records.push({ untagged: familiarString(r) });
            } else remaining.push(r);
          }
          repoRefs = remaining;
        }
      }
      if (repoRefs.length > 0) return records;
      removedRepositoryRef = true;
    } else if (isSingleReference(repoRefs)) {
      const conflict = this.conflict(id, force ? HARD : HARD | STOPPED_CONTAINER);
      if (conflict) throw conflict.error;
      for (const r of repoRefs) records.push({ untagged: familiarString(this.removeReference(r)) });
    }
    this.deleteHelper(id, records, force, prune, removedRepositoryRef);
    return records;
  }

  private deleteHelper(id: string, records: DeleteRecord[], force: boolean, prune: boolean, quiet: boolean): void {
    const conflict = this.conflict(id, force ? HARD : HARD | SOFT);
    if (conflict) {
      // Quietly keep an image still in use or still tagged, unless it is dangling and unused.
      if (quiet && (!this.isDangling(id) || conflict.used)) return;
      throw conflict.error;
    }
    const parent = this.images.get(id)!.parent;
    for (const r of this.referencesOf(id)) records.push({ untagged: familiarString(this.removeReference(r)) });
    const removedLayers = this.deleteImage(id);
    records.push({ deleted: id });
    for (const layer of removedLayers) records.push({ deleted: layer.chainId });
    if (prune && parent !== undefined && this.images.has(parent)) this.deleteHelper(parent, records, false, true, true);
  }

  private isDangling(id: string): boolean {
    return this.referencesOf(id).length === 0 && this.childrenOf(id).length === 0;
  }

  private conflict(id: string, mask: number): { error: DaemonError; used: boolean } | undefined {
    const make = (hard: boolean, used: boolean, message: string) => ({
      error: new DaemonError(`conflict: unable to delete ${truncateId(id)} (${hard ? 'cannot be forced' : 'must be forced'}) - ${message}`, 'conflict'),
      used,
    });
    if (mask & DEPENDENT_CHILD && this.childrenOf(id).length > 0) return make(true, false, 'image has dependent child images');
    const users = this.containers.containersUsing(id);
    const running = users.find((c) => c.running);
    if (mask & RUNNING_CONTAINER && running) return make(true, true, `image is being used by running container ${truncateId(running.id)}`);
    if (mask & ACTIVE_REFERENCE && this.referencesOf(id).length > 0) return make(false, false, 'image is referenced in multiple repositories');
    const stopped = users.find((c) => !c.running);
    if (mask & STOPPED_CONTAINER && stopped) return make(false, true, `image is being used by stopped container ${truncateId(stopped.id)}`);
    return undefined;
  }

  /** moby's image prune: dangling images (or, with `all`, every image no container uses). */
  /** `docker image prune`; `include` is what `--filter` lets through (until, label). */
  prune(all: boolean, include: (id: string) => boolean = () => true): { records: DeleteRecord[]; reclaimed: number } {
    const records: DeleteRecord[] = [];
    const sizes = new Map(this.allLayers().map((l) => [l.chainId, l.size]));
    for (const id of [...this.images.keys()]) {
      if (!this.images.has(id) || this.childrenOf(id).length > 0) continue;
      if (!include(id)) continue;
      if (this.containers.containersUsing(id).length > 0) continue;
      const refs = this.referencesOf(id);
      try {
        if (refs.length > 0) {
          if (!all && refs.some((r) => r.digest === undefined)) continue;
          for (const r of refs) records.push(...this.delete(fullString(r), false, true));
        } else {
          records.push(...this.delete(id.slice(7), false, true));
        }
      } catch (err) {
        if (!(err instanceof DaemonError)) throw err;
      }
    }
    const reclaimed = records.reduce((n, r) => n + (r.deleted !== undefined ? (sizes.get(r.deleted) ?? 0) : 0), 0);
    return { records, reclaimed };
  }
}

const DEPENDENT_CHILD = 1;
const RUNNING_CONTAINER = 2;
const ACTIVE_REFERENCE = 4;
const STOPPED_CONTAINER = 8;
const HARD = DEPENDENT_CHILD | RUNNING_CONTAINER;
const SOFT = ACTIVE_REFERENCE | STOPPED_CONTAINER;

function isImageIdPrefix(id: string, possiblePrefix: string): boolean {
  return id.startsWith(possiblePrefix) || id.slice(id.indexOf(':') + 1).startsWith(possiblePrefix);
}

/** All references in one repository and at most one tag (moby's `isSingleReference`). */
function isSingleReference(refs: readonly ImageReference[]): boolean {
  if (refs.length <= 1) return refs.length === 1;
  let single: ImageReference | undefined;
  const canonical = new Set<string>();
  for (const r of refs) {
    if (r.digest !== undefined) canonical.add(fullName(r));
    else if (single === undefined) single = r;
    else return false;
  }
  single ??= refs[0]!;
  return canonical.size === 1 && canonical.has(fullName(single));
}

