/**
 * A Killercoda scenario as a lesson: `index.json` names the title, the intro, the steps (each a
 * `text.md`, maybe a `verify.sh`), the finish and the assets to copy onto the machine
 * (https://killercoda.com/creators: "Scenario structure", "index.json"). Its Markdown uses
 * Killercoda's `{{exec}}`/`{{copy}}` forms, which step-markdown.ts reads.
 */
import { LessonFormatError, readText, type Lesson, type LessonAsset, type LessonFiles } from './lesson.ts';
import { stepOf } from './markdown-lesson.ts';

interface ScenarioText {
  text?: unknown;
  verify?: unknown;
  foreground?: unknown;
  background?: unknown;
  title?: unknown;
}

/** Whether a folder looks like a Killercoda scenario (it has an index.json with `details`). */
export async function isKillercodaScenario(files: LessonFiles): Promise<boolean> {
  const index = await readText(files, 'index.json');
  if (index === undefined) return false;
  try {
    const parsed: unknown = JSON.parse(index);
    return typeof parsed === 'object' && parsed !== null && 'details' in parsed;
  } catch {
    return false;
  }
}

export async function readKillercodaScenario(id: string, files: LessonFiles, where: string): Promise<Lesson> {
  const indexText = await readText(files, 'index.json');
  if (indexText === undefined) throw new LessonFormatError(`${where}: no index.json: not a Killercoda scenario`);
  let index: Record<string, unknown>;
  try {
    index = JSON.parse(indexText) as Record<string, unknown>;
  } catch (err) {
    throw new LessonFormatError(`${where}/index.json: not valid JSON: ${(err as Error).message}`);
  }
  const details = (index.details ?? {}) as Record<string, unknown>;
  const title = typeof index.title === 'string' ? index.title : id;
  const summary = typeof index.description === 'string' ? index.description : title;
  const read = async (path: unknown, what: string): Promise<string | undefined> => {
    if (path === undefined) return undefined;
    if (typeof path !== 'string') throw new LessonFormatError(`${where}/index.json: ${what} must be a file name`);
    const text = await readText(files, path);
    if (text === undefined) throw new LessonFormatError(`${where}: ${path} (${what} in index.json) is missing`);
    return text;
  };
  const intro = (details.intro ?? {}) as ScenarioText;
  const rawSteps = details.steps;
  if (!Array.isArray(rawSteps) || rawSteps.length === 0) throw new LessonFormatError(`${where}/index.json: details.steps must list the steps`);
  const steps = [];
  for (const [i, raw] of (rawSteps as ScenarioText[]).entries()) {
    const markdown = (await read(raw.text, `details.steps[${i}].text`)) ?? '';
    const verify = await read(raw.verify, `details.steps[${i}].verify`);
    const stepTitle = typeof raw.title === 'string' ? raw.title : `Step ${i + 1}`;
    steps.push(stepOf(stepTitle, markdown, verify));
  }
  const setup = [await read(intro.background, 'details.intro.background'), await read(intro.foreground, 'details.intro.foreground')].filter(
    (script): script is string => script !== undefined,
  );
  const finish = await read(((details.finish ?? {}) as ScenarioText).text, 'details.finish.text');
  return {
    id,
    meta: { title, summary, level: 'beginner', minutes: typeof index.time === 'number' ? index.time : 10 * steps.length, order: 1000, images: [] },
    intro: (await read(intro.text, 'details.intro.text')) ?? '',
    steps,
    ...(finish !== undefined ? { finish } : {}),
    setup,
    assets: scenarioAssets(details.assets, where),
    format: 'killercoda',
  };
}

/** `details.assets.host01: [{ file, target, chmod }]`; `file` may be a glob in Killercoda, read literally here. */
function scenarioAssets(raw: unknown, where: string): LessonAsset[] {
  if (raw === undefined) return [];
  const assets: LessonAsset[] = [];
  for (const list of Object.values(raw as Record<string, unknown>)) {
    if (!Array.isArray(list)) throw new LessonFormatError(`${where}/index.json: details.assets lists must be arrays`);
    for (const entry of list as Record<string, unknown>[]) {
      if (typeof entry.file !== 'string' || typeof entry.target !== 'string') throw new LessonFormatError(`${where}/index.json: each asset needs "file" and "target"`);
      assets.push({ file: `assets/${entry.file}`, target: entry.target, ...(typeof entry.chmod === 'string' ? { chmod: entry.chmod } : {}) });
    }
  }
  return assets;
}
