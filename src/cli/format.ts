/** Text formatting shared by the CLI commands. */
import type { TarEntryType } from '../engine/tar/types.ts';
import { modeString, quoteName, TYPE_CHARS } from '../engine/tar/verbose-listing.ts';

/** `drwxr-xr-x`, as `ls -l` shows a mode. */
export function longMode(type: TarEntryType, mode: number): string {
  return TYPE_CHARS[type] + modeString(mode);
}

/** Left-aligned columns separated by two or more spaces (the last column is not padded). */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]! + 2))).join('').trimEnd() + '\n')
    .join('');
}

/** A path for the terminal: control characters and invalid bytes escaped as GNU tools do. */
export const displayName = quoteName;

/**
 * Text an archive chose (a tag, a config value) for the terminal: left as it is unless it holds
 * a control character, which would reach the terminal as a command (`\e]0;…\a` retitles it,
 * `\e[2J` clears it); then escaped as `displayName` escapes a path.
 */
export function displayText(text: string): string {
  return /[\0-\x1f\x7f-\x9f]/.test(text) ? quoteName(text) : text;
}
