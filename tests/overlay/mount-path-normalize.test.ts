import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalize } from '../../src/engine/overlay/mounts.ts';
import { xorshift32 } from '../support/xorshift.ts';

const PARTS = ['', '.', '..', 'a', 'b', '.a', '..a', 'a.', '...', 'etc', 'hosts'];

describe('normalize (how a mount is matched) applies . and .. as node:path does', () => {
  it('agrees with path.posix.resolve from / on 5000 random paths, clean ones included', () => {
    const next = xorshift32(0x6d6f756e);
    for (let i = 0; i < 5000; i++) {
      const count = 1 + (next() % 6);
      const parts = Array.from({ length: count }, () => PARTS[next() % PARTS.length]!);
      const path = (next() % 4 === 0 ? '' : '/') + parts.join('/');
      expect({ path, normalized: normalize(path) }).toEqual({ path, normalized: posix.resolve('/', path) });
    }
  });
});
