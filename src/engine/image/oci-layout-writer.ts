/**
 * Writing an OCI image layout (`oci-layout`, `index.json`, `blobs/sha256/<hex>`) from images
 * already serialised as blobs: the catalog ships one, and `docker save` writes the same shape
 * inside its tarball. index.json lists one descriptor per name, annotated as Docker 25+'s
 * `docker save` does (containerd's full name, the OCI ref name = the tag); a manifest tagged
 * twice is listed twice and stored once, and so is a layer shared by several images.
 * https://github.com/opencontainers/image-spec/blob/main/image-layout.md
 */
import { encodeUtf8, decodeUtf8 } from '../platform.ts';
import { LayerlabError } from '../errors.ts';
import { sha256Digest } from '../hash/digest.ts';
import { blobPath } from './digest.ts';
import { familiarName } from './image.ts';
import { MediaType } from './media-types.ts';
import type { Descriptor } from './types.ts';

export interface LayoutImage {
  /** Full names, e.g. `docker.io/library/redis:3.2.11-alpine`: one index.json entry each. */
  names: readonly string[];
  /** The manifest exactly as stored; its media type is read from it. */
  manifest: Uint8Array;
  config: Uint8Array;
  /** The layer blobs as stored (compressed or not), in manifest order. */
  layers: readonly Uint8Array[];
}

export interface OciLayoutWriteOptions {
  /** Also write Docker's manifest.json (RepoTags, Config, Layers), as `docker save` does since Docker 25. */
  dockerManifest?: boolean;
}


/** The tag of a full name (`docker.io/library/redis:7` → `7`), `latest` when it has none. */
function tagOf(name: string): string {
  const last = name.slice(name.lastIndexOf('/') + 1);
  const colon = last.lastIndexOf(':');
  return colon < 0 ? 'latest' : last.slice(colon + 1);
}

/** The layout's files, by path inside the layout. */
export async function writeOciLayout(images: readonly LayoutImage[], options: OciLayoutWriteOptions = {}): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  const addBlob = async (bytes: Uint8Array): Promise<string> => {
    const digest = await sha256Digest(bytes);
    files.set(blobPath(digest), bytes);
    return digest;
  };
  const manifests: Descriptor[] = [];
  const dockerItems: { Config: string; RepoTags: string[]; Layers: string[] }[] = [];
  for (const image of images) {
    const parsed = JSON.parse(decodeUtf8(image.manifest)) as { mediaType?: string; config?: { digest?: string }; layers?: { digest?: string }[] };
    const configDigest = await addBlob(image.config);
    const layerDigests = await Promise.all(image.layers.map(addBlob));
    // The manifest must name exactly the blobs given: a layout that lies fails verification later.
    if (parsed.config?.digest !== configDigest || JSON.stringify(parsed.layers?.map((l) => l.digest)) !== JSON.stringify(layerDigests)) {
      throw new LayerlabError('EINVAL', `manifest of ${image.names[0] ?? 'an image'} does not match its config and layer blobs`);
    }
    const digest = await addBlob(image.manifest);
    const mediaType = parsed.mediaType ?? MediaType.ociManifest;
    for (const name of image.names) {
      manifests.push({
        mediaType,
        digest,
        size: image.manifest.length,
        annotations: { 'io.containerd.image.name': name, 'org.opencontainers.image.ref.name': tagOf(name) },
      });
    }
    dockerItems.push({ Config: blobPath(configDigest), RepoTags: image.names.map(familiarName), Layers: layerDigests.map(blobPath) });
  }
  files.set('oci-layout', encodeUtf8(JSON.stringify({ imageLayoutVersion: '1.0.0' })));
  files.set('index.json', encodeUtf8(JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests })));
  if (options.dockerManifest) files.set('manifest.json', encodeUtf8(JSON.stringify(dockerItems)));
  return files;
}
