import { verifyImage } from '../../../engine/image/verify.ts';
import { defineCliCommand } from '../../command.ts';
import { withArchive } from '../../archive-file.ts';
import { displayText } from '../../format.ts';
import { LayerlabError } from '../../../engine/errors.ts';

/** `layerlab verify ARCHIVE`: check every digest; exit 0 only when all of them match. */
export const verifyCommand = defineCliCommand({
  name: 'verify',
  usage: 'verify ARCHIVE',
  summary: 'Check every config digest, blob digest and diff_id; exit 0 only if all match',
  options: {},
  positionals: { min: 1, max: 1 },
  async run({ positionals }, io) {
    return withArchive(positionals[0]!, async (archive) => {
      let failures = 0;
      let out = '';
      for (const image of archive.images) {
        const report = await verifyImage(image);
        const name = displayText(image.repoTags[0] ?? image.id);
        out += `${name}: config ${report.config}\n`;
        if (report.config !== 'verified') failures++;
        report.layers.forEach(({ digest, state }, i) => {
          out += `  layer ${i} ${digest}: blob ${state.blob}, diff_id ${state.diffId}`;
          if (state.actualDigest) out += ` (blob hashes to ${state.actualDigest})`;
          if (state.actualDiffId) out += ` (tar hashes to ${state.actualDiffId})`;
          if (state.note) out += ` (${state.note})`;
          out += '\n';
          if (state.blob !== 'verified' || state.diffId !== 'verified') failures++;
        });
      }
      io.stdout(out);
      if (failures > 0) throw new LayerlabError('VERIFY', `verification failed: ${failures} digest check${failures === 1 ? '' : 's'} did not pass`);
      return 0;
    });
  },
});
