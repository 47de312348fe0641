import { ImageFormatError } from '../errors.ts';
import { decodeUtf8Strict } from '../platform.ts';
import { checkDigest } from './digest.ts';
import type { Descriptor, ImageConfigFile, Manifest, Platform } from './types.ts';

/**
 * Parsing and shape-checking of the JSON documents in image archives. Everything here is
 * untrusted input: a wrong shape is an ImageFormatError naming the document, never a
 * TypeError later on.
 */

/** Manifests, indexes and configs are small; anything bigger is hostile or not what it claims. */
export const MAX_JSON_BYTES = 16 * 1024 * 1024;

export type JsonObject = Record<string, unknown>;

export function parseJson(bytes: Uint8Array, what: string): unknown {
  const text = decodeUtf8Strict(bytes);
  if (text === undefined) throw new ImageFormatError(`${what} is not valid UTF-8`);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ImageFormatError(`${what} is not valid JSON (${(err as Error).message.split('\n')[0]})`);
  }
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function expectObject(value: unknown, what: string): JsonObject {
  if (!isObject(value)) throw new ImageFormatError(`${what} must be a JSON object, not ${describe(value)}`);
  return value;
}

export function expectArray(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new ImageFormatError(`${what} must be a JSON array, not ${describe(value)}`);
  return value;
}

export function expectString(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new ImageFormatError(`${what} must be a string, not ${describe(value)}`);
  return value;
}

export function optionalString(value: unknown, what: string): string | undefined {
  return value === undefined || value === null ? undefined : expectString(value, what);
}

/** An array of strings; `null` and a missing field read as empty (Docker writes `"RepoTags": null`). */
export function stringList(value: unknown, what: string): string[] {
  if (value === undefined || value === null) return [];
  return expectArray(value, what).map((item, i) => expectString(item, `${what}[${i}]`));
}

export function stringMap(value: unknown, what: string): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  const object = expectObject(value, what);
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(object)) out[key] = expectString(item, `${what}.${key}`);
  return out;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

export function parsePlatform(value: unknown, what: string): Platform | undefined {
  if (value === undefined || value === null) return undefined;
  const object = expectObject(value, what);
  const platform: Platform = {
    architecture: expectString(object.architecture, `${what}.architecture`),
    os: expectString(object.os, `${what}.os`),
  };
  const variant = optionalString(object.variant, `${what}.variant`);
  if (variant) platform.variant = variant;
  const osVersion = optionalString(object['os.version'], `${what}.os.version`);
  if (osVersion) platform['os.version'] = osVersion;
  if (object['os.features'] !== undefined) platform['os.features'] = stringList(object['os.features'], `${what}.os.features`);
  return platform;
}

/** https://github.com/opencontainers/image-spec/blob/main/descriptor.md#properties */
export function parseDescriptor(value: unknown, what: string): Descriptor {
  const object = expectObject(value, what);
  const size = object.size;
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw new ImageFormatError(`${what}.size must be a non-negative integer`);
  }
  const descriptor: Descriptor = {
    mediaType: optionalString(object.mediaType, `${what}.mediaType`) ?? '',
    digest: checkDigest(object.digest, `${what}.digest`),
    size,
  };
  const annotations = stringMap(object.annotations, `${what}.annotations`);
  if (annotations) descriptor.annotations = annotations;
  const platform = parsePlatform(object.platform, `${what}.platform`);
  if (platform) descriptor.platform = platform;
  if (object.urls !== undefined && object.urls !== null) descriptor.urls = stringList(object.urls, `${what}.urls`);
  return descriptor;
}

/** https://github.com/opencontainers/image-spec/blob/main/image-index.md */
export interface ImageIndex {
  schemaVersion: number;
  mediaType?: string;
  manifests: Descriptor[];
  annotations?: Record<string, string>;
}

export function parseIndex(value: unknown, what: string): ImageIndex {
  const object = expectObject(value, what);
  // Docker 25+ writes `"manifests": null` into index.json when it has nothing to list.
  const manifests = object.manifests === null || object.manifests === undefined ? [] : expectArray(object.manifests, `${what}.manifests`);
  const index: ImageIndex = {
    schemaVersion: typeof object.schemaVersion === 'number' ? object.schemaVersion : 2,
    manifests: manifests.map((m, i) => parseDescriptor(m, `${what}.manifests[${i}]`)),
  };
  const mediaType = optionalString(object.mediaType, `${what}.mediaType`);
  if (mediaType) index.mediaType = mediaType;
  const annotations = stringMap(object.annotations, `${what}.annotations`);
  if (annotations) index.annotations = annotations;
  return index;
}

/** https://github.com/opencontainers/image-spec/blob/main/manifest.md */
export function parseManifest(value: unknown, what: string): Manifest {
  const object = expectObject(value, what);
  if (object.schemaVersion !== 2) throw new ImageFormatError(`${what}: unsupported schemaVersion ${JSON.stringify(object.schemaVersion)}`);
  const manifest: Manifest = {
    schemaVersion: 2,
    config: parseDescriptor(object.config, `${what}.config`),
    layers: expectArray(object.layers ?? [], `${what}.layers`).map((l, i) => parseDescriptor(l, `${what}.layers[${i}]`)),
  };
  const mediaType = optionalString(object.mediaType, `${what}.mediaType`);
  if (mediaType) manifest.mediaType = mediaType;
  const annotations = stringMap(object.annotations, `${what}.annotations`);
  if (annotations) manifest.annotations = annotations;
  return manifest;
}

/**
 * https://github.com/opencontainers/image-spec/blob/main/config.md — checks only what the engine
 * relies on (rootfs.diff_ids, history, config); other fields are kept as they are.
 */
export function parseConfigFile(value: unknown, what: string): ImageConfigFile {
  const object = expectObject(value, what);
  const rootfs = expectObject(object.rootfs, `${what}.rootfs`);
  const diffIds = expectArray(rootfs.diff_ids ?? [], `${what}.rootfs.diff_ids`).map((d, i) =>
    checkDigest(d, `${what}.rootfs.diff_ids[${i}]`),
  );
  if (object.history !== undefined && object.history !== null) {
    expectArray(object.history, `${what}.history`).forEach((h, i) => expectObject(h, `${what}.history[${i}]`));
  }
  if (object.config !== undefined && object.config !== null) expectObject(object.config, `${what}.config`);
  return {
    ...object,
    architecture: typeof object.architecture === 'string' ? object.architecture : '',
    os: typeof object.os === 'string' ? object.os : '',
    rootfs: { type: typeof rootfs.type === 'string' ? rootfs.type : 'layers', diff_ids: diffIds },
  } as ImageConfigFile;
}
