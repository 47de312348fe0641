import type { Remote } from 'comlink';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { EngineApi } from '../worker/engine-api.ts';
import type { ShellApi } from '../worker/shell-api.ts';
import { App } from './App.tsx';
import './styles.css';

/** The page, around the engine main.tsx started. */
export function renderApp(engine: Remote<EngineApi & ShellApi>): void {
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root element');
  createRoot(root).render(
    <StrictMode>
      <App engine={engine} />
    </StrictMode>,
  );
}
