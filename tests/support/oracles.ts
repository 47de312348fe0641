/**
 * The real tools the tests compare against (the oracles), and what to install when one is
 * missing. A test whose oracle is missing fails and says so; it never skips. `.ci/run` installs
 * these packages and README.md names them: keep the three lists the same
 * (tests/support/oracles.test.ts checks .ci/run against this one).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'vitest';

export interface Oracle {
  /** What the tests need, in words. */
  readonly what: string;
  /** The Debian package that provides it; absent when no package does (a privilege). */
  readonly debianPackage?: string;
  /** What to do instead, when no package provides it. */
  readonly remedy?: string;
  readonly present: () => boolean;
}

const versionOutput = (program: string, args = ['--version']) => {
  const run = spawnSync(program, args, { encoding: 'utf8' });
  return run.error ? '' : `${run.stdout ?? ''}${run.stderr ?? ''}`;
};
const runs = (program: string, args: string[]) => spawnSync(program, args, { stdio: 'ignore' }).status === 0;

/** Every oracle, by the name tests give it. */
export const ORACLES = {
  'gnu-tar': { what: 'GNU tar', debianPackage: 'tar', present: () => versionOutput('tar').includes('GNU tar') },
  coreutils: { what: 'GNU coreutils (sha256sum, sort, wc, cp, chown, realpath…)', debianPackage: 'coreutils', present: () => versionOutput('sort').includes('GNU coreutils') },
  diffutils: { what: 'GNU diffutils', debianPackage: 'diffutils', present: () => versionOutput('diff').includes('GNU diffutils') },
  gzip: { what: 'gzip', debianPackage: 'gzip', present: () => runs('gzip', ['--version']) },
  zstd: { what: 'zstd', debianPackage: 'zstd', present: () => runs('zstd', ['--version']) },
  python3: { what: 'Python 3', debianPackage: 'python3', present: () => runs('python3', ['--version']) },
  jsonschema: {
    what: "Python's jsonschema (the OCI schema check of docker save)",
    debianPackage: 'python3-jsonschema',
    present: () => ['python3', '/usr/bin/python3'].some((python) => runs(python, ['-c', 'import jsonschema'])),
  },
  jq: { what: 'jq', debianPackage: 'jq', present: () => runs('jq', ['--version']) },
  busybox: {
    what: "Debian's busybox-static 1.35 at /bin/busybox",
    debianPackage: 'busybox-static',
    present: () => versionOutput('/bin/busybox', ['--help']).startsWith('BusyBox v1.35.0'),
  },
  tree: { what: 'tree', debianPackage: 'tree', present: () => runs('tree', ['--version']) },
  xxd: { what: "vim's xxd", debianPackage: 'xxd', present: () => existsSync('/usr/bin/xxd') },
  hexdump: { what: "util-linux's hexdump", debianPackage: 'bsdextrautils', present: () => runs('hexdump', ['--version']) },
  file: { what: 'file', debianPackage: 'file', present: () => runs('file', ['--version']) },
  script: { what: "util-linux's script (a pseudo-terminal)", debianPackage: 'bsdutils', present: () => runs('script', ['--version']) },
  procps: { what: "procps's ps and free", debianPackage: 'procps', present: () => runs('ps', ['--version']) },
  curl: { what: 'curl', debianPackage: 'curl', present: () => runs('curl', ['--version']) },
  wget: { what: 'GNU Wget', debianPackage: 'wget', present: () => versionOutput('wget').includes('GNU Wget') },
  'network-namespace': {
    what: 'a network namespace with no network (`unshare -n`, where curl and wget fail as in the playground)',
    remedy: 'run the tests as root, on a machine (or container with CAP_SYS_ADMIN) where `unshare -n true` works',
    present: () => runs('unshare', ['-n', 'true']),
  },
  chromium: { what: "Debian's Chromium at /usr/bin/chromium", debianPackage: 'chromium', present: () => existsSync('/usr/bin/chromium') },
  'mount-namespace': {
    what: 'a private mount namespace (`unshare -m`, to show the real tools a /proc/meminfo or filesystems of ours)',
    remedy: 'run the tests as root, on a machine (or container with CAP_SYS_ADMIN) where `unshare -m true` works',
    present: () => runs('unshare', ['-m', 'true']),
  },
  'debian-12': {
    what: "Debian 12's /usr/lib/os-release and base users (the host is modelled on them)",
    remedy: 'run the tests on Debian 12 (bookworm)',
    present: () => existsSync('/usr/lib/os-release') && readFileSync('/usr/lib/os-release', 'utf8').includes('VERSION_ID="12"'),
  },
  root: {
    what: 'root (to chown files to other users and make device nodes, as the real tools are shown doing)',
    remedy: 'run the tests as root',
    present: () => process.getuid?.() === 0,
  },
} as const satisfies Record<string, Oracle>;

export type OracleName = keyof typeof ORACLES;

const seen = new Map<OracleName, boolean>();

export function hasOracle(name: OracleName): boolean {
  let present = seen.get(name);
  if (present === undefined) {
    present = ORACLES[name].present();
    seen.set(name, present);
  }
  return present;
}

/** `oracle missing: install busybox-static (apt-get install -y busybox-static)`, for each one missing; '' when none is. */
export function missingOracles(names: readonly OracleName[]): string {
  return names
    .filter((name) => !hasOracle(name))
    .map((name) => missingMessage(ORACLES[name]))
    .join('\n');
}

/** What a test says when `oracle` is missing. */
export function missingMessage(oracle: Oracle): string {
  return oracle.debianPackage
    ? `oracle missing: ${oracle.what}: install ${oracle.debianPackage} (apt-get install -y ${oracle.debianPackage})`
    : `oracle missing: ${oracle.what}: ${oracle.remedy}`;
}

/** Throws (failing the test it runs in) when one of `names` is missing, saying what to install. */
export function requireOracles(...names: OracleName[]): void {
  const missing = missingOracles(names);
  if (missing !== '') throw new Error(missing);
}

/** `describe`, whose tests need `names`: without them, one failing test says what to install instead. */
export function describeWithOracles(names: readonly OracleName[], title: string, body: () => void): void {
  const missing = missingOracles(names);
  if (missing === '') describe(title, body);
  else describe(title, () => it(missing.split('\n')[0]!, () => requireOracles(...names)));
}

/** `it`, for a test that needs `names` (it fails, saying what to install, without them). */
export function itWithOracles(names: readonly OracleName[], title: string, body: () => unknown, timeout?: number): void {
  it(title, async () => {
    requireOracles(...names);
    await body();
  }, timeout);
}
