/**
 * The contract between the page and the engine worker. Everything that crosses it is plain
 * JSON-shaped data (structured-clonable, no classes), so the page never touches engine objects
 * and the engine never touches the DOM.
 */

/** Whether a digest has been checked against the bytes it names (mirrors the engine's VerifyState). */
export type VerifyStatus = 'verified' | 'mismatch' | 'unchecked';

export type ArchiveFormat = 'docker-legacy' | 'docker-oci' | 'oci-layout';

/** The parts of an image config worth showing at a glance. */
export interface ConfigHighlights {
  /** `os/architecture[/variant]`, e.g. `linux/arm64`. */
  platform: string;
  created?: string;
  entrypoint?: string[];
  cmd?: string[];
  workingDir?: string;
  user?: string;
  env: string[];
  exposedPorts: string[];
  labels: Record<string, string>;
}

export interface LayerSummary {
  digest: string;
  diffId: string;
  mediaType: string;
  /** Size of the blob as stored in the archive. */
  size: number;
  /** The history line (usually a Dockerfile instruction) that created this layer, if recorded. */
  createdBy?: string;
  /** Blob digest check. */
  blob: VerifyStatus;
  /** Uncompressed-tar digest check against the config's `rootfs.diff_ids`. */
  diffIdCheck: VerifyStatus;
  /** The digests actually computed, present only when they differ from the expected ones. */
  actualDigest?: string;
  actualDiffId?: string;
  /** Why a check could not run, e.g. a foreign layer whose blob is not in the archive. */
  note?: string;
  /** The manifest names this layer but the archive does not hold its blob. */
  missing?: boolean;
}

export interface ImageSummary {
  /** Position in `ArchiveSummary.images`: how the page refers to it in later calls. */
  index: number;
  /** Docker's image ID: the sha256 of the config blob. */
  id: string;
  repoTags: string[];
  manifestDigest?: string;
  config: ConfigHighlights;
  configCheck: VerifyStatus;
  layers: LayerSummary[];
  /** Sum of the stored layer sizes. */
  totalLayerBytes: number;
}

export interface ArchiveSummary {
  /** Handle for `verify`/`analyze`; only the most recently opened archive stays open. */
  archiveId: number;
  fileName: string;
  fileSize: number;
  format: ArchiveFormat;
  images: ImageSummary[];
}

/** How far `verify` has hashed an image, reported a few times a second. */
export interface VerifyProgress {
  /** 0-based index of the layer being hashed, of `layerCount`. */
  layerIndex: number;
  layerCount: number;
  /** Bytes of this layer's blob hashed so far, of `totalBytes`. */
  bytesDone: number;
  totalBytes: number;
}

/** The image's digests after `verify`: the same layers, now with checked states. */
export interface VerificationSummary {
  configCheck: VerifyStatus;
  layers: LayerSummary[];
  /** True when the config and every layer blob and diff_id verified. */
  allVerified: boolean;
}

export interface WastedFile {
  path: string;
  /** How many layers hold a copy of this path. */
  count: number;
  wastedBytes: number;
}

/** Layer efficiency, computed the way dive does. */
export interface EfficiencySummary {
  sizeBytes: number;
  userSizeBytes: number;
  wastedBytes: number;
  userWastedPercent: number;
  /** 0..1; 1 means no byte is stored twice or hidden by a later layer. */
  efficiency: number;
  /** The worst offenders, largest waste first (at most `MAX_WASTED_FILES`). */
  inefficientFiles: WastedFile[];
  /** How many inefficient files there are in all. */
  inefficientFileCount: number;
}

export const MAX_WASTED_FILES = 20;

export const PROGRESS_INTERVAL_MS = 100;

/**
 * What the worker exposes through comlink. Every method rejects with an `Error` whose message
 * is a single printable line (the engine's `errorLine`), never a stack trace.
 */
export interface EngineApi {
  /** Open an image archive (docker save / OCI layout, optionally gzip/zstd-compressed) and list it. */
  open(file: Blob, fileName: string): Promise<ArchiveSummary>;
  /**
   * Hash every layer of one image and compare with the digests that name them. `onProgress`
   * (a `Comlink.proxy` from the page) hears about it at most every `PROGRESS_INTERVAL_MS`, and
   * always when a layer is done.
   */
  verify(archiveId: number, imageIndex: number, onProgress?: (progress: VerifyProgress) => void): Promise<VerificationSummary>;
  /** Merge the image's layers and measure duplicated / overwritten bytes. */
  analyze(archiveId: number, imageIndex: number): Promise<EfficiencySummary>;
}
