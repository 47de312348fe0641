/**
 * How far the student got in each lesson, kept in localStorage across reloads: the page they
 * were on and the steps they finished (a step with a check is finished when its check passes;
 * one without, when the student goes past it).
 */
export interface LessonProgress {
  /** The page last shown: 0 the introduction, 1…n the steps, n+1 the end. */
  page: number;
  /** Finished steps, 1-based. */
  done: number[];
}

const STORAGE_KEY = 'layerlab:lesson-progress';

export type ProgressByLesson = Readonly<Record<string, LessonProgress>>;

export function loadProgress(): ProgressByLesson {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}');
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as ProgressByLesson) : {};
  } catch {
    return {};
  }
}

export function saveProgress(progress: ProgressByLesson): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(progress));
  } catch {
    // Storage full or disabled: progress lasts as long as the page.
  }
}

export function progressOf(progress: ProgressByLesson, id: string): LessonProgress {
  return progress[id] ?? { page: 0, done: [] };
}
