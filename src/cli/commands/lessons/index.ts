import { LayerlabError } from '../../../engine/errors.ts';
import { checkLesson, type CheckResult } from '../../../lessons/check-lesson.ts';
import { createLessonMachine, loadLessons, type LoadedLesson } from '../../../node/lessons.ts';
import { defineCliCommand } from '../../command.ts';

/**
 * `layerlab lessons check [PATH…]`: take every lesson as a student would, each in a fresh
 * session, and print a table (lesson, step, result, the first difference). Exit status 1 when
 * any step fails. PATH is a lesson file, a lesson or Killercoda scenario folder, or a folder of
 * them; `lessons/` when none is given. `layerlab lessons list` prints the index instead.
 */
export const lessonsCommand = defineCliCommand({
  name: 'lessons',
  usage: 'lessons check|list [PATH…]',
  summary: 'Check lessons (Markdown or Killercoda scenarios) by running them, or list them',
  options: {},
  positionals: { min: 1, max: Infinity },
  async run({ positionals }, io) {
    const [action, ...given] = positionals;
    if (action !== 'check' && action !== 'list') throw new LayerlabError('USAGE', `lessons: unknown action '${action}' (check or list)`);
    const lessons: LoadedLesson[] = [];
    for (const path of given.length > 0 ? given : ['lessons']) lessons.push(...(await loadLessons(path)));
    if (lessons.length === 0) throw new LayerlabError('USAGE', `lessons: no lessons in ${given.join(', ') || 'lessons'}`);
    if (action === 'list') {
      io.stdout(table(['LESSON', 'TITLE', 'STEPS', 'MINUTES', 'DOCKER'], lessons.map(({ lesson }) => [lesson.id, lesson.meta.title, String(lesson.steps.length), String(lesson.meta.minutes), lesson.meta.docker ?? '27'])));
      return 0;
    }
    const rows: string[][] = [];
    let failed = 0;
    let steps = 0;
    for (const { lesson, files } of lessons) {
      const machine = await createLessonMachine(lesson);
      let results: CheckResult[];
      try {
        results = await checkLesson(lesson, files, machine);
      } finally {
        await machine.close();
      }
      for (const result of results) {
        steps++;
        if (!result.ok) failed++;
        rows.push([lesson.id, `${result.step} ${result.title}`, result.ok ? 'ok' : 'FAIL', result.detail ?? '']);
      }
    }
    io.stdout(table(['LESSON', 'STEP', 'RESULT', 'DETAIL'], rows));
    io.stdout(`\n${lessons.length} lesson${lessons.length === 1 ? '' : 's'}: ${steps - failed} of ${steps} steps passed${failed > 0 ? `, ${failed} failed` : ''}\n`);
    return failed > 0 ? 1 : 0;
  },
});

/** Columns padded to their widest cell, as `docker ps` lays a table out (the last one unpadded). */
function table(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  return all.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]! + 2))).join('').trimEnd()).join('\n') + '\n';
}
