/** A daemon for container tests: catalog, pinned clock, and container IDs from a counter. */
import { DockerDaemon } from '../../src/engine/docker/daemon.ts';
import { nodeCatalogFiles } from '../../src/node/catalog-files.ts';
import { DAEMON_NOW_MS } from './support/docker-shell.ts';

export function idFrom(n: number): string {
  return (n.toString(16).padStart(4, '0') + 'c0ffee').repeat(7).slice(0, 64).replace(/^\d/, 'a');
}

export function containerDaemon(): DockerDaemon {
  let n = 0;
  return new DockerDaemon({ catalog: nodeCatalogFiles(), now: () => DAEMON_NOW_MS, containerIds: () => idFrom(++n) });
}
