import { describe, expect, it } from 'vitest';
import { LessonFormatError } from '../../src/lessons/lesson.ts';
import { parseMarkdownLesson } from '../../src/lessons/markdown-lesson.ts';
import { killercodaToFences, lexStep } from '../../src/lessons/step-markdown.ts';

const FRONT = '---\ntitle: T\nsummary: S\nminutes: 5\n---\n';

function parse(text: string) {
  return parseMarkdownLesson('t', text, 'lessons/t.md');
}

function error(text: string): string {
  try {
    parse(text);
  } catch (err) {
    expect(err).toBeInstanceOf(LessonFormatError);
    return (err as Error).message;
  }
  throw new Error('parsed without an error');
}

describe('a Markdown lesson', () => {
  it('front matter, an introduction, and one step per ## heading (not inside fenced code)', () => {
    const lesson = parse(`---\ntitle: Inside an image\nsummary: Save and unpack\nlevel: beginner\nminutes: 15\norder: 1\nimages: [redis:3.2.11-alpine]\ndocker: "20.10"\n---\n# Inside an image\n\nWhy it matters.\n\n## Pull\n\n\`\`\`sh run\ndocker pull redis:3.2.11-alpine\n\`\`\`\n\n## Save\n\n\`\`\`sh\n## a comment, not a step\n\`\`\`\n`);
    expect(lesson.meta).toEqual({ title: 'Inside an image', summary: 'Save and unpack', level: 'beginner', minutes: 15, order: 1, images: ['redis:3.2.11-alpine'], docker: '20.10' });
    expect(lesson.intro).toBe('Why it matters.');
    expect(lesson.steps.map((s) => s.title)).toEqual(['Pull', 'Save']);
    expect(lesson.steps[0]!.blocks).toEqual([{ index: 0, code: 'docker pull redis:3.2.11-alpine', action: 'run', folded: false, inline: false }]);
    expect(lesson.steps[1]!.blocks).toEqual([]);
  });

  it('expected output attaches to the block before it; verify blocks are the step check; hints fold', () => {
    const lesson = parse(`${FRONT}## One\n\n\`\`\`sh run\necho hi\n\`\`\`\n\n\`\`\`output\nhi\n\`\`\`\n\n\`\`\`bash run\nls\n\`\`\`\n\n<details><summary>Hint</summary>\n\n\`\`\`sh run\nls -l\n\`\`\`\n\n</details>\n\n\`\`\`sh verify\ntest -f x || { echo "make x"; exit 1; }\n\`\`\`\n`);
    const step = lesson.steps[0]!;
    expect(step.blocks.map((b) => [b.code, b.expected, b.folded])).toEqual([
      ['echo hi', 'hi', false],
      ['ls', undefined, false],
      ['ls -l', undefined, true],
    ]);
    expect(step.verify).toBe('test -f x || { echo "make x"; exit 1; }');
  });

  it('plain code blocks are shown, not run', () => {
    const step = parse(`${FRONT}## One\n\n\`\`\`sh\nrm -rf /\n\`\`\`\n\n\`\`\`dockerfile\nFROM scratch\n\`\`\`\n`).steps[0]!;
    expect(step.blocks).toEqual([]);
  });

  it('says what is wrong, naming the file', () => {
    expect(error('# no front matter\n## s\n')).toBe("lessons/t.md: no front matter: the file must start with '---', YAML (title, summary…), '---'");
    expect(error('---\ntitle: [unclosed\n---\n## s\n')).toMatch(/^lessons\/t\.md: front matter is not valid YAML: /);
    expect(error('---\nsummary: S\nminutes: 5\n---\n## s\n')).toBe("lessons/t.md: front matter: 'title' must be a non-empty string");
    expect(error('---\ntitle: T\nsummary: S\nminutes: soon\n---\n## s\n')).toBe("lessons/t.md: front matter: 'minutes' must be a number (0 or more)");
    expect(error('---\ntitle: T\nsummary: S\nminutes: 5\nlevel: expert\n---\n## s\n')).toBe("lessons/t.md: front matter: 'level' must be one of beginner, intermediate, advanced");
    expect(error('---\ntitle: T\nsummary: S\nminutes: 5\ndocker: 19.03\n---\n## s\n')).toBe(`lessons/t.md: front matter: 'docker' must be one of "27", "20.10", "18.09" (quote it: "20.10")`);
    expect(error('---\ntitle: T\nsummary: S\nminutes: 5\ntitel: x\n---\n## s\n')).toMatch(/^lessons\/t\.md: front matter: 'titel' is not a field of a lesson/);
    expect(error(`${FRONT}only an introduction\n`)).toBe("lessons/t.md: no steps: each step starts with a '## ' heading");
  });
});

describe("Killercoda's Markdown forms", () => {
  it('```…```{{exec}} and {{copy}} become runnable fences; other fences are untouched', () => {
    expect(killercodaToFences('```plain\ndocker ps\n```{{exec}}')).toBe('```plain run\ndocker ps\n```');
    expect(killercodaToFences('```\nls\n```{{copy}}')).toBe('```sh copy\nls\n```');
    expect(killercodaToFences('```python\nprint(1)\n```{{exec interrupt}}')).toBe('```sh run interrupt\nprint(1)\n```');
    expect(killercodaToFences('```\n`a`{{exec}}\n```')).toBe('```\n`a`{{exec}}\n```');
  });

  it('inline `cmd`{{exec}} is a runnable block in document order with the fenced ones', () => {
    const { blocks } = lexStep('Run `ls -l`{{exec}} first.\n\n```\npwd\n```{{exec}}\n\nThen `echo a < b`{{copy}}.');
    expect(blocks).toEqual([
      { index: 0, code: 'ls -l', action: 'run', folded: false, inline: true },
      { index: 1, code: 'pwd', action: 'run', folded: false, inline: false },
      { index: 2, code: 'echo a < b', action: 'copy', folded: false, inline: true },
    ]);
  });

  it('{{exec interrupt}} marks a block that sends Ctrl+C first, fenced or inline', () => {
    const { blocks } = lexStep('```\ndocker run nginx\n```{{exec}}\n\n```\ndocker ps\n```{{exec interrupt}}\n\nThen `docker ps -a`{{exec interrupt}}.');
    expect(blocks.map((b) => [b.code, b.interrupt === true])).toEqual([
      ['docker run nginx', false],
      ['docker ps', true],
      ['docker ps -a', true],
    ]);
  });

  it('a solution folded in <details> is a folded block', () => {
    const { blocks } = lexStep('<details>\n<summary>Solution</summary>\n\n```\ndocker images\n```{{exec}}\n\n</details>\n\n```\nls\n```{{exec}}');
    expect(blocks.map((b) => [b.code, b.folded])).toEqual([
      ['docker images', true],
      ['ls', false],
    ]);
  });
});
