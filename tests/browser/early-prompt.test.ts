/**
 * The worker's first prompt before the shell has loaded (src/worker/early-prompt.ts), with a
 * terminal that records what it is sent: the shell gets the line typed at the early prompt, and
 * output before the shell's own first prompt never lands after a prompt on the same line.
 */
import { describe, expect, it } from 'vitest';
import { HOST_FIRST_PROMPT, withEarlyPrompt } from '../../src/worker/early-prompt.ts';
import type { TerminalPort } from '../../src/worker/shell-api.ts';

/** A terminal whose reads the test answers; `sent` is what reached the screen, in order. */
function recordingTerminal() {
  const sent: string[] = [];
  const answers: ((line: string | null) => void)[] = [];
  const decoder = new TextDecoder();
  const terminal: TerminalPort = {
    stdout: (bytes) => void sent.push(decoder.decode(bytes)),
    stderr: (bytes) => void sent.push(decoder.decode(bytes)),
    exited: (status) => void sent.push(`[exit ${status}]`),
    readLine(prompt) {
      sent.push(prompt);
      return new Promise((resolve) => answers.push(resolve));
    },
  };
  return { terminal, sent, answer: (i: number, line: string | null) => answers[i]!(line), reads: () => answers.length };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the early prompt', () => {
  it('is shown at once, and the shell gets the line typed at it without a second prompt', async () => {
    const t = recordingTerminal();
    const port = withEarlyPrompt(t.terminal);
    expect(t.sent).toEqual([HOST_FIRST_PROMPT]);
    const first = port.readLine(HOST_FIRST_PROMPT);
    t.answer(0, 'docker images');
    expect(await first).toBe('docker images');
    expect(t.reads()).toBe(1);
    const second = port.readLine(HOST_FIRST_PROMPT);
    expect(t.reads()).toBe(2);
    t.answer(1, 'exit');
    expect(await second).toBe('exit');
  });

  it('keeps a line entered before the shell loaded, even when the shell writes first', async () => {
    const t = recordingTerminal();
    const port = withEarlyPrompt(t.terminal);
    t.answer(0, 'ls');
    await settle();
    port.stdout(new TextEncoder().encode('a note\n'));
    expect(await port.readLine('other# ')).toBe('ls');
    expect(t.sent).toEqual([HOST_FIRST_PROMPT, 'a note\n']);
  });

  it('clears its line when the shell writes before asking, then shows the shell its own prompt', async () => {
    const t = recordingTerminal();
    const port = withEarlyPrompt(t.terminal);
    port.stderr(new TextEncoder().encode('layerlab: another tab keeps your work\n'));
    const line = port.readLine(HOST_FIRST_PROMPT);
    expect(t.sent).toEqual([HOST_FIRST_PROMPT, '\r\x1b[2K', 'layerlab: another tab keeps your work\n', HOST_FIRST_PROMPT]);
    t.answer(1, 'pwd');
    expect(await line).toBe('pwd');
  });

  it('asks again when the shell’s first prompt is another one', async () => {
    const t = recordingTerminal();
    const port = withEarlyPrompt(t.terminal);
    const line = port.readLine('/ # ');
    expect(t.sent).toEqual([HOST_FIRST_PROMPT, '\r\x1b[2K', '/ # ']);
    t.answer(1, 'id');
    expect(await line).toBe('id');
  });

  it('says when a line was entered at it (the worker loads the shell then, if the page has not yet said the prompt is drawn)', async () => {
    const t = recordingTerminal();
    const port = withEarlyPrompt(t.terminal);
    let entered = false;
    void port.lineEntered.then(() => (entered = true));
    await settle();
    expect(entered).toBe(false);
    t.answer(0, 'ls');
    await settle();
    expect(entered).toBe(true);
    expect(await port.readLine(HOST_FIRST_PROMPT)).toBe('ls');
  });
});
