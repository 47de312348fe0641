/**
 * A word quoted for the shell when it needs to be: `a-b.txt` as it is, `a b` as `'a b'`. In the
 * engine, below the shell, and on its own (no just-bash, no filesystem) so that code the page
 * loads — the lesson checker — can quote without importing src/shell.
 */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
