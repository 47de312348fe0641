/**
 * The upload's status box, fixed in the window's corner (see ArchiveUpload.tsx, which loads it
 * when first needed): what is being done, how far, how fast, and the outcome.
 */
import { useSyncExternalStore } from 'react';
import type { UploadProgress } from '../../worker/transfer-api.ts';
import type { Uploader, UploadState } from './ArchiveUpload.tsx';

const MB = 1e6;

function megabytes(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(2)} GB` : `${(bytes / MB).toFixed(bytes < 10 * MB ? 1 : 0)} MB`;
}

/** Where the upload is, fixed in the window's corner so it is always in view. */
export function UploadStatus({ uploader, dragging }: { uploader: Uploader; dragging: boolean }) {
  const upload = useSyncExternalStore(uploader.subscribe, uploader.current);
  const onDismiss = uploader.dismiss;
  if (dragging) {
    return (
      <div className="upload-status upload-status--drop" role="status" data-testid="upload-drop-hint">
        Drop the archive to load it into the terminal’s Docker (it also goes in your home directory).
      </div>
    );
  }
  if (upload.state === 'idle') return null;
  return (
    <div className={`upload-status upload-status--${upload.state}`} role="status" aria-live="polite" data-testid="upload-status">
      {upload.state === 'running' && <RunningUpload upload={upload} />}
      {upload.state === 'done' && upload.result.ok && (
        <>
          <p>
            <strong>{upload.fileName}</strong> is loaded ({upload.seconds.toFixed(1)} s,{' '}
            {upload.result.layersAlreadyHere
              ? `every new layer's digest checked; ${upload.result.layersAlreadyHere === 1 ? '1 layer was' : `${upload.result.layersAlreadyHere} layers were`} here already, as docker load skips them`
              : 'every digest checked'}
            ):
          </p>
          <ul className="upload-status__lines" data-testid="upload-loaded">
            {upload.result.loaded.map((line) => (
              <li key={line}>
                <code>{line}</code>
              </li>
            ))}
          </ul>
          <p className="muted">
            Try <code>docker images</code>; the file is <code>{upload.result.path}</code>.
          </p>
        </>
      )}
      {upload.state === 'done' && !upload.result.ok && (
        <>
          <p className="error" data-testid="upload-error">
            <strong>{upload.fileName}</strong>: {upload.result.error}
          </p>
          <p className="muted">
            Nothing else changed: the images you had are still there. The file is in <code>{upload.result.path}</code>, for <code>tar -tvf</code>.
          </p>
        </>
      )}
      {upload.state === 'failed' && (
        <p className="error" data-testid="upload-error">
          {upload.fileName}: {upload.error}
        </p>
      )}
      {upload.state !== 'running' && (
        <button type="button" className="upload-status__close" onClick={onDismiss} aria-label="Close">
          ×
        </button>
      )}
    </div>
  );
}

function RunningUpload({ upload }: { upload: Extract<UploadState, { state: 'running' }> }) {
  const { progress } = upload;
  const verifying = progress.phase === 'verifying';
  const fraction = verifying && progress.totalBytes > 0 ? progress.bytesDone / progress.totalBytes : undefined;
  const { doing, amount } = describe(progress);
  return (
    <>
      <p>
        <strong>{upload.fileName}</strong>: {doing}
      </p>
      <progress max={1} value={fraction} aria-label="Upload progress" />
      <p className="muted" data-testid="upload-progress">
        {amount}
        {verifying && upload.bytesPerSecond ? ` · ${megabytes(upload.bytesPerSecond)}/s` : ''}
      </p>
    </>
  );
}

/** What the upload is doing, and how far, in a student's words. */
function describe(progress: UploadProgress): { doing: string; amount: string } {
  switch (progress.phase) {
    case 'verifying':
      return { doing: 'checking every digest, as docker load does', amount: `${megabytes(progress.bytesDone)} of ${megabytes(progress.totalBytes)}` };
    case 'decompressing':
      return { doing: 'unpacking the compressed archive', amount: `${megabytes(progress.bytesDone)} unpacked from ${megabytes(progress.totalBytes)}` };
    case 'storing':
      return { doing: progress.bytesDone === 0 ? 'opening it' : 'keeping a copy in this browser', amount: megabytes(progress.totalBytes) };
  }
}
