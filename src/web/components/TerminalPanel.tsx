import type * as Comlink from 'comlink';
import { useLayoutEffect, useRef } from 'react';
import type { ShellApi, WorkspaceSpec } from '../../worker/shell-api.ts';
import type { TerminalController } from '../terminal-controller.ts';

/**
 * The terminal's box on the page (the controller owns the terminal and its shell) and the
 * line under it. `first` is the workspace the page opens on.
 */
export function TerminalPanel({ shell, controller, first, label }: { shell: Comlink.Remote<ShellApi>; controller: TerminalController; first: WorkspaceSpec; label: string }) {
  const host = useRef<HTMLDivElement>(null);

  // Mounted as the page is first committed, before the browser paints it (an effect would wait
  // for that paint): the first prompt is the page's first thing to show.
  useLayoutEffect(() => {
    if (!host.current) return;
    void controller.mount(host.current, first);
    controller.focus();
    // The last second of work (saves wait for a pause) is saved when the page is hidden or goes away.
    const saveWork = () => void shell.saveWork();
    const onVisibility = () => document.visibilityState === 'hidden' && saveWork();
    window.addEventListener('pagehide', saveWork);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('pagehide', saveWork);
      document.removeEventListener('visibilitychange', onVisibility);
    };
    // The terminal lives as long as the page (the controller mounts once); `first` is read once,
    // later switches go through the controller.
  }, [shell, controller]); // eslint-disable-line react-hooks/exhaustive-deps

  const startOver = async () => {
    if (!window.confirm('Start over? This deletes the files and images this browser keeps for you, in the playground and in every lesson.')) return;
    await shell.forgetSavedWork();
    window.location.reload();
  };

  return (
    <>
      <div className="terminal-label" data-testid="terminal-label">
        {label}
      </div>
      <div className="terminal-box" ref={host} data-testid="terminal" />
      <p className="terminal-note">
        Your files, images and containers are kept in this browser across reloads.{' '}
        <button type="button" onClick={() => void startOver()}>
          Start over
        </button>
      </p>
    </>
  );
}
