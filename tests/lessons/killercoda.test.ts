import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkLesson } from '../../src/lessons/check-lesson.ts';
import { createLessonMachine, loadLessons } from '../../src/node/lessons.ts';
import { runCli } from '../cli/run-cli.ts';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

describe('a Killercoda scenario as a lesson', () => {
  it('index.json names the title, steps, verify scripts, intro scripts, finish and assets', async () => {
    const [loaded] = await loadLessons(fixture('killercoda-image-tarball'));
    const lesson = loaded!.lesson;
    expect(lesson.format).toBe('killercoda');
    expect(lesson.meta.title).toBe('An image is a tarball');
    expect(lesson.steps.map((s) => s.title)).toEqual(['Save busybox', 'Run the helper script']);
    expect(lesson.steps[0]!.blocks.map((b) => [b.code, b.inline, b.folded])).toEqual([
      ['docker pull busybox\ndocker save busybox -o /root/work/busybox.tar', false, false],
      ['tar -tf /root/work/busybox.tar | head -3', true, false],
      ['ls -l /root/work/busybox.tar', false, true],
    ]);
    expect(lesson.steps[1]!.blocks.map((b) => b.action)).toEqual(['run', 'copy']);
    expect(lesson.steps[0]!.verify).toContain('test -s /root/work/busybox.tar');
    expect(lesson.setup).toEqual(['mkdir -p /root/work\necho ready > /root/work/.background-done\n']);
    expect(lesson.assets).toEqual([{ file: 'assets/count-layers.sh', target: '/usr/local/bin', chmod: '+x' }]);
    expect(lesson.finish).toContain('a tar of tars');
  });

  it('runs: assets copied with their chmod, the solution blocks run, each verify passes', async () => {
    const [{ lesson, files }] = (await loadLessons(fixture('killercoda-image-tarball'))) as [Awaited<ReturnType<typeof loadLessons>>[number]];
    const machine = await createLessonMachine(lesson);
    try {
      const results = await checkLesson(lesson, files, machine);
      expect(results).toEqual([
        { step: 1, title: 'Save busybox', ok: true },
        { step: 2, title: 'Run the helper script', ok: true },
      ]);
      // The asset kept its chmod: it ran as a program above; its mode says so too.
      expect((await machine.type('stat -c %A /usr/local/bin/count-layers.sh')).output).toBe('-rwxr-xr-x\n');
    } finally {
      await machine.close();
    }
  });

  it('a step that needs what the playground lacks fails honestly, in one line naming it', async () => {
    const result = await runCli('lessons', 'check', fixture('killercoda-needs-network'));
    expect(result.status).toBe(1);
    const row = result.stdout.split('\n').find((line) => line.startsWith('killercoda-needs-network'));
    expect(row).toMatch(/1 Download a file +FAIL +block 1 \("curl -fsSLO https:\/\/raw\.githubusercontent\.com\/moby\/moby\/master\/README\.md"\) exited \d+: curl: .*/);
    expect(result.stdout).toMatch(/1 lesson: 0 of 1 steps passed, 1 failed\n$/);
  });

  it('a verify script gates the step: its own message is the detail', async () => {
    const [{ lesson, files }] = (await loadLessons(fixture('killercoda-image-tarball'))) as [Awaited<ReturnType<typeof loadLessons>>[number]];
    // The same scenario with the first step's commands not run: the verify script must say so.
    const skipped = { ...lesson, steps: lesson.steps.map((step, i) => (i === 0 ? { ...step, blocks: [] } : step)) };
    const machine = await createLessonMachine(skipped);
    try {
      const [first] = await checkLesson(skipped, files, machine);
      expect(first).toEqual({ step: 1, title: 'Save busybox', ok: false, detail: 'verify failed (status 1): no /root/work/busybox.tar yet: run docker save' });
    } finally {
      await machine.close();
    }
  });
});

describe('a server left in the foreground', () => {
  it('the next {{exec interrupt}} block ends it with Ctrl+C, and the lesson goes on', async () => {
    const { parseMarkdownLesson } = await import('../../src/lessons/markdown-lesson.ts');
    const text = (interrupt: string) =>
      `---\ntitle: T\nsummary: S\nminutes: 1\n---\n## Serve\n\n\`\`\`\ndocker run --name web nginx\n\`\`\`{{exec}}\n\n\`\`\`\ndocker ps -a --format '{{.Names}} {{.State}}'\n\`\`\`{{exec${interrupt}}}\n`;
    const lesson = parseMarkdownLesson('t', text(' interrupt'), 't.md');
    const machine = await createLessonMachine(lesson);
    try {
      expect(await checkLesson(lesson, { read: async () => undefined }, machine)).toEqual([{ step: 1, title: 'Serve', ok: true }]);
      expect((await machine.type("docker ps -a --format '{{.Names}} {{.State}}'")).output).toBe('web exited\n');
    } finally {
      await machine.close();
    }
  });
});
