/**
 * The page's entry: start the engine's worker first, then load and render the page. The
 * worker's small entry (engine-worker.ts) sends the terminal's first prompt, so it starts
 * before the page's own chunk (React, xterm.js) is parsed and is ready when the terminal
 * mounts; the engine, the shell and just-bash load in it once that prompt is on screen.
 */
import { startEngine } from './engine-client.ts';

// One worker for the page's lifetime, created outside React so StrictMode cannot double it.
const engine = startEngine();
void import('./render-app.tsx').then(({ renderApp }) => renderApp(engine));
