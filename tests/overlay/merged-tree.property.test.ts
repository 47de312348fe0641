/**
 * Property: for random layer stacks (files, directories, symlinks, implicit parents, whiteouts,
 * opaque directories, type replacements, duplicates), written with the engine's tar writer, the
 * merged tree equals what GNU tar extracts layer by layer with whiteouts applied
 * (reference-extract.py).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { OverlayFs } from '../../src/engine/overlay/overlay-fs.ts';
import { writeTar, type TarWriteEntry } from '../../src/engine/tar/write-tar.ts';
import { memoryLayer } from './make-tar.ts';

type Kind = 'file' | 'dir' | 'symlink';
type OpKind = Kind | 'implicit' | 'whiteout' | 'opaque';
interface Op {
  kind: OpKind;
  pick: number;
  name: string;
  content: string;
  mode: number;
}

const NAMES = ['a', 'b', 'c', 'dd'];
const LINK_TARGETS = ['a', '../b', '/a/c', 'nowhere', '.'];

const opArb: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom<OpKind>('file', 'file', 'dir', 'dir', 'symlink', 'implicit', 'whiteout', 'opaque'),
  pick: fc.nat(1000),
  name: fc.constantFrom(...NAMES),
  content: fc.string({ maxLength: 12 }),
  mode: fc.constantFrom(0o644, 0o755, 0o600, 0o700),
});

const join2 = (dir: string, name: string) => (dir === '' ? name : `${dir}/${name}`);
const within = (key: string, dir: string) => key === dir || key.startsWith(dir + '/');
const related = (a: string, b: string) => within(a, b) || within(b, a);

/**
 * Turn random ops into valid layers, tracking the merged state, so every generated archive has
 * one well-defined meaning (no entries beneath non-directories, no same-layer whiteout conflicts).
 */
function buildLayers(layerOps: Op[][]): TarWriteEntry[][] {
  const model = new Map<string, Kind>();
  const dropSubtree = (key: string) => {
    for (const k of [...model.keys()]) if (within(k, key)) model.delete(k);
  };
  return layerOps.map((ops) => {
    const lower = new Map(model);
    const entries: TarWriteEntry[] = [];
    const written = new Map<string, Kind>();
    const whited: string[] = []; // whiteout targets of this layer: nothing else here may touch them
    const opaque: string[] = []; // opaque dirs of this layer: new entries beneath them are fine
    const dirs = () => ['', ...[...model].filter(([, k]) => k === 'dir').map(([p]) => p)].sort();
    const canWrite = (key: string, kind: Kind) => {
      if (written.has(key) && written.get(key) !== kind) return false;
      // GNU tar defers symlinks with `..` or absolute targets to the end of extraction, so a
      // duplicate symlink in one layer would not be "last wins" in the reference.
      if (kind === 'symlink' && written.has(key)) return false;
      if (whited.some((t) => related(t, key))) return false;
      if (kind !== 'dir' && opaque.some((d) => within(d, key))) return false;
      const old = model.get(key);
      // Replacing a directory is fine unless this layer already wrote beneath it.
      if (old === 'dir' && kind !== 'dir' && [...written.keys()].some((w) => within(w, key) && w !== key)) return false;
      return true;
    };
    const write = (key: string, kind: Kind, op: Op) => {
      if ((model.get(key) === 'dir') !== (kind === 'dir')) dropSubtree(key);
      model.set(key, kind);
      written.set(key, kind);
      if (kind === 'dir') entries.push({ name: key + '/', type: 'directory', mode: op.mode });
      else if (kind === 'file') entries.push({ name: key, type: 'file', mode: op.mode, data: new TextEncoder().encode(op.content) });
      else entries.push({ name: key, type: 'symlink', mode: 0o777, linkname: LINK_TARGETS[op.pick % LINK_TARGETS.length]! });
    };
    for (const op of ops) {
      const ds = dirs();
      const parent = ds[op.pick % ds.length]!;
      const key = join2(parent, op.name);
      if (op.kind === 'file' || op.kind === 'dir' || op.kind === 'symlink') {
        if (canWrite(key, op.kind)) write(key, op.kind, op);
      } else if (op.kind === 'implicit') {
        // `x/y/file` with neither `x/` nor `x/y/` listed: tar and overlay both create the parents.
        const x = join2(parent, op.name + 'x');
        if (model.has(x) || !canWrite(x, 'dir')) continue;
        const file = `${x}/y/f`;
        model.set(x, 'dir');
        model.set(`${x}/y`, 'dir');
        written.set(x, 'dir');
        written.set(`${x}/y`, 'dir');
        model.set(file, 'file');
        written.set(file, 'file');
        entries.push({ name: file, type: 'file', mode: op.mode, data: new TextEncoder().encode(op.content) });
      } else if (op.kind === 'whiteout') {
        const candidates = [...lower.keys()].filter((k) => model.get(k) === lower.get(k)).sort();
        const target = candidates[op.pick % Math.max(1, candidates.length)];
        if (target === undefined || [...written.keys()].some((w) => related(w, target))) continue;
        if (whited.some((t) => related(t, target)) || opaque.some((d) => related(d, target))) continue;
        entries.push({ name: join2(target.includes('/') ? target.slice(0, target.lastIndexOf('/')) : '', '.wh.' + target.slice(target.lastIndexOf('/') + 1)), type: 'file', mode: 0o644 });
        dropSubtree(target);
        whited.push(target);
      } else {
        const candidates = [...lower.keys()].filter((k) => lower.get(k) === 'dir' && model.get(k) === 'dir').sort();
        const dir = candidates[op.pick % Math.max(1, candidates.length)];
        if (dir === undefined || [...written.keys()].some((w) => within(w, dir))) continue;
        if (whited.some((t) => related(t, dir)) || opaque.includes(dir)) continue;
        for (const k of [...model.keys()]) if (within(k, dir) && k !== dir) model.delete(k);
        written.set(dir, 'dir');
        entries.push({ name: dir + '/', type: 'directory', mode: op.mode });
        entries.push({ name: `${dir}/.wh..wh..opq`, type: 'file', mode: 0o644 });
        opaque.push(dir);
      }
    }
    return entries;
  });
}

const REFERENCE = fileURLToPath(new URL('./reference-extract.py', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'layerlab-merge-prop-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let run = 0;

function referenceTree(tars: Uint8Array[]): string[] {
  const dir = join(scratch, String(run++));
  const root = join(dir, 'root');
  mkdirSync(root, { recursive: true });
  const files = tars.map((tar, i) => {
    const file = join(dir, `layer${i}.tar`);
    writeFileSync(file, tar);
    return file;
  });
  const out = execFileSync('python3', [REFERENCE, root, ...files], { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  const rows = JSON.parse(out) as [string, string, number, number, string][];
  return rows.map(([path, type, size, mode, detail]) => `${path} ${type} ${size} ${mode.toString(8)} ${detail}`).sort();
}

async function mergedTree(tars: Uint8Array[]): Promise<string[]> {
  const fs = await OverlayFs.open(tars.map(memoryLayer));
  const lines: string[] = [];
  for (const s of fs.walk('/')) {
    let detail = '';
    if (s.type === 'file') detail = JSON.stringify(new TextDecoder().decode(await fs.readFile(s.path)));
    if (s.type === 'symlink') detail = '-> ' + s.linkname;
    lines.push(`${s.path} ${s.type} ${s.type === 'file' ? s.size : 0} ${s.mode.toString(8)} ${detail}`);
  }
  return lines.sort();
}

describe('merged tree vs GNU tar extraction with whiteouts applied', () => {
  it('agrees on random layer stacks', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(opArb, { maxLength: 14 }), { minLength: 1, maxLength: 4 }), async (layerOps) => {
        const tars = buildLayers(layerOps).map((entries) => writeTar(entries));
        expect(await mergedTree(tars)).toEqual(referenceTree(tars));
      }),
      { numRuns: 40 },
    );
  }, 180_000);
});
