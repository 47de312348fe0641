import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getCommandNames } from 'just-bash';
import { readChunks, type ByteSource } from '../../src/engine/io/byte-source.ts';
import { literalBytes, sourceFromParts } from '../../src/engine/io/source-parts.ts';
import { createHostFs } from '../../src/shell/host-fs.ts';
import { restoreHostFs, snapshotHostFs } from '../../src/shell/snapshot.ts';
import { FIXED_NOW } from './support/run-shell.ts';

const programs = getCommandNames();
const UPLOAD_BYTES = 8 << 20;

/** An upload as the page keeps it: a Blob read only by waiting; every read is counted. */
class CountedUpload implements ByteSource {
  readonly size = UPLOAD_BYTES;
  bytesRead = 0;
  async read(offset: number, length: number): Promise<Uint8Array> {
    const n = Math.max(0, Math.min(length, this.size - offset));
    this.bytesRead += n;
    return Uint8Array.from({ length: n }, (_, i) => (offset + i) % 251);
  }
}

async function sha256(source: ByteSource): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of readChunks(source)) hash.update(chunk);
  return hash.digest('hex');
}

describe('host snapshot with a stored upload in $HOME', () => {
  it('keeps the file empty in the tar parts with its upload key, never reading the upload, and restores it from the upload', async () => {
    const fs = await createHostFs({ programs, now: () => FIXED_NOW });
    const upload = new CountedUpload();
    await fs.overlay.writeFile('/root/debian.tar', upload, { mode: 0o644 });
    await fs.overlay.writeFile('/root/notes.txt', new TextEncoder().encode('kept\n'), { mode: 0o644 });
    const snapshot = await snapshotHostFs(fs, programs, (content) => (content === upload ? 'k1' : undefined));

    expect(snapshot.stored).toEqual([['root/debian.tar', 'k1']]);
    expect(upload.bytesRead).toBe(0);
    // The parts hold tar headers and the small files, not the upload's 8 MiB.
    expect(literalBytes(snapshot.tar)).toBeLessThan(UPLOAD_BYTES / 4);

    const opened: string[] = [];
    const restored = await restoreHostFs(structuredClone(snapshot), {
      programs,
      now: () => FIXED_NOW,
      openStored: async (key) => (opened.push(key), upload),
    });
    expect(opened).toEqual(['k1']);
    const file = await restored.overlay.openFile('/root/debian.tar');
    expect(file.size).toBe(UPLOAD_BYTES);
    expect(await sha256(file)).toBe(await sha256(upload));
    expect(new TextDecoder().decode(await restored.overlay.readFile('/root/notes.txt'))).toBe('kept\n');
  });

  it('reads format 1 (the tar as one array) with its stored uploads too', async () => {
    const fs = await createHostFs({ programs, now: () => FIXED_NOW });
    const upload = new CountedUpload();
    await fs.overlay.writeFile('/root/debian.tar', upload, { mode: 0o644 });
    const snapshot = await snapshotHostFs(fs, programs, (content) => (content === upload ? 'k1' : undefined));
    const tar = sourceFromParts(snapshot.tar);
    const formatOne = { format: 1, programs: snapshot.programs, tar: (await tar.read(0, tar.size)).slice(), stored: snapshot.stored };
    const restored = await restoreHostFs(formatOne, { programs, now: () => FIXED_NOW, openStored: async () => upload });
    expect(await sha256(await restored.overlay.openFile('/root/debian.tar'))).toBe(await sha256(upload));
  });

  it('says which file cannot be read when its upload is gone', async () => {
    const fs = await createHostFs({ programs, now: () => FIXED_NOW });
    const upload = new CountedUpload();
    await fs.overlay.writeFile('/root/debian.tar', upload, { mode: 0o644 });
    const snapshot = await snapshotHostFs(fs, programs, (content) => (content === upload ? 'k1' : undefined));
    await expect(restoreHostFs(snapshot, { programs, openStored: async () => Promise.reject(new Error('no upload k1')) })).rejects.toThrow(
      'the uploaded file /root/debian.tar cannot be read (no upload k1)',
    );
  });
});
