import type { Compression } from './types.ts';

/**
 * Media types of the Docker and OCI image formats.
 * https://github.com/opencontainers/image-spec/blob/main/media-types.md
 * https://distribution.github.io/distribution/spec/manifest-v2-2/#media-types
 */
export const MediaType = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociLayerZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  ociForeignLayer: 'application/vnd.oci.image.layer.nondistributable.v1.tar',
  ociForeignLayerGzip: 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
  ociForeignLayerZstd: 'application/vnd.oci.image.layer.nondistributable.v1.tar+zstd',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  dockerForeignLayer: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
} as const;

export function isIndexMediaType(mediaType: string | undefined): boolean {
  return mediaType === MediaType.ociIndex || mediaType === MediaType.dockerManifestList;
}

export function isManifestMediaType(mediaType: string | undefined): boolean {
  return mediaType === MediaType.ociManifest || mediaType === MediaType.dockerManifest;
}

/** Layers that registries may not redistribute (Windows base layers): their blob is usually absent. */
export function isForeignLayerMediaType(mediaType: string): boolean {
  return mediaType === MediaType.dockerForeignLayer || mediaType.startsWith('application/vnd.oci.image.layer.nondistributable.');
}

/** The compression a media type claims. Only a hint: the layer code trusts the magic bytes. */
export function compressionOfMediaType(mediaType: string): Compression {
  if (mediaType.endsWith('+gzip') || mediaType.endsWith('.tar.gzip')) return 'gzip';
  if (mediaType.endsWith('+zstd')) return 'zstd';
  return 'none';
}

/** The Docker layer media type for a blob of the given compression (for synthesised manifests). */
export function dockerLayerMediaType(compression: Compression): string {
  return compression === 'none' ? MediaType.dockerLayer : compression === 'gzip' ? MediaType.dockerLayerGzip : MediaType.ociLayerZstd;
}

export function ociLayerMediaType(compression: Compression): string {
  return compression === 'none' ? MediaType.ociLayer : compression === 'gzip' ? MediaType.ociLayerGzip : MediaType.ociLayerZstd;
}
