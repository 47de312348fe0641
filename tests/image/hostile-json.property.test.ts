import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LayerlabError } from '../../src/engine/errors.ts';
import { openArchive } from '../../src/engine/image/archive.ts';
import { verifyImage } from '../../src/engine/image/verify.ts';
import { MemorySource } from '../../src/engine/io/byte-source.ts';
import { writeTar, type TarWriteEntry } from '../../src/engine/tar/write-tar.ts';
import { fixturePath } from '../fixtures.ts';

/**
 * Whatever the JSON documents of an archive contain, opening it either works or fails with a
 * LayerlabError — never a TypeError/RangeError from a shape the readers did not expect.
 * (The archives are written with the engine's own tar writer: the tar itself is not under test.)
 */

const enc = (value: unknown) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));
const DIGEST = `sha256:${'0'.repeat(64)}`;

/** JSON values biased towards the shapes the readers look for, with hostile leaves. */
const hostile = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, 0, -1, 1e300, '', '..', '../../etc/passwd', DIGEST, 'sha256:../x', 'blobs/sha256/..', true, [], {}),
    fc.string(),
    fc.integer(),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(
      fc.constantFrom('Config', 'RepoTags', 'Layers', 'LayerSources', 'manifests', 'mediaType', 'digest', 'size', 'platform', 'annotations', 'config', 'layers', 'rootfs', 'diff_ids', 'history', 'schemaVersion', 'os', 'architecture', 'parent', 'urls', 'imageLayoutVersion'),
      tie('value'),
      { maxKeys: 6 },
    ),
  ),
})).value;

async function opensOrFailsCleanly(entries: TarWriteEntry[]): Promise<void> {
  try {
    const archive = await openArchive(new MemorySource(writeTar(entries)));
    for (const image of archive.images) {
      await verifyImage(image);
      for (const layer of image.layers) await layer.index().catch((err: unknown) => expect(err).toBeInstanceOf(LayerlabError));
    }
  } catch (err) {
    if (!(err instanceof LayerlabError)) throw err;
    expect(err.message).not.toContain('\n');
  }
}

describe('hostile JSON in image archives', () => {
  const layer = new Uint8Array(readFileSync(fixturePath('images/tarball-content.tar')));

  it('docker save: manifest.json, config and repositories of any shape', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, hostile, hostile, async (manifest, config, repositories) => {
        await opensOrFailsCleanly([
          { name: 'manifest.json', data: enc(manifest) },
          { name: 'config.json', data: enc(config) },
          { name: 'repositories', data: enc(repositories) },
          { name: 'l/layer.tar', data: layer },
        ]);
      }),
      { numRuns: 300 },
    );
  });

  it('docker save with a plausible manifest.json and hostile values inside it', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, hostile, hostile, async (tags, layers, config) => {
        await opensOrFailsCleanly([
          { name: 'manifest.json', data: enc([{ Config: 'config.json', RepoTags: tags, Layers: layers }]) },
          { name: 'config.json', data: enc({ os: 'linux', architecture: 'amd64', rootfs: { type: 'layers', diff_ids: config } }) },
          { name: 'l/layer.tar', data: layer },
        ]);
      }),
      { numRuns: 300 },
    );
  });

  it('OCI layout: oci-layout, index.json and a blob of any shape', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, hostile, async (index, blob) => {
        const blobBytes = enc(blob);
        const { createHash } = await import('node:crypto');
        const digest = `sha256:${createHash('sha256').update(blobBytes).digest('hex')}`;
        const wrapped = { schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest, size: blobBytes.length }] };
        for (const top of [index, wrapped]) {
          await opensOrFailsCleanly([
            { name: 'oci-layout', data: enc({ imageLayoutVersion: '1.0.0' }) },
            { name: 'index.json', data: enc(top) },
            { name: `blobs/sha256/${digest.slice(7)}`, data: blobBytes },
          ]);
        }
      }),
      { numRuns: 300 },
    );
  });
});
