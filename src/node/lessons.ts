/**
 * Lessons from disk and a machine to check them on, for `layerlab lessons check` and the tests:
 * the same lesson model, engine and shell as the page's, with Node's files.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, resolve, sep } from 'node:path';
import type { LessonMachine } from '../lessons/check-lesson.ts';
import { isKillercodaScenario, readKillercodaScenario } from '../lessons/killercoda.ts';
import { lessonId, LessonFormatError, readText, type Lesson, type LessonFiles } from '../lessons/lesson.ts';
import { parseMarkdownLesson } from '../lessons/markdown-lesson.ts';
import { TypingTerminal } from '../lessons/shell-driver.ts';
import { createPlaygroundShell } from './playground-shell.ts';

/** Files under `root`; a path that climbs out of it (`../x`, an absolute path) reads as missing. */
export function folderLessonFiles(root: string): LessonFiles {
  const top = resolve(root);
  return {
    async read(path) {
      const full = resolve(top, path);
      if (full !== top && !full.startsWith(top + sep)) return undefined;
      try {
        return new Uint8Array(await readFile(full));
      } catch {
        return undefined;
      }
    },
  };
}

export interface LoadedLesson {
  lesson: Lesson;
  files: LessonFiles;
  /** Where it was read from, as given (for the report). */
  where: string;
}

/** Files of a lesson folder that are not lessons. */
const NOT_LESSONS = new Set(['readme.md', 'template.md']);

/**
 * The lessons at `path`: a lesson file, a lesson folder (`index.md`), a Killercoda scenario
 * folder (`index.json`), or a folder of any of these. Sorted by their `order`, then id.
 */
export async function loadLessons(path: string): Promise<LoadedLesson[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new LessonFormatError(`${path}: no such file or directory`);
  if (info.isFile()) {
    const files = folderLessonFiles(resolve(path, '..'));
    return [{ lesson: parseMarkdownLesson(lessonId(basename(path)), await readFile(path, 'utf8'), path), files, where: path }];
  }
  const single = await loadLessonFolder(path);
  if (single) return [single];
  const found: LoadedLesson[] = [];
  for (const entry of (await readdir(path, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const child = join(path, entry.name);
    if (entry.isFile() && entry.name.toLowerCase().endsWith('.md') && !NOT_LESSONS.has(entry.name.toLowerCase())) {
      found.push(...(await loadLessons(child)));
    } else if (entry.isDirectory()) {
      const lesson = await loadLessonFolder(child);
      if (lesson) found.push(lesson);
    }
  }
  return found.sort((a, b) => a.lesson.meta.order - b.lesson.meta.order || a.lesson.id.localeCompare(b.lesson.id));
}

async function loadLessonFolder(path: string): Promise<LoadedLesson | undefined> {
  const files = folderLessonFiles(path);
  const id = lessonId(basename(resolve(path)));
  if (await isKillercodaScenario(files)) return { lesson: await readKillercodaScenario(id, files, path), files, where: path };
  const index = await readText(files, 'index.md');
  if (index !== undefined) return { lesson: parseMarkdownLesson(id, index, join(path, 'index.md')), files, where: path };
  return undefined;
}

/** A fresh playground shell to take `lesson` on (its Docker release set), as a new student would. */
export async function createLessonMachine(lesson: Lesson, options: { columns?: number } = {}): Promise<LessonMachine & { close(): Promise<void> }> {
  const terminal = new TypingTerminal(options.columns ?? 80);
  const session = await createPlaygroundShell(terminal, lesson.meta.docker !== undefined ? { release: lesson.meta.docker } : {});
  terminal.attach(session);
  const decoder = new TextDecoder();
  return {
    type: (code, timeoutMs) => terminal.type(code, timeoutMs),
    interrupt: () => terminal.interrupt(),
    async runScript(script) {
      const result = await session.execProgram(['bash', '-c', script], { cwd: session.env.HOME ?? '/root' });
      return { status: result.exitCode, output: decoder.decode(result.stdout) + decoder.decode(result.stderr) };
    },
    async writeFile(path, bytes) {
      await session.fs.mkdir(path.slice(0, path.lastIndexOf('/')) || '/', { recursive: true });
      await session.fs.writeFile(path, bytes);
    },
    close: () => terminal.close(),
  };
}
