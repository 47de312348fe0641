/** The page's display helpers. */
import { describe, expect, it } from 'vitest';
import { truncateId } from '../../src/engine/docker/short-id.ts';
import { formatBytes, formatCommand, formatPercent } from '../../src/web/format.ts';

describe('formatBytes', () => {
  it('uses decimal units like docker images', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1000)).toBe('1.00 kB');
    expect(formatBytes(10752)).toBe('10.8 kB');
    expect(formatBytes(187_654_321)).toBe('188 MB');
    expect(formatBytes(5e12)).toBe('5.00 TB');
    expect(formatBytes(5e15)).toBe('5000 TB');
  });
});

describe('display helpers', () => {
  it('shortens IDs to 12 hex digits', () => {
    expect(truncateId('sha256:ee301c921b8aadc002973b2e0c3da17d701dcd994b606769a7e6eaa100b81d44')).toBe('ee301c921b8a');
  });
  it('prints exec-form commands as JSON arrays', () => {
    expect(formatCommand(['/bin/sh', '-c', 'echo "hi"'])).toBe('["/bin/sh", "-c", "echo \\"hi\\""]');
    expect(formatCommand(undefined)).toBe('—');
  });
  it('prints fractions as percentages', () => {
    expect(formatPercent(1)).toBe('100.0 %');
    expect(formatPercent(0.1234)).toBe('12.3 %');
  });
});
