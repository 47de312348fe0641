/**
 * A plain static file server (node:http, no server code of ours on the page's side), as a school's
 * web host or GitHub Pages serves the production build: files under a sub-path such as
 * `/layerlab/`, so the build proves it works from any path. The browser tests and
 * `npm run bench:web` serve dist/ with it. Every request is logged (path, time, bytes) so the
 * bench can tell what the page loaded before its first prompt.
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { extname, join, normalize, relative, sep } from 'node:path';
import { readdirSync } from 'node:fs';

/** Content types a static host sends for the build's files (GitHub Pages' choices). */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.md': 'text/markdown; charset=utf-8',
  '.sh': 'text/x-sh; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticMount {
  /** URL path under the site's prefix, e.g. `test-lessons/`. */
  at: string;
  dir: string;
  /** Also answer `<at>files.json` with the folder's files (relative paths), as a listing a static host lacks. */
  listing?: boolean;
}

export interface ServedRequest {
  path: string;
  /** Date.now() when the response ended. */
  at: number;
  status: number;
}

export interface StaticServer {
  /** The site's URL, ending in `/` (e.g. `http://127.0.0.1:41234/layerlab/`). */
  url: string;
  requests: ServedRequest[];
  /** Serve another folder from now on (a new deploy of the site). */
  serveFrom(root: string): void;
  /** Stop answering, dropping open connections (the network is gone). */
  close(): Promise<void>;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

/**
 * Serve `root` at `http://127.0.0.1:<port><prefix>` (`prefix` starts and ends with `/`), with
 * `mounts` beside it. Unknown paths get 404; `<dir>/` serves its index.html.
 */
export async function serveStatic(root: string, prefix = '/layerlab/', mounts: StaticMount[] = []): Promise<StaticServer> {
  const requests: ServedRequest[] = [];
  let current = root;
  const sockets = new Set<Socket>();
  const resolveFile = (urlPath: string): string | undefined => {
    if (!urlPath.startsWith(prefix)) return undefined;
    const rest = urlPath.slice(prefix.length);
    const mount = mounts.find((m) => rest.startsWith(m.at));
    const base = mount ? mount.dir : current;
    const inner = mount ? rest.slice(mount.at.length) : rest;
    const file = normalize(join(base, inner));
    if (file !== base && !file.startsWith(base.endsWith(sep) ? base : base + sep)) return undefined;
    return file;
  };
  const answer = (req: IncomingMessage, res: ServerResponse) => {
    const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://host').pathname);
    res.on('finish', () => requests.push({ path: urlPath, at: Date.now(), status: res.statusCode }));
    if (urlPath === prefix.slice(0, -1)) {
      res.writeHead(301, { location: prefix }).end();
      return;
    }
    const listed = mounts.find((m) => m.listing && urlPath === `${prefix}${m.at}files.json`);
    if (listed) {
      res.writeHead(200, { 'content-type': CONTENT_TYPES['.json']! }).end(JSON.stringify(filesUnder(listed.dir)));
      return;
    }
    let file = resolveFile(urlPath);
    let stat = file === undefined ? undefined : statSync(file, { throwIfNoEntry: false });
    if (file !== undefined && stat?.isDirectory()) {
      file = join(file, 'index.html');
      stat = statSync(file, { throwIfNoEntry: false });
    }
    if (file === undefined || !stat?.isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('404 Not Found\n');
      return;
    }
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': stat.size,
      // What GitHub Pages sends: revalidate after 10 minutes.
      'cache-control': 'max-age=600',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  };
  const server = createServer(answer);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    requests,
    serveFrom: (next) => void (current = next),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
