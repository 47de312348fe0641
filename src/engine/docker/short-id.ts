/**
 * The short form of an image or container ID that Docker prints (moby's pkg/stringid). On its own,
 * importing nothing, so the page can show IDs as the shell does without loading the image store.
 */

/** `stringid.TruncateID`: 12 hex digits, no algorithm. */
export function truncateId(id: string): string {
  return id.slice(id.indexOf(':') + 1).slice(0, 12);
}
