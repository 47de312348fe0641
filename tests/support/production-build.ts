/**
 * The production build (`vite build`, what a school deploys), made once per state of the sources
 * and shared by every browser test file and run: the output folder is named after a hash of the
 * inputs' paths, sizes and modification times, so a test run after an edit builds again and one
 * without edits reuses the last build.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** What the build reads (node_modules by its lock file). */
const INPUTS = ['src', 'lessons', 'public', 'index.html', 'vite.config.ts', 'package.json', 'package-lock.json', 'scripts/patch-just-bash.mjs'];

function inputsHash(): string {
  const hash = createHash('sha256');
  const add = (path: string) => {
    const stat = statSync(join(REPO, path), { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const name of readdirSync(join(REPO, path)).sort()) add(`${path}/${name}`);
      return;
    }
    hash.update(`${path}\0${stat.size}\0${stat.mtimeMs}\n`);
  };
  for (const input of INPUTS) add(input);
  return hash.digest('hex').slice(0, 16);
}

/** The folder holding the production build of the sources as they are now (built if needed). */
export function productionBuild(): string {
  const root = join(process.env.TMPDIR ?? tmpdir(), 'layerlab-browser-build');
  const out = join(root, inputsHash());
  if (existsSync(join(out, 'index.html'))) return out;
  mkdirSync(root, { recursive: true });
  // Build beside, then rename: a test file running at the same time never sees half a build.
  const partial = `${out}.${process.pid}.partial`;
  const vite = join(REPO, 'node_modules', '.bin', 'vite');
  const result = spawnSync(vite, ['build', '--outDir', partial, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error(`vite build failed:\n${result.stdout}${result.stderr}`);
  try {
    renameSync(partial, out);
  } catch {
    rmSync(partial, { recursive: true, force: true }); // another test file finished the same build first
  }
  return out;
}
