import { decompress } from '../../../engine/compression/decompress.ts';
import { detectCompression } from '../../../engine/compression/detect.ts';
import { readChunks } from '../../../engine/io/byte-source.ts';
import { indexTarStream, readTarIndex } from '../../../engine/tar/read-tar-index.ts';
import type { TarEntry, TarIndex } from '../../../engine/tar/types.ts';
import { createVerboseLister } from '../../../engine/tar/verbose-listing.ts';
import { FileSource } from '../../../node/file-source.ts';
import { defineCliCommand } from '../../command.ts';

/** `layerlab tar FILE [--json]`: the entries of a plain tar (gzip or zstd too, by magic bytes). */
export const tarCommand = defineCliCommand({
  name: 'tar',
  usage: 'tar FILE [--json]',
  summary: 'List the entries of a tar archive, like `tar -tvf` (gzip and zstd too)',
  options: { json: { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run({ positionals, values }, io) {
    const source = FileSource.open(positionals[0]!);
    try {
      const index = await openTarIndex(source);
      if (values.json) {
        io.stdout(JSON.stringify([...index].map(entryJson), null, 2) + '\n');
      } else {
        const line = createVerboseLister();
        let out = '';
        for (const entry of index) out += line(entry) + '\n';
        io.stdout(out);
      }
      return 0;
    } finally {
      source.close();
    }
  },
});

/** Lists as `tar -tvf` does: pax global records apply to the members after them, and a GNU header has no ustar prefix (GNU tar's rules). */
const GNU_TAR_READING = { globalPaxRecords: 'apply', gnuHeaderPrefix: 'never' } as const;

async function openTarIndex(source: FileSource): Promise<TarIndex> {
  const format = detectCompression(await source.read(0, 512));
  if (format === 'none') return readTarIndex(source, GNU_TAR_READING);
  return indexTarStream(decompress(readChunks(source), format), GNU_TAR_READING);
}

/** The JSON shape of one entry: the fields `tar -tv` shows, as numbers and strings. */
export function entryJson(entry: TarEntry) {
  return {
    name: entry.name,
    type: entry.type,
    size: entry.size,
    mode: entry.mode,
    uid: entry.uid,
    gid: entry.gid,
    uname: entry.uname,
    gname: entry.gname,
    mtime: entry.mtime,
    linkname: entry.linkname,
    ...(entry.type === 'chardev' || entry.type === 'blockdev' ? { devmajor: entry.devmajor, devminor: entry.devminor } : {}),
    ...(entry.xattrs ? { xattrs: entry.xattrs } : {}),
  };
}
