import type { LayerContents } from '../image/types.ts';
import type { ByteSource } from '../io/byte-source.ts';
import { readEntry } from '../tar/entry-data.ts';
import { readTarIndex } from '../tar/read-tar-index.ts';
import type { TarIndex } from '../tar/types.ts';

/**
 * An uncompressed layer tar as `LayerContents`: the index is read once, on first use, and
 * entries are read by offset. (Image layers come from image/layer.ts; this is for plain tars.)
 */
export function tarLayerContents(source: ByteSource): LayerContents {
  let index: Promise<TarIndex> | undefined;
  const contents: LayerContents = {
    index: () => (index ??= readTarIndex(source)),
    read: async (i) => readEntry(source, (await contents.index()).entry(i)),
  };
  return contents;
}
