/**
 * The module boundaries README "The code" draws (issue 10): the engine runs unchanged in a worker
 * and in Node, so it imports nothing from the rest of src/ and no Node or DOM modules; the worker
 * imports nothing from the page; the page imports nothing from the shell, directly or through
 * another module, and talks to the worker only through its contracts (src/worker/*-api.ts).
 * Every import in src/ is read with TypeScript's parser (support/module-graph.ts); a failure names
 * the file, line and specifier of each offending import.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { areaOf, describeEdge, importsOf, REPO_ROOT, sourceFiles, viteAliases, type Alias, type ImportEdge } from './support/module-graph.ts';

/** Packages the engine (and the catalog, compiled with it) may use: plain JavaScript that runs in a worker and in Node (diff: jsdiff, the explorer's text diffs). */
const PURE_PACKAGES = new Set(['fflate', 'fzstd', 'diff']);

/** Packages that need a document (or the page's main thread): never in the worker, the shell or the engine. */
const DOM_ONLY_PACKAGES = new Set(['react', 'react-dom', '@xterm/xterm', '@xterm/addon-fit', 'dompurify', 'highlight.js', '@tanstack/react-virtual']);

/** A worker contract: the API the page calls through comlink. */
const isWorkerContract = (file: string) => /^src\/worker\/[^/]+-api\.ts$/.test(file);

interface Rule {
  readonly name: string;
  /** The areas of src/ whose imports the rule reads. */
  readonly areas: readonly string[];
  /** Why `edge` breaks the rule, or undefined when it does not. */
  readonly check: (edge: ImportEdge, graph: ModuleGraph) => string | undefined;
}

class ModuleGraph {
  private readonly byFile = new Map<string, ImportEdge[]>();

  constructor(edges: readonly ImportEdge[]) {
    for (const edge of edges) {
      const list = this.byFile.get(edge.from) ?? [];
      list.push(edge);
      this.byFile.set(edge.from, list);
    }
  }

  importsOf(file: string): readonly ImportEdge[] {
    return this.byFile.get(file) ?? [];
  }

  /** Files `file` loads at run time (its imports that are not type-only), in src. */
  runtimeSourceImports(file: string): string[] {
    return this.importsOf(file).flatMap((edge) => (!edge.typeOnly && edge.target.kind === 'source' ? [edge.target.path] : []));
  }

  /** The shortest chain of run-time imports from `start` to a file `stop` accepts, if any. */
  runtimeChain(start: string, stop: (file: string) => boolean): string[] | undefined {
    const previous = new Map<string, string | undefined>([[start, undefined]]);
    const queue = [start];
    while (queue.length > 0) {
      const file = queue.shift()!;
      if (file !== start && stop(file)) {
        const chain = [file];
        for (let at = previous.get(file); at !== undefined; at = previous.get(at)) chain.unshift(at);
        return chain;
      }
      for (const next of this.runtimeSourceImports(file)) {
        if (!previous.has(next)) {
          previous.set(next, file);
          queue.push(next);
        }
      }
    }
    return undefined;
  }
}

function targetArea(edge: ImportEdge): string | undefined {
  return edge.target.kind === 'source' ? areaOf(edge.target.path) : undefined;
}

/** `who` imports nothing from the areas in `forbidden`. */
function noSourceFrom(who: string, forbidden: readonly string[]): Rule['check'] {
  return (edge) => {
    const area = targetArea(edge);
    return area !== undefined && forbidden.includes(area) ? `${who} imports nothing from src/${area}/` : undefined;
  };
}

function noBuiltins(why: string): Rule['check'] {
  return (edge) => (edge.target.kind === 'builtin' ? why : undefined);
}

function noDomPackages(why: string): Rule['check'] {
  return (edge) => (edge.target.kind === 'package' && DOM_ONLY_PACKAGES.has(edge.target.name) ? why : undefined);
}

function all(...checks: Rule['check'][]): Rule['check'] {
  return (edge, graph) => {
    for (const check of checks) {
      const why = check(edge, graph);
      if (why !== undefined) return why;
    }
    return undefined;
  };
}

const RULES: readonly Rule[] = [
  {
    name: 'every relative import and alias resolves to a file',
    areas: ['engine', 'catalog', 'shell', 'lessons', 'worker', 'web', 'node', 'cli'],
    check: (edge) => (edge.target.kind === 'unresolved' ? 'no such file' : undefined),
  },
  {
    name: 'the engine imports only the engine and pure-JS packages (no Node built-ins, no DOM modules)',
    areas: ['engine'],
    check: (edge) => {
      if (edge.target.kind === 'builtin') return 'a Node built-in in the engine (it runs in a web worker too)';
      if (edge.target.kind === 'package' && !PURE_PACKAGES.has(edge.target.name)) {
        return `package ${edge.target.name} in the engine (allowed: ${[...PURE_PACKAGES].join(', ')})`;
      }
      const area = targetArea(edge);
      return area !== undefined && area !== 'engine' ? `the engine imports nothing from src/${area}/` : undefined;
    },
  },
  {
    name: 'the catalog, compiled with the engine, imports only the engine and pure-JS packages',
    areas: ['catalog'],
    check: (edge) => {
      if (edge.target.kind === 'builtin') return 'a Node built-in in the catalog (tsconfig.engine.json compiles it without Node)';
      if (edge.target.kind === 'package' && !PURE_PACKAGES.has(edge.target.name)) return `package ${edge.target.name} in the catalog`;
      const area = targetArea(edge);
      return area !== undefined && area !== 'engine' && area !== 'catalog' ? `the catalog imports nothing from src/${area}/` : undefined;
    },
  },
  {
    name: 'the shell imports nothing from the page, the worker, the lessons, the CLI or src/node, and no Node built-ins or DOM modules',
    areas: ['shell'],
    check: all(
      noSourceFrom('the shell', ['web', 'worker', 'lessons', 'cli', 'node']),
      noBuiltins('a Node built-in in the shell (it runs in the web worker)'),
      noDomPackages('a DOM module in the shell (it runs in the web worker)'),
    ),
  },
  {
    name: 'the lessons import nothing from the page, the worker, the CLI or src/node, and no Node built-ins',
    areas: ['lessons'],
    check: all(
      noSourceFrom('the lessons', ['web', 'worker', 'cli', 'node']),
      noBuiltins('a Node built-in in the lessons (the page loads them; src/node reads lesson files)'),
    ),
  },
  {
    name: 'the worker imports nothing from the page, the CLI or src/node, and no Node built-ins or DOM modules',
    areas: ['worker'],
    check: all(
      noSourceFrom('the worker', ['web', 'cli', 'node']),
      noBuiltins('a Node built-in in the worker'),
      noDomPackages('a DOM module in the worker (a worker has no document)'),
    ),
  },
  {
    name: 'the page imports nothing from the shell, the catalog, the CLI or src/node, and no Node built-ins',
    areas: ['web'],
    check: all(
      noSourceFrom('the page', ['shell', 'catalog', 'cli', 'node']),
      noBuiltins('a Node built-in in the page'),
    ),
  },
  {
    name: 'the page reaches the worker only through its contracts (src/worker/*-api.ts)',
    areas: ['web'],
    check: (edge) =>
      edge.target.kind === 'source' && areaOf(edge.target.path) === 'worker' && !isWorkerContract(edge.target.path)
        ? 'the page talks to the worker through src/worker/*-api.ts only'
        : undefined,
  },
  {
    name: 'the page imports engine types freely, but engine code only from modules that import nothing (pure helpers)',
    areas: ['web'],
    check: (edge, graph) => {
      if (edge.typeOnly || edge.target.kind !== 'source' || areaOf(edge.target.path) !== 'engine') return undefined;
      const loads = graph.importsOf(edge.target.path).filter((inner) => !inner.typeOnly);
      return loads.length > 0
        ? `the page would load the engine on its main thread (${edge.target.path} imports ${loads.map((inner) => `'${inner.specifier}'`).join(', ')}); use \`import type\` or a module of its own`
        : undefined;
    },
  },
];

function violations(rule: Rule, edges: readonly ImportEdge[], graph: ModuleGraph): string[] {
  return edges.flatMap((edge) => {
    const area = areaOf(edge.from);
    if (area === undefined || !rule.areas.includes(area)) return [];
    const why = rule.check(edge, graph);
    return why === undefined ? [] : [`${describeEdge(edge)}: ${why}`];
  });
}

/** Run-time import chains from a page file into code the page must not load, one per page file. */
function pageRuntimeLeaks(graph: ModuleGraph, pageFiles: readonly string[]): string[] {
  const mustNotLoad = (file: string) => {
    const area = areaOf(file);
    return area === 'shell' || area === 'catalog' || area === 'cli' || area === 'node' || (area === 'worker' && !isWorkerContract(file));
  };
  return pageFiles.flatMap((file) => {
    const chain = graph.runtimeChain(file, mustNotLoad);
    return chain === undefined ? [] : [`${chain.join(' → ')}: the page's main thread must not load ${chain.at(-1)}`];
  });
}

function readSources(files: readonly string[], aliases: readonly Alias[]): ImportEdge[] {
  return files.flatMap((file) => importsOf(file, fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'), aliases));
}

describe('module boundaries of src/', () => {
  let aliases: Alias[];
  let edges: ImportEdge[];
  let graph: ModuleGraph;

  beforeAll(async () => {
    aliases = await viteAliases();
    edges = readSources(sourceFiles('src'), aliases);
    graph = new ModuleGraph(edges);
  });

  it('reads the imports the build sees: vite’s just-bash alias, type-only imports, re-exports', () => {
    const justBash = edges.find((edge) => edge.from === 'src/shell/command-context.ts' && edge.specifier === 'just-bash');
    expect(justBash?.target).toEqual({ kind: 'source', path: 'src/shell/just-bash-browser.ts' });
    const typeOnly = edges.find((edge) => edge.from === 'src/shell/command-context.ts' && edge.specifier === '../engine/overlay/overlay-fs.ts');
    expect(typeOnly?.typeOnly).toBe(true);
    expect(edges.length).toBeGreaterThan(1000);
  });

  it('knows every area of src/ (a new folder there needs its rules here)', () => {
    const areas = new Set(sourceFiles('src').map((file) => areaOf(file) ?? file));
    expect(areas).toEqual(new Set(['engine', 'catalog', 'shell', 'lessons', 'worker', 'web', 'node', 'cli']));
  });

  for (const rule of RULES) {
    it(rule.name, () => {
      expect(violations(rule, edges, graph)).toEqual([]);
    });
  }

  it('the page does not load the shell, the catalog or the worker’s implementation through another module', () => {
    const pageFiles = sourceFiles('src/web');
    expect(pageFiles).toContain('src/web/main.tsx');
    expect(pageRuntimeLeaks(graph, pageFiles)).toEqual([]);
  });

  it('tsconfig.engine.json compiles the engine without DOM or Node types', () => {
    const configPath = path.join(REPO_ROOT, 'tsconfig.engine.json');
    const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => expect.fail(String(d.messageText)) });
    const libs = (parsed?.options.lib ?? []).map((lib) => lib.toLowerCase());
    expect(libs.filter((lib) => /dom|webworker/.test(lib))).toEqual([]);
    expect(parsed?.options.types).toEqual([]);
    const engineFiles = sourceFiles('src/engine').map((file) => path.join(REPO_ROOT, file));
    expect(engineFiles.filter((file) => !parsed?.fileNames.includes(file))).toEqual([]);
  });
});

describe('the boundary rules catch what they forbid', () => {
  const check = (file: string, text: string) => {
    const edges = importsOf(file, text, []);
    const graph = new ModuleGraph(edges);
    return RULES.flatMap((rule) => violations(rule, edges, graph));
  };

  it('names a Node built-in, a DOM package and a shell import in the engine', () => {
    const found = check(
      'src/engine/image/archive.ts',
      ["import fs from 'node:fs';", "import { createRoot } from 'react-dom/client';", "import type { ShellSession } from '../../shell/session.ts';"].join('\n'),
    );
    expect(found).toEqual([
      "src/engine/image/archive.ts:1 imports 'node:fs': a Node built-in in the engine (it runs in a web worker too)",
      "src/engine/image/archive.ts:2 imports 'react-dom/client': package react-dom in the engine (allowed: fflate, fzstd, diff)",
      "src/engine/image/archive.ts:3 imports type from '../../shell/session.ts' (src/shell/session.ts): the engine imports nothing from src/shell/",
    ]);
  });

  it('names the page importing the shell, and the worker importing the page, type imports and re-exports included', () => {
    expect(check('src/web/App.tsx', "export { ShellFs } from '../shell/shell-fs.ts';")).toEqual([
      "src/web/App.tsx:1 imports '../shell/shell-fs.ts' (src/shell/shell-fs.ts): the page imports nothing from src/shell/",
    ]);
    expect(check('src/worker/shell-api.ts', "\n\nimport type { Line } from '../web/line-editor.ts';")).toEqual([
      "src/worker/shell-api.ts:3 imports type from '../web/line-editor.ts' (src/web/line-editor.ts): the worker imports nothing from src/web/",
    ]);
  });

  it('follows the page through the lessons into the shell', () => {
    const graph = new ModuleGraph([
      ...importsOf('src/web/App.tsx', "import { checkLesson } from '../lessons/check-lesson.ts';", []),
      ...importsOf('src/lessons/check-lesson.ts', "import { shellQuote } from '../shell/command-context.ts';", []),
    ]);
    expect(pageRuntimeLeaks(graph, ['src/web/App.tsx'])).toEqual([
      "src/web/App.tsx → src/lessons/check-lesson.ts → src/shell/command-context.ts: the page's main thread must not load src/shell/command-context.ts",
    ]);
  });
});
