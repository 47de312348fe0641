/**
 * The daemon's images and tags as a value that can be stored and brought back: the page keeps
 * what the student pulled, built, imported and loaded across reloads with it.
 *
 * A snapshot is a small JSON-able record (images, their layers, references) plus the blobs it
 * names by sha256 digest: each image's config (by image ID) and each layer's blob as the store
 * holds it (a pulled layer stays the registry's gzip blob, so `docker push` after a reload
 * pushes the same digests). Blobs are immutable, so a store writes each one once.
 *
 * A layer whose blob is a window of a stored upload (an archive the page keeps as a Blob, see
 * src/worker/stored-upload.ts) is recorded as that window, `stored`, not as a blob: the
 * archive's bytes are kept once, and read by slices after a reload. Any other layer's blob is
 * kept as its parts (source-parts.ts): a layer `docker build` made with an uploaded file COPY'd
 * in stores that file as a window of the upload, by key and range.
 *
 * Containers (their records and writable layers, snapshot-containers.ts) and the in-page
 * registry at localhost:5000 (its repositories; its manifests and blobs are blobs of the
 * snapshot too) are kept as well, and the volumes (named and anonymous, with their files, a
 * tar blob each like a container's writable layer). Snapshots from before they were kept have
 * none of these, and restore with none.
 */
import { LayerlabError } from '../errors.ts';
import { sha256Digest, sha256OfSource } from '../hash/digest.ts';
import { makeImage } from '../image/image.ts';
import { parseConfigFile, parseJson } from '../image/json.ts';
import { openBlobLayer } from '../image/layer.ts';
import type { Image, Layer, Manifest } from '../image/types.ts';
import { MemorySource, SliceSource, sliceSource, type ByteSource } from '../io/byte-source.ts';
import { sourceFromParts, sourceParts, storedUploadsIn, storedUploadsOf, type SourcePart, type StoredUploadKeyOf } from '../io/source-parts.ts';
import type { Container } from './containers.ts';
import type { DockerDaemon } from './daemon.ts';
import type { StoredLayer } from './image-store.ts';
import { fullString, parseNormalizedNamed } from './reference.ts';
import type { RegistryRecord } from './registry.ts';
import { emptyFilesystem, volumesOf, type Volume } from './containers-volumes.ts';
import { isSnapshotContainer, rememberUpperLayerTar, replayUpperLayer, restoreContainer, snapshotContainer, upperLayerTar, type SnapshotContainer } from './snapshot-containers.ts';

/** Bumped whenever what a snapshot holds changes meaning; older ones are refused, not guessed at. */
export const DAEMON_SNAPSHOT_FORMAT = 1;

export interface DaemonSnapshot {
  readonly format: typeof DAEMON_SNAPSHOT_FORMAT;
  readonly images: readonly SnapshotImage[];
  /** Full reference (`docker.io/library/redis:3.2.11-alpine`, `…@sha256:…`) → image ID. */
  readonly references: readonly (readonly [string, string])[];
  /** Oldest first. */
  readonly containers?: readonly SnapshotContainer[];
  /** localhost:5000, and the stored uploads its blobs are windows of (a push's gzip, spooled into a Blob, is kept as one). */
  readonly registry?: RegistryRecord & { readonly uploads?: readonly string[] };
  /** Oldest first. */
  readonly volumes?: readonly SnapshotVolume[];
}

/** A volume: what `docker volume inspect` shows, and its files as a tar blob (by digest). */
export interface SnapshotVolume {
  readonly name: string;
  readonly created: number;
  readonly labels: Record<string, string> | null;
  readonly options: Record<string, string> | null;
  readonly anonymous: boolean;
  readonly files: string;
  /** The stored uploads the files' tar reads from, by key. */
  readonly uploads?: readonly string[];
}

export interface SnapshotImage {
  /** The image ID, which is also the digest of its config blob. */
  readonly id: string;
  readonly manifest: Manifest;
  readonly manifestDigest?: string;
  readonly parent?: string;
  readonly lastTagTime?: string;
  /** Bottom first. */
  readonly layers: readonly SnapshotLayer[];
}

export interface SnapshotLayer {
  readonly chainId: string;
  readonly diffId: string;
  /** Digest of the blob as stored, compressed or not. */
  readonly digest: string;
  readonly mediaType: string;
  readonly tarSize: number;
  readonly size: number;
  /** The blob is `length` bytes at `offset` of the stored upload `key`, not a blob of its own. */
  readonly stored?: StoredSlice;
  /** The stored uploads the blob's parts read from (a built layer with an uploaded file COPY'd in), by key. */
  readonly uploads?: readonly string[];
}

export interface StoredSlice {
  readonly key: string;
  readonly offset: number;
  readonly length: number;
}

/**
 * Where stored uploads come from: `keyOf` names the upload a source is (undefined for any other
 * source), `open` gives it back after a reload.
 */
export interface StoredUploads {
  keyOf(source: ByteSource): string | undefined;
  open(key: string): Promise<ByteSource>;
}

/** The stored upload a layer's blob is a window of, if it is one. */
function storedSliceOf(blob: ByteSource, uploads: Pick<StoredUploads, 'keyOf'> | undefined): StoredSlice | undefined {
  if (!uploads) return undefined;
  if (blob instanceof SliceSource) {
    const key = uploads.keyOf(blob.parent);
    return key === undefined ? undefined : { key, offset: blob.offset, length: blob.size };
  }
  const key = uploads.keyOf(blob);
  return key === undefined ? undefined : { key, offset: 0, length: blob.size };
}

/**
 * A blob as stored: its bytes, or (a container's writable layer) the parts its bytes are made
 * of, literal bytes and pattern runs (source-parts.ts).
 */
export type StoredBlob = Uint8Array | readonly SourcePart[];

/** Reads a blob the snapshot names; every blob is read at most once per call. */
export type BlobReader = (digest: string) => Promise<StoredBlob>;

export interface DaemonSnapshotWithBlobs {
  snapshot: DaemonSnapshot;
  /** Every blob the snapshot names, by digest. */
  blobs: ReadonlyMap<string, BlobReader>;
}

/**
 * What the daemon holds now. Everything is taken synchronously, so it is one consistent moment
 * even while commands run; only the digests of writable layers that hold a file read by waiting
 * (an uploaded archive copied into a container) are awaited after that moment.
 */
export async function snapshotDaemon(daemon: DockerDaemon, uploads?: Pick<StoredUploads, 'keyOf'>): Promise<DaemonSnapshotWithBlobs> {
  const blobs = new Map<string, BlobReader>();
  const keyOf = uploads ? (source: ByteSource) => uploads.keyOf(source) : undefined;
  const images: SnapshotImage[] = [];
  const references: [string, string][] = [];
  for (const stored of daemon.list()) {
    const { image } = stored;
    blobs.set(stored.id, async () => ownBuffer(image.rawConfig));
    const layers = daemon.images.layersOf(stored.id).map((layer) => {
      const slice = storedSliceOf(layer.layer.blob, uploads);
      if (slice) return snapshotLayer(layer, { stored: slice });
      blobs.set(layer.layer.digest, () => layerBlob(layer.layer.blob, keyOf));
      const inUploads = keyOf ? storedUploadsIn(layer.layer.blob, keyOf) : [];
      return snapshotLayer(layer, inUploads.length > 0 ? { uploads: inUploads } : {});
    });
    images.push({
      id: stored.id,
      manifest: image.manifest,
      ...(image.manifestDigest ? { manifestDigest: image.manifestDigest } : {}),
      ...(stored.parent ? { parent: stored.parent } : {}),
      ...(stored.lastTagTime ? { lastTagTime: stored.lastTagTime } : {}),
      layers,
    });
    for (const ref of daemon.images.referencesOf(stored.id)) references.push([fullString(ref), stored.id]);
  }
  images.sort((a, b) => (a.id < b.id ? -1 : 1));
  references.sort(([a], [b]) => (a < b ? -1 : 1));
  // Started now, awaited after the moment (below).
  const containerRecords = daemon.containers
    .list()
    .reverse()
    // (A container whose image was force-removed has no layers to restore it on; it is not kept.)
    .filter((container) => daemon.images.has(container.imageId))
    .map((container) => snapshotContainer(container, keyOf));
  const volumeRecords = volumesOf(daemon)
    .list()
    .map((volume) => {
      const { tar, digest } = upperLayerTar(volume.fs);
      const { name, created, labels, options, anonymous } = volume;
      const stored = keyOf ? storedUploadsIn(tar, keyOf) : [];
      return { tar, digest, record: { name, created, labels, options, anonymous, ...(stored.length > 0 ? { uploads: stored } : {}) } };
    });
  const registry = daemon.localRegistry.record();
  for (const pending of containerRecords) pending.catch(() => undefined); // awaited in order below
  const containers: SnapshotContainer[] = [];
  for (const pending of containerRecords) {
    const { record, tar } = await pending;
    containers.push(record);
    blobs.set(record.upper, () => sourceParts(tar, keyOf));
  }
  const volumes: SnapshotVolume[] = [];
  for (const { tar, digest, record } of volumeRecords) {
    const files = await digest;
    volumes.push({ ...record, files });
    blobs.set(files, () => sourceParts(tar, keyOf));
  }
  // A pushed layer is its image's layer blob (saved once, by digest) or the gzip the push spooled
  // (kept by key, as an upload: named here, before the blobs are read, so that the save keeps it).
  const registryUploads = new Set<string>();
  for (const [digest, source] of registry.blobs) {
    if (blobs.has(digest)) continue;
    for (const key of keyOf ? storedUploadsIn(source, keyOf) : []) registryUploads.add(key);
    blobs.set(digest, () => layerBlob(source, keyOf));
  }
  const registryRecord = registryUploads.size > 0 ? { ...registry.record, uploads: [...registryUploads].sort() } : registry.record;
  return { snapshot: { format: DAEMON_SNAPSHOT_FORMAT, images, references, containers, registry: registryRecord, volumes }, blobs };
}

/**
 * `bytes` alone in an ArrayBuffer of its own. A structured clone (IndexedDB's put, `structuredClone`)
 * of a Uint8Array copies its whole buffer, not just the view: a config read out of a 157 MB
 * archive `docker load` held in one array would be stored as 157 MB.
 */
function ownBuffer(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}

/**
 * A layer's blob as stored: its bytes when they are one array in memory (a pulled layer), else
 * its parts (source-parts.ts), so a built layer holding an uploaded file stores the upload's
 * window by key and range, and a placeholder binary as pattern runs, never its bytes read whole.
 */
async function layerBlob(blob: ByteSource, keyOf: StoredUploadKeyOf | undefined): Promise<StoredBlob> {
  const parts = await sourceParts(blob, keyOf);
  return parts.length === 1 && parts[0] instanceof Uint8Array ? ownBuffer(parts[0]) : parts;
}

function snapshotLayer(layer: StoredLayer, where: Pick<SnapshotLayer, 'stored' | 'uploads'>): SnapshotLayer {
  const { chainId, diffId, tarSize, size } = layer;
  return { chainId, diffId, digest: layer.layer.digest, mediaType: layer.layer.mediaType, tarSize, size, ...where };
}

/** The stored uploads a snapshot's layers are windows of, or its containers' and volumes' files read from (what must be kept for it). */
export function storedUploadKeys(snapshot: DaemonSnapshot): Set<string> {
  const keys = new Set<string>();
  for (const image of snapshot.images) {
    for (const layer of image.layers) {
      if (layer.stored) keys.add(layer.stored.key);
      for (const key of layer.uploads ?? []) keys.add(key);
    }
  }
  for (const saved of [...(snapshot.containers ?? []), ...(snapshot.volumes ?? [])]) for (const key of saved.uploads ?? []) keys.add(key);
  for (const key of snapshot.registry?.uploads ?? []) keys.add(key);
  return keys;
}

/**
 * Put a snapshot's images and references into a daemon (a fresh one, as the page starts).
 * Every blob is checked against its digest first; a corrupt or foreign snapshot is a
 * LayerlabError and leaves the daemon as it was. Layers in stored uploads are not hashed again:
 * they were verified when uploaded, and hashing a GiB on every page load would delay the prompt.
 */
export async function restoreDaemon(daemon: DockerDaemon, value: unknown, readBlob: BlobReader, uploads?: Pick<StoredUploads, 'open'>): Promise<void> {
  const snapshot = checkSnapshot(value);
  const stored = async (digest: string): Promise<StoredBlob> => {
    try {
      return await readBlob(digest);
    } catch (err) {
      throw corrupt(`blob ${digest} cannot be read (${err instanceof Error ? err.message : String(err)})`);
    }
  };
  const read = async (digest: string): Promise<Uint8Array> => {
    const bytes = await stored(digest);
    if (!(bytes instanceof Uint8Array) || (await sha256Digest(bytes)) !== digest) throw corrupt(`blob ${digest} does not match its digest`);
    return bytes;
  };
  /**
   * A layer's blob, a container's writable layer or a volume's files: its parts (or, saved
   * before parts were, its bytes), checked by streaming. Parts that are windows of stored
   * uploads are read from them; such a blob is not hashed again, as layers in uploads are not
   * (a file copied in from a 4 GiB upload would be read whole at every page load). `what` says
   * what the upload holds, for the error when it cannot be opened.
   */
  const readSource = async (digest: string, what: string): Promise<ByteSource> => {
    const blob = await stored(digest);
    if (!(blob instanceof Uint8Array) && !Array.isArray(blob)) throw corrupt(`blob ${digest} does not match its digest`);
    const inUploads = blob instanceof Uint8Array ? [] : storedUploadsOf(blob);
    const opened = new Map<string, ByteSource>();
    for (const key of inUploads) opened.set(key, await openUpload(key, uploads, what));
    let source: ByteSource;
    try {
      source = blob instanceof Uint8Array ? new MemorySource(blob) : sourceFromParts(blob, opened);
    } catch {
      throw corrupt(`blob ${digest} is not readable`);
    }
    if (inUploads.length === 0 && (await sha256OfSource(source)) !== digest) throw corrupt(`blob ${digest} does not match its digest`);
    return source;
  };
  const layers = new Map<string, Layer>();
  const restored: { image: Image; saved: SnapshotImage; newLayers: Map<string, Omit<StoredLayer, 'references'>> }[] = [];
  for (const saved of snapshot.images) {
    const newLayers = new Map<string, Omit<StoredLayer, 'references'>>();
    for (const l of saved.layers) {
      let layer = layers.get(l.chainId);
      if (!layer) {
        const blob = l.stored ? await openStoredSlice(l.stored, uploads) : await readSource(l.digest, 'a layer is kept in');
        layer = await openBlobLayer({ blob, digest: l.digest, diffId: l.diffId, mediaType: l.mediaType });
        layers.set(l.chainId, layer);
      }
      newLayers.set(l.chainId, { chainId: l.chainId, diffId: l.diffId, layer, tarSize: l.tarSize, size: l.size });
    }
    const rawConfig = await read(saved.id);
    const what = `saved image ${saved.id}`;
    let image: Image;
    try {
      const configFile = parseConfigFile(parseJson(rawConfig, `${what}: config`), `${what}: config`);
      image = makeImage({
        rawConfig,
        configFile,
        manifest: saved.manifest,
        ...(saved.manifestDigest ? { manifestDigest: saved.manifestDigest } : {}),
        layers: saved.layers.map((l) => newLayers.get(l.chainId)!.layer),
        what,
      });
    } catch (err) {
      throw corrupt(err instanceof Error ? err.message : String(err));
    }
    restored.push({ image, saved, newLayers });
  }
  const containers: Container[] = [];
  const nowMs = daemon.now();
  const clock = { nowMs, nowSeconds: () => Math.floor(daemon.now() / 1000) };
  for (const saved of snapshot.containers ?? []) {
    // moby removes an auto-remove container that was running when the daemon went away.
    if (saved.autoRemove && saved.state.status === 'running') continue;
    const image = restored.find((r) => r.image.id === saved.imageId);
    if (!image) throw corrupt(`container ${saved.id} uses image ${saved.imageId}, which is not saved`);
    const lower = image.saved.layers.map((l) => layers.get(l.chainId)!);
    try {
      containers.push(await restoreContainer(saved, lower, await readSource(saved.upper, "a container's file is kept in"), clock));
    } catch (err) {
      if (err instanceof LayerlabError && err.code === 'CORRUPT_SNAPSHOT') throw err;
      throw corrupt(`container ${saved.id}'s files cannot be restored (${err instanceof Error ? err.message : String(err)})`);
    }
  }
  const volumes: Volume[] = [];
  for (const saved of snapshot.volumes ?? []) {
    const fs = await emptyFilesystem(clock.nowSeconds);
    try {
      const files = await readSource(saved.files, "a volume's file is kept in");
      await replayUpperLayer(fs, files);
      rememberUpperLayerTar(fs, files, saved.files);
    } catch (err) {
      if (err instanceof LayerlabError && err.code === 'CORRUPT_SNAPSHOT') throw err;
      throw corrupt(`volume ${saved.name}'s files cannot be restored (${err instanceof Error ? err.message : String(err)})`);
    }
    const { name, created, labels, options, anonymous } = saved;
    volumes.push({ name, created, labels, options, anonymous, fs });
  }
  const registryBlobs = new Map<string, ByteSource>();
  for (const repo of snapshot.registry?.repositories ?? []) {
    for (const digest of [...repo.manifests, ...repo.blobs, ...repo.tags.map(([, d]) => d)]) {
      if (!registryBlobs.has(digest)) registryBlobs.set(digest, await readSource(digest, 'a pushed image is kept in'));
    }
  }
  // Everything read and checked: now the daemon changes, all at once.
  for (const { image, saved, newLayers } of restored) {
    daemon.images.add(image, newLayers, saved.parent);
    if (saved.lastTagTime) daemon.images.restoreLastTagTime(image.id, saved.lastTagTime);
  }
  for (const [text, id] of snapshot.references) {
    if (daemon.images.has(id)) daemon.images.setReference(parseNormalizedNamed(text), id);
  }
  for (const container of containers) daemon.containers.restore(container);
  for (const volume of volumes) volumesOf(daemon).restore(volume);
  if (snapshot.registry) daemon.localRegistry.restore(snapshot.registry, registryBlobs);
}

async function openStoredSlice(slice: StoredSlice, uploads: Pick<StoredUploads, 'open'> | undefined): Promise<ByteSource> {
  const upload = await openUpload(slice.key, uploads, 'a layer is kept in');
  if (slice.offset + slice.length > upload.size) throw corrupt(`the uploaded archive a layer is kept in is ${upload.size} bytes, shorter than the layer's end`);
  return sliceSource(upload, slice.offset, slice.length);
}

/** The stored upload `key` (`what` says what is kept in it, for the error). */
async function openUpload(key: string, uploads: Pick<StoredUploads, 'open'> | undefined, what: string): Promise<ByteSource> {
  if (!uploads) throw corrupt(`${what.replace(/ in$/, '')} in an uploaded archive, and uploads cannot be read here`);
  try {
    return await uploads.open(key);
  } catch (err) {
    throw corrupt(`the uploaded archive ${what} cannot be read (${err instanceof Error ? err.message : String(err)})`);
  }
}

function corrupt(message: string): LayerlabError {
  return new LayerlabError('CORRUPT_SNAPSHOT', `the saved images are damaged: ${message}`);
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;

function checkSnapshot(value: unknown): DaemonSnapshot {
  if (typeof value !== 'object' || value === null) throw corrupt('not a snapshot');
  const { format, images, references, containers, registry, volumes } = value as Partial<DaemonSnapshot>;
  if (format !== DAEMON_SNAPSHOT_FORMAT) {
    throw new LayerlabError('CORRUPT_SNAPSHOT', `the saved images are in format ${JSON.stringify(format)}, this layerlab reads format ${DAEMON_SNAPSHOT_FORMAT}`);
  }
  const isLayer = (l: SnapshotLayer) =>
    typeof l === 'object' && l !== null && DIGEST.test(l.chainId) && DIGEST.test(l.diffId) && DIGEST.test(l.digest) &&
    typeof l.mediaType === 'string' && Number.isSafeInteger(l.tarSize) && Number.isSafeInteger(l.size) &&
    (l.stored === undefined || isStoredSlice(l.stored)) && (l.uploads === undefined || (Array.isArray(l.uploads) && l.uploads.every((k) => typeof k === 'string')));
  const isImage = (i: SnapshotImage) =>
    typeof i === 'object' && i !== null && DIGEST.test(i.id) && typeof i.manifest === 'object' && i.manifest !== null &&
    Array.isArray(i.layers) && i.layers.every(isLayer);
  const isReference = (r: readonly [string, string]) => Array.isArray(r) && r.length === 2 && typeof r[0] === 'string' && DIGEST.test(r[1]);
  if (!Array.isArray(images) || !images.every(isImage) || !Array.isArray(references) || !references.every(isReference)) {
    throw corrupt('not a snapshot');
  }
  for (const [text] of references) {
    try {
      parseNormalizedNamed(text);
    } catch {
      throw corrupt(`${JSON.stringify(text)} is not a reference`);
    }
  }
  if (containers !== undefined && !(Array.isArray(containers) && containers.every(isSnapshotContainer))) throw corrupt('its containers are not readable');
  if (registry !== undefined && !isRegistryRecord(registry)) throw corrupt('its registry is not readable');
  if (volumes !== undefined && !(Array.isArray(volumes) && volumes.every(isSnapshotVolume))) throw corrupt('its volumes are not readable');
  return { format, images, references, ...(containers ? { containers } : {}), ...(registry ? { registry } : {}), ...(volumes ? { volumes } : {}) };
}

function isSnapshotVolume(value: unknown): value is SnapshotVolume {
  const v = value as Partial<SnapshotVolume> | null;
  const stringMap = (m: unknown) => m === null || (typeof m === 'object' && m !== undefined && Object.values(m).every((x) => typeof x === 'string'));
  return (
    typeof v === 'object' && v !== null && typeof v.name === 'string' && Number.isSafeInteger(v.created) && stringMap(v.labels) &&
    stringMap(v.options) && typeof v.anonymous === 'boolean' && DIGEST.test(v.files ?? '')
  );
}

function isStoredSlice(value: unknown): value is StoredSlice {
  const slice = value as Partial<StoredSlice> | null;
  return typeof slice === 'object' && slice !== null && typeof slice.key === 'string' && Number.isSafeInteger(slice.offset) && slice.offset! >= 0 &&
    Number.isSafeInteger(slice.length) && slice.length! >= 0;
}

function isRegistryRecord(value: unknown): value is RegistryRecord & { uploads?: string[] } {
  const { repositories, uploads } = (value as (Partial<RegistryRecord> & { uploads?: unknown }) | null) ?? {};
  const digests = (list: unknown) => Array.isArray(list) && list.every((d) => DIGEST.test(d));
  return (
    (uploads === undefined || (Array.isArray(uploads) && uploads.every((key) => typeof key === 'string'))) &&
    Array.isArray(repositories) &&
    repositories.every(
      (r) =>
        typeof r === 'object' && r !== null && typeof r.path === 'string' && digests(r.manifests) && digests(r.blobs) &&
        Array.isArray(r.tags) && r.tags.every((t: unknown) => Array.isArray(t) && typeof t[0] === 'string' && DIGEST.test(t[1])),
    )
  );
}
