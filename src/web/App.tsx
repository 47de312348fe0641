import { proxy, type Remote } from 'comlink';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { Lesson } from '../lessons/lesson.ts';
import type { WorkspaceSpec } from '../worker/shell-api.ts';
import { UploadButton, UploadStatusSlot, Uploader, usePageDrop } from './components/ArchiveUpload.tsx';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { TerminalPanel } from './components/TerminalPanel.tsx';
import type { LessonProblem, PageLesson } from './lessons/lesson-sources.ts';
import { loadProgress, progressOf, saveProgress, type LessonProgress, type ProgressByLesson } from './lessons/progress.ts';
import { lessonHref, useRoute, type Route } from './lessons/route.ts';
import type { WorkerApi } from './engine-client.ts';
import { saveDownload } from './download.ts';
import type { ImageTransfers } from './explorer/transfers.ts';
import { TerminalController } from './terminal-controller.ts';
import { useExplorerEvents } from './explorer/explorer-events.ts';
import { useArchive } from './use-archive.ts';
import { UpdateNotice } from './components/UpdateNotice.tsx';

// What the first prompt does not need loads after it (issue 10: the page's JS before the prompt
// is counted, the worker's too): the lessons (their text, YAML and Markdown parsers), the
// lesson view (marked, DOMPurify, highlight.js) and the archive panel.
const lessonSources = () => import('./lessons/lesson-sources.ts');
const LessonIndex = lazy(() => import('./components/LessonIndex.tsx').then((m) => ({ default: m.LessonIndex })));
const LessonView = lazy(() => import('./components/LessonView.tsx').then((m) => ({ default: m.LessonView })));
const ArchivePicker = lazy(() => import('./components/ArchivePicker.tsx').then((m) => ({ default: m.ArchivePicker })));
const ExplorerPanel = lazy(() => import('./explorer/ExplorerPanel.tsx').then((m) => ({ default: m.ExplorerPanel })));
const ArchiveView = lazy(() => import('./components/ArchiveView.tsx').then((m) => ({ default: m.ArchiveView })));

const PLAYGROUND: WorkspaceSpec = { name: 'playground' };

/** A lesson's own machine, with the Docker release its front matter names. */
function lessonWorkspace(lesson: Lesson): WorkspaceSpec {
  return { name: `lesson/${lesson.id}`, ...(lesson.meta.docker !== undefined ? { dockerVersion: lesson.meta.docker } : {}) };
}

/** Where the split between the pane and the terminal is, in % of the width (kept across reloads). */
const SPLIT_KEY = 'layerlab:split';

export function App({ engine }: { engine: Remote<WorkerApi> }) {
  const { archive, openFile } = useArchive(engine);
  // `explore IMAGE` in the terminal shows the explorer, whatever tab is open.
  const explorerSignals = useExplorerEvents(engine, () => {
    location.hash = '#/archive';
  });
  const route = useRoute();
  // An archive chosen or dropped anywhere goes into the terminal's machine (and the archive tab's panel when it is open).
  const uploader = useMemo(() => new Uploader(engine), [engine]);
  const takeArchive = (file: File) => {
    uploader.start(file);
    if (route.view === 'archive') openFile(file);
  };
  const dragging = usePageDrop(takeArchive);
  const controller = useMemo(() => new TerminalController(engine), [engine]);
  // The explorer's layer and image downloads: the worker's transfer service makes the Blob, the browser saves it.
  const transfers = useMemo<ImageTransfers>(
    () => ({
      downloadLayer: async (imageRef, layer, onProgress) => saveDownload(await engine.downloadLayer(imageRef, layer, onProgress && proxy(onProgress))),
      downloadImage: async (imageRef, onProgress) => saveDownload(await engine.downloadImage(imageRef, onProgress && proxy(onProgress))),
    }),
    [engine],
  );
  const [catalog, setCatalog] = useState<{ lessons: PageLesson[]; problems: LessonProblem[] } | undefined>();
  const [progress, setProgress] = useState<ProgressByLesson>(loadProgress);
  const [machineNote, setMachineNote] = useState<{ state: 'preparing' | 'failed'; text: string } | undefined>();
  /** The lesson whose machine the terminal shows (undefined: the playground); the archive tab leaves it as it was. */
  const [terminalOn, setTerminalOn] = useState<Lesson | undefined>();
  const [split, setSplit] = useState(() => Number(localStorage.getItem(SPLIT_KEY)) || 38);

  useEffect(() => {
    // The lessons' chunk and parsing wait for the first prompt, unless the page opens on a
    // lesson: its machine is the terminal's first workspace, so the lessons come first.
    const before = route.view === 'lesson' ? Promise.resolve() : controller.firstPrompt;
    void before
      .then(() => lessonSources())
      .then((sources) => sources.builtInLessons())
      .then(setCatalog, (err: unknown) => setCatalog({ lessons: [], problems: [{ where: 'lessons', message: String(err) }] }));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [controller]);

  const lessonOf = (r: Route) => (r.view === 'lesson' ? catalog?.lessons.find((entry) => entry.lesson.id === r.id) : undefined);
  const current = lessonOf(route);

  // The workspace the terminal starts on: the playground at once, a lesson's machine once the
  // lessons are known (its front matter names its Docker release).
  const first = useRef<WorkspaceSpec | undefined>(undefined);
  if (!first.current && route.view !== 'lesson') first.current = PLAYGROUND;
  if (catalog && !first.current) first.current = current ? lessonWorkspace(current.lesson) : PLAYGROUND;

  const updateProgress = useCallback((id: string, update: (p: LessonProgress) => LessonProgress) => {
    setProgress((all) => {
      const next = { ...all, [id]: update(progressOf(all, id)) };
      saveProgress(next);
      return next;
    });
  }, []);

  /** A new lesson machine gets the scenario's assets and setup scripts (Killercoda's intro scripts). */
  const prepare = useCallback(
    async (entry: PageLesson, fresh: boolean) => {
      if (!fresh || (entry.lesson.assets.length === 0 && entry.lesson.setup.length === 0)) return;
      setMachineNote({ state: 'preparing', text: 'Setting up the lesson’s machine…' });
      // Loaded when a scenario needs it: the checker's module brings the shell's quoting (and just-bash) along.
      const { prepareLesson } = await import('../lessons/check-lesson.ts');
      const failure = await prepareLesson(entry.lesson, entry.files, { runScript: (s) => engine.runScript(s), writeFile: (p, b) => engine.writeFile(p, b) });
      await engine.saveWork();
      setMachineNote(failure === undefined ? undefined : { state: 'failed', text: `The lesson’s machine could not be set up: ${failure}` });
    },
    [engine],
  );

  // The terminal follows the route: a lesson's page shows its machine, the index the playground.
  useEffect(() => {
    if (!catalog || route.view === 'archive') return;
    setMachineNote(undefined);
    const entry = current;
    setTerminalOn(entry?.lesson);
    void controller.show(entry ? lessonWorkspace(entry.lesson) : PLAYGROUND).then((opened) => entry && prepare(entry, opened.fresh));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [catalog, route.view, current?.lesson.id]);

  // A lesson link without a page opens where the student left off; the page shown is remembered.
  useEffect(() => {
    if (route.view !== 'lesson' || !current) return;
    const last = current.lesson.steps.length + 1;
    if (route.page === undefined || route.page > last) {
      location.replace(lessonHref(current.lesson.id, Math.min(progressOf(progress, current.lesson.id).page, last)));
      return;
    }
    if (progressOf(progress, current.lesson.id).page !== route.page) updateProgress(current.lesson.id, (p) => ({ ...p, page: route.page! }));
  }, [route, current, progress, updateProgress]);

  const openPicked = async (files: File[]) => {
    const { lessonFromPicked, byOrder } = await lessonSources();
    const entry = await lessonFromPicked(files);
    setCatalog((c) => c && { ...c, lessons: [...c.lessons.filter((e) => e.lesson.id !== entry.lesson.id), entry].sort(byOrder) });
    location.hash = lessonHref(entry.lesson.id, 0);
  };

  const resetLesson = async (entry: PageLesson) => {
    if (!window.confirm(`Reset “${entry.lesson.meta.title}”? Its machine starts fresh and its progress is cleared. The playground and other lessons are not touched.`)) return;
    setMachineNote(undefined);
    const opened = await controller.reset(lessonWorkspace(entry.lesson));
    updateProgress(entry.lesson.id, () => ({ page: 0, done: [] }));
    await prepare(entry, opened.fresh);
    location.hash = lessonHref(entry.lesson.id, 0);
  };

  // The divider between the pane and the terminal: drag (or arrow keys) to move it.
  const dragSplit = (event: ReactPointerEvent<HTMLDivElement>) => {
    const bench = event.currentTarget.parentElement!;
    event.currentTarget.setPointerCapture(event.pointerId);
    const move = (e: PointerEvent) => {
      const box = bench.getBoundingClientRect();
      setSplit(Math.min(75, Math.max(25, ((e.clientX - box.left) / box.width) * 100)));
    };
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };
  useEffect(() => localStorage.setItem(SPLIT_KEY, String(Math.round(split))), [split]);

  const terminalLabel = terminalOn ? `Terminal: ${terminalOn.meta.title} (this lesson's own machine)` : 'Terminal: your playground';

  return (
    // The split is the page's (not only the workbench's): the upload's status box keeps to the pane's width.
    <div className="app" style={{ ['--split' as string]: `${split}%` }}>
      <UpdateNotice controller={controller} />
      <header className="masthead">
        <h1>layerlab</h1>
        <p className="intro">Learn what a container image is: a terminal with Docker, images and tar, all running in your browser. Nothing is uploaded.</p>
        <nav className="tabs" aria-label="Views">
          <a href="#/" aria-current={route.view !== 'archive' ? 'page' : undefined}>
            Lessons
          </a>
          <a href="#/archive" aria-current={route.view === 'archive' ? 'page' : undefined} data-testid="archive-tab">
            Images
          </a>
        </nav>
        <UploadButton onFile={takeArchive} />
      </header>

      <div className="workbench">
        <section className="pane" aria-label={route.view === 'archive' ? 'Images' : 'Lessons'}>
          <Suspense fallback={<p className="muted">Loading…</p>}>
          {route.view === 'archive' ? (
            <ExplorerPanel engine={engine} signals={explorerSignals} transfers={transfers}>
            <div className="archive-panel" data-testid="archive-panel">
              <p className="muted">
                Look inside a container image: open a <code>docker save</code> archive to see its config, its layers and the digests that tie them together.
              </p>
              <ArchivePicker onFile={takeArchive} busy={archive.state === 'opening'} />
              <div role="status" aria-live="polite">
                {archive.state === 'opening' && <p className="muted">Opening {archive.fileName}…</p>}
                {archive.state === 'failed' && (
                  <p className="error" data-testid="error">
                    {archive.fileName}: {archive.error}
                  </p>
                )}
              </div>
              {archive.state === 'open' && (
                // Keyed by archive so a new file gets a fresh boundary.
                <ErrorBoundary key={archive.archive.archiveId}>
                  <ArchiveView state={archive} />
                </ErrorBoundary>
              )}
            </div>
            </ExplorerPanel>
          ) : !catalog ? (
            <p className="muted">Loading the lessons…</p>
          ) : current && route.view === 'lesson' && route.page !== undefined ? (
            <ErrorBoundary key={current.lesson.id}>
              <LessonView
                entry={current}
                page={Math.min(route.page, current.lesson.steps.length + 1)}
                progress={progressOf(progress, current.lesson.id)}
                onProgress={(update) => updateProgress(current.lesson.id, update)}
                controller={controller}
                runScript={(script) => engine.runScript(script)}
                onReset={() => void resetLesson(current)}
                machineNote={machineNote}
              />
            </ErrorBoundary>
          ) : (
            <LessonIndex lessons={catalog.lessons} problems={catalog.problems} progress={progress} onOpen={openPicked} missing={route.view === 'lesson' && !current ? route.id : undefined} />
          )}
          </Suspense>
        </section>
        <div
          className="splitter"
          role="separator"
          aria-orientation="vertical"
          aria-label="Resize the lesson and the terminal"
          aria-valuenow={Math.round(split)}
          aria-valuemin={25}
          aria-valuemax={75}
          tabIndex={0}
          onPointerDown={dragSplit}
          onKeyDown={(e) => {
            if (e.key === 'ArrowLeft') setSplit((s) => Math.max(25, s - 2));
            if (e.key === 'ArrowRight') setSplit((s) => Math.min(75, s + 2));
          }}
        />
        <section className="terminal-section" aria-label="Terminal">
          {first.current && <TerminalPanel shell={engine} controller={controller} first={first.current} label={terminalLabel} />}
        </section>
      </div>
      <UploadStatusSlot uploader={uploader} dragging={dragging} />
    </div>
  );
}
