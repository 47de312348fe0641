import type { OverlayFs } from '../../src/engine/overlay/overlay-fs.ts';

/** Everything observable about a merged tree, for comparisons: one line per entry. */
export async function snapshot(fs: OverlayFs): Promise<string[]> {
  const lines: string[] = [];
  for (const s of fs.walk('/')) {
    let detail = '';
    if (s.type === 'file') detail = JSON.stringify(new TextDecoder().decode(await fs.readFile(s.path)));
    if (s.type === 'symlink') detail = '-> ' + s.linkname;
    lines.push(`${s.path} ${s.type} ${s.size} ${s.mode.toString(8)} ${s.uid}:${s.gid} ${detail}`);
  }
  return lines;
}
