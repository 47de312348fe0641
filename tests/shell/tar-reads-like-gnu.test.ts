import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOracle, type Oracle } from './tar-support.ts';

let oracle: Oracle;
beforeAll(async () => {
  oracle = await makeOracle();
  oracle.gnu('tar --sort=name -cf gnu.tar d && gzip -c gnu.tar > gnu.tgz && zstd -q -c gnu.tar > gnu.tar.zst');
  // Damaged archives, each made from gnu.tar.
  oracle.gnu(
    [
      'head -c 1000 gnu.tar > short-header.tar',
      'head -c 1800 gnu.tar > short-data.tar',
      '(head -c 512 gnu.tar; head -c 512 /dev/zero | tr "\\0" x; tail -c +513 gnu.tar) > garbage-inside.tar',
      '(head -c 1024 /dev/zero | tr "\\0" y; cat gnu.tar) > garbage-first.tar',
      '(head -c 1024 gnu.tar; head -c 512 /dev/zero; tail -c +1025 gnu.tar) > lone-zero.tar',
      'echo garbage > text.tar',
      ': > empty.tar',
      'head -c 3000 gnu.tgz > short.tgz',
    ].join('; '),
  );
  oracle.gnu(`python3 -c "
import tarfile, io
with tarfile.open('dots.tar', 'w', format=tarfile.GNU_FORMAT) as t:
    for n in ['../evil', '/abs', 'ok/../../x', 'a/./b', 'c:d']:
        i = tarfile.TarInfo(n); i.size = 1; i.mtime = 1704164645; t.addfile(i, io.BytesIO(b'z'))
"`);
  // A pax global header (as `git archive` writes one): GNU tar applies its records to the members after it.
  oracle.gnu(`python3 -c "
import tarfile, io
with tarfile.open('global.tar', 'w', format=tarfile.PAX_FORMAT, pax_headers={'uname': 'globaluser', 'mtime': '1704164645'}) as t:
    for n in ['one', 'two']:
        i = tarfile.TarInfo(n); i.size = 1; i.mtime = 1; t.addfile(i, io.BytesIO(b'z'))
"`);
  // A GNU header holding a ustar prefix at bytes 345.. (Go ≤ 1.7's writer; Go's testdata/invalid-go17.tar):
  // Go reads prefix/name, GNU tar just the name.
  oracle.gnu(`python3 -c "
import tarfile
i = tarfile.TarInfo('foo'); i.uid = 0o10000000; i.mtime = 0
b = bytearray(i.tobuf(tarfile.GNU_FORMAT)); b[345:442] = b'a' * 97
b[148:156] = b'        '; b[148:156] = b'%06o\\0 ' % sum(b)
open('go17.tar', 'wb').write(bytes(b) + bytes(1024))
"`);
  for (const name of ['go17.tar', 'global.tar', 'gnu.tar', 'gnu.tgz', 'gnu.tar.zst', 'short-header.tar', 'short-data.tar', 'garbage-inside.tar', 'garbage-first.tar', 'lone-zero.tar', 'text.tar', 'empty.tar', 'short.tgz', 'dots.tar']) {
    await oracle.copyIn(name);
  }
});
afterAll(() => oracle.cleanup());

/** The same command line in both shells: stdout, stderr and exit status must be the same. */
async function expectSameAsGnu(command: string) {
  const gnu = oracle.gnu(command);
  const ours = await oracle.ours(command);
  expect({ command, stdout: ours.stdout, stderr: ours.stderr, status: ours.status }).toEqual({
    command,
    stdout: gnu.stdout.toString(),
    stderr: gnu.stderr,
    status: gnu.status,
  });
}

describe('tar -t and -x read archives as GNU tar does', () => {
  it('lists names and verbose lines exactly, in every option syntax', async () => {
    for (const command of [
      'tar tf gnu.tar',
      'tar tvf gnu.tar',
      'tar tvf global.tar',
      'tar tvf go17.tar',
      'tar -tvf gnu.tar',
      'tar --list --verbose --file=gnu.tar',
      'tar --list --file gnu.tar -v',
      'tar -tvzf gnu.tgz',
      'tar tvf gnu.tgz',
      'tar tf gnu.tar.zst',
      'tar -t < gnu.tar',
      'cat gnu.tar | tar tv -f -',
      'tar tvf gnu.tar --numeric-owner',
      'tar tvf gnu.tar --strip-components=1',
      'tar tf gnu.tar d/sub/ d/a',
      'tar tf gnu.tar --wildcards "d/s*"',
      'tar tf gnu.tar --exclude=sub',
      'tar --extr -vf gnu.tar -O d/sub/run.sh',
      'tar xOf gnu.tar d/a d/sub/big',
    ]) {
      await expectSameAsGnu(command);
    }
  });

  it('reports missing members, patterns, damage and compression with GNU’s words and exit status', async () => {
    for (const command of [
      'tar tf gnu.tar nope d/a',
      'tar tf gnu.tar "d/s*"',
      'tar tf nofile.tar',
      'tar tf d',
      'tar tf text.tar',
      'tar tf empty.tar',
      'tar tf short-header.tar',
      'tar tvf short-data.tar',
      'tar tf garbage-inside.tar',
      'tar tf garbage-first.tar',
      'tar tf lone-zero.tar',
      'tar t < gnu.tgz',
      'tar tzf gnu.tar',
      'tar tzf short.tgz',
      'tar tvf dots.tar',
      'tar xf gnu.tar -C nonexist',
    ]) {
      await expectSameAsGnu(command);
    }
  });

  it('rejects command lines as GNU tar does', async () => {
    for (const command of ['tar', 'tar c', 'tar ct', 'tar -q', 'tar -tf', 'tar --file', 'tar --foo', 'tar --extr --crea', 'tar tf gnu.tar --strip-components', 'tar tf gnu.tar --strip-components=x']) {
      await expectSameAsGnu(command);
    }
  });

  it('extracts what GNU tar extracts, and refuses names with ..', async () => {
    for (const command of ['mkdir -p x1 && tar xvf gnu.tar -C x1', 'mkdir -p x2 && tar -xv --strip-components=1 -f gnu.tar -C x2 d/sub d/hl', 'mkdir -p x3 && tar xvf dots.tar -C x3']) {
      await expectSameAsGnu(command);
    }
    // What landed on disk, as GNU tar lists it when it archives each extraction directory
    // (less the directory itself, made by mkdir at different times on the two sides; in x3 the
    // directory a/ is implied by a/./b, so it too gets the clock's time).
    for (const dir of ['x1', 'x2', 'x3']) {
      await oracle.ours(`tar cf ${dir}.tar -C ${dir} .`);
      await oracle.copyOut(`${dir}.tar`, `ours-${dir}.tar`);
      const clockFree = dir === 'x3' ? ` | sed -E '/^d/s/ [0-9-]{10} [0-9:]{5} / DATE /'` : '';
      const gnu = oracle.gnu(`tar --sort=name -C ${dir} -cf - . | tar tv | tail -n +2${clockFree}`).stdout.toString();
      expect(gnu).not.toBe('');
      expect(oracle.gnu(`tar tvf ours-${dir}.tar | tail -n +2${clockFree}`).stdout.toString()).toBe(gnu);
    }
  });

  it('extracting over existing files replaces them, symlinks included, and keeps what the archive does not name', async () => {
    const ours = await oracle.ours(
      'mkdir -p y/d && echo old > y/d/a && ln -s /etc/passwd y/d/sub && echo keep > y/d/keep && tar xf gnu.tar -C y && cat y/d/a y/d/keep && tar cf - -C y d | tar tv',
    );
    const gnu = oracle.gnu(
      'mkdir -p y/d && echo old > y/d/a && ln -s /etc/passwd y/d/sub && echo keep > y/d/keep && touch -d @1704164645 y/d/keep && tar xf gnu.tar -C y && cat y/d/a y/d/keep && tar --sort=name -cf - -C y d | tar tv',
    );
    expect(ours.stderr).toBe(gnu.stderr);
    expect(ours.stdout).toBe(gnu.stdout.toString());
  });
});
