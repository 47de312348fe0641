/**
 * Keeps the student's work across page reloads: the host filesystem and the Docker daemon's
 * images, tags, containers and localhost:5000 registry, in the browser's IndexedDB (reachable
 * from the worker).
 *
 * When a statement completes a save starts (statements completing during a save share the
 * next one), and the page asks for one when it is hidden. The snapshots are taken
 * synchronously, then written in one transaction, and only what changed is written: the
 * filesystem (its tar as parts: literal bytes and pattern runs, source-parts.ts) when it
 * differs from the last one saved, blobs (image configs and layers, containers' writable
 * layers, the registry's manifests and blobs) once each, by digest. A
 * failed save is one line in the terminal and the session goes on.
 *
 * One tab keeps the session: the first to open takes a Web Lock for its lifetime. Another tab
 * opened meanwhile starts from what the first saved, says in one line that its own work is not
 * kept, and never writes (two writers would each overwrite the other's state).
 *
 * Uploads (archives chosen or dropped on the page, stored-upload.ts) are kept once each, as a
 * Blob under `upload:<uuid>`; snapshots name them, and one no snapshot names is deleted. A source
 * that is a Blob already (a compressed archive, decompressed into one to be loaded by the upload
 * or by `docker load` in the terminal) is stored as it is, under a key of its own, the same way.
 * What is made of windows of these (layers, a `docker build` layer with an uploaded file COPY'd
 * in, `tar -x` members, a `docker save -o` of an uploaded image) is saved as those windows, by key
 * and range, never read. A host file whose content can only be read by waiting and is not such
 * windows is spooled into a Blob of its own, not expanded into the host tar.
 *
 * Storage is idb-keyval: a promise-based get/set over one object store, about 600 bytes, no
 * dependencies, and `setMany` writes several keys in one transaction (a snapshot never lands
 * half-written).
 */
import { clear, createStore, delMany, get, keys, setMany } from 'idb-keyval';
import type { DockerDaemon } from '../engine/docker/daemon.ts';
import { restoreDaemon, snapshotDaemon, storedUploadKeys, type DaemonSnapshot, type StoredBlob } from '../engine/docker/snapshot.ts';
import { errorLine } from '../engine/errors.ts';
import type { ShellFs } from '../shell/shell-fs.ts';
import { partsAreKnown, sameParts, type SourcePart } from '../engine/io/source-parts.ts';
import { hostFsTar, hostSnapshotOf, hostSnapshotUploads, restoreHostFs, type HostSnapshot } from '../shell/snapshot.ts';
import { BlobSource, readChunks, type ByteSource } from '../engine/io/byte-source.ts';
import { spoolBlob, SPOOL_PART_BYTES } from './spool-blob.ts';
import { StoredUploadSource, storedUploadKey, storedUploads, UPLOAD_KEY_PREFIX } from './stored-upload.ts';

/** The key-value store a session is kept in: IndexedDB in the page, a Map in tests. */
export interface SessionStore {
  get(key: string): Promise<unknown>;
  setMany(entries: [string, unknown][]): Promise<void>;
  delMany(keys: string[]): Promise<void>;
  keys(): Promise<string[]>;
  clear(): Promise<void>;
}

export const DATABASE_NAME = 'layerlab';
export const STORE_NAME = 'session';

export function indexedDbSessionStore(database: string = DATABASE_NAME): SessionStore {
  const store = createStore(database, STORE_NAME);
  return {
    get: (key) => get(key, store),
    setMany: (entries) => setMany(entries, store),
    delMany: (names) => delMany(names, store),
    keys: async () => (await keys(store)).map(String),
    clear: () => clear(store),
  };
}

/** Delete every database a session is kept in (the playground's and each lesson machine's). */
export async function deleteSessionDatabases(): Promise<void> {
  const names = (await indexedDB.databases()).map((db) => db.name).filter((name): name is string => name === DATABASE_NAME || !!name?.startsWith(`${DATABASE_NAME}:`));
  await Promise.all(
    names.map(
      (name) =>
        new Promise<void>((resolve) => {
          const request = indexedDB.deleteDatabase(name);
          // Blocked: an open connection (this worker's) closes when the page reloads next, and the deletion completes then.
          request.onsuccess = request.onerror = request.onblocked = () => resolve();
        }),
    ),
  );
}

export const HOST_KEY = 'host-fs';
export const DAEMON_KEY = 'daemon';
export const BLOB_KEY_PREFIX = 'blob:';

/** The Web Lock the tab that keeps the session holds. */
export const SESSION_LOCK = 'layerlab-session';

export const NOT_KEPT_LINE = 'layerlab: another tab keeps your work; what you do in this tab is not saved';

/**
 * Whether this page may keep the session: true once it holds the session lock (kept until the
 * page goes away), false when another tab holds it; true where Web Locks do not exist (Node).
 */
export async function claimSession(): Promise<boolean> {
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  if (!locks) return true;
  return new Promise<boolean>((resolve, reject) => {
    locks
      .request(SESSION_LOCK, { ifAvailable: true }, (lock) => {
        resolve(lock !== null);
        // Held until the worker ends with the page.
        return lock === null ? undefined : new Promise<void>(() => {});
      })
      .catch(reject);
  });
}

export interface SessionKeeperOptions {
  store: SessionStore;
  daemon: DockerDaemon;
  /** The programs the shell runs (the host snapshot records them). */
  programs: readonly string[];
  /** Prints one line in the terminal. */
  report: (line: string) => void;
}

export class SessionKeeper {
  private fs: ShellFs | undefined;
  /** `OverlayFs.changes` at the last saved host snapshot. */
  private savedHostChanges: number | undefined;
  private savedHostTar: readonly SourcePart[] | undefined;
  private savedDaemonJson: string | undefined;
  private readonly savedBlobs = new Set<string>();
  /** Uploads in the store; those of this page stay until it reloads (a snapshot may not name them yet). */
  private readonly savedUploads = new Set<string>();
  private readonly newUploads = new Set<string>();
  /** Uploads whose stored copy is being written. */
  private readonly storing = new Set<Promise<void>>();
  private readonly uploads = storedUploads((key) => this.options.store.get(key));
  /**
   * Keys given to sources that are a Blob already (a compressed archive decompressed into a Blob
   * by transfer-service.ts, or by the daemon's `docker load`, see workspaces.ts): the Blob is
   * stored as it is under `upload:<key>`, never read, and the layers in it are saved as its
   * windows (see keyOfSource).
   */
  private readonly blobKeys = new WeakMap<ByteSource, string>();
  /** Such Blobs the snapshot being taken names and the store does not hold yet, by key. */
  private readonly blobsToStore = new Map<string, BlobSource>();
  /** Keys given to host files spooled into Blobs of their own (see keyOfFileContent). */
  private readonly spooledKeys = new WeakMap<ByteSource, string>();
  /** Contents waiting to be spooled, by key; dropped once stored. */
  private readonly toSpool = new Map<string, ByteSource>();
  /** The uploads host files name, as last saved (a save that skips the host keeps its answer), and the paths naming them. */
  private savedHostUploads: readonly string[] = [];
  private savedHostUploadPaths = '';
  private timer: ReturnType<typeof setTimeout> | undefined;
  private saving: Promise<void> | undefined;
  private saveAgain = false;
  private failing = false;
  private forgotten = false;
  /** Another tab keeps the session: this one restores, but never writes. */
  private readOnly = false;

  constructor(private readonly options: SessionKeeperOptions) {}

  /**
   * The saved host filesystem (undefined when there is none or it cannot be restored) and the
   * saved images, put into the daemon. Never throws: what cannot be restored is reported in one
   * line, and the shell starts fresh.
   */
  async restore(): Promise<ShellFs | undefined> {
    const { store, daemon, programs } = this.options;
    const problems: string[] = [];
    let fs: ShellFs | undefined;
    try {
      for (const key of await store.keys()) {
        if (key.startsWith(BLOB_KEY_PREFIX)) this.savedBlobs.add(key.slice(BLOB_KEY_PREFIX.length));
        if (key.startsWith(UPLOAD_KEY_PREFIX)) this.savedUploads.add(key.slice(UPLOAD_KEY_PREFIX.length));
      }
      const host = await store.get(HOST_KEY);
      if (host !== undefined) {
        try {
          fs = await restoreHostFs(host, { programs, openStored: this.uploads.open });
        } catch (err) {
          problems.push(errorLine(err));
        }
      }
      const images = await store.get(DAEMON_KEY);
      if (images !== undefined) {
        try {
          await restoreDaemon(daemon, images, async (digest) => (await store.get(BLOB_KEY_PREFIX + digest)) as StoredBlob, this.uploads);
        } catch (err) {
          problems.push(errorLine(err));
        }
      }
    } catch (err) {
      problems.push(`the browser's storage cannot be read (${errorLine(err)})`);
    }
    if (problems.length > 0) this.options.report(`layerlab: your saved work was not restored: ${problems.join('; ')}; starting fresh`);
    return fs;
  }

  /**
   * Keep an uploaded file: its source reads the file at once and the stored copy once it is
   * written (`stored` settles then). A tab that does not keep the session reads the file only.
   */
  storeUpload(file: Blob): { source: StoredUploadSource; stored: Promise<void> } {
    const key = crypto.randomUUID();
    const source = new StoredUploadSource(file, key);
    if (this.readOnly || this.forgotten) return { source, stored: Promise.resolve() };
    this.newUploads.add(key);
    const stored = (async () => {
      try {
        await this.options.store.setMany([[UPLOAD_KEY_PREFIX + key, file]]);
        this.savedUploads.add(key);
        source.adopt((await this.uploads.open(key)).blob);
      } catch (err) {
        source.kept = 'lost';
        throw err;
      }
    })();
    // Saves wait for it: a snapshot must never name an upload that is not (yet) written.
    const settled = stored.catch(() => undefined);
    this.storing.add(settled);
    void settled.then(() => this.storing.delete(settled));
    return { source, stored };
  }

  /** Never write: another tab keeps the session (reported in one line). */
  stopSaving(): void {
    this.readOnly = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.options.report(NOT_KEPT_LINE);
  }

  /** The host filesystem to keep (the shell's, once it exists). */
  keep(fs: ShellFs): void {
    this.fs = fs;
  }

  /**
   * A statement finished: save at once (statements finishing while a save runs share the one
   * after it). Never waits.
   *
   * At once, not after a pause, because a page cannot save as it goes away: in Chromium a
   * reload ends the worker before a save asked for on `pagehide` is written (measured with
   * tests/browser/persistence.test.ts), so a save that waited a second lost the last command.
   */
  statementDone(): void {
    if (this.forgotten || this.readOnly || this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.saveNow();
    }, 0);
  }

  /**
   * Save now (after the save in progress, if any), instead of the save scheduled. Never rejects:
   * a failure is reported once.
   */
  async saveNow(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.saving) {
      this.saveAgain = true;
      return this.saving;
    }
    this.saving = (async () => {
      do {
        this.saveAgain = false;
        await this.saveOnce();
      } while (this.saveAgain && !this.forgotten);
    })().finally(() => (this.saving = undefined));
    return this.saving;
  }

  /** Stop saving and delete everything saved: the next page load starts fresh. */
  async forget(): Promise<void> {
    this.forgotten = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.saving;
    await this.options.store.clear();
    this.savedBlobs.clear();
  }

  /**
   * The stored upload a source is: an upload's own key, or the key a Blob already in the
   * browser's blob store is (or will be, at this save) kept under. The engine's snapshots save
   * windows of such sources by key and range.
   */
  private readonly keyOfSource = (source: ByteSource): string | undefined => {
    const upload = storedUploadKey(source);
    if (upload !== undefined || !(source instanceof BlobSource)) return upload;
    let key = this.blobKeys.get(source);
    if (key === undefined) {
      key = crypto.randomUUID();
      this.blobKeys.set(source, key);
    }
    if (!this.savedUploads.has(key)) this.blobsToStore.set(key, source);
    return key;
  };

  /**
   * The key a host file's content is kept under, outside the host tar: an upload's own key (or a
   * Blob's, see keyOfSource); undefined for content made of windows of those and bytes in memory
   * (a `docker save -o` of an uploaded image), which the host tar keeps as its parts; else, for
   * content that can only be read by waiting (an upload the browser could not keep), a key of its
   * own under which it is spooled into a Blob at the next save (once: contents never change).
   */
  private readonly keyOfFileContent = (content: ByteSource): string | undefined => {
    const upload = this.keyOfSource(content);
    // Made of windows of uploads (and bytes in memory): left in the host tar, saved as those windows.
    if (upload !== undefined || partsAreKnown(content, this.keyOfSource)) return upload;
    let key = this.spooledKeys.get(content);
    if (key === undefined) {
      key = crypto.randomUUID();
      this.spooledKeys.set(content, key);
      this.toSpool.set(key, content);
    }
    return key;
  };

  /** Delete stored uploads of earlier page loads that neither the host nor the daemon names now. */
  private async deleteUnusedUploads(daemon: DaemonSnapshot, host: HostSnapshot | undefined): Promise<void> {
    if (host !== undefined) this.savedHostUploads = hostSnapshotUploads(host);
    const used = storedUploadKeys(daemon);
    for (const key of this.savedHostUploads) used.add(key);
    const unused = [...this.savedUploads].filter((key) => !used.has(key) && !this.newUploads.has(key));
    if (unused.length === 0) return;
    await this.options.store.delMany(unused.map((key) => UPLOAD_KEY_PREFIX + key));
    for (const key of unused) this.savedUploads.delete(key);
  }

  private async saveOnce(): Promise<void> {
    await Promise.all(this.storing);
    const { fs } = this;
    if (!fs || this.forgotten || this.readOnly) return;
    const { store, daemon, programs } = this.options;
    // Filled again by the snapshots below (keyOfSource): only what they name is stored.
    this.blobsToStore.clear();
    try {
      // Both snapshots are taken synchronously: one consistent moment, even with a command running.
      // The host tar is rebuilt only when the filesystem changed since the last save, and is
      // kept as its parts (a student's 156 MB `docker save` archive is its headers and pattern runs).
      const changes = fs.overlay.changes;
      // Files whose content is an upload go in empty, named by key (keyOfFileContent).
      const hostTar = changes === this.savedHostChanges ? undefined : hostFsTar(fs, this.keyOfFileContent);
      const { snapshot, blobs } = await snapshotDaemon(daemon, { keyOf: this.keyOfSource });
      const host = hostTar && (await hostSnapshotOf(hostTar, programs, this.keyOfSource));
      const daemonJson = JSON.stringify(snapshot);
      const entries: [string, unknown][] = [];
      const newBlobs = [...blobs.keys()].filter((digest) => !this.savedBlobs.has(digest));
      for (const digest of newBlobs) entries.push([BLOB_KEY_PREFIX + digest, await blobs.get(digest)!(digest)]);
      const hostChanged =
        host !== undefined && (this.savedHostTar === undefined || !sameParts(host.tar, this.savedHostTar) || String(host.stored ?? '') !== this.savedHostUploadPaths);
      if (hostChanged) entries.push([HOST_KEY, host]);
      // Files kept as Blobs of their own go in the same transaction as the snapshot naming them.
      const spooledNow: string[] = [];
      for (const [, key] of host?.stored ?? []) {
        const content = this.toSpool.get(key);
        if (content === undefined || this.savedUploads.has(key)) continue;
        entries.push([UPLOAD_KEY_PREFIX + key, await spoolBlob(readChunks(content, SPOOL_PART_BYTES))]);
        spooledNow.push(key);
      }
      // Blobs the browser holds already are stored as they are: IndexedDB copies them from the blob store, not through the heap.
      for (const [key, source] of this.blobsToStore) {
        entries.push([UPLOAD_KEY_PREFIX + key, source.blob]);
        spooledNow.push(key);
      }
      if (daemonJson !== this.savedDaemonJson) entries.push([DAEMON_KEY, JSON.parse(daemonJson)]);
      if (entries.length > 0) await store.setMany(entries);
      for (const key of spooledNow) {
        this.savedUploads.add(key);
        this.toSpool.delete(key);
      }
      // Their stored copies are read from now on, as an upload's are: the browser can let the spooled ones go.
      const storedNow = [...this.blobsToStore];
      this.blobsToStore.clear();
      for (const [key, source] of storedNow) {
        const copy = await store.get(UPLOAD_KEY_PREFIX + key).catch(() => undefined);
        if (copy instanceof Blob && copy.size === source.size) source.adopt(copy);
      }
      for (const digest of newBlobs) this.savedBlobs.add(digest);
      if (host !== undefined) {
        this.savedHostTar = host.tar;
        this.savedHostUploadPaths = String(host.stored ?? '');
        this.savedHostChanges = changes;
      }
      this.savedDaemonJson = daemonJson;
      await this.deleteUnusedUploads(snapshot, host);
      // Blobs of images that are gone: deleted after the snapshot that no longer names them is stored.
      const stale = [...this.savedBlobs].filter((digest) => !blobs.has(digest));
      if (stale.length > 0) {
        await store.delMany(stale.map((digest) => BLOB_KEY_PREFIX + digest));
        for (const digest of stale) this.savedBlobs.delete(digest);
      }
      this.failing = false;
    } catch (err) {
      // One line per run of failures, not one per statement.
      if (!this.failing) this.options.report(`layerlab: your work could not be saved in this browser (${errorLine(err)}); the session goes on`);
      this.failing = true;
    }
  }
}
