/**
 * Where `docker pull` and `docker push` go. The playground has no network: docker.io is the
 * bundled catalog (an OCI image layout read through `CatalogFiles`), `localhost:5000` is a
 * registry in memory shared by every shell of the page, and any other host does not resolve.
 */
import { LayerlabError } from '../errors.ts';
import { sha256Digest, sha256OfSource } from '../hash/digest.ts';
import { blobPath } from '../image/digest.ts';
import { MAX_JSON_BYTES } from '../image/json.ts';
import { MemorySource, readAll, type ByteSource } from '../io/byte-source.ts';
import { decodeUtf8 } from '../platform.ts';
import type { Descriptor } from '../image/types.ts';

/** Read access to the files of an OCI image layout (the catalog): `index.json`, `blobs/sha256/…`. */
export interface CatalogFiles {
  read(path: string): Promise<Uint8Array>;
}

export interface ManifestResult {
  digest: string;
  bytes: Uint8Array;
}

/** A registry as the daemon's pull and push see it (the Registry HTTP API v2, minus HTTP). */
export interface Registry {
  /** Whether the repository (`library/redis`) exists at all. */
  hasRepository(path: string): Promise<boolean>;
  /** The manifest a tag or digest names in a repository, if any. */
  manifest(path: string, tagOrDigest: string): Promise<ManifestResult | undefined>;
  /** A blob's bytes, read as they are needed (a layer pushed from an upload is a window of it). */
  blob(path: string, digest: string): Promise<ByteSource>;
}

/** An error the daemon reports (the CLI prints it after "Error response from daemon: "). */
export class DaemonError extends LayerlabError {
  constructor(
    message: string,
    readonly kind: 'not-found' | 'conflict' | 'invalid' | 'denied' | 'unavailable' = 'invalid',
  ) {
    super('DAEMON', message);
  }
}

const CONTAINERD_NAME = 'io.containerd.image.name';

/** The bundled catalog as the docker.io registry: repositories and tags from index.json's annotations. */
export class CatalogRegistry implements Registry {
  private index: Promise<Map<string, Descriptor>> | undefined;

  constructor(private readonly files: CatalogFiles) {}

  /** Full names (`docker.io/library/redis:3.2.11-alpine`) → manifest descriptor. */
  private names(): Promise<Map<string, Descriptor>> {
    this.index ??= (async () => {
      const index = JSON.parse(decodeUtf8(await this.files.read('index.json'))) as { manifests?: Descriptor[] };
      const names = new Map<string, Descriptor>();
      for (const descriptor of index.manifests ?? []) {
        const name = descriptor.annotations?.[CONTAINERD_NAME];
        if (name !== undefined) names.set(name, descriptor);
      }
      return names;
    })();
    return this.index;
  }

  /** Every `repository:tag` the catalog holds, familiar form (`redis:3.2.11-alpine`), in catalog order. */
  async tags(): Promise<string[]> {
    return [...(await this.names()).keys()].map((name) => name.replace(/^docker\.io\/(library\/)?/, ''));
  }

  async hasRepository(path: string): Promise<boolean> {
    const prefix = `docker.io/${path}:`;
    return [...(await this.names()).keys()].some((name) => name.startsWith(prefix));
  }

  async manifest(path: string, tagOrDigest: string): Promise<ManifestResult | undefined> {
    const names = await this.names();
    let descriptor: Descriptor | undefined;
    if (tagOrDigest.includes(':')) {
      const prefix = `docker.io/${path}:`;
      descriptor = [...names].find(([name, d]) => name.startsWith(prefix) && d.digest === tagOrDigest)?.[1];
    } else {
      descriptor = names.get(`docker.io/${path}:${tagOrDigest}`);
    }
    if (descriptor === undefined) return undefined;
    return { digest: descriptor.digest, bytes: await this.files.read(blobPath(descriptor.digest)) };
  }

  async blob(_path: string, digest: string): Promise<ByteSource> {
    return new MemorySource(await this.files.read(blobPath(digest)));
  }
}

interface Repository {
  tags: Map<string, string>;
  manifests: Set<string>;
  blobs: Set<string>;
}

/**
 * A registry in memory (`localhost:5000`): what `docker push` wrote, for `docker pull` to read.
 * Its blobs are sources, not copies: a layer pushed as it was pulled (or uploaded) is that
 * layer's own blob, and one gzipped for the push is the daemon's spool (a Blob in the page).
 */
export class MemoryRegistry implements Registry {
  private readonly blobs = new Map<string, ByteSource>();
  private readonly repositories = new Map<string, Repository>();

  private repository(path: string): Repository {
    let repo = this.repositories.get(path);
    if (!repo) this.repositories.set(path, (repo = { tags: new Map(), manifests: new Set(), blobs: new Set() }));
    return repo;
  }

  async hasRepository(path: string): Promise<boolean> {
    return this.repositories.has(path);
  }

  async manifest(path: string, tagOrDigest: string): Promise<ManifestResult | undefined> {
    const repo = this.repositories.get(path);
    if (!repo) return undefined;
    const digest = tagOrDigest.includes(':') ? (repo.manifests.has(tagOrDigest) ? tagOrDigest : undefined) : repo.tags.get(tagOrDigest);
    return digest === undefined ? undefined : { digest, bytes: await readAll(this.blobs.get(digest)!, MAX_JSON_BYTES, 'manifest') };
  }

  async blob(path: string, digest: string): Promise<ByteSource> {
    const blob = this.repositories.get(path)?.blobs.has(digest) ? this.blobs.get(digest) : undefined;
    if (!blob) throw new DaemonError(`blob unknown: blob unknown to registry`, 'not-found');
    return blob;
  }

  /** Whether `path` holds the blob, else which other repository does (Docker then mounts it from there). */
  blobLocation(path: string, digest: string): 'here' | { mountFrom: string } | undefined {
    if (this.repositories.get(path)?.blobs.has(digest)) return 'here';
    for (const [other, repo] of this.repositories) if (repo.blobs.has(digest)) return { mountFrom: other };
    return undefined;
  }

  /** Upload (or mount) a blob into a repository; the registry checks the digest as a real one does. */
  async putBlob(path: string, digest: string, blob?: ByteSource): Promise<void> {
    if (blob) {
      const actual = await sha256OfSource(blob);
      if (actual !== digest) throw new DaemonError(`digest invalid: provided digest did not match uploaded content`);
      this.blobs.set(digest, blob);
    } else if (!this.blobs.has(digest)) {
      throw new DaemonError('blob unknown: blob unknown to registry', 'not-found');
    }
    this.repository(path).blobs.add(digest);
  }

  /** What the registry holds (a snapshot keeps it across page reloads), and its blobs by digest. */
  record(): { record: RegistryRecord; blobs: ReadonlyMap<string, ByteSource> } {
    const byName = <T>(a: [string, T], b: [string, T]) => (a[0] < b[0] ? -1 : 1);
    const repositories = [...this.repositories].sort(byName).map(([path, repo]) => ({
      path,
      tags: [...repo.tags].sort(byName),
      manifests: [...repo.manifests].sort(),
      blobs: [...repo.blobs].sort(),
    }));
    return { record: { repositories }, blobs: new Map(this.blobs) };
  }

  /**
   * Fill this (empty) registry from a record and the blobs it names, checked by the caller.
   * A record naming a blob that is not given is refused before anything changes.
   */
  restore(record: RegistryRecord, blobs: ReadonlyMap<string, ByteSource>): void {
    const digests = (repo: RepositoryRecord) => [...repo.manifests, ...repo.blobs];
    for (const repo of record.repositories) {
      const missing = [...digests(repo), ...repo.tags.map(([, digest]) => digest)].find((digest) => !blobs.has(digest));
      if (missing !== undefined) throw new LayerlabError('CORRUPT_SNAPSHOT', `the saved registry names blob ${missing}, which is not saved`);
    }
    for (const repo of record.repositories) {
      this.repositories.set(repo.path, { tags: new Map(repo.tags), manifests: new Set(repo.manifests), blobs: new Set(repo.blobs) });
      for (const digest of digests(repo)) this.blobs.set(digest, blobs.get(digest)!);
    }
  }

  async putManifest(path: string, tag: string, bytes: Uint8Array): Promise<string> {
    const digest = await sha256Digest(bytes);
    this.blobs.set(digest, new MemorySource(bytes));
    const repo = this.repository(path);
    repo.manifests.add(digest);
    repo.tags.set(tag, digest);
    return digest;
  }
}

/** What a `MemoryRegistry` holds, as JSON: each repository's tags, manifests and blobs, by digest. */
export interface RegistryRecord {
  readonly repositories: readonly RepositoryRecord[];
}

export interface RepositoryRecord {
  readonly path: string;
  readonly tags: readonly (readonly [string, string])[];
  readonly manifests: readonly string[];
  readonly blobs: readonly string[];
}

