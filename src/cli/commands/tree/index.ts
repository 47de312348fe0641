import type { OverlayFs } from '../../../engine/overlay/overlay-fs.ts';
import { defineCommand } from '../../command.ts';
import { imageOptions, mergedFs, withArchive } from '../../archive-file.ts';
import { displayName } from '../../format.ts';

/** `layerlab tree ARCHIVE [PATH]`: the merged filesystem drawn as `tree` does. */
export const treeCommand = defineCommand({
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

/** `tree`'s output: box-drawing branches, `name -> target` for links, then the counts. */
export function drawTree(fs: OverlayFs, root: string): string {
  const lines: string[] = [displayName(root)];
  let dirs = 0;
  let files = 0;
  const visit = (dir: string, prefix: string) => {
    const names = fs.readdir(dir);
    names.forEach((name, i) => {
      const last = i === names.length - 1;
      const path = `${dir === '/' ? '' : dir}/${name}`;
      const stat = fs.lstat(path);
      let line = `${prefix}${last ? '└── ' : '├── '}${displayName(name)}`;
      if (stat.type === 'symlink') line += ` -> ${displayName(stat.linkname)}`;
      lines.push(line);
      if (stat.type === 'directory') {
        dirs++;
        visit(path, prefix + (last ? '    ' : '│   '));
      } else {
        files++;
      }
    });
  };
  const top = fs.stat(root);
  if (top.type === 'directory') visit(top.path, '');
  lines.push('', `${dirs} director${dirs === 1 ? 'y' : 'ies'}, ${files} file${files === 1 ? '' : 's'}`);
  return lines.join('\n') + '\n';
}
