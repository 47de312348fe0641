/**
 * The docker daemon's image records: what `docker images`, `inspect`, `history`, `save` and
 * `run` read. The image itself is the engine's `Image` (layers, config, manifest); the record
 * adds what the daemon knows about it (tags, where it was pulled from, sizes).
 */
import type { Image } from '../image/types.ts';

export interface StoredImage {
  /** `sha256:` + hex of the config blob (Docker's image ID). */
  readonly id: string;
  readonly image: Image;
  /** Familiar references, as `docker images` shows them: `redis:3.2.11-alpine`, `localhost:5000/busybox:latest`. */
  readonly repoTags: readonly string[];
  /** `redis@sha256:…` for images pulled from (or pushed to) a registry. */
  readonly repoDigests: readonly string[];
  /**
   * Per layer, the bytes its files take once unpacked (what overlay2 reports as the layer's
   * size; `docker history` shows it, `docker images` shows the sum).
   */
  readonly layerSizes: readonly number[];
  /** RFC 3339 time the image was last tagged (inspect's `Metadata.LastTagTime`), if ever. */
  readonly lastTagTime?: string;
  /** The image this one was built or committed from (classic builder's `Parent`), if any. */
  readonly parent?: string;
}
