/**
 * Downloads the explorer offers. A file of an image comes from the explorer's own worker call;
 * a layer's tar and a whole image's `docker save` come from the transfer service (issue 10's
 * `download`), given to the explorer as this small interface so either side can change alone.
 */

export interface ImageTransfers {
  /** Save layer `layer` (0 = bottom) of the image as its tar, through the browser's download. */
  downloadLayer(imageRef: string, layer: number): Promise<void>;
  /** Save the image as `docker save` would, through the browser's download. */
  downloadImage(imageRef: string): Promise<void>;
}

/** Hand a Blob to the browser's download under `name`. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own reference to the bytes once started.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
