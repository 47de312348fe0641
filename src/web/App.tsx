import type { Remote } from 'comlink';
import { useCallback, useEffect, useMemo, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { Lesson } from '../lessons/lesson.ts';
import type { WorkspaceSpec } from '../worker/shell-api.ts';
import { ArchivePicker } from './components/ArchivePicker.tsx';
import { UploadButton, UploadStatus, Uploader, usePageDrop } from './components/ArchiveUpload.tsx';
import { ArchiveView } from './components/ArchiveView.tsx';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { LessonIndex } from './components/LessonIndex.tsx';
import { LessonView } from './components/LessonView.tsx';
import { TerminalPanel } from './components/TerminalPanel.tsx';
import { builtInLessons, byOrder, lessonFromPicked, type LessonProblem, type PageLesson } from './lessons/lesson-sources.ts';
import { loadProgress, progressOf, saveProgress, type LessonProgress, type ProgressByLesson } from './lessons/progress.ts';
import { lessonHref, useRoute, type Route } from './lessons/route.ts';
import type { WorkerApi } from './engine-client.ts';
import { TerminalController } from './terminal-controller.ts';
import { useArchive } from './use-archive.ts';

const PLAYGROUND: WorkspaceSpec = { name: 'playground' };

/** A lesson's own machine, with the Docker release its front matter names. */
function lessonWorkspace(lesson: Lesson): WorkspaceSpec {
  return { name: `lesson/${lesson.id}`, ...(lesson.meta.docker !== undefined ? { dockerVersion: lesson.meta.docker } : {}) };
}

/** Where the split between the pane and the terminal is, in % of the width (kept across reloads). */
const SPLIT_KEY = 'layerlab:split';

export function App({ engine }: { engine: Remote<WorkerApi> }) {
  const { archive, openFile } = useArchive(engine);
  const route = useRoute();
  // An archive chosen or dropped anywhere goes into the terminal's machine (and the archive tab's panel when it is open).
  const uploader = useMemo(() => new Uploader(engine), [engine]);
  const takeArchive = (file: File) => {
    uploader.start(file);
    if (route.view === 'archive') openFile(file);
  };
  const dragging = usePageDrop(takeArchive);
  const controller = useMemo(() => new TerminalController(engine), [engine]);
  const [catalog, setCatalog] = useState<{ lessons: PageLesson[]; problems: LessonProblem[] } | undefined>();
  const [progress, setProgress] = useState<ProgressByLesson>(loadProgress);
  const [machineNote, setMachineNote] = useState<{ state: 'preparing' | 'failed'; text: string } | undefined>();
  /** The lesson whose machine the terminal shows (undefined: the playground); the archive tab leaves it as it was. */
  const [terminalOn, setTerminalOn] = useState<Lesson | undefined>();
  const [split, setSplit] = useState(() => Number(localStorage.getItem(SPLIT_KEY)) || 38);

  useEffect(() => {
    void builtInLessons().then(setCatalog, (err: unknown) => setCatalog({ lessons: [], problems: [{ where: 'lessons', message: String(err) }] }));
  }, []);

  const lessonOf = (r: Route) => (r.view === 'lesson' ? catalog?.lessons.find((entry) => entry.lesson.id === r.id) : undefined);
  const current = lessonOf(route);

  // The workspace the terminal starts on, decided once the lessons are known.
  const first = useRef<WorkspaceSpec | undefined>(undefined);
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
    <div className="app">
      <header className="masthead">
        <h1>layerlab</h1>
        <p className="intro">Learn what a container image is: a terminal with Docker, images and tar, all running in your browser. Nothing is uploaded.</p>
        <nav className="tabs" aria-label="Views">
          <a href="#/" aria-current={route.view !== 'archive' ? 'page' : undefined}>
            Lessons
          </a>
          <a href="#/archive" aria-current={route.view === 'archive' ? 'page' : undefined} data-testid="archive-tab">
            Image archive
          </a>
        </nav>
        <UploadButton onFile={takeArchive} />
      </header>

      <div className="workbench" style={{ ['--split' as string]: `${split}%` }}>
        <section className="pane" aria-label={route.view === 'archive' ? 'Image archive' : 'Lessons'}>
          {route.view === 'archive' ? (
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
      <UploadStatus uploader={uploader} dragging={dragging} />
    </div>
  );
}
