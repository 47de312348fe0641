import { describe, expect, it } from 'vitest';
import { restoreDaemon, snapshotDaemon, type DaemonSnapshot, type StoredBlob } from '../../src/engine/docker/snapshot.ts';
import type { DockerDaemon } from '../../src/engine/docker/daemon.ts';
import { contextScript } from './support/build-context.ts';
import { newDaemon, runDocker } from './support/docker-shell.ts';

/** Snapshot `daemon`, as the page stores it (blobs by digest, the record through JSON), and restore it into a fresh daemon. */
async function roundTrip(daemon: DockerDaemon): Promise<{ restored: DockerDaemon; stored: Map<string, StoredBlob>; snapshot: DaemonSnapshot }> {
  const { snapshot, blobs } = await snapshotDaemon(daemon);
  const stored = new Map<string, StoredBlob>();
  for (const [digest, read] of blobs) stored.set(digest, structuredClone(await read(digest)));
  const restored = newDaemon();
  await restoreDaemon(restored, JSON.parse(JSON.stringify(snapshot)), async (digest) => stored.get(digest)!);
  return { restored, stored, snapshot };
}

const SESSION = [
  'docker pull redis:3.2.11-alpine',
  'docker pull busybox',
  'docker tag busybox mine/box:v1',
  'mkdir -p /tmp/root/etc && echo hi > /tmp/root/etc/motd && tar -C /tmp/root -cf /tmp/root.tar .',
  'docker import /tmp/root.tar imported:1.0',
  contextScript({ Dockerfile: 'FROM busybox\nRUN echo built > /built.txt\nCMD ["cat", "/built.txt"]\n' }),
  'DOCKER_BUILDKIT=0 docker build -q -t built:latest . >/dev/null 2>&1',
].join('\n');

const LOOK = [
  'docker images --no-trunc --digests',
  'docker images -a -q --no-trunc',
  'docker inspect redis:3.2.11-alpine mine/box:v1 imported:1.0 built',
  'docker history --no-trunc built',
  'docker save built imported:1.0 redis:3.2.11-alpine | sha256sum',
].join('\n');

describe('daemon snapshot → restore', () => {
  it('brings back pulled, tagged, imported and built images with identical IDs, tags, digests, parents and saves', async () => {
    const made = await runDocker(SESSION);
    expect(made.stderr).toBe('');
    const before = await runDocker(LOOK, { daemon: made.daemon });
    const { restored } = await roundTrip(made.daemon);
    const after = await runDocker(LOOK, { daemon: restored });
    expect(after.stderr).toBe('');
    expect(after.stdout).toBe(before.stdout);
    expect(restored.list().map((i) => i.id)).toEqual(made.daemon.list().map((i) => i.id));
    // A restored image runs and can be deleted like any other (its layers were counted).
    const used = await runDocker('docker run --rm built\ndocker rmi built imported:1.0', { daemon: restored });
    expect(used.stdout).toContain('built\n');
    expect(used.stdout).toContain('Deleted: ');
  }, 60_000);

  it('stores each blob once: a layer shared by two images is one blob', async () => {
    const made = await runDocker('docker pull busybox\ndocker tag busybox again:1\n' + contextScript({ Dockerfile: 'FROM busybox\nRUN echo x > /x\n' }) + '\nDOCKER_BUILDKIT=0 docker build -q -t child . >/dev/null');
    const { snapshot, blobs } = await snapshotDaemon(made.daemon);
    const layerDigests = snapshot.images.flatMap((i) => i.layers.map((l) => l.digest));
    expect(new Set(layerDigests).size).toBe(layerDigests.length - 1); // busybox's layer is in both images
    expect(blobs.size).toBe(new Set([...layerDigests, ...snapshot.images.map((i) => i.id)]).size);
  }, 60_000);

  it('refuses a damaged blob or an unknown format, and leaves the daemon as it was', async () => {
    const made = await runDocker('docker pull busybox\ndocker pull hello-world');
    const { snapshot, blobs } = await snapshotDaemon(made.daemon);
    const stored = new Map<string, StoredBlob>();
    for (const [digest, read] of blobs) stored.set(digest, structuredClone(await read(digest)));
    const layer = snapshot.images[1]!.layers[0]!.digest;
    const bytes = stored.get(layer) as Uint8Array;
    bytes[100] = bytes[100]! ^ 1;
    const target = newDaemon();
    await expect(restoreDaemon(target, snapshot, async (d) => stored.get(d)!)).rejects.toThrow(`the saved images are damaged: blob ${layer} does not match its digest`);
    expect(target.list()).toEqual([]);
    await expect(restoreDaemon(target, { ...snapshot, format: 0 }, async (d) => stored.get(d)!)).rejects.toThrow('the saved images are in format 0, this layerlab reads format 1');
    await expect(restoreDaemon(target, { format: 1, images: [{ id: 'x' }], references: [] }, async (d) => stored.get(d)!)).rejects.toThrow('not a snapshot');
    await expect(restoreDaemon(target, snapshot, async () => undefined as unknown as Uint8Array)).rejects.toThrow('does not match its digest');
    expect(target.list()).toEqual([]);
  }, 60_000);
});
