import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contextScript } from './support/build-context.ts';
import { runDocker } from './support/docker-shell.ts';

const CATALOG = join(import.meta.dirname, '../../public/catalog');
const DOCKERFILE = 'FROM busybox\nRUN echo built\n';

/** A blob of the bundled catalog, checked against its digest with node:crypto. */
function blob(digest: string): Buffer {
  const bytes = readFileSync(join(CATALOG, 'blobs/sha256', digest.slice('sha256:'.length)));
  expect(`sha256:${createHash('sha256').update(bytes).digest('hex')}`).toBe(digest);
  return bytes;
}

/** Sizes as buildx's plain progress prints them (real transcripts: `528B`, `1.64kB`, `3.40MB`). */
function transfer(bytes: number): string {
  if (bytes < 1000) return `${bytes}B`;
  return bytes < 1e6 ? `${(bytes / 1e3).toFixed(2)}kB` : `${(bytes / 1e6).toFixed(2)}MB`;
}

/** busybox:latest as the catalog serves it: manifest, config and layer descriptors. */
function busyboxBlobs() {
  const index = JSON.parse(readFileSync(join(CATALOG, 'index.json'), 'utf8')) as { manifests: { digest: string; annotations: Record<string, string> }[] };
  const digest = index.manifests.find((m) => m.annotations['io.containerd.image.name'] === 'docker.io/library/busybox:latest')!.digest;
  const manifest = JSON.parse(blob(digest).toString('utf8')) as { config: { digest: string; size: number }; layers: { digest: string; size: number }[] };
  return { manifest: { digest, size: blob(digest).length }, config: manifest.config, layers: manifest.layers };
}

describe('docker build pulls a base image that is not local, and says so', () => {
  it('BuildKit: the FROM vertex lists the manifest, the config and each layer downloaded and extracted', async () => {
    const { manifest, config, layers } = busyboxBlobs();
    const run = await runDocker([contextScript({ Dockerfile: DOCKERFILE }), 'docker build -t app .', "docker images --format '{{.Repository}}:{{.Tag}}'"].join('\n'));
    expect(run.status).toBe(0);
    const from = run.stderr.split('\n\n').find((block) => block.startsWith('#4 '))!;
    expect(from.split('\n')).toEqual([
      `#4 [1/2] FROM docker.io/library/busybox:latest@${manifest.digest}`,
      `#4 resolve docker.io/library/busybox:latest@${manifest.digest} 0.0s done`,
      `#4 ${manifest.digest} ${transfer(manifest.size)} / ${transfer(manifest.size)} done`,
      `#4 ${config.digest} ${transfer(config.size)} / ${transfer(config.size)} done`,
      ...layers.map((l) => `#4 ${l.digest} 0B / ${transfer(l.size)}`),
      ...layers.flatMap((l) => [`#4 ${l.digest} ${transfer(l.size)} / ${transfer(l.size)} done`, `#4 extracting ${l.digest}`, `#4 extracting ${l.digest} done`]),
      '#4 DONE 0.0s',
    ]);
    // The daemon pulled it: the base is an image of its own now.
    expect(run.stdout.split('\n')).toContain('busybox:latest');

    // Built again, the base is local: no download, the step is cached.
    const again = await runDocker('docker build -t app .', { daemon: run.daemon, session: run.session });
    expect(again.stderr).toContain(`#4 resolve docker.io/library/busybox:latest@${manifest.digest} 0.0s done\n#4 CACHED\n`);
    expect(again.stderr).not.toContain('extracting');
  });

  it('the legacy builder prints the pull as `docker pull` does, under Step 1', async () => {
    const { manifest, config, layers } = busyboxBlobs();
    const run = await runDocker([contextScript({ Dockerfile: DOCKERFILE }), 'DOCKER_BUILDKIT=0 docker build -t app . 2>/dev/null', "docker images --format '{{.Repository}}:{{.Tag}}'"].join('\n'));
    expect(run.status).toBe(0);
    const short = (digest: string) => digest.slice('sha256:'.length, 'sha256:'.length + 12);
    const lines = run.stdout.split('\n');
    const step1 = lines.indexOf('Step 1/2 : FROM busybox');
    expect(lines.slice(step1, step1 + layers.length * 4 + 5)).toEqual([
      'Step 1/2 : FROM busybox',
      'latest: Pulling from library/busybox',
      ...layers.map((l) => `${short(l.digest)}: Pulling fs layer`),
      ...layers.flatMap((l) => [`${short(l.digest)}: Verifying Checksum`, `${short(l.digest)}: Download complete`]),
      ...layers.map((l) => `${short(l.digest)}: Pull complete`),
      `Digest: ${manifest.digest}`,
      'Status: Downloaded newer image for busybox:latest',
      // The step's image: the base itself, its ID the config's digest.
      ` ---> ${short(config.digest)}`,
    ]);
    expect(lines).toContain('busybox:latest');
  });
});
