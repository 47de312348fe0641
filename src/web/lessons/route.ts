/**
 * The page's address: `#/` the lesson index, `#/lesson/<id>/<page>` a lesson's page (0 its
 * introduction, then its steps from 1), `#/archive` the image archive viewer. Every lesson and
 * step has a link a teacher can hand out.
 */
import { useEffect, useState } from 'react';

export type Route = { view: 'index' } | { view: 'archive' } | { view: 'lesson'; id: string; page: number | undefined };

export function parseRoute(hash: string): Route {
  const path = decodeURIComponent(hash.replace(/^#/, ''));
  if (path === '/archive') return { view: 'archive' };
  const lesson = /^\/lesson\/([^/]+)(?:\/(\d+))?\/?$/.exec(path);
  if (lesson) return { view: 'lesson', id: lesson[1]!, page: lesson[2] === undefined ? undefined : Number(lesson[2]) };
  return { view: 'index' };
}

export function lessonHref(id: string, page?: number): string {
  return `#/lesson/${encodeURIComponent(id)}${page === undefined ? '' : `/${page}`}`;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onHash = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return route;
}
