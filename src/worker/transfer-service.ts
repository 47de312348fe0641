/**
 * Files in and out of the shown workspace (the contract: transfer-api.ts).
 *
 * In: the archive is stored once (stored-upload.ts), placed in the home directory as a file
 * whose content is that stored Blob, verified (every layer hashed against its digests, four at
 * a time) and loaded into the workspace's daemon as `docker load` loads it. Storing and hashing read the
 * same file at the same time, so the upload takes about as long as the slower of the two.
 *
 * Out: a file's or layer's bytes become a Blob without a second copy in the worker: a window
 * of a stored upload is a slice of its Blob; anything else is streamed into the browser's blob
 * store in parts (spool-blob.ts).
 */
import { openArchive, type ImageArchive } from '../engine/image/archive.ts';
import { readIndexesAhead } from '../engine/image/layer.ts';
import { verifyImage } from '../engine/image/verify.ts';
import { errorLine, LayerlabError } from '../engine/errors.ts';
import { BlobSource, readChunks, type ByteSource } from '../engine/io/byte-source.ts';
import { windowsOf, type SourceWindow } from '../engine/io/source-parts.ts';
import { lastComponent } from '../engine/overlay/path.ts';
import { PROGRESS_INTERVAL_MS } from './engine-api.ts';
import type { TerminalPort } from './shell-api.ts';
import { BlobStoreFullError, spoolBlob, spoolToBlob } from './spool-blob.ts';
import { StoredUploadSource } from './stored-upload.ts';
import { imageArchiveName, type Download, type DownloadProgress, type TransferApi, type UploadProgress, type UploadResult } from './transfer-api.ts';
import type { Workspace } from './workspaces.ts';

/** Words a student understands before the engine's detail. */
export const NOT_AN_IMAGE = 'this is not a docker save or OCI archive';

/**
 * The bytes of a source as a Blob, copying only what no Blob holds yet: windows of a stored
 * upload (or of any Blob: a decompressed upload) are slices of it, the rest (tar headers, JSON,
 * placeholder binaries' pattern runs) is streamed into the blob store, run by run. So a
 * `docker save -o` of an uploaded image, or `tar -xf` of an upload, downloads without reading
 * the upload's bytes.
 */
export async function blobOf(source: ByteSource, onProgress?: (progress: DownloadProgress) => void): Promise<Blob> {
  const windows = windowsOf(source, 0, source.size, (s) => blobBehind(s) !== undefined);
  const totalBytes = source.size;
  let bytesDone = 0;
  const parts: Blob[] = [];
  for (let i = 0; i < windows.length; ) {
    const { source: leaf, offset, length } = windows[i]!;
    const blob = blobBehind(leaf);
    if (blob) {
      parts.push(blob.slice(offset, offset + length));
      bytesDone += length;
      i++;
      continue;
    }
    // Windows side by side that no Blob holds are read as one stream into one Blob part.
    const run: SourceWindow[] = [];
    for (; i < windows.length && blobBehind(windows[i]!.source) === undefined; i++) run.push(windows[i]!);
    const before = bytesDone;
    const report = onProgress && ((p: DownloadProgress) => onProgress({ bytesDone: before + p.bytesDone, totalBytes }));
    const runBytes = run.reduce((sum, w) => sum + w.length, 0);
    parts.push(await spoolBlob(countedChunks(windowChunks(run), runBytes, report)));
    bytesDone += runBytes;
  }
  onProgress?.({ bytesDone, totalBytes });
  return parts.length === 1 ? parts[0]! : new Blob(parts);
}

/** The Blob a source reads, if it is one: a stored upload, or a Blob (a decompressed upload). */
function blobBehind(source: ByteSource): Blob | undefined {
  if (source instanceof StoredUploadSource) return source.blob;
  if (source instanceof BlobSource && source.blob instanceof Blob) return source.blob;
  return undefined;
}

async function* windowChunks(windows: readonly SourceWindow[]): AsyncGenerator<Uint8Array> {
  for (const { source, offset, length } of windows) yield* readChunks(source, 4 << 20, offset, offset + length);
}

/** `chunks`, telling `onProgress` (at most every PROGRESS_INTERVAL_MS, and at the end) how many bytes went by. */
async function* countedChunks(
  chunks: AsyncIterable<Uint8Array>,
  totalBytes: number | undefined,
  onProgress: ((progress: DownloadProgress) => void) | undefined,
): AsyncGenerator<Uint8Array> {
  let bytesDone = 0;
  let last = Date.now();
  for await (const chunk of chunks) {
    bytesDone += chunk.length;
    if (onProgress && Date.now() - last >= PROGRESS_INTERVAL_MS) {
      last = Date.now();
      onProgress({ bytesDone, ...(totalBytes !== undefined ? { totalBytes } : {}) });
    }
    yield chunk;
  }
  onProgress?.({ bytesDone, ...(totalBytes !== undefined ? { totalBytes } : {}) });
}

/** `download FILE`'s way out: the page's terminal saves it (there is none in Node). */
export async function saveToComputer(port: TerminalPort | undefined, content: ByteSource, fileName: string): Promise<void> {
  if (!port?.download) throw new LayerlabError('EINVAL', 'no web browser here');
  await port.download({ blob: await blobOf(content), fileName });
}

/** A name for the home directory: the last part of what the browser gave, never `.`, `..` or empty. */
export function uploadFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  return base === '' || base === '.' || base === '..' ? 'upload.tar' : base;
}

/**
 * Where an upload goes in the home directory: its own name, or, when something is already
 * there (the student's own `redis.tar`), the name with `-1`, `-2`… before its extension, as a
 * browser's download does: an upload never replaces the student's work.
 */
export function freePath(overlay: { lstatIfExists(path: string): unknown }, dir: string, name: string): string {
  const dot = name.search(/\.(tar|tgz|tar\.gz|tar\.zst|tar\.zstd|gz|zst|oci)$/i);
  const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let n = 0; ; n++) {
    const path = `${dir}/${n === 0 ? name : `${stem}-${n}${extension}`}`;
    if (overlay.lstatIfExists(path) === undefined) return path;
  }
}

/** `shown`: the workspace the terminal shows, once the shell has started (a promise while it starts). */
export function createTransferService(shown: () => Workspace | undefined | Promise<Workspace | undefined>): TransferApi {
  const workspace = async (): Promise<Workspace> => {
    const active = await shown();
    if (!active) throw new Error('the shell has not started yet');
    return active;
  };
  const home = (ws: Workspace) => ws.session.env.HOME ?? '/root';

  return {
    async uploadArchive(file, onProgress): Promise<UploadResult> {
      const ws = await workspace();
      const path = freePath(ws.session.fs.overlay, home(ws), uploadFileName(file.name));
      const report = throttled(onProgress);
      report({ phase: 'storing', bytesDone: 0, totalBytes: file.size }, true);

      const { source, stored } = ws.keeper.storeUpload(file);
      const overlay = ws.session.fs.overlay;
      // The file in the home directory is written while the archive is opened and checked (it reads none of its bytes).
      const written = (async () => {
        await overlay.writeFile(path, source, { mode: 0o644 });
        await overlay.utimes(path, Math.floor(file.lastModified / 1000));
      })();

      let bytesDone = 0;
      let unpacking = false;
      source.onRead = (n) => {
        bytesDone = Math.min(file.size, bytesDone + n);
        if (unpacking) return;
        report({ phase: 'verifying', bytesDone, totalBytes: file.size });
      };
      let result: UploadResult;
      try {
        result = await loadInto(ws, source, path, (unpacked, last) => {
          // Reads of the compressed file are the unpacking's: say how much it unpacked instead.
          unpacking = true;
          report({ phase: 'decompressing', bytesDone: unpacked, totalBytes: file.size }, last);
        });
      } finally {
        source.onRead = undefined;
        await written;
      }
      // The stored copy: the file and its layers are kept across reloads once it is written.
      report({ phase: 'storing', bytesDone: file.size, totalBytes: file.size }, true);
      try {
        await stored;
      } catch (err) {
        const why = `this browser could not keep it (${errorLine(err)}): it is gone after a reload`;
        result = result.ok ? { ...result, loaded: [...result.loaded, why] } : result;
      }
      await ws.keeper.saveNow();
      return result;
    },

    async downloadFile(path, onProgress) {
      const ws = await workspace();
      const absolute = path.startsWith('/') ? path : `${home(ws)}/${path}`;
      const overlay = ws.session.fs.overlay;
      if (overlay.statIfExists(absolute)?.type === 'directory') throw new Error(`${path}: Is a directory`);
      const content = await oneLine(() => overlay.openFile(absolute));
      return { blob: await blobOf(content, onProgress), fileName: lastComponent(absolute) };
    },

    async downloadLayer(imageRef, which, onProgress) {
      const ws = await workspace();
      const image = await oneLine(async () => ws.docker.getImage(imageRef));
      const layers = ws.docker.images.layersOf(image.id);
      const index = typeof which === 'number' ? which : layers.findIndex((l) => l.diffId === which);
      const stored = layers[index];
      if (!stored) throw new Error(`${imageRef} has no layer ${typeof which === 'number' ? `#${which}` : which}`);
      const tar = await stored.layer.tarSource?.();
      const blob = tar ? await blobOf(tar, onProgress) : await spoolBlob(countedChunks(stored.layer.uncompressed(), stored.layer.compression === 'none' ? stored.layer.size : undefined, onProgress));
      return { blob, fileName: `${stored.diffId.replace('sha256:', '').slice(0, 12)}-layer.tar` };
    },

    async downloadImage(imageRef, onProgress) {
      const ws = await workspace();
      const archive = await oneLine(async () => ws.docker.save([imageRef], ws.docker.release.saveFormat));
      return { blob: await spoolBlob(countedChunks(archive.chunks(), archive.byteLength, onProgress)), fileName: imageArchiveName(imageRef) };
    },
  };
}

/**
 * `docker load` of an upload into the workspace's daemon. An archive the engine cannot open is
 * "not a docker save or OCI archive"; one it opens but the daemon refuses (a digest that does
 * not match) says what the daemon said. Either way the daemon keeps what it had.
 */
async function loadInto(ws: Workspace, source: ByteSource, path: string, onDecompressed: (bytes: number, last: boolean) => void): Promise<UploadResult> {
  let archive: ImageArchive;
  try {
    // A compressed archive (docker save | gzip) is decompressed into a Blob of its own, as the archive panel does.
    const spool = async (chunks: AsyncIterable<Uint8Array>) => {
      const unpacked = await spoolToBlob(countedChunks(chunks, undefined, ({ bytesDone }) => onDecompressed(bytesDone, false)));
      onDecompressed(unpacked.size, true);
      return unpacked;
    };
    archive = await openArchive(source, { spool });
  } catch (err) {
    if (err instanceof BlobStoreFullError) {
      // It may well be an image: say what to do instead (a picked .tar is read from the disk, not kept in memory).
      const name = lastComponent(path);
      const unpack = /\.zstd?$/i.test(name) ? `zstd -d ${name}` : `gunzip ${name}`;
      return { ok: false, path, error: `too big to unpack in this browser: ${errorLine(err)}. Unpack it on your computer (${unpack}) and load the .tar: a file you pick is read from your disk, whatever its size` };
    }
    return { ok: false, path, error: `${NOT_AN_IMAGE}: ${errorLine(err)}` };
  }
  const loaded: string[] = [];
  let alreadyHere = 0;
  try {
    // The engine's verify hashes up to four layers side by side (SIMD lanes); the daemon then
    // takes the verified layers without hashing them again. Layers the daemon already has are
    // not read at all, as Docker skips them: uploading an image again is instant.
    // The layers' indexes, which `docker load` reads next, are read while the digests are checked.
    const toLoad = archive.images.map((image) => ws.docker.layersToLoad(image));
    alreadyHere = archive.images.reduce((sum, image, i) => sum + new Set(image.layers).size - toLoad[i]!.length, 0);
    readIndexesAhead(toLoad.flat());
    for (const [i, image] of archive.images.entries()) await verifyImage(image, { layers: toLoad[i]! });
    await ws.docker.loadImages(archive.images, (line) => loaded.push(line));
  } catch (err) {
    return { ok: false, path, error: `docker load refused it: ${errorLine(err)}` };
  }
  return { ok: true, path, loaded, ...(alreadyHere > 0 ? { layersAlreadyHere: alreadyHere } : {}) };
}

/** Failures cross to the page as one line (the engine's), never a stack trace. */
async function oneLine<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const failure = new Error(errorLine(err));
    failure.stack = '';
    throw failure;
  }
}

/** At most one report every PROGRESS_INTERVAL_MS (each is a message to the page and a render), but each new phase at once. */
function throttled(onProgress: ((progress: UploadProgress) => void) | undefined): (progress: UploadProgress, now?: boolean) => void {
  let last = -Infinity;
  let phase: UploadProgress['phase'] | undefined;
  return (progress, now = false) => {
    if (!onProgress) return;
    const time = Date.now();
    if (!now && progress.phase === phase && time - last < PROGRESS_INTERVAL_MS) return;
    last = time;
    phase = progress.phase;
    onProgress(progress);
  };
}
