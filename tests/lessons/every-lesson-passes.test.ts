/**
 * `npm run lessons:check` as part of `npm test`: every lesson in lessons/ is taken the way a
 * student takes it, in a fresh session, and each step must pass (its blocks' outputs as the
 * lesson says, its verify script exiting 0). One test per lesson, so a failure names it.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkLesson } from '../../src/lessons/check-lesson.ts';
import { createLessonMachine, loadLessons } from '../../src/node/lessons.ts';

const LESSONS = fileURLToPath(new URL('../../lessons', import.meta.url));
const lessons = await loadLessons(LESSONS);

describe('every lesson in lessons/ passes lessons:check', () => {
  it('the workshop is there: eight lessons, in order', () => {
    expect(lessons.map(({ lesson }) => lesson.meta.order)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('lessons/TEMPLATE.md, where authors start, passes as written', async () => {
    const [{ lesson, files }] = (await loadLessons(`${LESSONS}/TEMPLATE.md`)) as [(typeof lessons)[number]];
    const machine = await createLessonMachine(lesson);
    try {
      expect((await checkLesson(lesson, files, machine)).every((result) => result.ok)).toBe(true);
    } finally {
      await machine.close();
    }
  });

  for (const { lesson, files } of lessons) {
    it(`${lesson.id}: ${lesson.meta.title}`, async () => {
      const machine = await createLessonMachine(lesson);
      try {
        const results = await checkLesson(lesson, files, machine);
        expect(results.filter((result) => !result.ok)).toEqual([]);
        expect(results).toHaveLength(lesson.steps.length);
      } finally {
        await machine.close();
      }
    });
  }
});
