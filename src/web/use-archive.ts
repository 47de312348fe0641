import { proxy, type Remote } from 'comlink';
import { useCallback, useRef, useState } from 'react';
import type { ArchiveSummary, EfficiencySummary, EngineApi, VerificationSummary, VerifyProgress } from '../worker/engine-api.ts';
import { failureLine } from './engine-client.ts';

/** A worker call's progress, as the page shows it. */
export type Task<T, P = never> =
  | { state: 'running'; progress?: P }
  | { state: 'done'; value: T }
  | { state: 'failed'; error: string };

export type ArchiveState =
  | { state: 'idle' }
  | { state: 'opening'; fileName: string }
  | { state: 'failed'; fileName: string; error: string }
  | {
      state: 'open';
      archive: ArchiveSummary;
      /** Per image index. */
      verification: Record<number, Task<VerificationSummary, VerifyProgress>>;
      efficiency: Record<number, Task<EfficiencySummary>>;
    };

type Settled<T> = Exclude<Task<T>, { state: 'running' }>;

async function settle<T>(call: Promise<T>): Promise<Settled<T>> {
  try {
    return { state: 'done', value: await call };
  } catch (err) {
    return { state: 'failed', error: failureLine(err) };
  }
}

type OpenArchive = Extract<ArchiveState, { state: 'open' }>;

/**
 * Open an archive in the worker, then verify and analyse each of its images in turn. Opening
 * another file supersedes the first: late answers about the old one are dropped.
 */
export function useArchive(engine: Remote<EngineApi>): { archive: ArchiveState; openFile: (file: File) => void } {
  const [archive, setArchive] = useState<ArchiveState>({ state: 'idle' });
  const generation = useRef(0);

  const openFile = useCallback(
    (file: File) => {
      const mine = ++generation.current;
      const stale = () => generation.current !== mine;
      setArchive({ state: 'opening', fileName: file.name });

      void (async () => {
        const opened = await settle(engine.open(file, file.name));
        if (stale()) return;
        if (opened.state === 'failed') {
          setArchive({ state: 'failed', fileName: file.name, error: opened.error });
          return;
        }
        const summary = opened.value;
        const running = Object.fromEntries(summary.images.map((img) => [img.index, { state: 'running' } as const]));
        setArchive({ state: 'open', archive: summary, verification: running, efficiency: running });

        const update = (patch: (s: OpenArchive) => Partial<OpenArchive> | undefined) =>
          setArchive((s) => {
            if (stale() || s.state !== 'open') return s;
            const change = patch(s);
            return change ? { ...s, ...change } : s;
          });

        for (const image of summary.images) {
          // Progress arrives on its own message channel, so it can land after the result: drop it then.
          const onProgress = (progress: VerifyProgress) =>
            update((s) =>
              s.verification[image.index]?.state === 'running'
                ? { verification: { ...s.verification, [image.index]: { state: 'running', progress } } }
                : undefined,
            );
          const verified = await settle(engine.verify(summary.archiveId, image.index, proxy(onProgress)));
          if (stale()) return;
          update((s) => ({ verification: { ...s.verification, [image.index]: verified } }));
          const analysed = await settle(engine.analyze(summary.archiveId, image.index));
          if (stale()) return;
          update((s) => ({ efficiency: { ...s.efficiency, [image.index]: analysed } }));
        }
      })();
    },
    [engine],
  );

  return { archive, openFile };
}
