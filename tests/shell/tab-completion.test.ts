/**
 * Tab completion as bash with readline completes: command names in command position, file
 * names elsewhere (directories with `/`, special characters escaped), variables after `$`, and
 * docker's own words (commands, images, containers); and the line editor's Tab keys.
 */
import { describe, expect, it } from 'vitest';
import { DockerDaemon } from '../../src/engine/docker/daemon.ts';
import { nodeCatalogFiles } from '../../src/node/catalog-files.ts';
import { createPlaygroundShell } from '../../src/node/playground-shell.ts';
import { applyCompletion, formatCompletionList } from '../../src/shell/completion.ts';
import type { ShellSession } from '../../src/shell/session.ts';
import { LineEditor, type TabCompletion } from '../../src/web/line-editor.ts';

async function shell(setup: string[] = []): Promise<ShellSession> {
  const session = await createPlaygroundShell({ stdout: () => {}, stderr: () => {} }, { docker: new DockerDaemon({ catalog: nodeCatalogFiles() }) });
  for (const line of setup) await session.run(line);
  return session;
}

/** The line after one Tab at its end (or the candidates' displays when it cannot go further). */
async function tab(session: ShellSession, line: string): Promise<string | string[]> {
  const completion = await session.complete(line, line.length);
  const result = applyCompletion(line, completion, true);
  return result.list ?? result.line;
}

describe('Tab completes the word under the cursor', () => {
  it('command names from PATH, builtins and functions in command position', async () => {
    const s = await shell(['greet_me() { echo hi; }']);
    expect(await tab(s, 'hexd')).toBe('hexdump ');
    expect(await tab(s, 'greet_')).toBe('greet_me ');
    expect(await tab(s, 'ls -l; whic')).toBe('ls -l; which ');
    expect(await tab(s, 'cat x | sha256')).toBe('cat x | sha256sum ');
    expect(await tab(s, 'expor')).toBe('export ');
    expect(await tab(s, 'ta')).toEqual(expect.arrayContaining(['tac', 'tail', 'tar']));
  });

  it('file names elsewhere: directories get a slash, names with spaces are escaped, dot files only when asked', async () => {
    const s = await shell(['mkdir -p /tmp/t/sub && cd /tmp/t && touch "my file" .hidden notes.txt']);
    expect(await tab(s, 'cat no')).toBe('cat notes.txt ');
    expect(await tab(s, 'cat my')).toBe('cat my\\ file ');
    expect(await tab(s, 'cd su')).toBe('cd sub/');
    expect(await tab(s, 'ls .h')).toBe('ls .hidden ');
    expect(await tab(s, 'ls /tmp/t/n')).toBe('ls /tmp/t/notes.txt ');
    expect(await tab(s, 'ls ~/../tmp/t/s')).toBe('ls ~/../tmp/t/sub/');
    expect(await tab(s, 'cat ')).toEqual(['my file', 'notes.txt', 'sub/']);
    expect(await tab(s, 'cat zz')).toBe('cat zz');
  });

  it('variables after $', async () => {
    const s = await shell(['export LESSON_STEP=3']);
    expect(await tab(s, 'echo $LESSON_')).toBe('echo $LESSON_STEP ');
    expect(await tab(s, 'echo ${LESSON_S')).toBe('echo ${LESSON_STEP} ');
  });

  it("docker's commands, its images, the catalog for pull, and containers", async () => {
    const s = await shell(['docker pull -q busybox >/dev/null', 'docker create --name box1 busybox >/dev/null']);
    expect(await tab(s, 'docker hist')).toBe('docker history ');
    expect(await tab(s, 'docker image ins')).toBe('docker image inspect ');
    expect(await tab(s, 'docker run --rm bus')).toBe('docker run --rm busybox:latest ');
    expect(await tab(s, 'docker run -d -p 8080:80 --name web -e A=1 bus')).toBe('docker run -d -p 8080:80 --name web -e A=1 busybox:latest ');
    expect(await tab(s, 'docker pull redis:3.2.')).toBe('docker pull redis:3.2.11-alpine ');
    expect(await tab(s, 'docker pull redis:3.2')).toEqual(['redis:3.2-alpine', 'redis:3.2.11-alpine']);
    expect(await tab(s, 'docker start bo')).toBe('docker start box1 ');
    // After the image, `docker run` takes a command: file names again.
    expect(await tab(s, 'docker run busybox /tm')).toBe('docker run busybox /tmp/');
  });
});

describe('the terminal line editor', () => {
  function editor(completions: TabCompletion[]) {
    let screen = '';
    const calls: [string, number, boolean][] = [];
    const editor = new LineEditor({ write: (data) => (screen += data), clear: () => {} }, () => {}, async (line, cursor, second) => {
      calls.push([line, cursor, second]);
      return completions.shift() ?? { line, cursor, beep: true };
    });
    return { editor, calls, screen: () => screen };
  }

  it('Tab replaces the line with the completion; keys typed meanwhile come after it', async () => {
    const e = editor([{ line: 'echo hello ', cursor: 11 }]);
    const line = e.editor.readLine('$ ');
    e.editor.input('echo he\tX\r');
    expect(await line).toBe('echo hello X');
    expect(e.calls).toEqual([['echo he', 7, false]]);
  });

  it('a second Tab asks for the list, which is shown under the line before the prompt comes back', async () => {
    const e = editor([{ line: 'ls ', cursor: 3, beep: true }, { line: 'ls ', cursor: 3, list: { count: 2, text: 'a  b\n' } }]);
    const line = e.editor.readLine('$ ');
    e.editor.input('ls \t');
    await new Promise((r) => setTimeout(r, 0));
    e.editor.input('\t');
    await new Promise((r) => setTimeout(r, 0));
    e.editor.input('\r');
    expect(await line).toBe('ls ');
    expect(e.calls.map((c) => c[2])).toEqual([false, true]);
    expect(e.screen()).toContain('\x07');
    expect(e.screen()).toMatch(/\r\na {2}b\n\r\x1b\[J\$ ls /);
  });

  it('more than 100 choices are listed only after "y"', async () => {
    const e = editor([{ line: '', cursor: 0, list: { count: 150, text: 'many\n' } }]);
    const line = e.editor.readLine('$ ');
    e.editor.input('\t');
    await new Promise((r) => setTimeout(r, 0));
    expect(e.screen()).toContain('Display all 150 possibilities? (y or n)');
    e.editor.input('n');
    expect(e.screen()).not.toContain('many');
    e.editor.input('\t');
    await new Promise((r) => setTimeout(r, 0));
    e.editor.input('\r');
    expect(await line).toBe('');
  });
});

describe('the line editor on a narrow terminal', () => {
  it('redraws a line that wrapped from the row its prompt is on, and Enter ends it after its last character', async () => {
    let screen = '';
    const editor = new LineEditor({ write: (data) => (screen += data), clear: () => {}, columns: () => 10 }, () => {});
    const line = editor.readLine('$ ');
    editor.input('abcdefghijkl'); // 2 + 12 columns: the line takes two rows
    screen = '';
    editor.input('\x7f');
    // Up one row to the prompt, clear down, write again; the cursor ends after "k" on the second row.
    expect(screen).toBe('\x1b[1A\r\x1b[J$ abcdefghijk\r\x1b[3C');
    editor.input('\x1b[H'); // Home: the cursor goes up to just after the prompt
    screen = '';
    editor.input('\r');
    // From the first row: back up nothing, redraw with the cursor at the end, then the newline.
    expect(screen).toBe('\r\x1b[J$ abcdefghijk\r\x1b[3C\r\n');
    expect(await line).toBe('abcdefghijk');
  });

  it('a line ending exactly at the right edge puts the cursor on the next row, as readline does', () => {
    let screen = '';
    const editor = new LineEditor({ write: (data) => (screen += data), clear: () => {}, columns: () => 10 }, () => {});
    void editor.readLine('$ ');
    screen = '';
    editor.input('abcdefgh'); // 2 + 8 = 10 columns
    expect(screen.slice(screen.lastIndexOf('$'))).toBe('$ abcdefgh \r\r');
  });
});

describe('the list of choices', () => {
  it('goes down columns, each as wide as the widest name plus two, as readline prints it', () => {
    expect(formatCompletionList(['alpha', 'beta', 'gamma', 'delta', 'epsilon'], 30)).toBe('alpha    gamma    epsilon\nbeta     delta\n');
  });
});
