import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMPRESS_TS_PATH, emitCompressTs } from './emit-compress-ts.ts';

describe('the unrolled TypeScript kernel', () => {
  it('is exactly what tests/hash/emit-compress-ts.ts generates (regenerate it after editing the generator)', () => {
    expect(readFileSync(COMPRESS_TS_PATH, 'utf8')).toBe(emitCompressTs());
  });
});
