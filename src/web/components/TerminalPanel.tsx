import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import * as Comlink from 'comlink';
import { useEffect, useRef } from 'react';
import type { ShellApi } from '../../worker/shell-api.ts';
import { LineEditor } from '../line-editor.ts';

/**
 * The terminal: xterm.js on the page, the shell in the worker. Output arrives as bytes and is
 * written as it comes; the line editor answers the shell's requests for input.
 */
export function TerminalPanel({ shell }: { shell: Comlink.Remote<ShellApi> }) {
  const host = useRef<HTMLDivElement>(null);
  const started = useRef(false);

  useEffect(() => {
    // One shell per page load (StrictMode runs effects twice in development).
    if (started.current || !host.current) return;
    started.current = true;
    const term = new Terminal({ convertEol: true, cursorBlink: true, fontSize: 14, scrollback: 5000 });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(host.current);
    fit.fit();
    const onResize = () => fit.fit();
    window.addEventListener('resize', onResize);
    void shell.resizeShell(term.cols);
    term.onResize(({ cols }) => void shell.resizeShell(cols));
    const editor = new LineEditor(
      { write: (data) => term.write(data), clear: () => term.clear() },
      () => void shell.interruptShell(),
      (line, cursor, secondTab) => shell.completeLine(line, cursor, secondTab),
    );
    term.onData((data) => editor.input(data));
    void shell.startShell(
      Comlink.proxy({
        stdout: (bytes: Uint8Array) => term.write(bytes),
        stderr: (bytes: Uint8Array) => term.write(bytes),
        readLine: (prompt: string) => editor.readLine(prompt),
        exited: (status: number) => term.write(`\r\n[the shell exited with status ${status}; reload the page for a new one]\r\n`),
      }),
    );
    term.focus();
    // The last second of work (saves wait for a pause) is saved when the page is hidden or goes away.
    const saveWork = () => void shell.saveWork();
    window.addEventListener('pagehide', saveWork);
    document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && saveWork());
    // The terminal lives as long as the page: the shell in the worker holds the student's work.
  }, [shell]);

  const startOver = async () => {
    if (!window.confirm('Start over? This deletes the files and images this browser keeps for you.')) return;
    await shell.forgetSavedWork();
    window.location.reload();
  };

  return (
    <>
      <div className="terminal" ref={host} data-testid="terminal" />
      <p className="terminal-note">
        Your files, images and containers are kept in this browser across reloads.{' '}
        <button type="button" onClick={() => void startOver()}>
          Start over
        </button>
      </p>
    </>
  );
}
