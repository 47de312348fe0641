import { useState, type ChangeEvent } from 'react';
import type { LessonProblem, PageLesson } from '../lessons/lesson-sources.ts';
import { progressOf, type ProgressByLesson } from '../lessons/progress.ts';
import { lessonHref } from '../lessons/route.ts';

export interface LessonIndexProps {
  lessons: readonly PageLesson[];
  problems: readonly LessonProblem[];
  progress: ProgressByLesson;
  /** A lesson the student picked (a folder, a .zip, a .md): the page opens it. */
  onOpen(files: File[]): Promise<void>;
  /** A `#/lesson/<id>` link to a lesson this page does not have. */
  missing: string | undefined;
}

/** The lessons, in order, each with its summary, length and how far the student got. */
export function LessonIndex({ lessons, problems, progress, onOpen, missing }: LessonIndexProps) {
  const [opening, setOpening] = useState<{ state: 'idle' } | { state: 'opening' } | { state: 'failed'; message: string }>({ state: 'idle' });
  const picked = async (event: ChangeEvent<HTMLInputElement>) => {
    const files = [...(event.target.files ?? [])];
    event.target.value = '';
    if (files.length === 0) return;
    setOpening({ state: 'opening' });
    try {
      await onOpen(files);
      setOpening({ state: 'idle' });
    } catch (err) {
      setOpening({ state: 'failed', message: (err as Error).message.split('\n', 1)[0]! });
    }
  };
  return (
    <section className="lesson-index" aria-label="Lessons" data-testid="lesson-index">
      <h2>Lessons</h2>
      <p className="muted">Each lesson runs on its own machine in the terminal beside it; the playground stays as you left it.</p>
      {missing !== undefined && (
        <p className="error" data-testid="missing-lesson">
          There is no lesson “{missing}” here. A lesson opened from your computer is not kept across reloads: open it again below.
        </p>
      )}
      <ol className="lesson-list">
        {lessons.map(({ lesson }) => {
          const { done } = progressOf(progress, lesson.id);
          const finished = done.length >= lesson.steps.length;
          return (
            <li key={lesson.id} className="lesson-card" data-testid="lesson-card" data-lesson={lesson.id}>
              <a href={lessonHref(lesson.id)} className="lesson-card__title">
                {lesson.meta.title}
              </a>
              <p className="lesson-card__summary">{lesson.meta.summary}</p>
              <p className="lesson-card__meta">
                <span>{lesson.meta.minutes} min</span>
                <span>{lesson.meta.level}</span>
                {lesson.meta.docker !== undefined && <span>Docker {lesson.meta.docker}</span>}
                <span className={finished ? 'lesson-card__progress done' : 'lesson-card__progress'} data-testid="lesson-progress">
                  {finished ? 'done' : done.length === 0 ? `${lesson.steps.length} steps` : `${done.length} of ${lesson.steps.length} steps`}
                </span>
              </p>
              <progress max={lesson.steps.length} value={Math.min(done.length, lesson.steps.length)} aria-label={`${lesson.meta.title}: progress`} />
            </li>
          );
        })}
      </ol>
      {problems.map((problem) => (
        <p key={problem.where} className="error">
          {problem.message}
        </p>
      ))}
      <div className="open-lesson">
        <h3>Open a lesson from your computer</h3>
        <p className="muted">A Killercoda scenario (its folder or a .zip of it), a lesson folder, or a lesson's .md file. It stays on this page until you reload.</p>
        <label className="open-lesson__button">
          Scenario folder…
          {/* webkitdirectory is not in React's types: set through a spread. */}
          <input type="file" className="visually-hidden" {...{ webkitdirectory: '', directory: '' }} multiple onChange={(e) => void picked(e)} data-testid="open-lesson-folder" />
        </label>
        <label className="open-lesson__button">
          .zip or .md file…
          <input type="file" className="visually-hidden" accept=".zip,.md" onChange={(e) => void picked(e)} data-testid="open-lesson-file" />
        </label>
        <span role="status">
          {opening.state === 'opening' && <span className="muted">Opening…</span>}
          {opening.state === 'failed' && <span className="error">{opening.message}</span>}
        </span>
      </div>
    </section>
  );
}
