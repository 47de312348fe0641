/**
 * Every import in src/, read with TypeScript's own parser (not a regex on lines): static imports
 * and re-exports, `import()` calls and `import('…')` types, `require`, each with its line and
 * whether it is type-only (erased at build time). Specifiers resolve as the page's build resolves
 * them: relative paths, then vite.config.ts's aliases (`just-bash` → the browser shim), then
 * packages and Node built-ins.
 */
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');

export type ImportTarget =
  | { readonly kind: 'source'; readonly path: string }
  | { readonly kind: 'package'; readonly name: string }
  | { readonly kind: 'builtin'; readonly name: string }
  | { readonly kind: 'unresolved' };

export interface ImportEdge {
  /** Repository-relative path of the importing file (`src/web/App.tsx`). */
  readonly from: string;
  readonly line: number;
  readonly specifier: string;
  /** `import type` / `export type` / `import('…')` in a type: gone from the built code. */
  readonly typeOnly: boolean;
  readonly target: ImportTarget;
}

export interface Alias {
  readonly find: string | RegExp;
  readonly replacement: string;
}

/** A module specifier as written, with where it sits and whether only types are imported. */
interface RawImport {
  readonly specifier: string;
  readonly line: number;
  readonly typeOnly: boolean;
}

function rawImports(fileName: string, text: string): RawImport[] {
  const kind = fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, kind);
  const found: RawImport[] = [];
  const add = (literal: ts.Node, typeOnly: boolean) => {
    if (!ts.isStringLiteralLike(literal)) return;
    const line = source.getLineAndCharacterOfPosition(literal.getStart(source)).line + 1;
    found.push({ specifier: literal.text, line, typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      // Under verbatimModuleSyntax only `import type` is erased; `import { type A }` still loads the module.
      add(node.moduleSpecifier, node.importClause?.isTypeOnly === true);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier !== undefined) {
      add(node.moduleSpecifier, node.isTypeOnly);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal, true);
    } else if (ts.isCallExpression(node) && node.arguments.length > 0) {
      const callee = node.expression;
      const isDynamicImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(callee) && callee.text === 'require';
      if (isDynamicImport || isRequire) add(node.arguments[0]!, false);
    }
    // `new Worker(new URL('../worker/x.ts', import.meta.url))` is not an import: it starts another
    // context (the worker), whose own imports are checked from its files.
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const SOURCE_EXTENSIONS = ['', '.ts', '.tsx', '/index.ts', '/index.tsx'];

function resolveFile(absolute: string): string | undefined {
  for (const extension of SOURCE_EXTENSIONS) {
    const candidate = absolute + extension;
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return path.relative(REPO_ROOT, candidate);
  }
  return undefined;
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

function aliasTarget(specifier: string, aliases: readonly Alias[]): string | undefined {
  for (const { find, replacement } of aliases) {
    if (typeof find === 'string') {
      if (specifier === find) return replacement;
      if (specifier.startsWith(`${find}/`)) return replacement + specifier.slice(find.length);
    } else if (find.test(specifier)) {
      return specifier.replace(find, replacement);
    }
  }
  return undefined;
}

export function resolveImport(fromFile: string, specifier: string, aliases: readonly Alias[]): ImportTarget {
  const bare = specifier.replace(/\?.*$/, ''); // vite's `?url`, `?raw` suffixes
  if (bare.startsWith('.') || bare.startsWith('/')) {
    const file = resolveFile(path.resolve(REPO_ROOT, path.dirname(fromFile), bare));
    return file === undefined ? { kind: 'unresolved' } : { kind: 'source', path: file };
  }
  const aliased = aliasTarget(bare, aliases);
  if (aliased !== undefined) {
    const file = resolveFile(path.resolve(REPO_ROOT, aliased));
    return file === undefined ? { kind: 'unresolved' } : { kind: 'source', path: file };
  }
  if (bare.startsWith('node:') || builtinModules.includes(packageName(bare))) return { kind: 'builtin', name: bare.replace(/^node:/, '') };
  return { kind: 'package', name: packageName(bare) };
}

/** The imports of one file, given its repository-relative path and text. */
export function importsOf(fromFile: string, text: string, aliases: readonly Alias[]): ImportEdge[] {
  return rawImports(fromFile, text).map((raw) => ({ from: fromFile, ...raw, target: resolveImport(fromFile, raw.specifier, aliases) }));
}

/** Repository-relative paths of every .ts/.tsx file under `dir` (also repository-relative). */
export function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(path.join(REPO_ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => path.relative(REPO_ROOT, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** The aliases the page's build applies (vite.config.ts in build mode), absolute replacements. */
export async function viteAliases(): Promise<Alias[]> {
  const { default: config } = (await import('../../../vite.config.ts')) as { default: unknown };
  const resolved = typeof config === 'function' ? await config({ mode: 'production', command: 'build', isSsrBuild: false, isPreview: false }) : config;
  const alias = (resolved as { resolve?: { alias?: unknown } }).resolve?.alias;
  if (alias === undefined) return [];
  if (Array.isArray(alias)) return alias as Alias[];
  return Object.entries(alias as Record<string, string>).map(([find, replacement]) => ({ find, replacement }));
}

/** Which top-level part of src a repository-relative path is in (`src/web/App.tsx` → `web`). */
export function areaOf(file: string): string | undefined {
  const match = /^src\/([^/]+)\//.exec(file);
  return match?.[1];
}

export function describeEdge(edge: ImportEdge): string {
  const target = edge.target.kind === 'source' ? ` (${edge.target.path})` : '';
  return `${edge.from}:${edge.line} ${edge.typeOnly ? 'imports type from' : 'imports'} '${edge.specifier}'${target}`;
}
