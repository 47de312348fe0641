/**
 * Alpine's `apk` (apk-tools 2.x) without a network, as `apt-get` is emulated beside it: every
 * `fetch` of a repository index fails the way apk fails offline ("temporary error"), and
 * `apk add PKG…` then does what it honestly can — records each package in apk's database
 * (/lib/apk/db/installed and /etc/apk/world), puts a placeholder for its program in place, and
 * says so in one line. So a Dockerfile's `RUN apk add --no-cache curl` builds, and `docker diff`,
 * `docker history` and `apk info` see the change a real install would make. `apk del` undoes it.
 */
import { defineCommand, type Command, type CommandContext, type ExecResult } from 'just-bash';
import { placeholderBinary } from '../../../catalog/placeholder.ts';
import { overlayOf } from '../../command-context.ts';

const INSTALLED = '/lib/apk/db/installed';
const WORLD = '/etc/apk/world';

/** Options of `apk add`/`del` that take a value (`--virtual .build-deps`, `-X repo`). */
const VALUE_OPTIONS = new Set(['-t', '--virtual', '-X', '--repository', '-p', '--root', '--arch', '--cache-dir', '--keys-dir', '--repositories-file']);

export function apkCommand(): Command {
  return defineCommand('apk', async (args, ctx) => {
    const words: string[] = [];
    let noCache = false;
    let virtual: string | undefined;
    for (let i = 0; i < args.length; i++) {
      const arg = args[i]!;
      if (arg === '--no-cache') noCache = true;
      if (arg === '-t' || arg === '--virtual') virtual = args[i + 1];
      if (VALUE_OPTIONS.has(arg)) i++;
      else if (!arg.startsWith('-')) words.push(arg);
    }
    const [action, ...packages] = words;
    switch (action) {
      case 'update':
        return fetchIndexes(ctx, true);
      case 'add':
        return add(ctx, packages, { noCache, ...(virtual !== undefined ? { virtual } : {}) });
      case 'del':
        return del(ctx, packages);
      case 'info':
        return info(ctx);
      case undefined:
        return { stdout: '', stderr: 'apk-tools 2.x, compiled for x86_64.\n\nusage: apk [<OPTIONS>...] COMMAND [<ARGUMENTS>...]\n', exitCode: 1 };
      default:
        return { stdout: '', stderr: `apk: applet '${action}' not found\n`, exitCode: 1 };
    }
  });
}

async function readText(ctx: CommandContext, path: string): Promise<string> {
  return new TextDecoder().decode(await overlayOf(ctx).readFile(path).catch(() => new Uint8Array()));
}

async function writeText(ctx: CommandContext, path: string, text: string): Promise<void> {
  const fs = overlayOf(ctx);
  await fs.mkdir(path.slice(0, path.lastIndexOf('/')), { recursive: true });
  await fs.writeFile(path, new TextEncoder().encode(text));
}

/** What apk prints trying each repository of /etc/apk/repositories with no network. */
async function fetchIndexes(ctx: CommandContext, update: boolean): Promise<ExecResult> {
  const repositories = (await readText(ctx, '/etc/apk/repositories')).split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
  let stdout = '';
  let stderr = '';
  for (const repo of repositories) {
    stdout += `fetch ${repo}/x86_64/APKINDEX.tar.gz\n`;
    stderr += `ERROR: ${repo}: temporary error (try again later)\n`;
  }
  if (update) stdout += `${repositories.length} errors; ${(await installedNames(ctx)).length} distinct packages available\n`;
  return { stdout, stderr, exitCode: update && repositories.length > 0 ? repositories.length : 0 };
}

async function installedNames(ctx: CommandContext): Promise<string[]> {
  return [...(await readText(ctx, INSTALLED)).matchAll(/^P:(\S+)$/gm)].map((m) => m[1]!);
}

async function add(ctx: CommandContext, packages: string[], options: { noCache: boolean; virtual?: string }): Promise<ExecResult> {
  const fetched = await fetchIndexes(ctx, false);
  const installed = new Set(await installedNames(ctx));
  const names = packages.map((p) => p.replace(/[<>=~].*$/, ''));
  const fresh = [...new Set(names.filter((p) => !installed.has(p)))];
  const total = installed.size + fresh.length + (options.virtual !== undefined ? 1 : 0);
  let stdout = options.noCache ? fetched.stdout : '';
  let records = '';
  for (const [i, p] of fresh.entries()) {
    const program = `/usr/bin/${p}`;
    const fs = overlayOf(ctx);
    await fs.mkdir('/usr/bin', { recursive: true });
    await fs.writeFile(program, placeholderBinary(p, { version: 'layerlab', realSize: 0 }), { mode: 0o755 });
    stdout += `(${i + 1}/${fresh.length}) Installing ${p} (layerlab)\n`;
    records += `P:${p}\nV:layerlab\nA:x86_64\nT:${p} (recorded by layerlab; not downloaded)\nF:usr/bin\nR:${p}\na:0:0:755\n\n`;
  }
  if (options.virtual !== undefined) {
    stdout += `(${fresh.length + 1}/${fresh.length + 1}) Installing ${options.virtual} (20000101.000000)\n`;
    records += `P:${options.virtual}\nV:20000101.000000\nA:noarch\nT:virtual meta package\n${fresh.map((p) => `D:${p}`).join('\n')}\n\n`;
  }
  if (records !== '') {
    const db = await readText(ctx, INSTALLED);
    await writeText(ctx, INSTALLED, db + (db === '' || db.endsWith('\n\n') ? '' : '\n') + records);
    const world = (await readText(ctx, WORLD)).split('\n').filter(Boolean);
    const wanted = options.virtual !== undefined ? [options.virtual] : names;
    await writeText(ctx, WORLD, [...new Set([...world, ...wanted])].sort().join('\n') + '\n');
  }
  stdout += `OK: ${total} packages installed\n`;
  const note = fresh.length === 0 ? '' : `layerlab: this playground has no network, so nothing was downloaded: ${fresh.join(', ')} ${fresh.length === 1 ? 'is' : 'are'} recorded in ${INSTALLED}, with a placeholder program in /usr/bin\n`;
  return { stdout, stderr: (options.noCache ? fetched.stderr : '') + note, exitCode: 0 };
}

async function del(ctx: CommandContext, packages: string[]): Promise<ExecResult> {
  const db = await readText(ctx, INSTALLED);
  const records = db.split('\n\n').filter((record) => record.trim() !== '');
  const remove = new Set(packages);
  // A virtual package takes the packages it depends on with it.
  for (const record of records) {
    const name = /^P:(\S+)$/m.exec(record)?.[1];
    if (name !== undefined && remove.has(name)) for (const dep of record.matchAll(/^D:(\S+)$/gm)) remove.add(dep[1]!);
  }
  const kept = records.filter((record) => !remove.has(/^P:(\S+)$/m.exec(record)?.[1] ?? ''));
  let stdout = '';
  let n = 0;
  for (const record of records) {
    const name = /^P:(\S+)$/m.exec(record)?.[1];
    if (name === undefined || !remove.has(name)) continue;
    stdout += `(${++n}/${records.length - kept.length}) Purging ${name} (${/^V:(\S+)$/m.exec(record)?.[1] ?? ''})\n`;
    if (/^V:layerlab$/m.test(record)) await overlayOf(ctx).rm(`/usr/bin/${name}`, { force: true });
  }
  await writeText(ctx, INSTALLED, kept.map((r) => `${r.trim()}\n\n`).join(''));
  const world = (await readText(ctx, WORLD)).split('\n').filter((w) => w !== '' && !remove.has(w));
  await writeText(ctx, WORLD, world.join('\n') + '\n');
  return { stdout: `${stdout}OK: ${kept.length} packages installed\n`, stderr: '', exitCode: 0 };
}

async function info(ctx: CommandContext): Promise<ExecResult> {
  return { stdout: (await installedNames(ctx)).map((n) => `${n}\n`).join(''), stderr: '', exitCode: 0 };
}
