import type { Image } from '../../../engine/image/types.ts';
import { OverlayFs } from '../../../engine/overlay/overlay-fs.ts';
import { displayPath, entryKey, isWithin, parentKey } from '../../../engine/overlay/path.ts';
import { LayerlabError, NotFoundError } from '../../../engine/errors.ts';
import type { TarEntryType } from '../../../engine/tar/types.ts';
import { defineCliCommand } from '../../command.ts';
import { imageOptions, selectImage, withArchive } from '../../archive-file.ts';
import { displayName, longMode } from '../../format.ts';

/** One line of a listing: the fields `ls -ln` shows, with the full path. */
export interface ListedEntry {
  path: string;
  type: TarEntryType;
  size: number;
  mode: number;
  uid: number;
  gid: number;
  mtime: number;
  linkname: string;
}

/**
 * `layerlab ls ARCHIVE [PATH]`: the merged filesystem of an image (what a container sees), or
 * with `--layer N` the entries layer N itself holds, whiteout markers included.
 */
export const lsCommand = defineCliCommand({
  name: 'ls',
  usage: 'ls ARCHIVE [PATH] [-R] [--image REF] [--platform OS/ARCH] [--layer N] [--json]',
  summary: "List the merged filesystem of an image, or one layer's own entries",
  options: { ...imageOptions, recursive: { type: 'boolean', short: 'R' }, layer: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 1, max: 2 },
  async run({ positionals, values }, io) {
    const path = positionals[1] ?? '/';
    return withArchive(positionals[0]!, async (archive) => {
      const image = selectImage(archive, values);
      const entries =
        values.layer === undefined
          ? await listMerged(image, path, values.recursive ?? false)
          : await listLayer(image, layerNumber(values.layer, image), path, values.recursive ?? false);
      io.stdout(values.json ? JSON.stringify(entries, null, 2) + '\n' : formatListing(entries));
      return 0;
    });
  },
});

export function layerNumber(text: string, image: Image): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n >= image.layers.length) {
    throw new NotFoundError(`no layer ${text}: the image has ${image.layers.length} (0 to ${image.layers.length - 1})`);
  }
  return n;
}

async function listMerged(image: Image, path: string, recursive: boolean): Promise<ListedEntry[]> {
  const fs = await OverlayFs.open(image.layers);
  const top = fs.lstat(path);
  if (top.type !== 'directory') return [toListed(top)];
  if (recursive) return [...fs.walk(path)].map(toListed);
  return fs.readdir(path).map((name) => toListed(fs.lstat(`${top.path === '/' ? '' : top.path}/${name}`)));
}

async function listLayer(image: Image, n: number, path: string, recursive: boolean): Promise<ListedEntry[]> {
  const dir = entryKey(path);
  if (dir === undefined) throw new LayerlabError('EINVAL', `${path}: path leaves the image root`);
  const out: ListedEntry[] = [];
  for (const entry of await image.layers[n]!.index()) {
    const key = entryKey(entry.name);
    if (key === undefined || key === '') continue;
    if (recursive ? !isWithin(key, dir) : parentKey(key) !== dir && key !== dir) continue;
    out.push({ ...toListed(entry), path: displayPath(key) });
  }
  if (out.length === 0 && dir !== '') throw new NotFoundError(`${path}: not in layer ${n}`);
  return out;
}

function toListed(e: ListedEntry | (Omit<ListedEntry, 'path'> & { name?: string; path?: string })): ListedEntry {
  return { path: e.path ?? '', type: e.type, size: e.size, mode: e.mode, uid: e.uid, gid: e.gid, mtime: e.mtime, linkname: e.linkname };
}

function formatDate(seconds: number): string {
  const d = new Date(Math.floor(seconds) * 1000);
  return Number.isNaN(d.getTime()) ? '????-??-?? ??:??' : d.toISOString().slice(0, 16).replace('T', ' ');
}

/** `drwxr-xr-x  0  0      4096 2024-01-02 03:04 /etc`, columns aligned over the listing. */
export function formatListing(entries: readonly ListedEntry[]): string {
  let uidW = 1, gidW = 1, sizeW = 1;
  for (const e of entries) {
    uidW = Math.max(uidW, String(e.uid).length);
    gidW = Math.max(gidW, String(e.gid).length);
    sizeW = Math.max(sizeW, String(e.size).length);
  }
  let out = '';
  for (const e of entries) {
    out += `${longMode(e.type, e.mode)} ${String(e.uid).padStart(uidW)} ${String(e.gid).padStart(gidW)} ${String(e.size).padStart(sizeW)} ${formatDate(e.mtime)} ${displayName(e.path)}`;
    if (e.type === 'symlink') out += ` -> ${displayName(e.linkname)}`;
    else if (e.type === 'hardlink') out += ` link to ${displayName(e.linkname)}`;
    out += '\n';
  }
  return out;
}
