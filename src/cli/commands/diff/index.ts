import { layerChanges } from '../../../engine/analysis/layer-diff.ts';
import { LayerlabError } from '../../../engine/errors.ts';
import { defineCliCommand } from '../../command.ts';
import { imageOptions, selectImage, withArchive } from '../../archive-file.ts';
import { goUnitsSize } from '../../../engine/docker/units.ts';
import { displayName } from '../../format.ts';
import { layerNumber } from '../ls/index.ts';

const KIND_LETTER = { added: 'A', modified: 'M', removed: 'D' } as const;

/** `layerlab diff ARCHIVE --layer N`: what layer N adds, modifies and removes, with sizes. */
export const diffCommand = defineCliCommand({
  name: 'diff',
  usage: 'diff ARCHIVE --layer N [--image REF] [--platform OS/ARCH] [--json]',
  summary: 'Show the files a layer adds (A), modifies (M) and removes (D), with sizes',
  options: { ...imageOptions, layer: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run({ positionals, values }, io) {
    if (values.layer === undefined) throw new LayerlabError('USAGE', 'diff: --layer N is required');
    return withArchive(positionals[0]!, async (archive) => {
      const image = selectImage(archive, values);
      const changes = await layerChanges(image.layers, layerNumber(values.layer!, image));
      if (values.json) {
        io.stdout(JSON.stringify(changes, null, 2) + '\n');
        return 0;
      }
      const sizeWidth = Math.max(0, ...changes.map((c) => goUnitsSize(c.size).length));
      let out = '';
      for (const c of changes) out += `${KIND_LETTER[c.kind]} ${goUnitsSize(c.size).padStart(sizeWidth)}  ${displayName(c.path)}\n`;
      const count = (kind: keyof typeof KIND_LETTER) => changes.filter((c) => c.kind === kind).length;
      out += `${count('added')} added, ${count('modified')} modified, ${count('removed')} removed\n`;
      io.stdout(out);
      return 0;
    });
  },
});
