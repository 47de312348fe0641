/// <reference types="vite/client" />
/**
 * Where the page's lessons come from: whatever lessons/ holds when the page is built (Vite's
 * `import.meta.glob` puts each lesson's text in the bundle and its pictures beside it), and a
 * lesson the student opens: a Markdown file, a lesson folder, a Killercoda scenario folder or
 * a .zip of one (fflate's unzip). Lessons are parsed by the same model as `layerlab lessons check`.
 */
import { unzipSync } from 'fflate';
import { isKillercodaScenario, readKillercodaScenario } from '../../lessons/killercoda.ts';
import { lessonId, LessonFormatError, readText, type Lesson, type LessonFiles } from '../../lessons/lesson.ts';
import { parseMarkdownLesson } from '../../lessons/markdown-lesson.ts';
import type { AssetResolver } from './render-markdown.ts';

export interface PageLesson {
  lesson: Lesson;
  files: LessonFiles;
  /** URL of a file of the lesson (a picture its Markdown shows). */
  assetUrl: AssetResolver;
}

export interface LessonProblem {
  where: string;
  message: string;
}

/** A lesson's files: text in memory, other files at a URL (fetched when a scenario copies them). */
function bundledFiles(texts: Map<string, string>, urls: Map<string, string>): { files: LessonFiles; assetUrl: AssetResolver } {
  return {
    files: {
      async read(path) {
        const text = texts.get(normalize(path));
        if (text !== undefined) return new TextEncoder().encode(text);
        const url = urls.get(normalize(path));
        if (url === undefined) return undefined;
        const response = await fetch(url);
        return response.ok ? new Uint8Array(await response.arrayBuffer()) : undefined;
      },
    },
    assetUrl: (path) => urls.get(normalize(path)),
  };
}

function normalize(path: string): string {
  return path.replace(/^\.\//, '').replace(/^\/+/, '');
}

/** Files not lessons in a lessons folder. */
const NOT_LESSONS = new Set(['readme.md', 'template.md']);

/**
 * Lessons from a glob's results: `root/NAME.md` is a lesson file, `root/NAME/index.md` a lesson
 * folder, `root/NAME/index.json` a Killercoda scenario.
 */
async function lessonsFromTree(root: string, texts: Record<string, string>, urls: Record<string, string>): Promise<{ lessons: PageLesson[]; problems: LessonProblem[] }> {
  const groups = new Map<string, { texts: Map<string, string>; urls: Map<string, string> }>();
  const group = (name: string) => {
    let entry = groups.get(name);
    if (!entry) groups.set(name, (entry = { texts: new Map(), urls: new Map() }));
    return entry;
  };
  const split = (path: string) => {
    const rest = path.slice(root.length + 1);
    const slash = rest.indexOf('/');
    return slash < 0 ? { top: '', inner: rest } : { top: rest.slice(0, slash), inner: rest.slice(slash + 1) };
  };
  for (const [path, text] of Object.entries(texts)) {
    const { top, inner } = split(path);
    group(top).texts.set(inner, text);
  }
  for (const [path, url] of Object.entries(urls)) {
    const { top, inner } = split(path);
    group(top).urls.set(inner, url);
  }
  const lessons: PageLesson[] = [];
  const problems: LessonProblem[] = [];
  for (const [top, entry] of groups) {
    const { files, assetUrl } = bundledFiles(entry.texts, entry.urls);
    try {
      if (top === '') {
        // Lesson files directly in the folder; their pictures sit beside them.
        for (const [name, text] of entry.texts) {
          if (!name.endsWith('.md') || NOT_LESSONS.has(name.toLowerCase())) continue;
          try {
            lessons.push({ lesson: parseMarkdownLesson(lessonId(name), text, `${root}/${name}`.slice(1)), files, assetUrl });
          } catch (err) {
            problems.push({ where: `${root}/${name}`.slice(1), message: (err as Error).message });
          }
        }
      } else {
        const lesson = await lessonFromFiles(lessonId(top), files, `${root}/${top}`.slice(1));
        if (lesson) lessons.push({ lesson, files, assetUrl });
      }
    } catch (err) {
      problems.push({ where: `${root}/${top}`.slice(1), message: (err as Error).message });
    }
  }
  return { lessons, problems };
}

/** A lesson folder (`index.md`) or a Killercoda scenario (`index.json`); undefined when it is neither. */
async function lessonFromFiles(id: string, files: LessonFiles, where: string): Promise<Lesson | undefined> {
  if (await isKillercodaScenario(files)) return readKillercodaScenario(id, files, where);
  const index = await readText(files, 'index.md');
  return index === undefined ? undefined : parseMarkdownLesson(id, index, `${where}/index.md`);
}

export function byOrder(a: PageLesson, b: PageLesson): number {
  return a.lesson.meta.order - b.lesson.meta.order || a.lesson.id.localeCompare(b.lesson.id);
}

/**
 * The browser tests' own lessons (`?test-lessons`): on the dev server, tests/browser/fixtures/lessons
 * from the repo; on a built site, the folder `test-lessons/` beside the page, listed by its
 * `files.json` (the tests' static server serves both; a real site has neither and lists none).
 */
async function testLessonTexts(): Promise<Record<string, string>> {
  if (import.meta.env.DEV) {
    const loaders = import.meta.glob<string>('/tests/browser/fixtures/lessons/**/*.{md,json,sh}', { query: '?raw', import: 'default' });
    return Object.fromEntries(await Promise.all(Object.entries(loaders).map(async ([path, load]) => [path, await load()] as const)));
  }
  const listing = await fetch('test-lessons/files.json');
  if (!listing.ok) return {};
  const names = ((await listing.json()) as string[]).filter((name) => /\.(md|json|sh)$/.test(name));
  const texts = await Promise.all(names.map(async (name) => [`${TEST_LESSONS}/${name}`, await (await fetch(`test-lessons/${name}`)).text()] as const));
  return Object.fromEntries(texts);
}

const TEST_LESSONS = '/tests/browser/fixtures/lessons';

/** The lessons built into the page (and, with `?test-lessons`, the browser tests' own). */
export async function builtInLessons(): Promise<{ lessons: PageLesson[]; problems: LessonProblem[] }> {
  const texts = import.meta.glob<string>(['/lessons/**/*.{md,json,sh}', '!/lessons/README.md', '!/lessons/TEMPLATE.md'], { query: '?raw', import: 'default', eager: true });
  const urls = import.meta.glob<string>('/lessons/**/*.{svg,png,jpg,jpeg,gif,webp,tar,gz,txt,py,Dockerfile}', { query: '?url', import: 'default', eager: true });
  const found = await lessonsFromTree('/lessons', texts, urls);
  if (new URLSearchParams(location.search).has('test-lessons')) {
    const more = await lessonsFromTree(TEST_LESSONS, await testLessonTexts(), {});
    found.lessons.push(...more.lessons);
    found.problems.push(...more.problems);
  }
  found.lessons.sort(byOrder);
  return found;
}

/** Files the student picked: a folder (`webkitRelativePath`), a .zip, or one Markdown file. */
export async function lessonFromPicked(picked: readonly File[]): Promise<PageLesson> {
  if (picked.length === 0) throw new LessonFormatError('no files were chosen');
  const first = picked[0]!;
  const entries = new Map<string, Uint8Array>();
  let name: string;
  if (picked.length === 1 && /\.zip$/i.test(first.name)) {
    const unzipped = unzipSync(new Uint8Array(await first.arrayBuffer()));
    for (const [path, bytes] of Object.entries(unzipped)) if (!path.endsWith('/')) entries.set(path, bytes);
    name = first.name.replace(/\.zip$/i, '');
  } else if (picked.length === 1 && /\.md$/i.test(first.name) && !first.webkitRelativePath) {
    const text = await first.text();
    const id = lessonId(first.name);
    return { lesson: parseMarkdownLesson(id, text, first.name), files: { read: async () => undefined }, assetUrl: () => undefined };
  } else {
    for (const file of picked) entries.set(file.webkitRelativePath || file.name, new Uint8Array(await file.arrayBuffer()));
    name = (first.webkitRelativePath || first.name).split('/')[0]!;
  }
  // A folder (or a zip of one) holds the lesson inside its top directory.
  const paths = [...entries.keys()];
  const top = paths[0]?.split('/')[0];
  if (top !== undefined && paths.every((path) => path.startsWith(`${top}/`))) {
    for (const path of paths) {
      entries.set(path.slice(top.length + 1), entries.get(path)!);
      entries.delete(path);
    }
    name = top;
  }
  const urls = new Map<string, string>();
  const files: LessonFiles = { read: async (path) => entries.get(normalize(path)) };
  const assetUrl: AssetResolver = (path) => {
    const key = normalize(path);
    const bytes = entries.get(key);
    if (bytes === undefined) return undefined;
    let url = urls.get(key);
    if (url === undefined) {
      const type = key.endsWith('.svg') ? 'image/svg+xml' : '';
      urls.set(key, (url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], type ? { type } : {}))));
    }
    return url;
  };
  const lesson = await lessonFromFiles(lessonId(name), files, name);
  if (!lesson) throw new LessonFormatError(`${name}: neither a lesson (index.md) nor a Killercoda scenario (index.json)`);
  return { lesson, files, assetUrl };
}
