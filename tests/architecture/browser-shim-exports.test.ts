/**
 * The page's build swaps `just-bash` for src/shell/just-bash-browser.ts (vite.config.ts), which
 * re-exports the browser bundle and adds what the bundle leaves out. A value the shell imports
 * from `just-bash` that the shim does not export passes tsc and every Node test (Node uses the
 * package) and breaks only `npm run build` — as `serialize` once did. Checked here, in
 * milliseconds, from the sources: every value (not type) imported from `just-bash` in src/ is
 * exported by the shim.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, sourceFiles } from './support/module-graph.ts';

const SHIM = path.join(REPO_ROOT, 'src/shell/just-bash-browser.ts');

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
}

/** Value names a file imports from `just-bash` (type-only imports and specifiers left out). */
function valuesImportedFromJustBash(file: string): string[] {
  const names: string[] = [];
  for (const statement of parse(file).statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier) || statement.moduleSpecifier.text !== 'just-bash') continue;
    const clause = statement.importClause;
    if (!clause || clause.isTypeOnly) continue;
    if (clause.name) names.push('default');
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamedImports(bindings)) {
      for (const element of bindings.elements) if (!element.isTypeOnly) names.push((element.propertyName ?? element.name).text);
    }
    if (bindings && ts.isNamespaceImport(bindings)) names.push('*');
  }
  return names;
}

/** Value names the shim exports: its own declarations and its `export { … } from` lists. */
function shimExports(): Set<string> {
  const names = new Set<string>();
  for (const statement of parse(SHIM).statements) {
    const exported = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (ts.isExportDeclaration(statement) && !statement.isTypeOnly && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) if (!element.isTypeOnly) names.add(element.name.text);
    } else if (exported && (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) {
      names.add(statement.name.text);
    } else if (exported && ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) if (ts.isIdentifier(declaration.name)) names.add(declaration.name.text);
    }
  }
  return names;
}

describe('the just-bash browser shim', () => {
  it('exports every value the shell imports from just-bash', () => {
    const exported = shimExports();
    expect(exported.has('Bash') && exported.has('defineCommand'), 'the shim is read').toBe(true);
    const missing: string[] = [];
    for (const file of sourceFiles('src')) {
      const absolute = path.join(REPO_ROOT, file);
      if (absolute === SHIM) continue;
      for (const name of valuesImportedFromJustBash(absolute)) {
        if (!exported.has(name)) missing.push(`${file} imports ${name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('reads a missing export as missing', () => {
    expect(shimExports().has('serializeNotAThing')).toBe(false);
    expect(shimExports().has('serialize')).toBe(true);
  });
});
