import type { Remote } from 'comlink';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import type { WorkerApi } from './engine-client.ts';
import './styles.css';

/** The page, around the engine main.tsx started. */
export function renderApp(engine: Remote<WorkerApi>): void {
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root element');
  createRoot(root).render(
    <StrictMode>
      <App engine={engine} />
    </StrictMode>,
  );
}
