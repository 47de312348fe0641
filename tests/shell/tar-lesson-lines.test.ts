import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOracle, type Oracle } from './tar-support.ts';

let oracle: Oracle;
beforeAll(async () => {
  oracle = await makeOracle();
  // A docker-save-shaped archive: a layer directory holding layer.tar, and manifest.json.
  oracle.gnu(
    'mkdir -p save/0123abcd && tar --sort=name -cf save/0123abcd/layer.tar d && echo "[]" > save/manifest.json && ' +
      'touch -d @1704164645 save/manifest.json save/0123abcd save && tar --sort=name -C save -cf redis.tar .',
  );
  await oracle.copyIn('redis.tar');
});
afterAll(() => oracle.cleanup());

describe('the tar lines of the lessons run as they do with GNU tar', () => {
  it('tar -xvf redis.tar; tar -tvf <layer>/layer.tar; docker save … | tar -t', async () => {
    for (const command of ['mkdir -p s && cd s && tar -xvf ../redis.tar', 'tar -tvf s/0123abcd/layer.tar', 'cat redis.tar | tar -t']) {
      const gnu = oracle.gnu(command);
      const ours = await oracle.ours(command);
      expect(gnu.status).toBe(0);
      expect({ stdout: ours.stdout, stderr: ours.stderr, status: ours.status }).toEqual({ stdout: gnu.stdout.toString(), stderr: gnu.stderr, status: 0 });
    }
  });

  it('tar cv --files-from /dev/null | wc -c gives 10240, and tar -C dir -c . streams a tree to the next command', async () => {
    const ours = await oracle.ours('tar cv --files-from /dev/null | wc -c; tar -C d -c . | tar -t | head -3');
    expect(ours.stdout).toBe('10240\n' + oracle.gnu('tar --sort=name -C d -c . | tar -t | head -3').stdout.toString());
    expect(ours.stderr).toBe('');
  });
});
