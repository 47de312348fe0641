/**
 * The playground's Docker daemon, image side: the classic image store and what `docker pull`,
 * `push`, `load`, `import`, `save`, `tag`, `rmi` and `image prune` do to it. One daemon is
 * shared by every shell of a page; containers plug in later through `images.containers`.
 *
 * Progress goes to an `out` callback one line at a time, worded as the Docker CLI prints the
 * daemon's progress stream when its output is not a terminal (no progress bars).
 */
import { decompress } from '../compression/decompress.ts';
import { gzipChunks } from '../compression/gzip.ts';
import { detectCompression } from '../compression/detect.ts';
import { LayerlabError } from '../errors.ts';
import { hashingTee, rememberDigest, sha256OfSource } from '../hash/digest.ts';
import { Sha256 } from '../hash/sha256.ts';
import { openArchive } from '../image/archive.ts';
import { makeImage } from '../image/image.ts';
import { MAX_JSON_BYTES, parseConfigFile, parseJson } from '../image/json.ts';
import { layerFromTar, layerFromTarSource, openBlobLayer, readIndexesAhead } from '../image/layer.ts';
import { isIndexMediaType, MediaType } from '../image/media-types.ts';
import type { Descriptor, Image, Layer, Manifest } from '../image/types.ts';
import { asSource, collect, MemorySource, readAll, readChunks, type ByteSource } from '../io/byte-source.ts';
import { decodeUtf8, encodeUtf8 } from '../platform.ts';
import { readTarIndex } from '../tar/read-tar-index.ts';
import { ContainerStore } from './containers.ts';
import { goQuote } from './build/go-format.ts';
import { ImageStore, unpackedSize, type DeleteRecord, type StoredLayer } from './image-store.ts';
import { importedConfig } from './import.ts';
import {
  DEFAULT_TAG,
  familiarName,
  familiarString,
  fullName,
  fullString,
  parseAnyReference,
  parseNormalizedNamed,
  withDefaultTag,
  type ImageReference,
} from './reference.ts';
import { CatalogRegistry, DaemonError, MemoryRegistry, type CatalogFiles, type Registry } from './registry.ts';
import { DEFAULT_DOCKER_RELEASE, DOCKER_RELEASE_NAMES, dockerRelease, parseDockerRelease, type DockerRelease, type DockerReleaseName } from './release.ts';
import { saveArchive, type ImageToSave, type SavedArchive, type SaveFormat } from './save.ts';
import { truncateId } from './short-id.ts';
import type { StoredImage } from './types.ts';
import { chainIds } from './v1-image.ts';

export const LOCAL_REGISTRY = 'localhost:5000';

/** Layers downloaded at once by `docker pull` (the daemon's max-concurrent-downloads). */
const CONCURRENT_DOWNLOADS = 3;

export interface DockerDaemonOptions {
  /** The bundled catalog (served as docker.io). */
  catalog: CatalogFiles;
  /** The clock, in milliseconds (tests pin it). */
  now?: () => number;
  /** The in-page registry at localhost:5000; one is created when not given. */
  localRegistry?: MemoryRegistry;
  /** Where new container IDs (64 hex) come from; random by default (tests pin it). */
  containerIds?: () => string;
  /** The Docker release to imitate (27 by default); `daemon.release` changes it later. */
  release?: DockerReleaseName;
  /**
   * Where `docker load` and `docker import` put a compressed archive's decompressed bytes so they
   * can be read at random offsets (the page: a Blob, which its session keeps once; Node: a temp
   * file). Default: memory.
   */
  spool?: (chunks: AsyncIterable<Uint8Array>) => Promise<ByteSource>;
}

export type Output = (line: string) => void;

export interface PullResult {
  /** What the CLI prints last: the full reference pulled (`docker.io/library/redis:7`). */
  reference: string;
  id: string;
}

/** A layer as downloaded or loaded, before it joins the store. */
type NewLayer = Omit<StoredLayer, 'references'>;

export class DockerDaemon {
  readonly images: ImageStore;
  readonly containers: ContainerStore;
  readonly catalog: CatalogRegistry;
  readonly localRegistry: MemoryRegistry;
  private readonly spool: DockerDaemonOptions['spool'];
  readonly now: () => number;
  /**
   * The Docker release the daemon and its CLI imitate: what a lesson was written for (its front
   * matter sets it here). LAYERLAB_DOCKER_VERSION in a shell's environment overrides it there.
   */
  release: DockerRelease;
  /** Compressed blobs made for `docker push`, by diff_id: pushing twice gives the same digests. */
  private readonly pushBlobs = new Map<string, Promise<{ digest: string; source: ByteSource }>>();

  constructor(options: DockerDaemonOptions) {
    this.now = options.now ?? (() => Date.now());
    this.release = dockerRelease(options.release ?? DEFAULT_DOCKER_RELEASE.name);
    this.images = new ImageStore(this.now);
    this.containers = new ContainerStore(this.now, options.containerIds);
    this.images.containers = this.containers;
    this.catalog = new CatalogRegistry(options.catalog);
    this.localRegistry = options.localRegistry ?? new MemoryRegistry();
    this.spool = options.spool;
  }

  /**
   * Imitate another Docker release, named as a lesson's front matter or LAYERLAB_DOCKER_VERSION
   * names it (`27`, `20.10`, `18.09`, or a patch release of one); an unknown name is refused.
   */
  setRelease(name: string): void {
    const release = parseDockerRelease(name);
    if (!release) throw new LayerlabError('EINVAL', `Docker ${name} is not a release the playground imitates (${DOCKER_RELEASE_NAMES.join(', ')})`);
    this.release = release;
  }

  // ---- queries ------------------------------------------------------------------------------

  /** Every image, newest first. */
  list(): StoredImage[] {
    return this.images.list();
  }

  /** The image a name, tag, digest or ID (prefix) names; "No such image: …" otherwise. */
  getImage(refOrId: string): StoredImage {
    return this.images.stored(this.images.resolve(refOrId));
  }

  private registryFor(ref: ImageReference): Registry {
    if (ref.domain === 'docker.io') return this.catalog;
    if (ref.domain === LOCAL_REGISTRY) return this.localRegistry;
    const host = ref.domain.replace(/:\d+$/, '');
    throw new DaemonError(`Get "https://${ref.domain}/v2/": dial tcp: lookup ${host}: no such host`, 'unavailable');
  }

  // ---- pull ---------------------------------------------------------------------------------

  async pull(text: string, out: Output): Promise<PullResult> {
    let ref = parseNormalizedNamed(text);
    if (ref.tag === undefined && ref.digest === undefined) {
      out(`Using default tag: ${DEFAULT_TAG}`);
      ref = withDefaultTag(ref);
    }
    if (ref.digest !== undefined && ref.tag !== undefined) ref = { domain: ref.domain, path: ref.path, digest: ref.digest };
    const registry = this.registryFor(ref);
    const wanted = ref.digest ?? ref.tag!;
    const found = await registry.manifest(ref.path, wanted);
    if (!found) {
      if (ref.domain === 'docker.io' && !(await registry.hasRepository(ref.path))) {
        throw new DaemonError(
          `pull access denied for ${familiarName(ref)}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`,
          'denied',
        );
      }
      throw new DaemonError(`manifest for ${familiarString(ref)} not found: manifest unknown: manifest unknown`, 'not-found');
    }
    await checkDigest(found.bytes, found.digest, `manifest verification failed for digest ${found.digest}`);
    const { manifest, digest: manifestDigest } = await this.platformManifest(registry, ref, found.bytes, found.digest);
    out(`${wanted}: Pulling from ${ref.path}`);

    const id = manifest.config.digest;
    if (!this.images.has(id)) {
      const rawConfig = await readAll(await registry.blob(ref.path, id), MAX_JSON_BYTES, 'image config');
      await checkDigest(rawConfig, id, `image config verification failed for digest ${id}`);
      const what = `image ${familiarString(ref)}`;
      const configFile = parseConfigFile(parseJson(rawConfig, `${what}: config`), `${what}: config`);
      const layers = await this.downloadLayers(registry, ref, manifest, configFile.rootfs.diff_ids, out);
      const image = makeImage({ rawConfig, configFile, manifest, manifestDigest, layers: layers.map((l) => l.layer), what });
      this.images.add(image, new Map(layers.filter((l) => l.fresh).map((l) => [l.chainId, l])));
    }

    const canonical: ImageReference = { domain: ref.domain, path: ref.path, digest: manifestDigest };
    let updated: boolean;
    if (ref.digest !== undefined) {
      updated = this.images.resolveReference(canonical) !== id;
      this.images.setReference(canonical, id);
    } else {
      updated = this.images.resolveReference(ref) !== id;
      this.images.setReference(canonical, id);
      if (updated) this.images.setReference(ref, id);
    }
    out(`Digest: ${manifestDigest}`);
    out(`Status: ${updated ? 'Downloaded newer image' : 'Image is up to date'} for ${familiarString(ref)}`);
    return { reference: fullString(ref), id };
  }

  /** The image manifest itself, or linux/amd64's when the registry serves an index. */
  private async platformManifest(
    registry: Registry,
    ref: ImageReference,
    bytes: Uint8Array,
    digest: string,
  ): Promise<{ manifest: Manifest; digest: string }> {
    const value = JSON.parse(decodeUtf8(bytes)) as { mediaType?: string; manifests?: Descriptor[] } & Manifest;
    if (!isIndexMediaType(value.mediaType) && !value.manifests) return { manifest: value, digest };
    const match = value.manifests?.find((m) => m.platform?.os === 'linux' && m.platform.architecture === 'amd64');
    if (!match) throw new DaemonError(`no matching manifest for linux/amd64 in the manifest list entries`, 'not-found');
    const child = await registry.manifest(ref.path, match.digest);
    if (!child) throw new DaemonError(`manifest for ${familiarName(ref)}@${match.digest} not found: manifest unknown: manifest unknown`, 'not-found');
    await checkDigest(child.bytes, match.digest, `manifest verification failed for digest ${match.digest}`);
    return { manifest: JSON.parse(decodeUtf8(child.bytes)) as Manifest, digest };
  }

  private async downloadLayers(
    registry: Registry,
    ref: ImageReference,
    manifest: Manifest,
    diffIds: readonly string[],
    out: Output,
  ): Promise<(NewLayer & { fresh: boolean })[]> {
    if (diffIds.length !== manifest.layers.length) {
      throw new DaemonError(`the config lists ${diffIds.length} diff_ids but the manifest has ${manifest.layers.length} layers`);
    }
    const chain = chainIds(diffIds);
    const stored = chain.map((chainId) => this.images.layer(chainId));
    const progressId = (i: number) => truncateId(manifest.layers[i]!.digest);
    const missing = manifest.layers.map((_, i) => i).filter((i) => !stored[i]);
    for (const [i] of manifest.layers.entries()) out(`${progressId(i)}: ${stored[i] ? 'Already exists' : 'Pulling fs layer'}`);
    for (const i of missing.slice(CONCURRENT_DOWNLOADS)) out(`${progressId(i)}: Waiting`);
    const blobs = new Map<number, ByteSource>();
    for (const i of missing) {
      const descriptor = manifest.layers[i]!;
      const blob = await registry.blob(ref.path, descriptor.digest);
      await checkDigest(blob, descriptor.digest, `filesystem layer verification failed for digest ${descriptor.digest}`);
      blobs.set(i, blob);
      out(`${progressId(i)}: Verifying Checksum`);
      out(`${progressId(i)}: Download complete`);
    }
    const layers: (NewLayer & { fresh: boolean })[] = [];
    for (const [i, descriptor] of manifest.layers.entries()) {
      const existing = stored[i];
      if (existing) {
        layers.push({ ...existing, fresh: false });
        continue;
      }
      const layer = await openBlobLayer({ blob: blobs.get(i)!, digest: descriptor.digest, diffId: diffIds[i]!, mediaType: descriptor.mediaType });
      const measured = await measureLayer(layer);
      if (measured.diffId !== diffIds[i]) {
        throw new DaemonError(`failed to register layer: layer ${diffIds[i]} has diff_id ${measured.diffId}`, 'invalid');
      }
      layers.push({ chainId: chain[i]!, diffId: diffIds[i]!, layer, tarSize: measured.tarSize, size: await unpackedSize(layer), fresh: true });
      out(`${progressId(i)}: Pull complete`);
    }
    return layers;
  }

  // ---- push ---------------------------------------------------------------------------------

  /** The last line out gets is the CLI's last (`latest: digest: sha256:… size: 527`). */
  async push(text: string, out: Output): Promise<void> {
    let ref = parseNormalizedNamed(text);
    if (ref.tag === undefined && ref.digest === undefined) {
      out(`Using default tag: ${DEFAULT_TAG}`);
      ref = withDefaultTag(ref);
    }
    out(`The push refers to repository [${fullName(ref)}]`);
    const id = this.images.resolveReference(ref);
    if (id === undefined) throw new DaemonError(`An image does not exist locally with the tag: ${familiarName(ref)}`, 'not-found');
    const layers = this.images.layersOf(id);
    const topFirst = [...layers].reverse();
    for (const layer of topFirst) out(`${truncateId(layer.diffId)}: Preparing`);
    if (ref.domain === 'docker.io') throw new DaemonError('denied: requested access to the resource is denied', 'denied');
    if (ref.domain !== LOCAL_REGISTRY) this.registryFor(ref);
    const registry = this.localRegistry;
    for (const layer of topFirst) {
      const blob = await this.pushBlob(layer);
      const where = registry.blobLocation(ref.path, blob.digest);
      if (where === 'here') out(`${truncateId(layer.diffId)}: Layer already exists`);
      else if (where) {
        await registry.putBlob(ref.path, blob.digest);
        out(`${truncateId(layer.diffId)}: Mounted from ${where.mountFrom}`);
      } else {
        await registry.putBlob(ref.path, blob.digest, blob.source);
        out(`${truncateId(layer.diffId)}: Pushed`);
      }
    }
    const image = this.images.stored(id).image;
    await registry.putBlob(ref.path, id, new MemorySource(image.rawConfig));
    const manifest = encodeUtf8(
      // docker/distribution's schema2 manifests are indented by three spaces.
      JSON.stringify(
        {
          schemaVersion: 2,
          mediaType: MediaType.dockerManifest,
          config: { mediaType: MediaType.dockerConfig, size: image.rawConfig.length, digest: id },
          layers: await Promise.all(
            layers.map(async (layer) => {
              const blob = await this.pushBlob(layer);
              return { mediaType: MediaType.dockerLayerGzip, size: blob.source.size, digest: blob.digest };
            }),
          ),
        },
        null,
        3,
      ),
    );
    const tag = ref.tag ?? DEFAULT_TAG;
    const digest = await registry.putManifest(ref.path, tag, manifest);
    this.images.setReference({ domain: ref.domain, path: ref.path, digest }, id);
    out(`${tag}: digest: ${digest} size: ${manifest.length}`);
  }

  /**
   * The gzip blob a layer is pushed as: the one it was pulled as (its own blob, not read), else
   * its tar gzipped as it streams (as Docker does), into the spool: never held whole.
   */
  private pushBlob(layer: StoredLayer): Promise<{ digest: string; source: ByteSource }> {
    let blob = this.pushBlobs.get(layer.diffId);
    if (!blob) {
      blob = (async () => {
        if (layer.layer.compression === 'gzip') return { digest: layer.layer.digest, source: layer.layer.blob };
        const hasher = new Sha256();
        const gzipped = hashingTee(gzipChunks(layer.layer.uncompressed()), hasher);
        const source = this.spool ? await this.spool(gzipped) : new MemorySource(await collect(gzipped, Number.MAX_SAFE_INTEGER, 'layer'));
        const digest = `sha256:${hasher.hex()}`;
        rememberDigest(source, digest); // hashed as it was written: the registry's check need not read it again
        return { digest, source };
      })();
      this.pushBlobs.set(layer.diffId, blob);
      blob.catch(() => this.pushBlobs.delete(layer.diffId));
    }
    return blob;
  }

  // ---- tag, rmi, prune -----------------------------------------------------------------------

  tag(source: string, target: string): void {
    const id = this.images.resolve(source);
    let ref: ImageReference;
    try {
      ref = parseNormalizedNamed(target);
    } catch (err) {
      throw new LayerlabError('INVALID_REFERENCE', `Error parsing reference: ${JSON.stringify(target)} is not a valid repository/tag: ${(err as Error).message}`);
    }
    if (ref.digest !== undefined) throw new LayerlabError('INVALID_REFERENCE', 'refusing to create a tag with a digest reference');
    this.images.setReference(withDefaultTag(ref), id, { touchLastTagTime: true });
  }

  remove(ref: string, force: boolean, prune = true): DeleteRecord[] {
    return this.images.delete(ref, force, prune);
  }

  prune(all: boolean, include?: (id: string) => boolean): { records: DeleteRecord[]; reclaimed: number } {
    return this.images.prune(all, include);
  }

  // ---- load, import, save --------------------------------------------------------------------

  /** `docker load`: every image of an archive (any format the engine reads), with its tags. */
  async load(source: ByteSource, out: Output): Promise<void> {
    let images: Image[];
    try {
      images = (await openArchive(source, this.spool ? { spool: this.spool } : {})).images;
    } catch (err) {
      if (err instanceof LayerlabError) throw new DaemonError(err.message);
      throw err;
    }
    await this.loadImages(images, out);
  }

  /**
   * The layers of `image` that `docker load` reads: those whose chain the daemon does not have
   * yet. Docker skips the others without reading them (image/tarexport/load.go: `ls.Get(chainID)`).
   */
  layersToLoad(image: Image): Layer[] {
    const chain = chainIds(image.configFile.rootfs.diff_ids);
    const taken = new Set<string>();
    return image.layers.filter((_, i) => {
      const chainId = chain[i]!;
      if (this.images.layer(chainId) || taken.has(chainId)) return false;
      taken.add(chainId);
      return true;
    });
  }

  /**
   * `docker load` of an archive already open (the page's upload, verified first with the
   * engine's 4-lane hashing): a layer whose diff_id was verified is not hashed again.
   */
  async loadImages(archiveImages: readonly Image[], out: Output): Promise<void> {
    const amd64 = archiveImages.filter((image) => image.platform?.os === 'linux' && image.platform.architecture === 'amd64');
    const images = amd64.length > 0 ? amd64 : archiveImages;
    readIndexesAhead(images.flatMap((image) => this.layersToLoad(image)));
    for (const image of images) {
      const chain = chainIds(image.configFile.rootfs.diff_ids);
      const newLayers = new Map<string, NewLayer>();
      for (const [i, layer] of image.layers.entries()) {
        if (this.images.layer(chain[i]!) || newLayers.has(chain[i]!)) continue;
        if (layer.missing) throw new DaemonError(`layer ${layer.diffId} is not in the archive (${layer.verification.note ?? 'missing'})`);
        const measured = await measureLayer(layer);
        if (measured.diffId !== layer.diffId) {
          throw new DaemonError(`invalid diffID for layer ${i}: expected ${JSON.stringify(layer.diffId)}, got ${JSON.stringify(measured.diffId)}`);
        }
        newLayers.set(chain[i]!, { chainId: chain[i]!, diffId: layer.diffId, layer, tarSize: measured.tarSize, size: await unpackedSize(layer) });
      }
      if (image.configVerification === 'mismatch') throw new DaemonError(`invalid config: the config's digest is not its file name`);
      this.images.add(image, newLayers);
      let tagged = 0;
      for (const repoTag of image.repoTags) {
        // Docker's load (image/tarexport/load.go) stops at the first RepoTags entry that is not
        // a tagged reference; the image it just created stays, without that tag.
        let ref: ImageReference;
        try {
          ref = parseNormalizedNamed(repoTag);
        } catch (err) {
          throw new DaemonError((err as Error).message);
        }
        if (ref.tag === undefined) throw new DaemonError(`invalid tag ${goQuote(repoTag)}`);
        tagged++;
        const previous = this.images.setReference(ref, image.id);
        if (previous !== undefined) out(`The image ${familiarString(ref)} already exists, renaming the old one with ID ${previous} to empty string`);
        out(`Loaded image: ${familiarString(ref)}`);
      }
      if (tagged === 0) out(`Loaded image ID: ${image.id}`);
    }
  }

  /**
   * `docker import`: one layer from a tar (plain, gzip or zstd); returns the new image's ID. A
   * plain tar is the layer as it is, hashed by streaming (an uploaded tar is never read whole).
   * `dockerVersion`: what the config records (`docker_version`); the daemon's release by default.
   */
  async importImage(input: Uint8Array | ByteSource, options: { repository?: string; changes?: readonly string[]; message?: string; dockerVersion?: string } = {}): Promise<string> {
    let ref: ImageReference | undefined;
    if (options.repository !== undefined) {
      ref = parseNormalizedNamed(options.repository);
      if (ref.digest !== undefined) throw new DaemonError('cannot import digest reference');
      ref = withDefaultTag(ref);
    }
    const tarOrCompressed = asSource(input);
    const compression = detectCompression(await tarOrCompressed.read(0, 8));
    let tar: ByteSource;
    try {
      if (compression === 'none') tar = tarOrCompressed;
      else {
        const chunks = decompress(readChunks(tarOrCompressed), compression);
        tar = this.spool ? await this.spool(chunks) : new MemorySource(await collect(chunks, Number.MAX_SAFE_INTEGER, 'layer'));
      }
      await readTarIndex(tar);
    } catch (err) {
      if (err instanceof LayerlabError) throw new DaemonError(err.message);
      throw err;
    }
    const layer = await layerFromTarSource(tar);
    const rawConfig = encodeUtf8(
      importedConfig({
        diffId: layer.diffId,
        changes: options.changes ?? [],
        ...(options.message ? { message: options.message } : {}),
        nowMs: this.now(),
        dockerVersion: options.dockerVersion ?? this.release.version,
        architecture: 'amd64',
        os: 'linux',
      }),
    );
    const configFile = parseConfigFile(parseJson(rawConfig, 'imported config'), 'imported config');
    const image = makeImage({ rawConfig, configFile, layers: [layer], what: 'imported image' });
    const newLayer: NewLayer = { chainId: layer.diffId, diffId: layer.diffId, layer, tarSize: tar.size, size: await unpackedSize(layer) };
    this.images.add(image, new Map([[layer.diffId, newLayer]]));
    if (ref) this.images.setReference(ref, image.id, { touchLastTagTime: true });
    return image.id;
  }

  /**
   * `docker save`: the archive for the images named (moby's parseNames: a bare repository name
   * saves every tag of it; an ID or digest saves the image untagged).
   */
  save(names: readonly string[], format: SaveFormat): SavedArchive {
    const chosen = new Map<string, ImageReference[]>();
    const add = (id: string, ref?: ImageReference) => {
      const tags = chosen.get(id) ?? [];
      chosen.set(id, tags);
      if (ref && ref.digest === undefined && !tags.some((t) => fullString(t) === fullString(withDefaultTag(ref)))) tags.push(withDefaultTag(ref));
    };
    for (const name of names) {
      const parsed = parseAnyReference(name);
      if ('id' in parsed) {
        add(this.images.resolve(parsed.id));
        continue;
      }
      const ref = parsed.ref;
      if (familiarName(ref) === 'sha256') {
        add(this.images.resolve(name));
      } else if (ref.tag === undefined && ref.digest === undefined) {
        const refs = this.images.referencesByName(ref);
        for (const { ref: r, id } of refs) add(id, r);
        if (refs.length === 0) add(this.images.resolve(name));
      } else {
        const id = this.images.resolveReference(ref);
        if (id === undefined) throw new DaemonError(`No such image: ${familiarString(withDefaultTag(ref))}`, 'not-found');
        add(id, ref);
      }
    }
    const images: ImageToSave[] = [...chosen].map(([id, tags]) => ({
      image: this.images.stored(id).image,
      tags,
      layers: this.images.layersOf(id),
    }));
    return saveArchive(images, format, Math.floor(this.now() / 1000));
  }
}

async function checkDigest(content: Uint8Array | ByteSource, digest: string, message: string): Promise<void> {
  if ((await sha256OfSource(asSource(content))) !== digest) throw new DaemonError(message, 'invalid');
}

/**
 * A layer's real diff_id and tar length, in one pass over its uncompressed stream — or none,
 * when indexing a compressed layer already hashed its tar and kept it (a catalog pull).
 */
async function measureLayer(layer: Layer): Promise<{ diffId: string; tarSize: number }> {
  // Verified already (verifyImage): an uncompressed blob is its tar.
  if (layer.compression === 'none' && layer.verification.diffId === 'verified') return { diffId: layer.diffId, tarSize: layer.size };
  const kept = layer.compression === 'none' ? undefined : await layer.tarSource?.().catch(() => undefined);
  if (kept && layer.verification.diffId !== 'unchecked') return { diffId: layer.verification.actualDiffId ?? layer.diffId, tarSize: kept.size };
  const hash = new Sha256();
  let tarSize = 0;
  try {
    for await (const chunk of layer.uncompressed()) {
      hash.update(chunk);
      tarSize += chunk.length;
    }
  } catch (err) {
    if (err instanceof LayerlabError) throw new DaemonError(`failed to register layer: ${err.message}`);
    throw err;
  }
  return { diffId: `sha256:${hash.hex()}`, tarSize };
}
