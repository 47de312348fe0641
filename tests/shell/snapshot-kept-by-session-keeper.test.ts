import { describe, expect, it } from 'vitest';
import { getCommandNames } from 'just-bash';
import { BLOB_KEY_PREFIX, DAEMON_KEY, HOST_KEY, NOT_KEPT_LINE, SessionKeeper, type SessionStore } from '../../src/worker/persistence.ts';
import { createShell } from '../../src/shell/create-shell.ts';
import { dockerCommand } from '../../src/shell/commands/docker/index.ts';
import type { DockerDaemon } from '../../src/engine/docker/daemon.ts';
import { containerDaemon } from '../docker/containers-support.ts';
import { newDaemon } from '../docker/support/docker-shell.ts';
import { FIXED_NOW, runShell } from './support/run-shell.ts';

/** A Map standing in for IndexedDB (values go in and out by structured clone, as IndexedDB's do), counting the keys written. */
class MemoryStore implements SessionStore {
  readonly data = new Map<string, unknown>();
  written: string[] = [];
  failWith: Error | undefined;
  async get(key: string) {
    return structuredClone(this.data.get(key));
  }
  async setMany(entries: [string, unknown][]) {
    if (this.failWith) throw this.failWith;
    for (const [key, value] of entries) (this.data.set(key, structuredClone(value)), this.written.push(key));
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

/** A page load: a fresh daemon and shell, restored from `store`. */
async function pageLoad(store: MemoryStore, daemon: DockerDaemon = newDaemon()) {
  const commands = [dockerCommand(daemon)];
  const reports: string[] = [];
  const keeper = new SessionKeeper({ store, daemon, programs: [...getCommandNames(), 'docker'], report: (line) => reports.push(line) });
  const fs = await keeper.restore();
  const session = await createShell({ terminal: { stdout: () => {}, stderr: () => {} }, commands, now: () => FIXED_NOW, ...(fs ? { fs } : {}) });
  keeper.keep(session.fs);
  const run = (script: string) => runShell(script, { session });
  return { daemon, keeper, reports, run };
}

describe('the session keeper', () => {
  it('a reload finds the files, images and tags of the page before', async () => {
    const store = new MemoryStore();
    const first = await pageLoad(store);
    await first.run('mkdir -p /root/work && echo notes > /root/work/todo.txt\ndocker pull busybox\ndocker tag busybox mine:1');
    await first.keeper.saveNow();
    const second = await pageLoad(store);
    expect(second.reports).toEqual([]);
    const look = await second.run('cat /root/work/todo.txt\ndocker images --format "{{.Repository}}:{{.Tag}} {{.ID}}"');
    expect(look.stdout).toBe(`notes\nbusybox:latest ${first.daemon.getImage('busybox').id.slice(7, 19)}\nmine:1 ${first.daemon.getImage('busybox').id.slice(7, 19)}\n`);
  }, 30_000);

  it('writes only what changed: the files when they change, each blob once, and drops blobs of removed images', async () => {
    const store = new MemoryStore();
    const page = await pageLoad(store);
    await page.run('docker pull busybox');
    await page.keeper.saveNow();
    const blobs = store.written.filter((k) => k.startsWith(BLOB_KEY_PREFIX));
    expect(blobs.length).toBe(2); // config + one layer
    expect(store.written).toContain(HOST_KEY);
    store.written = [];
    await page.keeper.saveNow();
    expect(store.written).toEqual([]);
    await page.run('docker tag busybox other:2');
    await page.keeper.saveNow();
    expect(store.written).toEqual([DAEMON_KEY]);
    store.written = [];
    await page.run('echo x > /tmp/x');
    await page.keeper.saveNow();
    expect(store.written).toEqual([HOST_KEY]);
    await page.run('docker rmi busybox other:2');
    await page.keeper.saveNow();
    expect([...store.data.keys()].filter((k) => k.startsWith(BLOB_KEY_PREFIX))).toEqual([]);
  }, 30_000);

  it('reports a failing save once, and again only after one succeeded', async () => {
    const store = new MemoryStore();
    const page = await pageLoad(store);
    store.failWith = new Error('QuotaExceededError');
    await page.run('echo a > /tmp/a');
    await page.keeper.saveNow();
    await page.run('echo b > /tmp/b');
    await page.keeper.saveNow();
    expect(page.reports).toEqual(['layerlab: your work could not be saved in this browser (QuotaExceededError); the session goes on']);
    store.failWith = undefined;
    await page.keeper.saveNow();
    expect((await pageLoad(store)).reports).toEqual([]);
  });

  it('a damaged save is one line at the next load, which starts fresh; forgetting starts fresh silently', async () => {
    const store = new MemoryStore();
    const first = await pageLoad(store);
    await first.run('echo mine > /root/mine');
    await first.keeper.saveNow();
    store.data.set(HOST_KEY, { format: 99 });
    const second = await pageLoad(store);
    expect(second.reports).toEqual(['layerlab: your saved work was not restored: the saved files are in format 99, this layerlab reads format 2; starting fresh']);
    expect((await second.run('cat /root/mine')).status).not.toBe(0);
    await second.keeper.forget();
    await second.run('echo again > /root/again');
    await second.keeper.saveNow();
    expect(store.data.size).toBe(0);
  });

  it('keeps containers: a writable layer is written once, again only when it changes, and its blob goes with the container', async () => {
    const store = new MemoryStore();
    const page = await pageLoad(store, containerDaemon());
    await page.run('docker pull -q busybox >/dev/null\ndocker run --name box busybox sh -c "echo 1 > /f; echo ran"');
    await page.keeper.saveNow();
    const blobsOf = (keys: string[]) => keys.filter((k) => k.startsWith(BLOB_KEY_PREFIX));
    expect(blobsOf(store.written).length).toBe(3); // config, layer, the container's layer
    store.written = [];
    await page.run('docker ps -a >/dev/null');
    await page.keeper.saveNow();
    expect(store.written).toEqual([]);
    await page.run('docker start -a box >/dev/null');
    await page.keeper.saveNow();
    // The same files (same bytes at the same pinned time): only the record, with a longer log.
    expect(store.written).toEqual([DAEMON_KEY]);
    store.written = [];
    await page.run('docker cp /etc/hostname box:/g');
    await page.keeper.saveNow();
    expect(blobsOf(store.written).length).toBe(1);
    expect(store.written).toContain(DAEMON_KEY);
    const second = await pageLoad(store, containerDaemon());
    expect(second.reports).toEqual([]);
    expect((await second.run('docker diff box')).stdout).toBe('A /f\nA /g\n');
    await second.run('docker rm box');
    await second.keeper.saveNow();
    expect(blobsOf([...store.data.keys()]).length).toBe(2);
  }, 30_000);

  it('a tab that does not keep the session restores the saved work, says so once, and never writes', async () => {
    const store = new MemoryStore();
    const first = await pageLoad(store);
    await first.run('echo first > /root/first');
    await first.keeper.saveNow();
    const second = await pageLoad(store);
    second.keeper.stopSaving();
    await second.run('cat /root/first > /root/second');
    store.written = [];
    second.keeper.statementDone();
    await second.keeper.saveNow();
    expect(store.written).toEqual([]);
    expect(second.reports).toEqual([NOT_KEPT_LINE]);
    expect((await second.run('cat /root/second')).stdout).toBe('first\n');
  });

  it("keeps a `docker save` archive of a big catalog image as its parts: a restored n.tar has the same sha256, and what is stored is small", async () => {
    const store = new MemoryStore();
    const first = await pageLoad(store);
    const saved = await first.run('docker pull -q node:alpine >/dev/null && docker save -o /root/n.tar node:alpine && stat -c %s /root/n.tar && sha256sum /root/n.tar');
    expect(saved.stderr).toBe('');
    const [size, sum] = saved.stdout.split('\n');
    expect(Number(size)).toBeGreaterThan(100_000_000);
    await first.keeper.saveNow();
    // Literal bytes stored under every key: the archive's headers, JSON and file heads, and the
    // pulled (compressed) blobs; a stored array holds its whole buffer (structured clone).
    const literal = (value: unknown): number =>
      value instanceof Uint8Array ? value.buffer.byteLength : typeof value === 'object' && value !== null ? Object.values(value).reduce((n: number, v) => n + literal(v), 0) : 0;
    const stored = [...store.data.values()].reduce((n: number, v) => n + literal(v), 0);
    expect(stored).toBeLessThan(Number(size) / 100);
    const second = await pageLoad(store);
    expect(second.reports).toEqual([]);
    expect((await second.run('sha256sum /root/n.tar')).stdout).toBe(sum + '\n');
    // GNU tar reads the restored archive as the original (oracle: the image's layer list).
    expect((await second.run('tar -tf /root/n.tar | grep -c layer.tar')).stdout).toBe((await first.run('tar -tf /root/n.tar | grep -c layer.tar')).stdout);
  }, 60_000);

  it('stores each blob in a buffer of its own: a config or layer read out of a loaded gzip archive does not take the whole archive along', async () => {
    const store = new MemoryStore();
    const page = await pageLoad(store);
    const loaded = await page.run('docker pull -q busybox >/dev/null && docker save busybox | gzip > /root/b.tgz && docker rmi busybox >/dev/null && docker load -i /root/b.tgz');
    expect(loaded.stderr).toBe('');
    expect(loaded.stdout).toMatch(/^Loaded image: busybox:latest$/m);
    await page.keeper.saveNow();
    // A structured clone (IndexedDB's, and this store's) copies a Uint8Array's whole ArrayBuffer,
    // so a view on the gunzipped archive would be stored as all of it.
    const blobs = [...store.data].filter(([key]) => key.startsWith(BLOB_KEY_PREFIX));
    expect(blobs.length).toBe(2); // config + one layer
    for (const [key, value] of blobs) {
      expect(value).toBeInstanceOf(Uint8Array);
      const bytes = value as Uint8Array;
      expect({ key, stored: bytes.buffer.byteLength }).toEqual({ key, stored: bytes.byteLength });
    }
    expect((await pageLoad(store)).reports).toEqual([]);
  }, 30_000);
});
