import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DockerDaemon } from '../../src/engine/docker/daemon.ts';
import { restoreDaemon, snapshotDaemon, type StoredBlob } from '../../src/engine/docker/snapshot.ts';
import { containerDaemon } from './containers-support.ts';
import { runDocker } from './support/docker-shell.ts';

/** Snapshot `daemon` as the page stores it (blobs by digest, the record through JSON) and restore it into a fresh daemon. */
async function roundTrip(daemon: DockerDaemon, into: DockerDaemon = containerDaemon()): Promise<{ restored: DockerDaemon; stored: Map<string, StoredBlob>; json: unknown }> {
  const { snapshot, blobs } = await snapshotDaemon(daemon);
  const stored = new Map<string, StoredBlob>();
  for (const [digest, read] of blobs) stored.set(digest, structuredClone(await read(digest)));
  const json: unknown = JSON.parse(JSON.stringify(snapshot));
  await restoreDaemon(into, json, async (digest) => stored.get(digest)!);
  return { restored: into, stored, json };
}

const daemons: DockerDaemon[] = [];
afterEach(async () => {
  // No container may keep running (a held process) after its test.
  for (const daemon of daemons.splice(0)) await runDocker('docker rm -f $(docker ps -q) >/dev/null 2>&1; true', { daemon });
});

/** Changes of every kind in a busybox container: added, changed, deleted, opaque, links, modes, owners. */
const CHANGES = [
  'echo new > /root/new.txt',
  'mkdir -p /srv/app/data && echo "deep" > /srv/app/data/f && chmod 750 /srv/app',
  'ln /root/new.txt /root/hard.txt',
  'ln -s /root/new.txt /root/soft',
  'chmod 600 /etc/group',
  'chown 1:2 /etc/passwd && echo appended >> /etc/passwd',
  'rm /etc/shadow',
  'rm -rf /var/spool && mkdir /var/spool && echo again > /var/spool/mail',
  'rm /bin/ls && ln -s busybox /bin/ls',
  'mkdir /tmp/gone && rm -r /tmp/gone',
].join('; ');

const SESSION = [
  'docker pull -q busybox >/dev/null',
  'docker pull -q hello-world >/dev/null',
  `docker run --name changed busybox sh -c '${CHANGES}'`,
  'docker create --name fresh busybox echo later',
  'docker run --name failed busybox sh -c "echo out; echo err >&2; exit 3"',
  'docker tag busybox localhost:5000/tools/box:1',
  'docker push localhost:5000/tools/box:1 >/dev/null',
  'docker tag hello-world localhost:5000/hello:v1',
  'docker push localhost:5000/hello:v1 >/dev/null',
  // hello-world leaves this daemon: after the reload it can only come from the registry.
  'docker rmi -f localhost:5000/hello:v1 hello-world >/dev/null',
].join('\n');

/** What the student sees of the containers; the same before and after a reload. */
const LOOK = [
  'docker ps -a --no-trunc',
  'docker ps -a --format "{{.ID}} {{.Names}} {{.Status}} {{.Command}} {{.CreatedAt}}"',
  'docker system df',
  'docker diff changed',
  'docker logs failed 2>&1',
  'docker inspect changed fresh failed',
  'docker export changed | sha256sum',
  'docker commit changed kept:1',
  'docker run --rm kept:1 sh -c "cat /root/hard.txt /var/spool/mail; readlink /bin/ls"',
].join('\n');

describe('daemon snapshot → restore: containers and the localhost:5000 registry', () => {
  it('brings back containers with their IDs, names, states, logs and writable layers: docker diff, export and commit are identical', async () => {
    const made = await runDocker(SESSION, { daemon: containerDaemon() });
    daemons.push(made.daemon);
    expect(made.stderr).toBe('err\n'); // the attached `failed` container's
    const { restored } = await roundTrip(made.daemon);
    daemons.push(restored);
    const before = await runDocker(LOOK, { daemon: made.daemon });
    const after = await runDocker(LOOK, { daemon: restored });
    expect(before.stderr).toBe('');
    expect(after.stderr).toBe('');
    expect(after.stdout).toBe(before.stdout);
    // The diff holds every kind of change (a sanity check that the session did what it says).
    expect(before.stdout).toMatch(/^A \/root\/new\.txt$/m);
    expect(before.stdout).toMatch(/^D \/etc\/shadow$/m);
    expect(before.stdout).toMatch(/^C \/var\/spool$/m);
    expect(before.stdout).toMatch(/^C \/bin\/ls$/m);
    expect(before.stdout).not.toMatch(/^[ACD] \/tmp\/gone$/m);
  }, 60_000);

  it('keeps the writable layer byte for byte: the same tar, which GNU tar lists with the same whiteouts and links', async () => {
    const made = await runDocker(SESSION, { daemon: containerDaemon() });
    const { restored } = await roundTrip(made.daemon);
    const before = made.daemon.containers.get('changed').rootfs.exportUpperLayer();
    const after = restored.containers.get('changed').rootfs.exportUpperLayer();
    const dir = mkdtempSync(join(tmpdir(), 'layerlab-upper-'));
    writeFileSync(join(dir, 'before.tar'), before);
    writeFileSync(join(dir, 'after.tar'), after);
    const list = (name: string) => execFileSync('tar', ['--numeric-owner', '-tvf', join(dir, name)], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
    expect(list('after.tar')).toBe(list('before.tar'));
    expect(list('before.tar')).toMatch(/ etc\/\.wh\.shadow\n/);
    expect(list('before.tar')).toMatch(/ var\/spool\/\.wh\.\.wh\.\.opq\n/);
    expect(list('before.tar')).toMatch(/ root\/new\.txt link to root\/hard\.txt\n/);
    expect(Buffer.from(after).equals(Buffer.from(before))).toBe(true);
  }, 60_000);

  it('a running container comes back Exited (255), as moby leaves one whose task is gone; it starts again, and an --rm one is gone', async () => {
    const daemon = containerDaemon();
    daemons.push(daemon);
    const made = await runDocker(
      ['docker pull -q busybox >/dev/null', 'docker run -d --name server busybox sh -c "echo up > /up; sleep 1000" >/dev/null', 'docker run -d --rm --name temp busybox sleep 1000 >/dev/null'].join('\n'),
      { daemon },
    );
    expect(made.stderr).toBe('');
    expect(daemon.containers.get('server').state.status).toBe('running');
    const { restored } = await roundTrip(daemon);
    daemons.push(restored);
    const after = await runDocker(
      ['docker ps -a --format "{{.Names}} {{.Status}}"', 'docker inspect -f "{{.State.ExitCode}} {{.State.Pid}} {{.State.Running}}" server', 'docker diff server', 'docker start server', 'docker ps --format "{{.Names}} {{.Status}}"', 'docker exec server cat /up'].join('\n'),
      { daemon: restored },
    );
    expect(after.stderr).toBe('');
    expect(after.stdout).toBe(['server Exited (255) Less than a second ago', '255 0 false', 'A /up', 'server', 'server Up Less than a second', 'up', ''].join('\n'));
  }, 60_000);

  it('keeps the registry: an image pushed to localhost:5000 and deleted locally is pulled again after the reload, same digests', async () => {
    const made = await runDocker(SESSION, { daemon: containerDaemon() });
    const pushed = await made.daemon.localRegistry.manifest('hello', 'v1');
    const { restored, json } = await roundTrip(made.daemon);
    expect(() => restored.getImage('hello-world')).toThrow('No such image');
    const pull = await runDocker('docker pull localhost:5000/hello:v1\ndocker run --rm localhost:5000/hello:v1 | head -2\ndocker pull localhost:5000/tools/box:1', { daemon: restored });
    expect(pull.stderr).toBe('');
    expect(pull.stdout).toContain(`Digest: ${pushed!.digest}\nStatus: Downloaded newer image for localhost:5000/hello:v1\n`);
    expect(pull.stdout).toContain('\nHello from Docker!\n');
    expect(pull.stdout).toContain('Status: Image is up to date for localhost:5000/tools/box:1\n');
    // Each blob once: the registry's busybox layer is the image's own blob (one key in the store).
    const record = json as { registry: { repositories: { path: string; blobs: string[] }[] } };
    expect(record.registry.repositories.map((r) => r.path)).toEqual(['hello', 'tools/box']);
    const busyboxLayer = made.daemon.images.layersOf(made.daemon.getImage('busybox').id)[0]!.layer.digest;
    expect(record.registry.repositories[1]!.blobs).toContain(busyboxLayer);
  }, 60_000);

  it('restores a snapshot from before containers and the registry were kept', async () => {
    const made = await runDocker('docker pull -q busybox >/dev/null\ndocker create --name c busybox', { daemon: containerDaemon() });
    const { snapshot, blobs } = await snapshotDaemon(made.daemon);
    const { containers: _containers, registry: _registry, ...old } = snapshot;
    const stored = new Map<string, StoredBlob>();
    for (const [digest, read] of blobs) stored.set(digest, await read(digest));
    const restored = containerDaemon();
    await restoreDaemon(restored, JSON.parse(JSON.stringify(old)), async (d) => stored.get(d)!);
    expect(restored.list().map((i) => i.id)).toEqual(made.daemon.list().map((i) => i.id));
    expect(restored.containers.list()).toEqual([]);
  }, 60_000);

  it('refuses a damaged container layer or record, and leaves the daemon as it was', async () => {
    const made = await runDocker(`docker pull -q busybox >/dev/null\ndocker run --name changed busybox sh -c 'echo x > /x'`, { daemon: containerDaemon() });
    const { snapshot, blobs } = await snapshotDaemon(made.daemon);
    const stored = new Map<string, StoredBlob>();
    for (const [digest, read] of blobs) stored.set(digest, structuredClone(await read(digest)));
    const upper = snapshot.containers![0]!.upper;
    // The writable layer is stored as parts; its first is the literal first header and file.
    const bytes = (stored.get(upper) as Uint8Array[])[0]!;
    bytes[600] = bytes[600]! ^ 1;
    const target = containerDaemon();
    await expect(restoreDaemon(target, JSON.parse(JSON.stringify(snapshot)), async (d) => stored.get(d)!)).rejects.toThrow(`the saved images are damaged: blob ${upper} does not match its digest`);
    const badRecord = { ...snapshot, containers: [{ ...snapshot.containers![0]!, state: { status: 'paused' } }] };
    await expect(restoreDaemon(target, badRecord, async (d) => stored.get(d)!)).rejects.toThrow('the saved images are damaged: its containers are not readable');
    expect(target.list()).toEqual([]);
    expect(target.containers.list()).toEqual([]);
  }, 60_000);

  it('keeps a placeholder binary copied up in a container as pattern runs: small to store, the same bytes after the reload', async () => {
    const made = await runDocker('docker pull -q node:alpine >/dev/null\ndocker run --name big node:alpine cp /usr/local/bin/node /node-copy', { daemon: containerDaemon() });
    expect(made.stderr).toBe('');
    const { restored, stored, json } = await roundTrip(made.daemon);
    const upper = (json as { containers: { upper: string }[] }).containers[0]!.upper;
    const literal = (blob: StoredBlob) => (blob instanceof Uint8Array ? blob.length : blob.reduce((n, part) => n + (part instanceof Uint8Array ? part.length : 0), 0));
    const size = made.daemon.containers.get('big').rootfs.lstat('/node-copy').size;
    expect(size).toBeGreaterThan(100_000_000);
    expect(literal(stored.get(upper)!)).toBeLessThan(size / 100);
    const sum = 'docker cp big:/node-copy /tmp/node-copy 2>/dev/null && sha256sum /tmp/node-copy';
    const after = await runDocker(sum, { daemon: restored });
    expect(after.stdout).toMatch(/^[0-9a-f]{64}  \/tmp\/node-copy\n$/);
    expect(after.stdout).toBe((await runDocker(sum, { daemon: made.daemon })).stdout);
  }, 60_000);
});
