/**
 * OCI whiteouts, https://github.com/opencontainers/image-spec/blob/main/layer.md#whiteouts :
 * an entry `.wh.<name>` deletes `<name>` from the layers below, and `<dir>/.wh..wh..opq` makes
 * `<dir>` opaque (hides every lower child). The marker entries themselves never appear in the
 * merged tree.
 */
import { lastComponent, childKey, parentKey } from './path.ts';

export const WHITEOUT_PREFIX = '.wh.';
export const OPAQUE_MARKER = '.wh..wh..opq';

export type WhiteoutMarker =
  /** `target` (a key) is deleted from lower layers. */
  | { kind: 'whiteout'; target: string }
  /** The lower children of `dir` (a key) are hidden. */
  | { kind: 'opaque'; dir: string }
  /** `.wh.`, `.wh..`: names no entry of the directory; ignored. */
  | { kind: 'invalid' };

/** What a key means as a whiteout marker, or `undefined` for an ordinary entry. */
export function whiteoutMarker(key: string): WhiteoutMarker | undefined {
  const slash = key.lastIndexOf('/');
  if (!key.startsWith(WHITEOUT_PREFIX, slash + 1)) return undefined;
  const dir = slash < 0 ? '' : key.slice(0, slash);
  const name = key.slice(slash + 1 + WHITEOUT_PREFIX.length);
  if (key.length - slash - 1 === OPAQUE_MARKER.length && key.endsWith(OPAQUE_MARKER)) return { kind: 'opaque', dir };
  // `.wh.` alone or `.wh..` would name the directory itself or its parent: not a valid target.
  if (name === '' || name === '.' || name === '..') return { kind: 'invalid' };
  return { kind: 'whiteout', target: childKey(dir, name) };
}

/** The tar name of the whiteout that deletes `key`. */
export function whiteoutName(key: string): string {
  return childKey(parentKey(key), WHITEOUT_PREFIX + lastComponent(key));
}

/** The tar name of the marker that makes directory `key` opaque. */
export function opaqueMarkerName(key: string): string {
  return childKey(key, OPAQUE_MARKER);
}
