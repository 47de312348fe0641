/**
 * SHLVL: bash and BusyBox ash export the level they started with plus one, so a container's
 * `sh` lists SHLVL=1 in `env` and a nested shell counts on. Oracles: Debian's /bin/busybox (1.35)
 * and bash, started with the environment Docker gives a container (`env -i`).
 */
import { execFileSync } from 'node:child_process';
import { describe, expect } from 'vitest';
import { itWithOracles } from '../support/oracles.ts';
import { runInMode } from './support/three-modes.ts';

const DOCKER_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** What a program prints when started as Docker starts a container's process (`-h box`). */
function real(program: string, args: string[], extra: Record<string, string> = {}): string {
  return execFileSync('env', ['-i', `PATH=${DOCKER_PATH}`, 'HOSTNAME=box', ...Object.entries(extra).map(([k, v]) => `${k}=${v}`), 'HOME=/root', program, ...args], {
    cwd: '/',
    encoding: 'utf8',
  });
}

async function shown(lines: string[]): Promise<string> {
  return (await runInMode('page', [...lines, 'exit'])).shown;
}

const NESTED = 'echo "level $SHLVL"; /bin/busybox sh -c "echo nested \\$SHLVL"; /bin/busybox env';

describe('SHLVL as the shells set it', () => {
  itWithOracles(['busybox'], "a container's sh exports SHLVL=1, a nested sh 2, and env lists it where ash puts it", async () => {
    const expected = real('/bin/busybox', ['sh', '-c', NESTED]);
    expect(expected).toContain('SHLVL=1\n');
    const ours = await shown(['docker pull -q busybox >/dev/null', `docker run --rm -h box busybox sh -c '${NESTED}'`]);
    expect(ours).toBe(expected);
  }, 120_000);

  itWithOracles(['busybox'], "an interactive container's ash has SHLVL=1 too (docker run -it)", async () => {
    const expected = real('/bin/busybox', ['sh', '-c', '/bin/busybox env'], { TERM: 'xterm' });
    const ours = await shown(['docker pull -q busybox >/dev/null', 'docker run --rm -it -h box busybox', '/bin/busybox env', 'exit']);
    expect(ours).toBe(expected);
  }, 120_000);

  itWithOracles(['busybox'], '`busybox sh -c` runs with the environment it was given (exported variables, SHLVL)', async () => {
    const script = 'export X=1; /bin/busybox sh -c "echo x=\\$X level \\$SHLVL"; true';
    const expected = real('/bin/busybox', ['sh', '-c', script]);
    expect(expected).toBe('x=1 level 2\n');
    expect(await shown(['docker pull -q busybox >/dev/null', `docker run --rm busybox sh -c '${script}'`])).toBe(expected);
  }, 120_000);

  itWithOracles([], 'bash counts itself in: the host shell is level 1, `bash -c` 2, a bash in a container 1', async () => {
    // `; true`: bash execs a -c script's last command in place, one level down (execute_cmd.c).
    const script = 'echo "level $SHLVL"; bash -c "echo nested \\$SHLVL"; true';
    const host = execFileSync('env', ['-i', 'SHLVL=1', `PATH=${DOCKER_PATH}`, 'bash', '-c', script], { encoding: 'utf8' });
    expect(host).toBe('level 2\nnested 3\n');
    expect(await shown([`echo "level $SHLVL"`, `bash -c '${script}'`])).toBe(`level 1\n${host}`);
    const inContainer = real('bash', ['-c', 'echo "level $SHLVL"']);
    expect(await shown(['docker pull -q debian >/dev/null', `docker run --rm debian bash -c 'echo "level $SHLVL"'`])).toBe(inContainer);
  }, 120_000);
});
