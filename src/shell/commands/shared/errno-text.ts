/**
 * The strerror(3) part of a command's message ("No such file or directory"), worded once in
 * engine/errors.ts: an FsError's own, or the words for the errno name a Node-style error carries.
 */
import { errnoText, errorLine, FsError, type FsErrorCode } from '../../../engine/errors.ts';

/** What follows `name: ` when `err` is why an operation on `name` failed. */
export function strerror(err: unknown): string {
  if (err instanceof FsError) return err.strerror;
  const code = (err as { code?: unknown } | null)?.code;
  return (typeof code === 'string' ? errnoText(code) : undefined) ?? errorLine(err);
}

/** The words for an errno the caller decided on (`strerrorOf('ENOTDIR')` → "Not a directory"). */
export function strerrorOf(code: FsErrorCode): string {
  return errnoText(code)!;
}
