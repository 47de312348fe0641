/**
 * Downloads the explorer offers. A file of an image comes from the explorer's own worker call;
 * a layer's tar and a whole image's `docker save` come from the transfer service (issue 10's
 * `download`), given to the explorer as this small interface so either side can change alone;
 * the page (App.tsx) builds it from src/worker/transfer-api.ts and src/web/download.ts.
 */

import type { DownloadProgress } from '../../worker/transfer-api.ts';

export type { DownloadProgress };

export interface ImageTransfers {
  /** Save layer `layer` (0 = bottom) of the image as its tar, through the browser's download. */
  downloadLayer(imageRef: string, layer: number, onProgress?: (progress: DownloadProgress) => void): Promise<void>;
  /** Save the image as `docker save` would, through the browser's download. */
  downloadImage(imageRef: string, onProgress?: (progress: DownloadProgress) => void): Promise<void>;
}
