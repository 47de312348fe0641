import type { Remote } from 'comlink';
import type { EngineApi } from '../worker/engine-api.ts';
import type { ShellApi } from '../worker/shell-api.ts';
import { TerminalPanel } from './components/TerminalPanel.tsx';
import { ArchivePicker } from './components/ArchivePicker.tsx';
import { ArchiveView } from './components/ArchiveView.tsx';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { useArchive } from './use-archive.ts';

export function App({ engine }: { engine: Remote<EngineApi & ShellApi> }) {
  const { archive, openFile } = useArchive(engine);

  return (
    <main className="page">
      <header className="masthead">
        <h1>layerlab</h1>
        <p className="intro">
          Look inside a container image: open a <code>docker save</code> archive to see its config, its layers and the
          digests that tie them together — everything runs in your browser, nothing is uploaded.
        </p>
      </header>

      <section className="terminal-section" aria-label="Terminal">
        <TerminalPanel shell={engine} />
      </section>

      <ArchivePicker onFile={openFile} busy={archive.state === 'opening'} />

      <div role="status" aria-live="polite">
        {archive.state === 'opening' && <p className="muted">Opening {archive.fileName}…</p>}
        {archive.state === 'failed' && (
          <p className="error" data-testid="error">
            {archive.fileName}: {archive.error}
          </p>
        )}
      </div>

      {archive.state === 'open' && (
        // Keyed by archive so a new file gets a fresh boundary.
        <ErrorBoundary key={archive.archive.archiveId}>
          <ArchiveView state={archive} />
        </ErrorBoundary>
      )}
    </main>
  );
}
