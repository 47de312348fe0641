/**
 * A word quoted for the shell when it needs to be: `a-b.txt` as it is, `a b` as `'a b'`. On its own
 * (no just-bash, no filesystem) so that code outside the shell — the lesson checker the page loads
 * — can quote without pulling the shell in.
 */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
