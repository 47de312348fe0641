import { describe, expect, it } from 'vitest';
import { containerDaemon } from './containers-support.ts';
import { runDocker } from './support/docker-shell.ts';

/**
 * `docker exec --env-file/-e/-d/--privileged` as docker/cli v27.5.1's exec.go and
 * opts.ReadKVEnvStrings read them: the file's KEY=VALUE lines (comments and blank lines
 * skipped, a bare KEY from the client's environment), then -e; -d prints nothing.
 */
const exec = (script: string) => runDocker(`docker pull -q busybox >/dev/null\ndocker run -d --name box -e FROM_RUN=r busybox sleep 1000 >/dev/null\n${script}`, { daemon: containerDaemon() });

describe('docker exec', () => {
  it('--env-file and -e: file lines, then flags; a bare KEY takes the value the client has, or is left out', async () => {
    const run = await exec(
      "printf 'FILE=f\\n# comment\\n\\n   SPACED=s\\nCLIENT\\nMISSING\\n' > vars.env\nexport CLIENT=c FLAG_ONLY=x\ndocker exec --env-file vars.env -e FLAG=1 -e FLAG_ONLY -e FILE=override box sh -c 'echo $FROM_RUN $FILE $SPACED $CLIENT $FLAG $FLAG_ONLY; echo \"[${MISSING-unset}]\"'",
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('r override s c 1 x\n[unset]\n');
  });

  it('an env file that is not there, or a key with a space, fails as the CLI words it', async () => {
    const run = await exec("docker exec --env-file nope.env box true; echo \"status $?\"\nprintf 'BAD KEY=1\\n' > bad.env\ndocker exec --env-file bad.env box true; echo \"status $?\"");
    expect(run.stderr).toBe("open nope.env: no such file or directory\npoorly formatted environment: variable 'BAD KEY' contains whitespaces\n");
    expect(run.stdout).toBe('status 1\nstatus 1\n');
  });

  it('-d runs the command in the background and prints nothing; --privileged is accepted', async () => {
    const run = await exec("docker exec -d box sh -c 'echo done > /marker'; echo \"status $?\"\ndocker exec --privileged box cat /marker");
    expect(run.stdout).toBe('status 0\ndone\n');
    expect(run.stderr).toBe('');
  });
});
