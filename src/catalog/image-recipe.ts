/**
 * An image described the way its Dockerfile builds it: steps in order, some adding a layer (a
 * `FileTree`), some only changing the config (`empty_layer`). `build()` turns it into the
 * blobs a registry serves: gzip layers, the config JSON, a Docker v2 manifest.
 */
import { encodeUtf8 } from '../engine/platform.ts';
import { Gzip } from 'fflate';
import { sha256Digest } from '../engine/hash/digest.ts';
import { Sha256 } from '../engine/hash/sha256.ts';
import { readChunks, type ByteSource } from '../engine/io/byte-source.ts';
import { concatSources } from '../engine/io/concat-source.ts';
import { MediaType } from '../engine/image/media-types.ts';
import type { ContainerConfig, HistoryEntry } from '../engine/image/types.ts';
import { tarSource } from '../engine/tar/write-tar.ts';
import { FileTree, type LowerNode } from './file-tree.ts';
import { zstdPatternedTar } from './zstd-layer.ts';

/** One build step; `createdBy` may depend on the layer (`ADD file:<hash> in /`). */
export interface Step {
  created: string;
  createdBy: string | ((layer: BuiltLayer) => string);
  comment?: string;
  layer?: FileTree;
}

export interface BuiltLayer {
  /** The layer's tar, its placeholder binaries patterned (never expanded in memory). */
  tar: ByteSource;
  /** sha256 of the uncompressed tar (the config's diff_id). */
  diffId: string;
  blob: Uint8Array;
  digest: string;
  mediaType: string;
}

export interface BuiltImage {
  names: string[];
  manifest: Uint8Array;
  config: Uint8Array;
  layers: BuiltLayer[];
}

/** Seconds since the epoch of an RFC 3339 time. */
export const epoch = (rfc3339: string): number => Math.floor(Date.parse(rfc3339) / 1000);

/** Layers are built once, even when several images share them. */
const built = new WeakMap<FileTree, Promise<BuiltLayer>>();

/**
 * Deterministic gzip: fixed level, mtime 0, no file name in the header, and the tar fed in
 * fixed 1 MiB chunks (streaming deflate ends a block where a chunk ends). A placeholder's
 * pattern repeats every 512 bytes, which deflate codes as back-references of 258 bytes.
 */
export async function gzipLayer(tar: ByteSource): Promise<{ blob: Uint8Array; diffId: string }> {
  const out: Uint8Array[] = [];
  const gzip = new Gzip({ level: 9, mtime: 0 }, (chunk) => out.push(chunk));
  const tarHash = new Sha256();
  for await (const chunk of readChunks(tar, GZIP_CHUNK_BYTES)) {
    tarHash.update(chunk);
    gzip.push(chunk);
  }
  gzip.push(new Uint8Array(0), true);
  const joined = concatSources(out);
  const blob = await joined.read(0, joined.size);
  return { blob, diffId: `sha256:${tarHash.hex()}` };
}

const GZIP_CHUNK_BYTES = 1 << 20;

/**
 * Layers bigger than this are zstd-compressed (zstd-layer.ts): gzip codes the placeholders'
 * pattern at ~230 to 1, so such a layer would take over 430 KB of the catalog's 2 MB budget.
 */
const ZSTD_ABOVE_BYTES = 100 * 1000 * 1000;

export function buildLayer(tree: FileTree): Promise<BuiltLayer> {
  let layer = built.get(tree);
  if (!layer) {
    layer = (async () => {
      const tar = tarSource(tree.entries(), { blockingFactor: 1 });
      if (tar.size > ZSTD_ABOVE_BYTES) {
        const tarHash = new Sha256();
        for await (const chunk of readChunks(tar, GZIP_CHUNK_BYTES)) tarHash.update(chunk);
        const blob = await zstdPatternedTar(tar);
        return { tar, diffId: `sha256:${tarHash.hex()}`, blob, digest: await sha256Digest(blob), mediaType: MediaType.ociLayerZstd };
      }
      const { blob, diffId } = await gzipLayer(tar);
      return { tar, diffId, blob, digest: await sha256Digest(blob), mediaType: MediaType.dockerLayerGzip };
    })();
    built.set(tree, layer);
  }
  return layer;
}

/**
 * The shell form of a RUN line as the classic builder records it: continuation lines joined
 * and comment lines dropped, the way Docker's Dockerfile parser reads them.
 */
export function runLine(dockerfileRun: string): string {
  const lines = dockerfileRun.split('\n').filter((line) => !/^\s*#/.test(line));
  return lines.join('\n').replace(/\\\n/g, '');
}

export class ImageRecipe {
  readonly steps: Step[];
  /** The merged tree so far (paths → type and owner), for the next layer's parent directories. */
  private readonly merged: Map<string, LowerNode>;

  constructor(base?: ImageRecipe) {
    this.steps = base ? [...base.steps] : [];
    this.merged = new Map(base?.merged ?? []);
  }

  /** A step that adds a layer; `fill` describes the layer's files. */
  layer(created: string, createdBy: Step['createdBy'], fill: (tree: FileTree) => void, comment?: string): FileTree {
    const tree = new FileTree(epoch(created), this.merged);
    fill(tree);
    tree.mergeInto(this.merged);
    this.steps.push({ created, createdBy, layer: tree, ...(comment !== undefined ? { comment } : {}) });
    return tree;
  }

  /** A step that changes only the config (ENV, CMD, EXPOSE, …): an empty layer in the history. */
  meta(created: string, createdBy: string, comment?: string): this {
    this.steps.push({ created, createdBy, ...(comment !== undefined ? { comment } : {}) });
    return this;
  }

  /**
   * The registry's blobs for this image. `config` is the final container config; `extra` adds
   * top-level config fields in the position the classic builder writes them (e.g.
   * `docker_version`).
   */
  async build(image: { names: string[]; config: ContainerConfig; created?: string; extra?: Record<string, unknown> }): Promise<BuiltImage> {
    const layers: BuiltLayer[] = [];
    const history: HistoryEntry[] = [];
    for (const step of this.steps) {
      const layer = step.layer ? await buildLayer(step.layer) : undefined;
      if (layer) layers.push(layer);
      const createdBy = typeof step.createdBy === 'string' ? step.createdBy : step.createdBy(layer!);
      history.push({
        created: step.created,
        created_by: createdBy,
        ...(step.comment !== undefined ? { comment: step.comment } : {}),
        ...(layer ? {} : { empty_layer: true }),
      });
    }
    const configFile = {
      architecture: 'amd64',
      config: image.config,
      created: image.created ?? this.steps[this.steps.length - 1]!.created,
      ...image.extra,
      history,
      os: 'linux',
      rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
    };
    const config = encodeUtf8(JSON.stringify(configFile));
    const manifest = {
      schemaVersion: 2,
      mediaType: MediaType.dockerManifest,
      config: { mediaType: MediaType.dockerConfig, size: config.length, digest: await sha256Digest(config) },
      layers: layers.map((l) => ({ mediaType: l.mediaType, size: l.blob.length, digest: l.digest })),
    };
    // Registries serve Docker v2 manifests indented by three spaces (docker/distribution's MarshalIndent).
    const manifestBytes = encodeUtf8(JSON.stringify(manifest, null, 3));
    return { names: image.names, manifest: manifestBytes, config, layers };
  }
}
