import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOracle, type Oracle } from './tar-support.ts';

/**
 * The tar flags of issue 3 that the other tar tests leave out, each run through GNU tar 1.34 and
 * through our tar on the same tree (tar-support.ts): z when extracting, f - for extraction from a
 * pipe, O with z, T - and --files-from=FILE, --strip-components on links.
 */
let oracle: Oracle;
beforeAll(async () => {
  oracle = await makeOracle();
  oracle.gnu('tar --sort=name -cf gnu.tar d && gzip -n -c gnu.tar > gnu.tgz');
  for (const name of ['gnu.tar', 'gnu.tgz']) await oracle.copyIn(name);
});
afterAll(() => oracle.cleanup());

/** `gnuCommand`: the same line for GNU tar where it needs --sort=name to walk a directory in name order as ours does. */
async function expectSameAsGnu(command: string, gnuCommand = command) {
  const gnu = oracle.gnu(gnuCommand);
  const ours = await oracle.ours(command);
  expect({ command, stdout: ours.stdout, stderr: ours.stderr, status: ours.status }).toEqual({ command, stdout: gnu.stdout.toString(), stderr: gnu.stderr, status: gnu.status });
}

/**
 * What an extraction left in DIR, as GNU tar lists it, less the first `skip` lines: directories
 * made at extraction time (DIR itself, parents implied by a member) carry each side's clock.
 */
async function expectSameTree(dir: string, skip = 1) {
  await oracle.ours(`tar cf ${dir}.tar -C ${dir} .`);
  await oracle.copyOut(`${dir}.tar`, `ours-${dir}.tar`);
  const gnu = oracle.gnu(`tar --sort=name -C ${dir} -cf - . | tar tv | tail -n +${skip + 1}`).stdout.toString();
  expect(gnu).not.toBe('');
  expect(oracle.gnu(`tar tvf ours-${dir}.tar | tail -n +${skip + 1}`).stdout.toString()).toBe(gnu);
}

describe('tar flags, each as GNU tar has it', () => {
  it('x with z (-xzvf) extracts a gzip archive, and xf detects gzip by itself', async () => {
    await expectSameAsGnu('mkdir -p z1 && tar -xzvf gnu.tgz -C z1');
    await expectSameTree('z1');
    await expectSameAsGnu('mkdir -p z2 && tar xf gnu.tgz -C z2 d/sub');
    await expectSameTree('z2', 2);
  });

  it('f - extracts from a pipe, and -C DIR puts it there (cat a.tar | tar -xvf - -C dir)', async () => {
    await expectSameAsGnu('mkdir -p p1 && cat gnu.tar | tar -xvf - -C p1');
    await expectSameTree('p1');
    await expectSameAsGnu('mkdir -p p2 && cat gnu.tgz | tar xzf - -C p2 && ls p2/d');
  });

  it('c | x through a pipe copies a tree (tar -C d -cf - . | tar -C dst -xf -)', async () => {
    await expectSameAsGnu('mkdir -p copy && tar -C d -cf - . | tar -C copy -xvf -', 'mkdir -p copy && tar --sort=name -C d -cf - . | tar -C copy -xvf -');
    await expectSameTree('copy');
  });

  it('O writes member data to stdout, from gzip too, and -v names the members', async () => {
    await expectSameAsGnu('tar -xzOf gnu.tgz d/a d/sub/run.sh');
    await expectSameAsGnu('tar -xvzOf gnu.tgz d/a');
    await expectSameAsGnu('tar -xOf gnu.tar d/sl');
  });

  it('T - reads the names from stdin; --files-from=FILE and -T FILE from a file', async () => {
    for (const command of ['printf "d/a\\nd/sub/big\\n" | tar cf - -T - | tar tv', 'printf "d/sl\\n" > names && tar -c --files-from=names -f - | tar tv', 'tar -cvf - -T /dev/null | tar tv']) {
      await oracle.ours(`${command.replace(/ \| tar tv$/, '')} > piped.tar`);
      await oracle.copyOut('piped.tar');
      const gnu = oracle.gnu(command);
      expect({ command, status: gnu.status }).toEqual({ command, status: 0 });
      expect({ command, listing: oracle.gnu('tar tv < piped.tar').stdout.toString() }).toEqual({ command, listing: gnu.stdout.toString() });
    }
  });

  it('--strip-components strips hard link targets too, and drops members with too few components', async () => {
    await expectSameAsGnu('tar tvf gnu.tar --strip-components=1 d/a d/hl d/sl');
    await expectSameAsGnu('mkdir -p s3 && tar xvf gnu.tar --strip-components 2 -C s3');
    await expectSameTree('s3');
  });

  it('tvf lines show "-> target" for symlinks and "link to" for hard links, from a gzip archive too', async () => {
    const listing = oracle.gnu('tar tvzf gnu.tgz').stdout.toString();
    expect(listing).toMatch(/ d\/sl -> a\n/);
    expect(listing).toMatch(/ d\/hl link to d\/a\n/);
    await expectSameAsGnu('tar tvzf gnu.tgz');
  });
});
