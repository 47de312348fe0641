/**
 * The statements a compound command runs (an `if`'s conditions and branches, a loop's condition
 * and body, a `case`'s arms, a group's or subshell's body), in the order they appear. The shell's
 * AST walks (where output goes: terminal-output.ts; what a function's calls reach:
 * function-output.ts) descend through them alike.
 */
import type { CommandNode, StatementNode } from 'just-bash';

export function compoundBody(command: CommandNode): StatementNode[] {
  const statements: StatementNode[] = [];
  switch (command.type) {
    case 'If':
      for (const clause of command.clauses) statements.push(...clause.condition, ...clause.body);
      statements.push(...(command.elseBody ?? []));
      break;
    case 'While':
    case 'Until':
      statements.push(...command.condition, ...command.body);
      break;
    case 'Case':
      for (const item of command.items) statements.push(...item.body);
      break;
    case 'For':
    case 'CStyleFor':
    case 'Group':
    case 'Subshell':
      statements.push(...command.body);
      break;
  }
  return statements;
}
