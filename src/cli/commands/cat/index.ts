import { defineCliCommand } from '../../command.ts';
import { imageOptions, mergedFs, withArchive } from '../../archive-file.ts';

/** `layerlab cat ARCHIVE PATH`: a file of the merged filesystem, bytes as they are. */
export const catCommand = defineCliCommand({
  name: 'cat',
  usage: 'cat ARCHIVE PATH [--image REF] [--platform OS/ARCH]',
  summary: 'Print a file of the merged filesystem (symlinks followed inside the image)',
  options: { ...imageOptions },
  positionals: { min: 2, max: 2 },
  async run({ positionals, values }, io) {
    return withArchive(positionals[0]!, async (archive) => {
      const fs = await mergedFs(archive, values);
      io.stdout(await fs.readFile(positionals[1]!));
      return 0;
    });
  },
});
