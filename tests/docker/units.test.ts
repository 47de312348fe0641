import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { bytesSize, formatGoFloat, humanDuration, humanSize, humanSizeWithPrecision } from '../../src/engine/docker/units.ts';
import { xorshift32 } from '../support/xorshift.ts';

const KB = 1000;
const MB = 1000 * KB;
const GB = 1000 * MB;
const TB = 1000 * GB;
const PB = 1000 * TB;
const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;
const TiB = 1024 * GiB;
const PiB = 1024 * TiB;
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const MONTH = 30 * DAY;
const YEAR = 365 * DAY;

describe('go-units v0.5.0 sizes (values from its size_test.go)', () => {
  it.each([
    [1000, '1kB'],
    [1024, '1.024kB'],
    [1000000, '1MB'],
    [1048576, '1.049MB'],
    [2 * MB, '2MB'],
    [3.42 * GB, '3.42GB'],
    [5.372 * TB, '5.372TB'],
    [2.22 * PB, '2.22PB'],
    [10000000000000 * PB, '1e+04YB'],
  ])('HumanSize(%d) = %s', (size, expected) => expect(humanSize(size)).toBe(expected));

  it.each([
    [1024, '1KiB'],
    [1024 * 1024, '1MiB'],
    [2 * MiB, '2MiB'],
    [3.42 * GiB, '3.42GiB'],
    [5.372 * TiB, '5.372TiB'],
    [2.22 * PiB, '2.22PiB'],
    [KiB * KiB * KiB * KiB * KiB * PiB, '1.049e+06YiB'],
  ])('BytesSize(%d) = %s', (size, expected) => expect(bytesSize(size)).toBe(expected));

  it('precision 3 (docker history, docker images) keeps Go %g quirks: 0B, ties to even, 1e+03kB', () => {
    expect(humanSizeWithPrecision(0, 3)).toBe('0B');
    expect(humanSizeWithPrecision(999, 3)).toBe('999B');
    expect(humanSizeWithPrecision(3080, 3)).toBe('3.08kB');
    expect(humanSizeWithPrecision(12250, 3)).toBe('12.2kB'); // 12.25 is exact: Go rounds to even
    expect(humanSizeWithPrecision(12350, 3)).toBe('12.3kB'); // 12.35 is a hair below in binary
    expect(humanSizeWithPrecision(999_900, 3)).toBe('1e+03kB'); // v0.5.0 has no guard against %g's exponent
    expect(humanSizeWithPrecision(77_800_000, 3)).toBe('77.8MB');
  });
});

describe('go-units v0.5.0 HumanDuration (values from its duration_test.go)', () => {
  it.each([
    [450, 'Less than a second'],
    [1 * SECOND, '1 second'],
    [45 * SECOND, '45 seconds'],
    [59 * SECOND, '59 seconds'],
    [60 * SECOND, 'About a minute'],
    [3 * MINUTE, '3 minutes'],
    [35 * MINUTE + 40 * SECOND, '35 minutes'],
    [59 * MINUTE, '59 minutes'],
    [1 * HOUR, 'About an hour'],
    [1 * HOUR + 29 * MINUTE, 'About an hour'],
    [1 * HOUR + 31 * MINUTE, '2 hours'],
    [3 * HOUR + 29 * MINUTE, '3 hours'],
    [3 * HOUR + 31 * MINUTE, '4 hours'],
    [24 * HOUR, '24 hours'],
    [1 * DAY + 12 * HOUR, '36 hours'],
    [2 * DAY, '2 days'],
    [13 * DAY + 5 * HOUR, '13 days'],
    [2 * WEEK, '2 weeks'],
    [2 * WEEK + 4 * DAY, '2 weeks'],
    [4 * WEEK + 3 * DAY, '4 weeks'],
    [1 * MONTH, '4 weeks'],
    [1 * MONTH + 2 * WEEK, '6 weeks'],
    [2 * MONTH, '2 months'],
    [5 * MONTH + 2 * WEEK, '5 months'],
    [13 * MONTH, '13 months'],
    [24 * MONTH, '24 months'],
    [24 * MONTH + 2 * WEEK, '2 years'],
    [3 * YEAR + 2 * MONTH, '3 years'],
  ])('HumanDuration(%d ms) = %s', (ms, expected) => expect(humanDuration(ms)).toBe(expected));
});

describe("Go's strconv float formatting", () => {
  it('matches Python printf (same C rules: exact value, ties to even) for e, f and g at fixed precision', () => {
    const next = xorshift32(0x5eed);
    const cases: [number, 'e' | 'f' | 'g', number][] = [
      [12.25, 'g', 3], [0.5, 'f', 0], [1.5, 'f', 0], [2.5, 'f', 0], [999.95, 'f', 1], [0.0006, 'f', 2], [1e21, 'e', 3], [5e-324, 'g', 3],
    ];
    for (let i = 0; i < 400; i++) {
      const magnitude = 10 ** ((next() % 24) - 8);
      const x = ((next() % 100000) / 100) * magnitude;
      const format = (['e', 'f', 'g'] as const)[next() % 3]!;
      cases.push([x, format, next() % 8]);
    }
    const script = 'import sys,json\nfor x,f,p in json.load(sys.stdin): print(("%." + str(p) + f) % x)';
    const python = execFileSync('python3', ['-c', script], { input: JSON.stringify(cases), encoding: 'utf8' }).split('\n');
    cases.forEach(([x, format, precision], i) => expect(formatGoFloat(x, format, precision), `${x} %.${precision}${format}`).toBe(python[i]));
  });

  it('shortest (%v) switches to an exponent at 1e21 like strconv, not like JavaScript', () => {
    expect(formatGoFloat(1e8, 'g', -1)).toBe('1e+08');
    expect(formatGoFloat(123456, 'g', -1)).toBe('123456');
    expect(formatGoFloat(123456789, 'g', -1)).toBe('1.23456789e+08');
    expect(formatGoFloat(0.0001, 'g', -1)).toBe('0.0001');
    expect(formatGoFloat(0.00001, 'g', -1)).toBe('1e-05');
    expect(formatGoFloat(1.5, 'g', -1)).toBe('1.5');
  });
});
