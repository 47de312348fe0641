import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { startEngine } from './engine-client.ts';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// One worker for the page's lifetime, created outside React so StrictMode cannot double it.
const engine = startEngine();
createRoot(root).render(
  <StrictMode>
    <App engine={engine} />
  </StrictMode>,
);
