/**
 * Mutates the bytes of every real image fixture (bit flips, truncation, overwritten header
 * fields, spliced blocks) and runs the whole read path over each mutant: open the archive,
 * verify every digest, build the merged tree, read every file, analyse efficiency. The only
 * failures allowed are LayerlabErrors (one clear line each); nothing may hang or escape as a
 * TypeError / RangeError.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeEfficiency } from '../../src/engine/analysis/efficiency.ts';
import { layerChanges } from '../../src/engine/analysis/layer-diff.ts';
import { LayerlabError } from '../../src/engine/errors.ts';
import { openArchive } from '../../src/engine/image/archive.ts';
import { verifyImage } from '../../src/engine/image/verify.ts';
import { MemorySource } from '../../src/engine/io/byte-source.ts';
import { OverlayFs } from '../../src/engine/overlay/overlay-fs.ts';
import { fixturePath } from '../fixtures.ts';

const fixtures = readdirSync(fixturePath('images'))
  .filter((f) => f.endsWith('.tar'))
  .map((name) => ({ name, bytes: new Uint8Array(readFileSync(fixturePath(`images/${name}`))) }));

/** Everything a user can do with an archive, end to end. */
async function exercise(bytes: Uint8Array): Promise<void> {
  const archive = await openArchive(new MemorySource(bytes), { maxInMemoryBytes: 64 << 20, maxDecompressedBytes: 64 << 20 });
  for (const image of archive.images) {
    await verifyImage(image);
    const fs = await OverlayFs.open(image.layers);
    for (const entry of fs.walk('/')) {
      if (entry.type === 'file') await fs.readFile(entry.path);
    }
    await analyzeEfficiency(image.layers);
    for (let n = 0; n < image.layers.length; n++) await layerChanges(image.layers, n);
  }
}

async function onlyTypedErrors(bytes: Uint8Array): Promise<void> {
  try {
    await exercise(bytes);
  } catch (err) {
    if (!(err instanceof LayerlabError)) throw new Error(`untyped ${(err as Error).name}: ${(err as Error).message}`);
    expect(err.message).not.toContain('\n');
  }
}

type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'overwrite'; at: number; text: string }
  | { kind: 'duplicate-block'; from: number; to: number };

/** Numeric header fields (size, mode, checksum, mtime) are the interesting places to write. */
const headerField = fc.constantFrom(100, 108, 116, 124, 136, 148, 156, 157, 257, 345);
const nastyText = fc.constantFrom('77777777777', '-1', '\x80\x00\x00\x00\x00\x00\x00\x7f\xff\xff\xff', '99999999999', '../../../x', '\x00', 'ffffffffffff');

function mutation(size: number): fc.Arbitrary<Mutation> {
  const blocks = Math.max(1, Math.floor(size / 512));
  return fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(size - 1), bit: fc.nat(7) }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat(size - 1) }),
    fc.record({
      kind: fc.constant('overwrite' as const),
      at: fc.tuple(fc.nat(blocks - 1), headerField).map(([b, f]) => b * 512 + f),
      text: nastyText,
    }),
    fc.record({ kind: fc.constant('duplicate-block' as const), from: fc.nat(blocks - 1), to: fc.nat(blocks - 1) }),
  );
}

function apply(bytes: Uint8Array, mutations: Mutation[]): Uint8Array {
  let out = bytes.slice();
  for (const m of mutations) {
    if (m.kind === 'flip') out[m.at % out.length]! ^= 1 << m.bit;
    else if (m.kind === 'truncate') out = out.slice(0, m.at % (out.length + 1));
    else if (m.kind === 'overwrite') for (let i = 0; i < m.text.length && m.at + i < out.length; i++) out[m.at + i] = m.text.charCodeAt(i);
    else if ((m.to + 1) * 512 <= out.length && (m.from + 1) * 512 <= out.length) out.copyWithin(m.to * 512, m.from * 512, m.from * 512 + 512);
    if (out.length === 0) break;
  }
  return out;
}

describe('mutated image archives', () => {
  it.each(fixtures.map((f) => [f.name, f] as const))('%s: every mutant opens, or fails with one typed line', async (_name, fixture) => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation(fixture.bytes.length), { minLength: 1, maxLength: 3 }), async (mutations) => {
        await onlyTypedErrors(apply(fixture.bytes, mutations));
      }),
      { numRuns: 60, seed: 0x1a7e4, endOnFailure: true },
    );
  });
});

describe('mutated gzip-compressed archives', () => {
  const gzipped = fixtures
    .filter((f) => ['tarball-test_bundle.tar', 'mutate-whiteout_dir.tar', 'tarball-hello-world-v25.tar'].includes(f.name))
    .map((f) => ({ name: `${f.name}.gz`, bytes: new Uint8Array(gzipSync(f.bytes)) }));

  it.each(gzipped.map((f) => [f.name, f] as const))('%s: every mutant opens, or fails with one typed line', async (_name, fixture) => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation(fixture.bytes.length), { minLength: 1, maxLength: 2 }), async (mutations) => {
        await onlyTypedErrors(apply(fixture.bytes, mutations));
      }),
      { numRuns: 60, seed: 0x92e1, endOnFailure: true },
    );
  });
});
