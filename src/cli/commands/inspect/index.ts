import { imageHistory } from '../../../engine/image/history.ts';
import type { Image, Layer } from '../../../engine/image/types.ts';
import { verifyImage } from '../../../engine/image/verify.ts';
import type { ImageArchive } from '../../../engine/image/archive.ts';
import { defineCliCommand } from '../../command.ts';
import { imageOptions, selectImage, withArchive } from '../../archive-file.ts';
import { goUnitsSize } from '../../../engine/docker/units.ts';
import { displayText, table } from '../../format.ts';

const FORMAT_NAMES: Record<ImageArchive['format'], string> = {
  'docker-legacy': 'docker save (legacy layout)',
  'docker-oci': 'docker save (Docker 25+, OCI image layout)',
  'oci-layout': 'OCI image layout',
};

/**
 * `layerlab inspect ARCHIVE`: every image of an archive (or the one `--image` names) with its
 * tags, ID, config and layers. Digests are checked first unless `--no-verify`.
 */
export const inspectCommand = defineCliCommand({
  name: 'inspect',
  usage: 'inspect ARCHIVE [--image REF] [--platform OS/ARCH] [--no-verify] [--json]',
  summary: 'Show the images of an archive: tags, ID, config, layers and their verification',
  options: { ...imageOptions, json: { type: 'boolean' }, 'no-verify': { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run({ positionals, values }, io) {
    return withArchive(positionals[0]!, async (archive) => {
      const images = values.image || values.platform ? [selectImage(archive, values)] : archive.images;
      if (!values['no-verify']) for (const image of images) await verifyImage(image);
      const notInArchive = archive.platforms.filter((p) => !p.available);
      if (values.json) {
        io.stdout(JSON.stringify({ format: archive.format, images: images.map(imageJson), platforms: archive.platforms }, null, 2) + '\n');
        return 0;
      }
      let out = `Archive: ${FORMAT_NAMES[archive.format]}, ${archive.images.length} image${archive.images.length === 1 ? '' : 's'}\n`;
      for (const image of images) out += '\n' + imageText(image);
      if (notInArchive.length > 0) {
        out += `\nListed but not in the archive: ${notInArchive.map((p) => p.platform).join(', ')}\n`;
      }
      io.stdout(out);
      return 0;
    });
  },
});

function platformName(image: Image): string {
  const { os, architecture, variant } = image.configFile;
  return [os, architecture, variant].filter(Boolean).join('/');
}

function layerJson(layer: Layer) {
  return {
    digest: layer.digest,
    diffId: layer.diffId,
    mediaType: layer.mediaType,
    size: layer.size,
    compression: layer.compression,
    verification: layer.verification,
  };
}

export function imageJson(image: Image) {
  const { configFile } = image;
  return {
    repoTags: image.repoTags,
    id: image.id,
    manifestDigest: image.manifestDigest ?? null,
    platform: platformName(image),
    created: configFile.created ?? null,
    author: configFile.author ?? null,
    config: configFile.config ?? {},
    configVerification: image.configVerification,
    size: image.layers.reduce((sum, layer) => sum + layer.size, 0),
    layers: image.layers.map(layerJson),
    history: imageHistory(image),
  };
}

/** The config fields people look for, in the order `docker inspect` prints them. */
const CONFIG_FIELDS = ['User', 'ExposedPorts', 'Env', 'Entrypoint', 'Cmd', 'Volumes', 'WorkingDir', 'Labels', 'StopSignal', 'Healthcheck'] as const;

function imageText(image: Image): string {
  const { configFile } = image;
  const rows: string[][] = [
    ['Tags:', image.repoTags.length ? image.repoTags.map(displayText).join(', ') : '<none>'],
    ['ID:', image.id],
  ];
  if (image.manifestDigest) rows.push(['Manifest:', image.manifestDigest]);
  rows.push(['Platform:', platformName(image)]);
  if (configFile.created) rows.push(['Created:', configFile.created]);
  rows.push(['Config:', image.configVerification]);
  const config = configFile.config ?? {};
  for (const field of CONFIG_FIELDS) {
    const value = config[field];
    if (value === undefined || value === null || value === '' || (typeof value === 'object' && Object.keys(value).length === 0)) continue;
    const text =
      Array.isArray(value) && field === 'Env' ? value.map((v) => displayText(String(v))).join('\n' + ' '.repeat(14)) : Array.isArray(value) || typeof value === 'object' ? JSON.stringify(value) : displayText(String(value));
    rows.push([`${field}:`, text]);
  }
  let out = table(rows.map(([k, v]) => [k!.padEnd(12), v!]));
  out += `Layers (${image.layers.length}, ${goUnitsSize(image.layers.reduce((s, l) => s + l.size, 0))}):\n`;
  image.layers.forEach((layer, i) => {
    const v = layer.verification;
    out += `  ${String(i).padStart(2)}  ${layer.digest}  ${goUnitsSize(layer.size)}  ${layer.mediaType}\n`;
    out += `      diff_id ${layer.diffId}  blob ${v.blob}, diff_id ${v.diffId}\n`;
  });
  for (const layer of image.layers) if (layer.verification.note) out += `  note: ${layer.verification.note}\n`;
  return out;
}
