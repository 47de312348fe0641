import type { Image, ImageHistoryItem } from './types.ts';

/**
 * An image's build history joined to its layers. History entries marked `empty_layer` (ENV,
 * CMD, LABEL…) made no layer; every other entry made the next layer, in order.
 * https://github.com/opencontainers/image-spec/blob/main/config.md#properties (history)
 *
 * Configs written by hand or by tools (bazel, crane mutate) may have fewer or more history
 * entries than layers. Then entries beyond the last layer get no `layerIndex`, and layers
 * without an entry get a placeholder item; `historyMismatch` says what did not add up.
 */
export function imageHistory(image: Image): ImageHistoryItem[] {
  const history = image.configFile.history ?? [];
  const layerCount = image.layers.length;
  const items: ImageHistoryItem[] = [];
  let next = 0;
  for (const entry of history) {
    if (entry.empty_layer || next >= layerCount) items.push({ ...entry });
    else items.push({ ...entry, layerIndex: next++ });
  }
  for (; next < layerCount; next++) items.push({ comment: '(no history entry for this layer)', layerIndex: next });
  return items;
}

/** One line saying how the history and the layers disagree, or undefined when they match. */
export function historyMismatch(image: Image): string | undefined {
  const history = image.configFile.history;
  if (!history || history.length === 0) return image.layers.length > 0 ? 'the image config has no history' : undefined;
  const layerEntries = history.filter((entry) => !entry.empty_layer).length;
  if (layerEntries === image.layers.length) return undefined;
  return `the history lists ${layerEntries} layer-creating entries but the image has ${image.layers.length} layers`;
}
