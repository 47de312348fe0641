import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../src/engine/image/archive.ts';
import { verifyImage, type VerifyProgress } from '../../src/engine/image/verify.ts';
import { MemorySource } from '../../src/engine/io/byte-source.ts';
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
