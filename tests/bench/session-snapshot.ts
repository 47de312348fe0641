/**
 * `node --expose-gc --import tsx tests/bench/session-snapshot.ts` — what the page stores after
 * `docker pull node:alpine; docker save -o n.tar node:alpine` (issue 8 point 2: pattern bytes
 * are never materialised, not even to be saved), and the heap it takes: stored bytes per key
 * kind, heap growth over the save, and the restored n.tar's sha256 against the original's.
 * With `--catalog`: every catalog image pulled and each saved to a file of its own, then the
 * session saved and restored the same way.
 */
import { getCommandNames } from 'just-bash';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createShell } from '../../src/shell/create-shell.ts';
import { layerlabCommands } from '../../src/shell/commands/index.ts';
import { SessionKeeper, type SessionStore } from '../../src/worker/persistence.ts';
import { newDaemon } from '../docker/support/docker-shell.ts';
import { FIXED_NOW, runShell } from '../shell/support/run-shell.ts';
import { readChunks } from '../../src/engine/io/byte-source.ts';
import { installNodePlatform } from '../../src/node/node-gunzip.ts';

installNodePlatform();

/** A Map standing in for IndexedDB; values are cloned as IndexedDB would. */
class MemoryStore implements SessionStore {
  readonly data = new Map<string, unknown>();
  async get(key: string) {
    return structuredClone(this.data.get(key));
  }
  async setMany(entries: [string, unknown][]) {
    for (const [key, value] of entries) this.data.set(key, structuredClone(value));
  }
  async delMany(keys: string[]) {
    for (const key of keys) this.data.delete(key);
  }
  async keys() {
    return [...this.data.keys()];
  }
  async clear() {
    this.data.clear();
  }
}

/** Bytes in typed arrays (each one's whole buffer, as a structured clone keeps it) plus JSON text, walking a stored value. */
function storedBytes(value: unknown): number {
  if (value instanceof Uint8Array) return value.buffer.byteLength;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + storedBytes(v), 0);
  if (typeof value === 'object' && value !== null) return Object.values(value).reduce((n: number, v) => n + storedBytes(v), 0);
  return JSON.stringify(value ?? null).length;
}

async function pageLoad(store: MemoryStore) {
  const daemon = newDaemon();
  const keeper = new SessionKeeper({ store, daemon, programs: [...getCommandNames(), 'docker'], report: (line) => console.error(line) });
  const fs = await keeper.restore();
  const session = await createShell({ terminal: { stdout: () => {}, stderr: () => {} }, commands: layerlabCommands({ docker: daemon }), now: () => FIXED_NOW, ...(fs ? { fs } : {}) });
  keeper.keep(session.fs);
  return { keeper, session, run: (script: string) => runShell(script, { session }) };
}

const mb = (n: number) => (n / 1e6).toFixed(1) + ' MB';
const heap = () => (globalThis.gc?.(), process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers);

/** Streamed from the file's source (the shell's sha256sum holds far more: measured apart). */
async function sha256Of(page: Awaited<ReturnType<typeof pageLoad>>, path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of readChunks(await page.session.fs.overlay.openFile(path))) hash.update(chunk);
  return hash.digest('hex');
}

/** The images to pull and save, and the file each is saved to. */
function images(): { tag: string; file: string }[] {
  if (!process.argv.includes('--catalog')) return [{ tag: 'node:alpine', file: '/root/n.tar' }];
  const index = JSON.parse(readFileSync(new URL('../../public/catalog/index.json', import.meta.url), 'utf8')) as { manifests: { annotations: Record<string, string> }[] };
  return index.manifests.map((m, i) => ({ tag: m.annotations['io.containerd.image.name']!.replace(/^docker\.io\/library\//, ''), file: `/root/image${i}.tar` }));
}

const store = new MemoryStore();
const first = await pageLoad(store);
const start0 = heap();
console.log(`heap+buffers at start ${mb(start0)}`);
const saves = images();
let archiveBytes = 0;
for (const { tag, file } of saves) {
  const r = await first.run(`docker pull -q ${tag} >/dev/null && docker save -o ${file} ${tag}`);
  if (r.status !== 0) throw new Error(`docker pull/save of ${tag} failed: ${r.stderr}`);
  archiveBytes += first.session.fs.overlay.stat(file).size;
}
console.log(`after docker pull + docker save -o of ${saves.length} image(s) (${mb(archiveBytes)} of archives): ${mb(heap())}, ${mb(heap() - start0)} added`);
const originals = new Map<string, string>();
for (const { file } of saves) originals.set(file, await sha256Of(first, file));
console.log(`after hashing the archives (streamed) ${mb(heap())}`);
const beforeSave = heap();
const rssBefore = process.resourceUsage().maxRSS * 1024;
let start = performance.now();
await first.keeper.saveNow();
const saveMs = performance.now() - start;
const rawAfter = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
const rssAfter = process.resourceUsage().maxRSS * 1024;
const afterSave = heap();
const sizes = new Map<string, number>();
for (const [key, value] of store.data) {
  const kind = key.startsWith('blob:') ? 'blobs' : key;
  sizes.set(kind, (sizes.get(kind) ?? 0) + storedBytes(value));
}
console.log(`save: ${saveMs.toFixed(0)} ms; heap+buffers before ${mb(beforeSave)}, just after (no GC) ${mb(rawAfter)}, retained after GC ${mb(afterSave)} (the store's copy included); peak RSS ${mb(rssBefore)} -> ${mb(rssAfter)}`);
for (const [kind, n] of sizes) console.log(`stored ${kind}: ${mb(n)}`);
start = performance.now();
const second = await pageLoad(store);
console.log(`restore: ${(performance.now() - start).toFixed(0)} ms, heap after ${mb(heap())}`);
const differing = [];
for (const { file } of saves) if ((await sha256Of(second, file)) !== originals.get(file)) differing.push(file);
console.log(`restored archives' sha256: ${differing.length === 0 ? `all ${saves.length} equal` : `DIFFER: ${differing.join(' ')}`}`);
const before = heap();
await second.run(`sha256sum ${saves[0]!.file} >/dev/null`);
const during = heap();
await second.run('true');
console.log(`the shell's sha256sum of ${saves[0]!.file}: heap+buffers ${mb(before)} -> ${mb(during)} just after it, ${mb(heap())} after the next command`);
