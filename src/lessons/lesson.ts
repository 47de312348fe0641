/**
 * A lesson as the page shows it and the checker runs it: front matter, an introduction, and
 * steps (one `##` heading each) whose runnable blocks drive the terminal. Two sources make
 * one: a Markdown file of ours (markdown-lesson.ts) or a Killercoda scenario (killercoda.ts).
 * The format is documented for authors in lessons/README.md.
 */
import type { DockerReleaseName } from '../engine/docker/release.ts';
import { LayerlabError } from '../engine/errors.ts';

export type LessonLevel = 'beginner' | 'intermediate' | 'advanced';

export interface LessonMeta {
  title: string;
  summary: string;
  level: LessonLevel;
  /** About how long it takes a student. */
  minutes: number;
  /** Place in the index (lower first). */
  order: number;
  /** Images the lesson pulls (the page can fetch them ahead). */
  images: readonly string[];
  /** The Docker release the lesson was written for (`27`, `20.10`, `18.09`): what `docker save`, `build` and `inspect` print. */
  docker?: DockerReleaseName;
}

/** A block the student can run (a **Run** button) or copy. */
export interface RunnableBlock {
  /** Index within its step, in document order (the page's buttons carry it). */
  index: number;
  /** What is typed, line by line, as a paste would. */
  code: string;
  /** `run`: typed and run; `copy`: only copied (Killercoda's `{{copy}}`). */
  action: 'run' | 'copy';
  /** Inside a `<details>` (a hint or a solution). */
  folded: boolean;
  /** Inline in a sentence (`` `ls`{{exec}} ``) rather than a fenced block. */
  inline: boolean;
  /** Ctrl+C goes to the terminal first, to end a command still running (Killercoda's `{{exec interrupt}}`). */
  interrupt?: boolean;
  /** The output the terminal must show, doctest-style (see expected-output.ts). */
  expected?: string;
}

export interface LessonStep {
  title: string;
  /** The step's Markdown, as written (rendered by the page). */
  markdown: string;
  blocks: readonly RunnableBlock[];
  /** A script run after the student's commands; exit 0 passes and unlocks Next. */
  verify?: string;
}

/** A file a Killercoda scenario copies onto the machine before it starts. */
export interface LessonAsset {
  /** Path inside the lesson (e.g. `assets/app.py`). */
  file: string;
  /** Directory on the machine it goes to. */
  target: string;
  /** `chmod` argument, e.g. `+x`. */
  chmod?: string;
}

export interface Lesson {
  /** Stable, URL-safe: the file or folder name (`#/lesson/<id>/<step>`). */
  id: string;
  meta: LessonMeta;
  /** Markdown before the first step. */
  intro: string;
  steps: readonly LessonStep[];
  /** Markdown shown after the last step (Killercoda's finish.md). */
  finish?: string;
  /** Scripts run before the first step: Killercoda's intro foreground/background. */
  setup: readonly string[];
  assets: readonly LessonAsset[];
  format: 'markdown' | 'killercoda';
}

/** A lesson that cannot be read: the message names the file and what is wrong. */
export class LessonFormatError extends LayerlabError {
  constructor(message: string) {
    super('LESSON_FORMAT', message);
  }
}

/** Where a lesson's files come from: a folder on disk, a dropped folder or a zip in the page. */
export interface LessonFiles {
  /** The file's bytes, or undefined when there is none at that path (relative to the lesson's root). */
  read(path: string): Promise<Uint8Array | undefined>;
}

export async function readText(files: LessonFiles, path: string): Promise<string | undefined> {
  const bytes = await files.read(path);
  return bytes === undefined ? undefined : new TextDecoder().decode(bytes);
}

/** A lesson id from a file or folder name: lower case, digits and dashes. */
export function lessonId(name: string): string {
  return name
    .replace(/\.md$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
