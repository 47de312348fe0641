import type { OverlayFs } from '../../../engine/overlay/overlay-fs.ts';
import { defineCliCommand } from '../../command.ts';
import { imageOptions, mergedFs, withArchive } from '../../archive-file.ts';
import { drawDirectory, treeReport, TREE_DEFAULTS, type TreeCounts } from '../../../shell/commands/tree/tree.ts';

/** `layerlab tree ARCHIVE [PATH]`: the merged filesystem drawn as `tree` does. */
export const treeCommand = defineCliCommand({
  name: 'tree',
  usage: 'tree ARCHIVE [PATH] [--image REF] [--platform OS/ARCH]',
  summary: 'Draw the merged filesystem as a tree',
  options: { ...imageOptions },
  positionals: { min: 1, max: 2 },
  async run({ positionals, values }, io) {
    const root = positionals[1] ?? '/';
    return withArchive(positionals[0]!, async (archive) => {
      const fs = await mergedFs(archive, values);
      io.stdout(drawTree(fs, root));
      return 0;
    });
  },
});

/** The merged filesystem below `root` as tree 2.1 draws it (the shell's tree, dotfiles included). */
export function drawTree(fs: OverlayFs, root: string): string {
  const options = { ...TREE_DEFAULTS, all: true };
  const counts: TreeCounts = { directories: 0, files: 0 };
  const top = fs.stat(root);
  const drawn = top.type === 'directory' ? drawDirectory(fs, top.path, root, options, counts) : `${root}  [error opening dir]\n`;
  if (top.type !== 'directory') counts.files++;
  return drawn + treeReport(counts, options);
}
