import { useEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import type { RunnableBlock } from '../../lessons/lesson.ts';
import type { PageLesson } from '../lessons/lesson-sources.ts';
import type { LessonProgress } from '../lessons/progress.ts';
import { renderLessonMarkdown } from '../lessons/render-markdown.ts';
import { lessonHref } from '../lessons/route.ts';
import { RunCancelledError, type TerminalController } from '../terminal-controller.ts';

export interface LessonViewProps {
  entry: PageLesson;
  /** 0 the introduction, 1…n the steps, n+1 the end. */
  page: number;
  progress: LessonProgress;
  onProgress(update: (progress: LessonProgress) => LessonProgress): void;
  controller: TerminalController;
  /** Runs a script in the lesson's machine (a verify script): status and what it printed. */
  runScript(script: string): Promise<{ status: number; output: string }>;
  onReset(): void;
  /** What the machine is doing before the lesson can start (a scenario's setup), or why it failed. */
  machineNote: { state: 'preparing' | 'failed'; text: string } | undefined;
}

type CheckState = { state: 'idle' } | { state: 'checking' } | { state: 'failed'; message: string } | { state: 'passed' };

/** One lesson in the pane beside the terminal: a page at a time, with Run, Check and Next. */
export function LessonView({ entry, page, progress, onProgress, controller, runScript, onReset, machineNote }: LessonViewProps) {
  const { lesson, assetUrl } = entry;
  const stepCount = lesson.steps.length;
  const step = page >= 1 && page <= stepCount ? lesson.steps[page - 1]! : undefined;
  const markdown = page === 0 ? lesson.intro : step ? step.markdown : (lesson.finish ?? '');
  const rendered = useMemo(() => renderLessonMarkdown(markdown, assetUrl), [markdown, assetUrl]);
  const [check, setCheck] = useState<CheckState>({ state: 'idle' });
  const body = useRef<HTMLDivElement>(null);
  const passed = step !== undefined && progress.done.includes(page);

  useEffect(() => {
    setCheck({ state: 'idle' });
    // A new page starts at its top (the pane scrolls on a laptop, the window on a phone).
    const pane = body.current?.closest('.pane');
    if (pane && pane.scrollHeight > pane.clientHeight) pane.scrollTop = 0;
    else if ((body.current?.getBoundingClientRect().top ?? 0) < 0) body.current?.closest('.lesson')?.scrollIntoView();
  }, [lesson.id, page]);

  const onBodyClick = (event: MouseEvent<HTMLDivElement>) => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-action]');
    if (!button || !body.current?.contains(button)) return;
    // The code comes from the lesson model, never from the page: a button can only run the lesson's own blocks.
    const block = rendered.blocks[Number(button.dataset.block)];
    if (!block) return;
    if (button.dataset.action === 'copy') void copy(button, block);
    else void run(button, block);
  };

  const run = async (button: HTMLButtonElement, block: RunnableBlock) => {
    button.dataset.state = 'running';
    try {
      await controller.run(block.code, { interrupt: block.interrupt === true });
      button.dataset.state = 'done';
    } catch (err) {
      button.dataset.state = err instanceof RunCancelledError ? '' : 'failed';
    }
  };

  const copy = async (button: HTMLButtonElement, block: RunnableBlock) => {
    try {
      await navigator.clipboard.writeText(block.code);
      button.dataset.state = 'copied';
    } catch {
      button.dataset.state = 'failed';
    }
    setTimeout(() => (button.dataset.state = ''), 1500);
  };

  const runCheck = async () => {
    if (!step?.verify) return;
    setCheck({ state: 'checking' });
    // After the commands the student started: a check never races a Run.
    await controller.idle();
    try {
      const { status, output } = await runScript(step.verify);
      if (status === 0) {
        setCheck({ state: 'passed' });
        onProgress((p) => ({ ...p, done: p.done.includes(page) ? p.done : [...p.done, page] }));
      } else {
        setCheck({ state: 'failed', message: output.trim() || `The check failed (exit status ${status}) without saying why.` });
      }
    } catch (err) {
      setCheck({ state: 'failed', message: (err as Error).message });
    }
  };

  const goTo = (next: number) => {
    // A step without a check is finished when the student goes past it.
    if (step && !step.verify && next > page) onProgress((p) => ({ ...p, done: p.done.includes(page) ? p.done : [...p.done, page] }));
    location.hash = lessonHref(lesson.id, next);
  };

  const nextBlocked = step?.verify !== undefined && !passed;
  const title = page === 0 ? 'Introduction' : step ? step.title : 'Well done';

  return (
    <article className="lesson" data-testid="lesson" data-lesson={lesson.id} data-page={page}>
      <header className="lesson__header">
        <a className="lesson__back" href="#/">
          ← All lessons
        </a>
        <h2>{lesson.meta.title}</h2>
        <nav className="lesson__steps" aria-label="Steps">
          <a href={lessonHref(lesson.id, 0)} aria-current={page === 0 ? 'step' : undefined}>
            Intro
          </a>
          {lesson.steps.map((s, i) => (
            <a
              key={i}
              href={lessonHref(lesson.id, i + 1)}
              aria-current={page === i + 1 ? 'step' : undefined}
              className={progress.done.includes(i + 1) ? 'done' : undefined}
              title={s.title}
            >
              {i + 1}
            </a>
          ))}
        </nav>
      </header>
      {machineNote && (
        <p className={machineNote.state === 'failed' ? 'error' : 'muted'} role="status" data-testid="machine-note">
          {machineNote.text}
        </p>
      )}
      {page === 0 && (
        <p className="lesson__summary">
          {lesson.meta.summary} <span className="muted">· about {lesson.meta.minutes} min · {stepCount} steps</span>
        </p>
      )}
      <h3 className="lesson__page-title">
        {step ? <span className="lesson__step-number">Step {page} of {stepCount}: </span> : null}
        {title}
      </h3>
      {/* Sanitised by DOMPurify in renderLessonMarkdown. */}
      <div className="lesson__body" ref={body} onClick={onBodyClick} dangerouslySetInnerHTML={{ __html: rendered.html }} data-testid="lesson-body" />
      {page === stepCount + 1 && !lesson.finish && <p>You finished every step of this lesson.</p>}
      {step?.verify !== undefined && (
        <div className="lesson__check">
          <button type="button" onClick={() => void runCheck()} disabled={check.state === 'checking'} data-testid="check">
            {check.state === 'checking' ? 'Checking…' : 'Check'}
          </button>
          <span role="status" aria-live="polite" data-testid="check-result">
            {(check.state === 'passed' || (passed && check.state === 'idle')) && <span className="check-passed">✓ Done: on to the next step.</span>}
          </span>
          {check.state === 'failed' && (
            <pre className="check-failed" data-testid="check-message">
              {check.message}
            </pre>
          )}
        </div>
      )}
      <footer className="lesson__nav">
        <button type="button" onClick={() => goTo(page - 1)} disabled={page === 0} data-testid="previous">
          Previous
        </button>
        {page <= stepCount ? (
          <button type="button" className="primary" onClick={() => goTo(page + 1)} disabled={nextBlocked} title={nextBlocked ? 'Check this step first' : undefined} data-testid="next">
            {page === 0 ? 'Start' : page === stepCount ? 'Finish' : 'Next'}
          </button>
        ) : (
          <a className="button primary" href="#/">
            All lessons
          </a>
        )}
        <button type="button" className="lesson__reset" onClick={onReset} data-testid="reset-lesson">
          Reset lesson
        </button>
      </footer>
    </article>
  );
}
