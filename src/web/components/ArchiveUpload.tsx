/**
 * Uploads into the terminal's machine: a button with a file input, and a drop anywhere on the
 * page. The archive goes to the worker (src/worker/transfer-service.ts), which keeps it, puts it
 * in the home directory and loads its images as `docker load` would. While it works, a status
 * box fixed in the corner of the window shows what is being done, how far, how fast: it is in
 * view whatever the page's scroll or layout (a 1366×768 laptop, a projector). The box
 * (UploadStatus.tsx) loads when first needed, not before the terminal's first prompt.
 */
import { proxy, type Remote } from 'comlink';
import { lazy, Suspense, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { TransferApi, UploadProgress, UploadResult } from '../../worker/transfer-api.ts';
import { failureLine } from '../engine-client.ts';
import './archive-upload.css';

export type UploadState =
  | { state: 'idle' }
  | { state: 'running'; fileName: string; progress: UploadProgress; startedMs: number; bytesPerSecond?: number }
  | { state: 'done'; fileName: string; result: UploadResult; seconds: number }
  | { state: 'failed'; fileName: string; error: string };

/** How long a successful upload's status stays up. */
const SUCCESS_SHOWN_MS = 20_000;

/**
 * One upload at a time; a new one supersedes the old one's status (the worker finishes both).
 * Its state lives outside React's tree: progress arrives ten times a second, and only the
 * status box re-renders for it, not the page around it.
 */
export class Uploader {
  private state: UploadState = { state: 'idle' };
  private readonly listeners = new Set<() => void>();
  private generation = 0;
  private dismissTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly worker: Remote<TransferApi>) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly current = (): UploadState => this.state;

  readonly start = (file: File): void => {
    const mine = ++this.generation;
    const startedMs = performance.now();
    let verifyStart: { ms: number; bytes: number } | undefined;
    this.set({ state: 'running', fileName: file.name, startedMs, progress: { phase: 'storing', bytesDone: 0, totalBytes: file.size } });
    const onProgress = (progress: UploadProgress) => {
      if (this.generation !== mine || this.state.state !== 'running') return;
      const now = performance.now();
      if (progress.phase === 'verifying' && !verifyStart) verifyStart = { ms: now, bytes: progress.bytesDone };
      const seconds = verifyStart ? (now - verifyStart.ms) / 1000 : 0;
      const bytesPerSecond = verifyStart && seconds > 0.2 ? (progress.bytesDone - verifyStart.bytes) / seconds : undefined;
      this.set({ ...this.state, progress, ...(bytesPerSecond ? { bytesPerSecond } : {}) });
    };
    this.worker.uploadArchive(file, proxy(onProgress)).then(
      (result) => {
        if (this.generation !== mine) return;
        this.set({ state: 'done', fileName: file.name, result, seconds: (performance.now() - startedMs) / 1000 });
        // A success steps aside by itself after a while; a failure stays until it is read and closed.
        if (result.ok) this.dismissTimer = setTimeout(() => this.generation === mine && this.dismiss(), SUCCESS_SHOWN_MS);
      },
      (err: unknown) => this.generation === mine && this.set({ state: 'failed', fileName: file.name, error: failureLine(err) }),
    );
  };

  readonly dismiss = (): void => this.set({ state: 'idle' });

  private set(state: UploadState): void {
    if (this.dismissTimer !== undefined) clearTimeout(this.dismissTimer);
    this.dismissTimer = undefined;
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}

/**
 * A drop of files anywhere on the page hands the first to `onFile`, unless a drop zone of its
 * own (the archive panel's) already took it. While a file is dragged over the page, it says
 * where the file will go.
 */
export function usePageDrop(onFile: (file: File) => void): boolean {
  const [dragging, setDragging] = useState(false);
  const latest = useRef(onFile);
  latest.current = onFile;
  useEffect(() => {
    const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;
    let depth = 0;
    const enter = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth++;
      setDragging(true);
    };
    const leave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const over = (event: DragEvent) => {
      if (carriesFiles(event)) event.preventDefault(); // allow the drop (the browser would open the file instead)
    };
    const drop = (event: DragEvent) => {
      depth = 0;
      setDragging(false);
      if (!carriesFiles(event)) return;
      if (event.defaultPrevented) return; // a drop zone of the page took it
      event.preventDefault();
      const file = event.dataTransfer?.files[0];
      if (file) latest.current(file);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, []);
  return dragging;
}

/** The button that picks an archive for the terminal's machine. */
export function UploadButton({ onFile }: { onFile: (file: File) => void }) {
  return (
    <label className="upload-button" title="Load a docker save or OCI archive into the terminal's Docker, and put the file in your home directory (or drop it anywhere on the page)">
      <span>Load an image archive…</span>
      <input
        type="file"
        className="upload-button__input"
        data-testid="upload-input"
        aria-label="Load an image archive into the terminal"
        onChange={(event) => {
          const file = event.target.files?.[0];
          // Cleared so that choosing the same file again still fires `change`.
          event.target.value = '';
          if (file) onFile(file);
        }}
      />
    </label>
  );
}

const UploadStatus = lazy(() => import('./UploadStatus.tsx').then((m) => ({ default: m.UploadStatus })));

/** The status box's place: nothing (and nothing loaded) until a file is dragged over the page or an upload starts. */
export function UploadStatusSlot({ uploader, dragging }: { uploader: Uploader; dragging: boolean }) {
  const idle = useSyncExternalStore(uploader.subscribe, () => uploader.current().state === 'idle');
  if (idle && !dragging) return null;
  return (
    <Suspense fallback={null}>
      <UploadStatus uploader={uploader} dragging={dragging} />
    </Suspense>
  );
}
