/**
 * Files in and out of the playground, between the page and the worker (comlink; see
 * transfer-service.ts). In: an archive chosen or dropped on the page goes into the shown
 * workspace, as a file in the home directory and, as `docker load` would, into its daemon. Out:
 * a file, a layer's tar or an image's `docker save` archive comes back as a `Blob` (streamed
 * into the browser's blob store, never a second copy in the worker's memory) that the page
 * saves with `saveDownload` (src/web/download.ts):
 *
 *     saveDownload(await worker.downloadImage('redis:latest'));
 */

/** What the page turns into a browser download. */
export interface Download {
  blob: Blob;
  /** The name the browser offers to save it under. */
  fileName: string;
}

/** How far an upload is, reported a few times a second. */
export interface UploadProgress {
  /**
   * `storing`: keeping the file in this browser; `decompressing`: a compressed archive (`docker
   * save | gzip`) being unpacked, `bytesDone` unpacked so far; `verifying`: reading it and
   * checking every digest (as `docker load`).
   */
  phase: 'storing' | 'decompressing' | 'verifying';
  /** Bytes of the archive read so far (verifying) or unpacked (decompressing); `totalBytes`: the file's size. */
  bytesDone: number;
  totalBytes: number;
}

/** How far a download's Blob is made (a `docker save` or a layer streamed into the blob store), a few times a second. */
export interface DownloadProgress {
  bytesDone: number;
  /** Unknown while a compressed layer is decompressed. */
  totalBytes?: number;
}

/** The name an image's `docker save` archive downloads under: `redis_7.tar` for `docker.io/library/redis:7`. */
export function imageArchiveName(imageRef: string): string {
  return `${imageRef.replace(/^.*\//, '').replace(/[:@]/g, '_')}.tar`;
}

export type UploadResult =
  | {
      ok: true;
      /** Where the file is in the workspace (`/root/debian.tar`). */
      path: string;
      /** What `docker load` printed (`Loaded image: debian:real`). */
      loaded: string[];
      /** Layers the daemon had already, so not read (as `docker load` skips them); absent when none. */
      layersAlreadyHere?: number;
    }
  | {
      ok: false;
      path: string;
      /** Why it is no image, for a student: "this is not a docker save or OCI archive: …". */
      error: string;
    };

export interface TransferApi {
  /**
   * Put `file` in the shown workspace's home directory (stored once, in this browser) and load
   * its images into its daemon. Never rejects for a bad archive: the result says why. Rejects
   * only when there is no shell yet.
   */
  uploadArchive(file: File, onProgress?: (progress: UploadProgress) => void): Promise<UploadResult>;
  /**
   * A file of the shown workspace (a path as the shell reads it, relative to $HOME). Making the
   * Blob reads every byte unless it is a window of an upload: `onProgress` hears how far it is.
   */
  downloadFile(path: string, onProgress?: (progress: DownloadProgress) => void): Promise<Download>;
  /** One layer's tar (uncompressed, as in `docker save`) by index from the bottom (0) or diff_id. */
  downloadLayer(imageRef: string, layer: number | string, onProgress?: (progress: DownloadProgress) => void): Promise<Download>;
  /** `docker save IMAGE` of the shown workspace's daemon. */
  downloadImage(imageRef: string, onProgress?: (progress: DownloadProgress) => void): Promise<Download>;
}
