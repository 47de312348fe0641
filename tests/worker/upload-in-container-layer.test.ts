/**
 * An uploaded file copied into a container (`docker cp ~/upload.tar keeper:/x.tar`) is in the
 * container's writable layer as a window of the upload's Blob, which can only be read by waiting.
 * The session's save hashes that layer by reading it in chunks and stores the upload's part by
 * key (never its bytes), and a reload gives the container its file back. GNU tar and sha256sum
 * on the fixture are the oracles.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DaemonSnapshot } from '../../src/engine/docker/snapshot.ts';
import { literalBytes, type SourcePart } from '../../src/engine/io/source-parts.ts';
import { DAEMON_KEY } from '../../src/worker/persistence.ts';
import { UPLOAD_KEY_PREFIX } from '../../src/worker/stored-upload.ts';
import { fixturePath } from '../fixtures.ts';
import { MemoryStore, pageLoad } from './support/page-load.ts';

const BUNDLE = 'images/mutate-overwritten_file.tar';
const TAG = 'bazel/pkg/v1/mutate:overwritten_file';
const UPLOAD_BYTES = readFileSync(fixturePath(BUNDLE));
const uploadFile = () => new File([UPLOAD_BYTES], 'upload.tar', { lastModified: 1_700_000_000_000 });
const sha256sum = (file: string) => execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0]!;

describe('an uploaded file in a container\'s writable layer', () => {
  it('is saved by key with the container, and comes back after a reload', async () => {
    const store = new MemoryStore();
    const first = await pageLoad(store);
    expect(await first.transfer.uploadArchive(uploadFile())).toMatchObject({ ok: true, path: '/root/upload.tar' });
    // The container is the upload's only user: its image is busybox, and the uploaded image and file are gone.
    const made = await first.run(
      `docker pull -q busybox >/dev/null && docker create --name keeper busybox >/dev/null && docker cp ~/upload.tar keeper:/x.tar && docker diff keeper && docker rmi -f ${TAG} >/dev/null && rm ~/upload.tar`,
    );
    expect(made.stdout).toBe('A /x.tar\n');
    await first.keeper.saveNow();
    expect(first.reports).toEqual([]);

    const daemon = store.data.get(DAEMON_KEY) as DaemonSnapshot;
    expect(daemon.containers?.map((c) => c.name)).toEqual(['keeper']);
    const upper = store.data.get(`blob:${daemon.containers![0]!.upper}`) as SourcePart[];
    // The layer's blob holds its tar headers, not the upload's bytes: those stay in the one stored upload.
    expect(literalBytes(upper)).toBeLessThan(UPLOAD_BYTES.length);
    expect([...store.data.keys()].filter((k) => k.startsWith(UPLOAD_KEY_PREFIX))).toHaveLength(1);

    const second = await pageLoad(store);
    expect(second.reports).toEqual([]);
    const back = await second.run('docker diff keeper; docker export keeper | tar -xOf - x.tar | sha256sum');
    expect(back.stdout).toBe(`A /x.tar\n${sha256sum(fixturePath(BUNDLE))}  -\n`);
    // Saved again after the reload, the upload is still named.
    await second.run('echo again > notes.txt');
    await second.keeper.saveNow();
    expect([...store.data.keys()].filter((k) => k.startsWith(UPLOAD_KEY_PREFIX))).toHaveLength(1);

    // With the container gone, the upload goes at the next save.
    expect((await second.run('docker rm keeper')).stdout).toBe('keeper\n');
    await second.keeper.saveNow();
    expect([...store.data.keys()].filter((k) => k.startsWith(UPLOAD_KEY_PREFIX))).toHaveLength(0);
  }, 60_000);
});
