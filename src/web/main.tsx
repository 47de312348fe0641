/**
 * The page's entry: start the engine's worker first, then load and render the page. The worker
 * (the engine, the shell and just-bash) is what the first prompt waits for, so its download and
 * parsing start before the page's own chunk (React, xterm.js) is parsed, not after.
 */
import { startEngine } from './engine-client.ts';

// One worker for the page's lifetime, created outside React so StrictMode cannot double it.
const engine = startEngine();
void import('./render-app.tsx').then(({ renderApp }) => renderApp(engine));
