import { analyzeEfficiency } from '../../../engine/analysis/efficiency.ts';
import { defineCliCommand } from '../../command.ts';
import { imageOptions, selectImage, withArchive } from '../../archive-file.ts';
import { goUnitsSize } from '../../../engine/docker/units.ts';
import { displayName, table } from '../../format.ts';

/** `layerlab analyze ARCHIVE`: image efficiency and wasted space, as dive computes them. */
export const analyzeCommand = defineCliCommand({
  name: 'analyze',
  usage: 'analyze ARCHIVE [--image REF] [--platform OS/ARCH] [--json]',
  summary: 'Image efficiency, wasted bytes and the inefficient files, as dive reports them',
  options: { ...imageOptions, json: { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run({ positionals, values }, io) {
    return withArchive(positionals[0]!, async (archive) => {
      const report = await analyzeEfficiency(selectImage(archive, values).layers);
      if (values.json) {
        io.stdout(JSON.stringify(report, null, 2) + '\n');
        return 0;
      }
      // Laid out like dive's `--ci` summary.
      let out = '';
      out += `  efficiency: ${(report.efficiency * 100).toFixed(4)} %\n`;
      out += `  wastedBytes: ${report.wastedBytes} bytes (${goUnitsSize(report.wastedBytes)})\n`;
      out += `  userWastedPercent: ${(report.userWastedPercent * 100).toFixed(4)} %\n`;
      out += `  sizeBytes: ${report.sizeBytes} bytes (${goUnitsSize(report.sizeBytes)}), userSizeBytes: ${report.userSizeBytes} bytes\n`;
      if (report.inefficientFiles.length > 0) {
        out += '\nInefficient Files:\n';
        out += table([
          ['Count', 'Wasted Space', 'File Path'],
          ...report.inefficientFiles.map((f) => [String(f.count), goUnitsSize(f.wastedBytes), displayName(f.path)]),
        ]);
      }
      io.stdout(out);
      return 0;
    });
  },
});
