/**
 * The fresh-machine contract: every oracle the tests use is installed (or the run fails here,
 * saying what to install), and `.ci/run` and README.md install the very packages the tests'
 * list (./oracles.ts) names.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { missingMessage, missingOracles, ORACLES, type Oracle, type OracleName } from './oracles.ts';

const packages = [...new Set(Object.values(ORACLES as Record<string, Oracle>).flatMap((oracle) => (oracle.debianPackage ? [oracle.debianPackage] : [])))].sort();
const repo = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('the oracles the tests use', () => {
  it.each(Object.keys(ORACLES) as OracleName[])('%s is here', (name) => {
    expect(missingOracles([name])).toBe('');
  });

  it(".ci/run installs each oracle's package, and no other", () => {
    const installed = [...repo('.ci/run').matchAll(/missing\+=\(([\w.+-]+)\)/g)].map((m) => m[1]!);
    expect([...new Set(installed)].sort()).toEqual(packages);
  });

  it("README's set-up line installs the same packages", () => {
    const line = /apt-get install -y ([\w .+-]+)/.exec(repo('README.md'))?.[1] ?? '';
    expect(line.trim().split(/\s+/).sort()).toEqual(packages);
  });

  it('a missing one says what to install, or what to do where no package provides it', () => {
    expect(missingMessage({ what: "Debian's busybox-static 1.35", debianPackage: 'busybox-static', present: () => false })).toBe(
      "oracle missing: Debian's busybox-static 1.35: install busybox-static (apt-get install -y busybox-static)",
    );
    expect(missingMessage({ what: 'root', remedy: 'run the tests as root', present: () => false })).toBe('oracle missing: root: run the tests as root');
  });
});
