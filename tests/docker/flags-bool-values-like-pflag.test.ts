import { describe, expect, it } from 'vitest';
import { containerDaemon } from './containers-support.ts';
import { runDocker } from './support/docker-shell.ts';

/**
 * Bool flags as every docker subcommand reads them through one parser (commands/docker/cli.ts),
 * by spf13/pflag v1.0.5's rules: a value after `=` in the long (`--size=T`) and the short form
 * (`-s=false`) is read by Go's strconv.ParseBool (1 t T TRUE true True, 0 f F FALSE false False),
 * and a bad value is named `-s, --size` when the flag has a shorthand (FlagSet.Set), else `--name`.
 */
const docker = (script: string) => runDocker(`docker pull -q busybox >/dev/null\ndocker create --name c1 busybox true >/dev/null\n${script}`, { daemon: containerDaemon() });

describe('docker bool flags read like pflag', () => {
  it('takes every strconv.ParseBool spelling after = in inspect, container inspect and history', async () => {
    const run = await docker(
      [
        "docker inspect --size=T -f '{{.Name}}' c1",
        "docker inspect -s=false -f '{{.Name}}' c1",
        "docker container inspect --size=F -f '{{.Name}}' c1",
        "docker container inspect -s=TRUE -f '{{.Name}}' c1",
        'docker history -q --no-trunc=t -H=False busybox | cut -c1-7',
      ].join('\n'),
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('/c1\n/c1\n/c1\n/c1\nsha256:\n');
  });

  it('names a bad value with the shorthand when the flag has one, in every subcommand', async () => {
    const run = await docker(
      ['docker images --all=x; echo "status $?"', 'docker images --no-trunc=yes; echo "status $?"', 'docker inspect --size=2 c1; echo "status $?"', 'docker history --quiet=on busybox; echo "status $?"'].join('\n'),
    );
    expect(run.stdout).toBe('status 125\nstatus 125\nstatus 125\nstatus 125\n');
    expect(run.stderr).toBe(
      [
        `invalid argument "x" for "-a, --all" flag: strconv.ParseBool: parsing "x": invalid syntax\nSee 'docker images --help'.\n`,
        `invalid argument "yes" for "--no-trunc" flag: strconv.ParseBool: parsing "yes": invalid syntax\nSee 'docker images --help'.\n`,
        `invalid argument "2" for "-s, --size" flag: strconv.ParseBool: parsing "2": invalid syntax\nSee 'docker inspect --help'.\n`,
        `invalid argument "on" for "-q, --quiet" flag: strconv.ParseBool: parsing "on": invalid syntax\nSee 'docker history --help'.\n`,
      ].join(''),
    );
  });
});
