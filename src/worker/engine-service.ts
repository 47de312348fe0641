/**
 * The engine behind the worker's message port: opens archives, verifies and analyses their
 * images, and answers in plain JSON. Kept free of worker plumbing so it runs (and is tested)
 * in Node as well.
 */
import { analyzeEfficiency } from '../engine/analysis/efficiency.ts';
import { errorLine, NotFoundError } from '../engine/errors.ts';
import { openArchive, type ImageArchive } from '../engine/image/archive.ts';
import { imageHistory } from '../engine/image/history.ts';
import type { Image } from '../engine/image/types.ts';
import { verifyImage } from '../engine/image/verify.ts';
import { BlobSource } from '../engine/io/byte-source.ts';
import {
  PROGRESS_INTERVAL_MS,
  type ArchiveSummary,
  type EfficiencySummary,
  type EngineApi,
  type VerificationSummary,
  type VerifyProgress,
} from './engine-api.ts';
import { spoolToBlob } from './spool-blob.ts';
import { efficiencySummary, imageSummary, verificationSummary } from './summarize.ts';

/** Failures cross to the page as a single line: the engine's message, never a stack trace. */
async function oneLine<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const failure = new Error(errorLine(err));
    failure.stack = '';
    throw failure;
  }
}

/**
 * Progress is posted to the page, which re-renders for each report: pass on at most one every
 * `PROGRESS_INTERVAL_MS`, but always a layer's last (so the page never shows a stale "98 %").
 */
function throttleProgress(report: (progress: VerifyProgress) => void): (progress: VerifyProgress) => void {
  let last = -Infinity;
  return (progress) => {
    const now = Date.now();
    if (progress.bytesDone < progress.totalBytes && now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    report({ ...progress });
  };
}

export function createEngineService(): EngineApi {
  /** Only the most recently opened archive is kept: its File stays readable, nothing is copied. */
  let current: { id: number; archive: ImageArchive } | undefined;
  let lastId = 0;

  function imageOf(archiveId: number, imageIndex: number): Image {
    if (current?.id !== archiveId) throw new NotFoundError('that archive is no longer open; open it again');
    const image = current.archive.images[imageIndex];
    if (image === undefined) throw new NotFoundError(`the archive has no image #${imageIndex}`);
    return image;
  }

  return {
    open: (file, fileName) =>
      oneLine(async (): Promise<ArchiveSummary> => {
        // Opening closes whatever was open, even if this open fails.
        const id = ++lastId;
        current = undefined;
        const archive = await openArchive(new BlobSource(file), { spool: spoolToBlob });
        // Two opens may overlap (the page dropped the first): only the latest stays open.
        if (id === lastId) current = { id, archive };
        return {
          archiveId: id,
          fileName,
          fileSize: file.size,
          format: archive.format,
          images: archive.images.map((image, i) => imageSummary(image, i, imageHistory(image))),
        };
      }),

    verify: (archiveId, imageIndex, onProgress) =>
      oneLine(async (): Promise<VerificationSummary> => {
        const image = imageOf(archiveId, imageIndex);
        const options = onProgress ? { onProgress: throttleProgress(onProgress) } : {};
        return verificationSummary(image, await verifyImage(image, options), imageHistory(image));
      }),

    analyze: (archiveId, imageIndex) =>
      oneLine(async (): Promise<EfficiencySummary> => {
        const image = imageOf(archiveId, imageIndex);
        return efficiencySummary(await analyzeEfficiency(image.layers));
      }),
  };
}
