import type { ByteSource } from '../io/byte-source.ts';
import type { TarIndex } from '../tar/types.ts';

/**
 * The image model, after go-containerregistry's `v1` package: small interfaces that each
 * archive format (docker-archive, oci-layout) implements. Mutations are pure functions that
 * return new values (see mutate.ts), never methods that change an image in place.
 */

/** https://github.com/opencontainers/image-spec/blob/main/image-index.md#image-index-property-descriptions */
export interface Platform {
  architecture: string;
  os: string;
  variant?: string;
  'os.version'?: string;
  'os.features'?: string[];
}

/** https://github.com/opencontainers/image-spec/blob/main/descriptor.md */
export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  platform?: Platform;
  urls?: string[];
}

export type Compression = 'none' | 'gzip' | 'zstd';

/** Whether a digest has been checked against the bytes it names. */
export type VerifyState = 'verified' | 'mismatch' | 'unchecked';

export interface LayerVerification {
  /** The blob's sha256 against the digest the manifest names it by. */
  blob: VerifyState;
  /** The uncompressed tar's sha256 against the config's `rootfs.diff_ids` entry. */
  diffId: VerifyState;
  /** The digest actually computed, when it differs from the expected one. */
  actualDigest?: string;
  actualDiffId?: string;
  /** Why a check could not run or what else went wrong (e.g. "blob not in the archive"), one line. */
  note?: string;
}

/** What the overlay filesystem and analysis need of a layer: its entries and their bytes. */
export interface LayerContents {
  /** Index of the layer's tar entries, built once and cached. */
  index(): Promise<TarIndex>;
  /** The content of entry `i` of `index()` (a regular file). */
  read(i: number): Promise<Uint8Array>;
  /**
   * Optional: the content of entry `i` as a source, read only as far as asked (a placeholder
   * binary's megabytes are never made). Without it, `read(i)` in a `MemorySource`.
   */
  source?(i: number): Promise<ByteSource>;
}

export interface Layer extends LayerContents {
  /** Digest of the blob as stored (compressed or not), e.g. `sha256:…`. */
  readonly digest: string;
  /** Digest of the uncompressed tar, from the config's `rootfs.diff_ids`. */
  readonly diffId: string;
  readonly mediaType: string;
  readonly compression: Compression;
  /** Size of the blob as stored. */
  readonly size: number;
  /** The blob as stored. */
  readonly blob: ByteSource;
  /** The uncompressed tar, streamed. */
  uncompressed(): AsyncIterable<Uint8Array>;
  /**
   * Optional: the uncompressed tar as a random-access source when that costs no decompressed
   * copy (an uncompressed blob, or a compressed one whose tar was kept without its pattern
   * bytes while indexing); undefined otherwise.
   */
  tarSource?(): Promise<ByteSource | undefined>;
  /** Current verification state; updated by `verifyImage` (and for free when a compressed layer is indexed). */
  readonly verification: LayerVerification;
  /** A non-distributable ("foreign") layer, e.g. a Windows base layer: its blob usually lives elsewhere. */
  readonly foreign?: boolean;
  /** The blob is not in the archive (`blob` is then empty and `index()` fails with a clear error). */
  readonly missing?: boolean;
  /** Where a foreign layer's blob can be fetched from, as the manifest says. */
  readonly urls?: readonly string[];
}

/** https://github.com/opencontainers/image-spec/blob/main/config.md — the `config` object. */
export interface ContainerConfig {
  User?: string;
  ExposedPorts?: Record<string, object>;
  Env?: string[];
  Entrypoint?: string[] | null;
  Cmd?: string[] | null;
  Volumes?: Record<string, object> | null;
  WorkingDir?: string;
  Labels?: Record<string, string> | null;
  StopSignal?: string;
  Healthcheck?: {
    Test?: string[];
    Interval?: number;
    Timeout?: number;
    StartPeriod?: number;
    StartInterval?: number;
    Retries?: number;
  };
  ArgsEscaped?: boolean;
  OnBuild?: string[] | null;
  Shell?: string[];
  [key: string]: unknown;
}

export interface HistoryEntry {
  created?: string;
  created_by?: string;
  author?: string;
  comment?: string;
  empty_layer?: boolean;
}

/** The image config JSON (application/vnd.oci.image.config.v1+json / docker container image v1). */
export interface ImageConfigFile {
  architecture: string;
  os: string;
  variant?: string;
  created?: string;
  author?: string;
  config?: ContainerConfig;
  rootfs: { type: string; diff_ids: string[] };
  history?: HistoryEntry[];
  [key: string]: unknown;
}

export interface Manifest {
  schemaVersion: number;
  mediaType?: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
}

/** A history entry joined to the layer it created (`layerIndex` is undefined for empty layers). */
export interface ImageHistoryItem extends HistoryEntry {
  layerIndex?: number;
}

export interface Image {
  /** `sha256:` of the config blob: Docker's image ID. */
  readonly id: string;
  readonly configFile: ImageConfigFile;
  /** The config bytes exactly as stored: the ID is their digest. */
  readonly rawConfig: Uint8Array;
  /** The manifest; synthesised in OCI form for legacy docker-save archives. */
  readonly manifest: Manifest;
  readonly manifestDigest?: string;
  readonly layers: readonly Layer[];
  /** Tags from the archive (`repo:tag`), possibly empty. */
  readonly repoTags: readonly string[];
  readonly platform?: Platform;
  /** State of the config blob's digest check. */
  readonly configVerification: VerifyState;
}
