import { ImageFormatError } from '../errors.ts';
import { Sha256 } from '../hash/sha256.ts';
import { MediaType } from './media-types.ts';
import type { Image, ImageConfigFile, Layer, Manifest, Platform, VerifyState } from './types.ts';

/**
 * Building `Image` values. An image is an immutable record; format readers and mutations
 * (mutate.ts) all go through `makeImage`, so its invariants are checked in one place.
 */

export interface ImageParts {
  rawConfig: Uint8Array;
  configFile: ImageConfigFile;
  /** The digest the archive names the config by (file name or descriptor), if it names one. */
  claimedConfigDigest?: string;
  /** The stored manifest; synthesised from the layers when absent (legacy docker-save). */
  manifest?: Manifest;
  manifestDigest?: string;
  layers: readonly Layer[];
  repoTags?: readonly string[];
  platform?: Platform;
  /** The manifest flavour to synthesise when `manifest` is absent (default docker). */
  manifestFlavour?: 'docker' | 'oci';
  /** How to name the image in error messages. */
  what: string;
}

export function makeImage(parts: ImageParts): Image {
  const diffIds = parts.configFile.rootfs.diff_ids;
  if (diffIds.length !== parts.layers.length) {
    throw new ImageFormatError(
      `${parts.what}: the config lists ${diffIds.length} diff_ids but the manifest has ${parts.layers.length} layers`,
    );
  }
  const id = `sha256:${new Sha256().update(parts.rawConfig).hex()}`;
  const configVerification: VerifyState =
    parts.claimedConfigDigest === undefined || parts.claimedConfigDigest === id ? 'verified' : 'mismatch';
  const image: Image = {
    id,
    configFile: parts.configFile,
    rawConfig: parts.rawConfig,
    manifest: parts.manifest ?? synthesiseManifest(id, parts.rawConfig.length, parts.layers, parts.manifestFlavour),
    layers: parts.layers,
    repoTags: parts.repoTags ?? [],
    configVerification,
  };
  const platform = parts.platform ?? platformOfConfig(parts.configFile);
  return {
    ...image,
    ...(parts.manifestDigest ? { manifestDigest: parts.manifestDigest } : {}),
    ...(platform ? { platform } : {}),
  };
}

/**
 * A Docker v2 schema 2 manifest for an image that came without one (legacy docker-save).
 * https://distribution.github.io/distribution/spec/manifest-v2-2/#image-manifest-field-descriptions
 */
export function synthesiseManifest(
  configDigest: string,
  configSize: number,
  layers: readonly Layer[],
  flavour: 'docker' | 'oci' = 'docker',
): Manifest {
  const oci = flavour === 'oci';
  return {
    schemaVersion: 2,
    mediaType: oci ? MediaType.ociManifest : MediaType.dockerManifest,
    config: { mediaType: oci ? MediaType.ociConfig : MediaType.dockerConfig, digest: configDigest, size: configSize },
    layers: layers.map((layer) => ({
      mediaType: layer.mediaType,
      digest: layer.digest,
      size: layer.size,
      ...(layer.urls ? { urls: [...layer.urls] } : {}),
    })),
  };
}

export function platformOfConfig(config: ImageConfigFile): Platform | undefined {
  if (!config.os && !config.architecture) return undefined;
  const platform: Platform = { os: config.os, architecture: config.architecture };
  if (typeof config.variant === 'string' && config.variant) platform.variant = config.variant;
  return platform;
}

/** `linux/arm64/v8`, the form `docker --platform` takes. */
export function formatPlatform(platform: Platform | undefined): string {
  if (!platform) return 'unknown';
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}

/** Parse `os/arch[/variant]`. */
export function parsePlatform(text: string): Platform {
  const [os, architecture, variant, ...rest] = text.split('/');
  if (!os || !architecture || rest.length > 0) {
    throw new ImageFormatError(`invalid platform ${JSON.stringify(text)}: expected os/arch[/variant], e.g. linux/arm64/v8`);
  }
  return variant ? { os, architecture, variant } : { os, architecture };
}

/**
 * Whether `have` satisfies `want`. A wanted variant must match, allowing for the implicit
 * defaults (arm64 is v8, arm is v7) that registries often leave out.
 */
export function platformMatches(have: Platform | undefined, want: Platform): boolean {
  if (!have || have.os !== want.os || have.architecture !== want.architecture) return false;
  if (!want.variant) return true;
  return (have.variant ?? defaultVariant(have.architecture)) === want.variant;
}

function defaultVariant(architecture: string): string | undefined {
  return architecture === 'arm64' ? 'v8' : architecture === 'arm' ? 'v7' : undefined;
}

export interface ImageSizes {
  /** Config + layer blobs as stored (what a registry would transfer). */
  stored: number;
  config: number;
  layers: number[];
}

export function imageSizes(image: Image): ImageSizes {
  const layers = image.layers.map((layer) => layer.size);
  return { stored: image.rawConfig.length + layers.reduce((a, b) => a + b, 0), config: image.rawConfig.length, layers };
}

/** `docker.io/library/alpine:3` → `alpine:3`, the way docker prints references. */
export function familiarName(ref: string): string {
  if (ref.startsWith('docker.io/library/')) return ref.slice('docker.io/library/'.length);
  if (ref.startsWith('docker.io/')) return ref.slice('docker.io/'.length);
  return ref;
}
