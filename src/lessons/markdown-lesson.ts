/**
 * A lesson of ours: one Markdown file (or a folder with `index.md`), YAML front matter first
 * (parsed by the `yaml` package, https://eemeli.org/yaml/), then an introduction, then one step
 * per `##` heading. See lessons/README.md for the format as authors read it.
 */
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { DOCKER_RELEASE_NAMES, type DockerReleaseName } from '../engine/docker/release.ts';
import { LessonFormatError, type Lesson, type LessonLevel, type LessonMeta, type LessonStep } from './lesson.ts';
import { closingFence, lexStep, openingFence } from './step-markdown.ts';

const LEVELS: readonly LessonLevel[] = ['beginner', 'intermediate', 'advanced'];

/** Parse a lesson file. `where` names it in errors (`lessons/01-inside.md`). */
export function parseMarkdownLesson(id: string, text: string, where: string): Lesson {
  const { data, body } = splitFrontMatter(text, where);
  const meta = lessonMeta(data, where);
  const { intro, steps } = splitSteps(body);
  if (steps.length === 0) throw new LessonFormatError(`${where}: no steps: each step starts with a '## ' heading`);
  return {
    id,
    meta,
    intro: intro.replace(/^\s*# .*\n/, '').trim(),
    steps: steps.map(({ title, markdown }) => stepOf(title, markdown)),
    setup: [],
    assets: [],
    format: 'markdown',
  };
}

export function stepOf(title: string, markdown: string, verifyScript?: string): LessonStep {
  const lexed = lexStep(markdown);
  const verify = [lexed.verify, verifyScript].filter((part): part is string => part !== undefined).join('\n');
  return { title, markdown, blocks: lexed.blocks, ...(verify !== '' ? { verify } : {}) };
}

function splitFrontMatter(text: string, where: string): { data: Record<string, unknown>; body: string } {
  const normalized = text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  const match = /^---\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(normalized);
  if (!match) throw new LessonFormatError(`${where}: no front matter: the file must start with '---', YAML (title, summary…), '---'`);
  let data: unknown;
  try {
    data = parseYaml(match[1]!);
  } catch (err) {
    const reason = err instanceof YAMLParseError ? err.message.split('\n')[0] : String(err);
    throw new LessonFormatError(`${where}: front matter is not valid YAML: ${reason}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new LessonFormatError(`${where}: front matter must be a YAML mapping (title: …)`);
  return { data: data as Record<string, unknown>, body: normalized.slice(match[0].length) };
}

function lessonMeta(data: Record<string, unknown>, where: string): LessonMeta {
  const fail = (field: string, what: string): never => {
    throw new LessonFormatError(`${where}: front matter: '${field}' ${what}`);
  };
  const text = (field: string): string => {
    const value = data[field];
    if (typeof value !== 'string' || value.trim() === '') fail(field, 'must be a non-empty string');
    return (value as string).trim();
  };
  const number = (field: string, fallback?: number): number => {
    const value = data[field] ?? fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) fail(field, 'must be a number (0 or more)');
    return value as number;
  };
  const level = data.level ?? 'beginner';
  if (typeof level !== 'string' || !LEVELS.includes(level as LessonLevel)) fail('level', `must be one of ${LEVELS.join(', ')}`);
  const images = data.images ?? [];
  if (!Array.isArray(images) || images.some((image) => typeof image !== 'string')) fail('images', 'must be a list of image references');
  const docker = data.docker === undefined ? undefined : String(data.docker);
  if (docker !== undefined && !(DOCKER_RELEASE_NAMES as readonly string[]).includes(docker)) fail('docker', `must be one of ${DOCKER_RELEASE_NAMES.map((r) => `"${r}"`).join(', ')} (quote it: "20.10")`);
  const known = new Set(['title', 'summary', 'level', 'minutes', 'order', 'images', 'docker']);
  const unknown = Object.keys(data).find((key) => !known.has(key));
  if (unknown !== undefined) fail(unknown, `is not a field of a lesson (${[...known].join(', ')})`);
  return {
    title: text('title'),
    summary: text('summary'),
    level: level as LessonLevel,
    minutes: number('minutes'),
    order: number('order', 1000),
    images: images as string[],
    ...(docker !== undefined ? { docker: docker as DockerReleaseName } : {}),
  };
}

/** Cut the body at its `##` headings (not inside fenced code). */
function splitSteps(body: string): { intro: string; steps: { title: string; markdown: string }[] } {
  const lines = body.split('\n');
  const steps: { title: string; lines: string[] }[] = [];
  const intro: string[] = [];
  let fence: string | undefined;
  for (const line of lines) {
    if (fence === undefined) fence = openingFence(line);
    else if (closingFence(line, fence)) fence = undefined;
    const heading = fence === undefined ? /^## +(.+?)(?: +#+)? *$/.exec(line) : null;
    if (heading) steps.push({ title: heading[1]!, lines: [] });
    else (steps.at(-1)?.lines ?? intro).push(line);
  }
  return { intro: intro.join('\n').trim(), steps: steps.map((step) => ({ title: step.title, markdown: step.lines.join('\n').trim() })) };
}
