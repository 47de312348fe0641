import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeEfficiency } from '../../src/engine/analysis/efficiency.ts';
import { goPathClean } from '../../src/engine/analysis/go-path.ts';
import { writeTar, type TarWriteEntry } from '../../src/engine/tar/write-tar.ts';
import { memoryLayer } from '../overlay/make-tar.ts';
import { analyzeEfficiencyAsDive } from './support/dive-reference.ts';

/**
 * The efficiency report (dive's numbers) is computed fast: parents reused, trees stacked side by
 * side, leaves found by name. Whatever the layers hold, it must equal the line-by-line
 * transcription of dive's Go (tests/analysis/support/dive-reference.ts), quirks and all: names
 * that collide, whiteouts of what never existed (which end dive's walk of a layer), opaque
 * markers, `..` climbing out, `./` and trailing slashes, a file where a directory was.
 */

const element = fc.constantFrom('a', 'b', '-c', '.wh.a', '.wh.b', '.wh.c', '.wh..wh..opq', '.wh.', '..', '.', '');
const entry: fc.Arbitrary<TarWriteEntry> = fc
  .record({
    elements: fc.array(element, { minLength: 1, maxLength: 4 }),
    lead: fc.constantFrom('', '/', './'),
    type: fc.constantFrom('file', 'file', 'directory', 'symlink') as fc.Arbitrary<'file' | 'directory' | 'symlink'>,
    size: fc.integer({ min: 0, max: 40 }),
  })
  .map(({ elements, lead, type, size }) => ({
    name: lead + elements.join('/'),
    type,
    mode: 0o644,
    ...(type === 'file' ? { data: new Uint8Array(size) } : {}),
    ...(type === 'symlink' ? { linkname: 'a' } : {}),
  }))
  .filter((e) => e.name !== '' && e.name !== '/');
const image = fc.array(fc.array(entry, { maxLength: 12 }), { minLength: 1, maxLength: 4 });

describe('analyzeEfficiency gives dive’s numbers', () => {
  it('equals the transcription of dive on generated layers', async () => {
    await fc.assert(
      fc.asyncProperty(image, async (layers) => {
        const tars = layers.map((entries) => writeTar(entries, { mtime: 1 }));
        expect(await analyzeEfficiency(tars.map(memoryLayer))).toEqual(await analyzeEfficiencyAsDive(tars.map(memoryLayer)));
      }),
      { numRuns: 400 },
    );
  });

  it('a whiteout named `.wh.` takes its own directory away in the middle of a stack (its Path is `/d/`)', async () => {
    const file = (name: string, size = 1): TarWriteEntry => ({ name, data: new Uint8Array(size) });
    // Stacking layer 1: d/-x makes d, d/.wh. removes d, d/z must make d again; layer 2 asks for d/z.
    const tars = [[file('d/old', 5)], [file('d/-x'), file('d/.wh.', 0), file('d/z', 3)], [file('d/.wh.z', 0), file('e', 2)]].map((entries) => writeTar(entries, { mtime: 1 }));
    const report = await analyzeEfficiency(tars.map(memoryLayer));
    expect(report).toEqual(await analyzeEfficiencyAsDive(tars.map(memoryLayer)));
    expect(report.inefficientFiles).toEqual([{ path: '/d/z', count: 2, wastedBytes: 3 }]);
  });

  it('cleans names as Go’s path.Clean, fast path included', () => {
    const cases: [string, string][] = [
      ['a/b', 'a/b'], ['a/b/', 'a/b'], ['./a', 'a'], ['.//a', 'a'], ['/', '/'], ['//', '/'], ['', '.'], ['.', '.'], ['./', '.'],
      ['..', '..'], ['../a', '../a'], ['/..', '/'], ['a/../..', '..'], ['a/./b', 'a/b'], ['/a//b/', '/a/b'], ['.a/..b', '.a/..b'],
    ];
    // What Go gives, by its rules (https://pkg.go.dev/path#Clean): one slash, no `.`, `..` eaten with its parent or at the root.
    expect(cases.map(([input]) => [input, goPathClean(input)])).toEqual(cases);
  });
});
