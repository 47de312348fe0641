import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../src/engine/image/archive.ts';
import { verifyImage, type VerifyProgress } from '../../src/engine/image/verify.ts';
import { MemorySource, type ByteSource } from '../../src/engine/io/byte-source.ts';
import { Sha256x4 } from '../../src/engine/hash/sha256-x4.ts';
import { OciLayoutBuilder, sha256 } from './build-archive.ts';

describe('verifyImage with several layers hashed at once (shared SIMD lanes)', () => {
  it('reports exactly the corrupted one of six multi-MB layers of different sizes, progress in layer order', async () => {
    const builder = new OciLayoutBuilder();
    // Base64 text: random, so no two layers hash alike; sizes 0.5..3 MB, so lanes run over several passes.
    const sizes = [3_000_000, 500_000, 2_200_001, 1_300_000, 2_700_000, 900_000];
    const m = builder.addImage({ layers: sizes.map((size, i) => ({ files: { [`f${i}`]: randomBytes(size).toString('base64').slice(0, size) } })) });
    const blob = builder.blobs.get(m.layers[3]!.digest)!;
    const damaged = new Uint8Array(blob);
    damaged[1000] = damaged[1000]! ^ 1; // inside the file's data
    builder.blobs.set(m.layers[3]!.digest, damaged);
    const image = (await openArchive(new MemorySource(builder.build([m])))).images[0]!;
    const progress: VerifyProgress[] = [];
    const report = await verifyImage(image, { onProgress: (p) => progress.push(p) });
    expect(report.layers.map(({ state }) => [state.blob, state.diffId])).toEqual(
      sizes.map((_, i) => (i === 3 ? ['mismatch', 'mismatch'] : ['verified', 'verified'])),
    );
    expect(report.layers[3]!.state.actualDigest).toBe(sha256(damaged));
    const order = progress.map((p) => p.layerIndex);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(progress.at(-1)).toEqual({ layerIndex: 5, layerCount: 6, bytesDone: image.layers[5]!.size, totalBytes: image.layers[5]!.size });
  });
});

describe('verifyImage hashes layers in step', () => {
  it('fills the 4-lane passes even when one layer’s reads come back far sooner than the others’', async () => {
    const builder = new OciLayoutBuilder();
    const m = builder.addImage({ layers: [0, 1, 2, 3].map((i) => ({ files: { [`f${i}`]: randomBytes(4_500_000).toString("base64") } })) });
    const archive = builder.build([m]);
    // Reads of the first layer's blob are answered at once, every other read after a timer:
    // layers left to run freely would hash the first alone, by the one-lane kernel.
    const firstLayer = builder.blobs.get(m.layers[0]!.digest)!;
    const firstAt = Buffer.from(archive).indexOf(Buffer.from(firstLayer.subarray(0, 4096)));
    expect(firstAt).toBeGreaterThan(0);
    const memory = new MemorySource(archive);
    const uneven: ByteSource = {
      size: memory.size,
      async read(offset, length) {
        if (offset < firstAt || offset >= firstAt + firstLayer.length) await new Promise((resolve) => setTimeout(resolve, 2));
        return memory.read(offset, length);
      },
    };
    const image = (await openArchive(uneven)).images[0]!;
    const hashers = new Sha256x4();
    const report = await verifyImage(image, { hashers });
    expect(report.ok).toBe(true);
    if (!hashers.simd) throw new Error('this Node has no wasm SIMD: the test needs it (Node 20+ has it)');
    const { together, alone } = hashers.blocksHashed;
    expect(together + alone).toBeGreaterThanOrEqual((4 * 6_000_000) / 64);
    // Only the tails (under one chunk per layer) may be hashed alone.
    expect(alone / (together + alone)).toBeLessThan(0.1);
  });
});
