import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { makeOracle, type Oracle } from './tar-support.ts';

let oracle: Oracle;
beforeAll(async () => {
  oracle = await makeOracle();
});
afterAll(() => oracle.cleanup());

describe('tar -c writes archives that GNU tar and Python read as GNU tar’s own', () => {
  it('GNU tar -tvf lists our archive exactly as it lists the one it makes of the same tree', async () => {
    const ours = await oracle.ours('tar cf ours.tar d');
    expect(ours.stderr).toBe('');
    await oracle.copyOut('ours.tar');
    oracle.gnu('tar --sort=name -cf gnu.tar d');
    const gnuListing = oracle.gnu('tar -tvf gnu.tar').stdout.toString();
    expect(gnuListing).toContain('link to d/a');
    expect(oracle.gnu('tar -tvf ours.tar').stdout.toString()).toBe(gnuListing);
  });

  it('-v and -vv print what GNU tar prints while creating, on stdout, or on stderr when the archive goes to stdout', async () => {
    for (const [flags, archive] of [['cvf', 'x.tar'], ['cvvf', 'x.tar'], ['cvf', '-'], ['cvvf', '-']] as const) {
      const command = `tar ${flags} ${archive} d ${archive === '-' ? '> /dev/null' : ''}`;
      const gnu = oracle.gnu(command.replace(' d ', ' d --sort=name '));
      const ours = await oracle.ours(command);
      expect({ stdout: ours.stdout, stderr: ours.stderr }).toEqual({ stdout: gnu.stdout.toString(), stderr: gnu.stderr });
    }
  });

  it('Python tarfile reads our archive: names, types, sizes, modes, owners, link targets and contents', async () => {
    await oracle.ours('tar cf ours.tar d');
    await oracle.copyOut('ours.tar');
    oracle.gnu('tar --sort=name -cf gnu.tar d');
    const describe = (file: string) =>
      execFileSync('python3', ['-c', `
import tarfile, sys, hashlib
with tarfile.open(sys.argv[1]) as t:
    for m in t:
        data = hashlib.sha256(t.extractfile(m).read()).hexdigest() if m.isreg() else ''
        print(m.name, m.type, m.size, oct(m.mode), m.uid, m.gid, m.uname, m.gname, m.mtime, m.linkname, data)
`, join(oracle.dir, file)]).toString();
    const gnu = describe('gnu.tar');
    expect(gnu.split('\n').length).toBeGreaterThan(10);
    expect(describe('ours.tar')).toBe(gnu);
  });

  it('-C changes directory for the names after it, and `.` gives ./ names (tar -C dir -c .)', async () => {
    for (const command of ['tar -C d -c . | tar -tv', 'tar -c -C d a -C sub big | tar -tv', 'tar cf - d/a d/hl d/a | tar tv']) {
      const gnu = oracle.gnu(command.replace(/ \|/, ' --sort=name |'));
      await oracle.ours(command.replace(/\| tar (-?tv)$/, '> piped.tar'));
      await oracle.copyOut('piped.tar');
      expect(oracle.gnu(`tar -tv < piped.tar`).stdout.toString()).toBe(gnu.stdout.toString());
    }
  });

  it('an empty archive is 10240 zero bytes, as GNU tar writes it', async () => {
    const ours = await oracle.ours('tar cv --files-from /dev/null | wc -c; tar cf - -T /dev/null | sha256sum');
    expect(oracle.gnu('tar cv --files-from /dev/null | wc -c').stdout.toString()).toBe('10240\n');
    expect(ours.stdout).toBe('10240\n' + oracle.gnu('tar cf - -T /dev/null | sha256sum').stdout.toString());
  });

  it('names from -T, --exclude, -h and --numeric-owner select and describe what GNU tar does', async () => {
    await oracle.ours('printf "d/a\\nd/sub\\n" > list');
    oracle.gnu('printf "d/a\\nd/sub\\n" > list');
    for (const command of ['tar cf - -T list', 'tar cf - --exclude=sub --exclude="*.sh" d', 'tar chf - d/sl', 'tar cf - --numeric-owner d/a']) {
      await oracle.ours(`${command} > piped.tar`);
      await oracle.copyOut('piped.tar');
      const gnu = oracle.gnu(`${command} --sort=name | tar -tv`).stdout.toString();
      expect(gnu).not.toBe('');
      expect(oracle.gnu('tar -tv < piped.tar').stdout.toString()).toBe(gnu);
    }
  });

  it('-z writes gzip that GNU tar -tz reads', async () => {
    await oracle.ours('tar czf ours.tgz d');
    await oracle.copyOut('ours.tgz');
    oracle.gnu('tar --sort=name -cf gnu.tar d');
    expect(oracle.gnu('tar -tvzf ours.tgz').stdout.toString()).toBe(oracle.gnu('tar -tvf gnu.tar').stdout.toString());
  });
});
