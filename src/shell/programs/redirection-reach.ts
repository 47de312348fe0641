/**
 * Where a command's redirections send its stdout and stderr, read from the AST: the two walks
 * that route output (terminal-output.ts: to the terminal; function-output.ts: a function's calls)
 * answer "does this still reach the shell's stdout/stderr?" the same way.
 */
import type { SimpleCommandNode, WordNode } from 'just-bash';

export type RedirectionNode = SimpleCommandNode['redirections'][number];

/** Which of a command's stdout and stderr reach the shell's own stdout and stderr. */
export interface Reaches {
  stdout: boolean;
  stderr: boolean;
}

/** Whether a redirection sends descriptor `fd` somewhere else (a file, another descriptor). */
export function writesTo(r: RedirectionNode, fd: number): boolean {
  switch (r.operator) {
    case '&>':
    case '&>>':
      return true;
    case '>':
    case '>>':
    case '>|':
    case '<>':
      return (r.fd ?? 1) === fd;
    case '>&':
      // `>&file` (no descriptor, a file word) moves both.
      return r.fd === null ? fd === 1 || !isDescriptorWord(r.target) : r.fd === fd;
    default:
      return false;
  }
}

/** What still reaches the shell's streams once `redirections` have applied. */
export function narrowedBy(redirections: readonly RedirectionNode[], reaches: Reaches): Reaches {
  return {
    stdout: reaches.stdout && !redirections.some((r) => writesTo(r, 1)),
    stderr: reaches.stderr && !redirections.some((r) => writesTo(r, 2)),
  };
}

/** `1`, `2`, `-` as the target of `>&` (quotes removed, as bash reads them), not a file name. */
function isDescriptorWord(target: RedirectionNode['target']): boolean {
  if (target.type !== 'Word') return false;
  let text = '';
  for (const part of (target as WordNode).parts) {
    if (part.type === 'Literal' || part.type === 'SingleQuoted') text += (part as { value: string }).value;
    else return false;
  }
  return /^(\d+|-)$/.test(text);
}
