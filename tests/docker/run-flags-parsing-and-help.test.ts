import { describe, expect, it } from 'vitest';
import { CREATE_FLAGS, RUN_FLAGS } from '../../src/shell/commands/docker/run-flags.ts';
import { containerDaemon } from './containers-support.ts';
import { runDocker } from './support/docker-shell.ts';

const run = (script: string) => runDocker(`docker pull -q busybox >/dev/null\n${script}`, { daemon: containerDaemon() });

/** The flag names `--help` lists, in order. */
const listedFlags = (help: string) => [...help.matchAll(/^ {2}(?:-\w, |    )--([a-z0-9-]+)/gm)].map((m) => m[1]);

describe('docker run / create: the whole flag set of docker/cli 27.5', () => {
  it('--help lists every flag that is not hidden, sorted, and none of the hidden ones', async () => {
    const r = await run('docker run --help; docker create --help');
    const [runHelp, createHelp] = r.stdout.split(/(?=\nUsage:  docker create)/) as [string, string];
    const visible = (flags: typeof RUN_FLAGS) => flags.filter((f) => !f.hidden).map((f) => f.long).sort();
    expect(listedFlags(runHelp)).toEqual(visible(RUN_FLAGS));
    expect(listedFlags(createHelp)).toEqual(visible(CREATE_FLAGS));
    expect(listedFlags(runHelp).length).toBeGreaterThanOrEqual(95);
    for (const hidden of ['net', 'net-alias', 'dns-opt', 'cpu-count', 'cpu-percent', 'io-maxbandwidth', 'io-maxiops']) expect(listedFlags(runHelp)).not.toContain(hidden);
    expect(listedFlags(createHelp)).not.toContain('detach');
  });

  it('--help shows pflag value types, aliases and non-zero defaults as Docker 27 prints them', async () => {
    const r = await run('docker run --help');
    expect(r.stdout).toMatch(/^Usage:  docker run \[OPTIONS\] IMAGE \[COMMAND\] \[ARG\.\.\.\]\n\nCreate and run a new container from an image\n\nAliases:\n  docker container run, docker run\n\nOptions:\n/m);
    for (const line of [
      '  -h, --hostname string                  Container host name',
      '  -m, --memory bytes                     Memory limit',
      '      --cpus decimal                     Number of CPUs',
      '      --mount mount                      Attach a filesystem mount to the',
      '      --network network                  Connect a container to a network',
      '      --sysctl map                       Sysctl options (default map[])',
      '      --ulimit ulimit                    Ulimit options (default [])',
      '      --help                             Print usage',
      '  -c, --cpu-shares int                   CPU shares (relative weight)',
      '      --gpus gpu-request                 GPU devices to add to the',
    ]) {
      expect(r.stdout.split('\n')).toContain(line);
    }
    expect(r.stdout).toContain('container exits (default "no")');
    expect(r.stdout).toContain('(default "missing")');
    expect(r.stdout).toContain('(0 to 100) (default -1)');
  });

  it('the image is the first word that is not a flag or a flag\'s value, whatever the flag\'s kind', async () => {
    const r = await run(
      [
        'docker run --rm -m 64m --cpus 1.5 -c 512 --memory-swappiness 10 --health-interval 5s --restart no -v /tmp:/x -p 8080:80 --network bridge -h box -l a=b --ulimit nofile=1024 --sysctl net.core.somaxconn=1 busybox hostname',
        'docker run --rm -it -h box2 busybox hostname',
        'docker run --rm --hostname=box3 busybox echo -h',
      ].join('\n'),
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('box\nbox2\n-h\n');
  });

  it('typed values are checked as pflag checks them: message, hint and status 125', async () => {
    const r = await run('docker run -m lots busybox true; echo "status $?"; docker run --cpu-shares x busybox true; echo "status $?"; docker run --health-interval 5 busybox true; echo "status $?"');
    expect(r.stderr).toBe(
      `invalid argument "lots" for "-m, --memory" flag: invalid size: 'lots'\nSee 'docker run --help'.\n` +
        `invalid argument "x" for "-c, --cpu-shares" flag: strconv.ParseInt: parsing "x": invalid syntax\nSee 'docker run --help'.\n` +
        `invalid argument "5" for "--health-interval" flag: time: invalid duration "5"\nSee 'docker run --help'.\n`,
    );
    expect(r.stdout).toBe('status 125\n'.repeat(3));
  });

  it('flags the playground cannot honour are accepted and recorded in HostConfig, as docker inspect shows it', async () => {
    const r = await run(
      "docker create --name limits --cpus 1.5 -m 512m --privileged --cap-add NET_ADMIN --cap-drop ALL --gpus all --pids-limit 100 --shm-size 128m --init --read-only --restart on-failure:3 --log-driver none busybox true >/dev/null\n" +
        "docker inspect -f '{{.HostConfig.NanoCpus}} {{.HostConfig.Memory}} {{.HostConfig.Privileged}} {{json .HostConfig.CapAdd}} {{json .HostConfig.CapDrop}} {{.HostConfig.PidsLimit}} {{.HostConfig.ShmSize}} {{.HostConfig.Init}} {{.HostConfig.ReadonlyRootfs}} {{json .HostConfig.RestartPolicy}} {{.HostConfig.LogConfig.Type}} {{json .HostConfig.MaskedPaths}}' limits\n" +
        "docker create --name plain busybox true >/dev/null\n" +
        "docker inspect -f '{{.HostConfig.NetworkMode}} {{.HostConfig.ShmSize}} {{.HostConfig.Runtime}} {{.HostConfig.LogConfig.Type}} {{json .HostConfig.RestartPolicy}} {{len .HostConfig.MaskedPaths}} {{json .HostConfig.PidsLimit}}' plain",
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      '1500000000 536870912 true ["NET_ADMIN"] ["ALL"] 100 134217728 true true {"MaximumRetryCount":3,"Name":"on-failure"} none null\n' +
        'bridge 67108864 runc json-file {"MaximumRetryCount":0,"Name":"no"} 11 null\n',
    );
  });

  it('--restart is validated with the daemon\'s words; --rm with a restart policy is refused by the CLI', async () => {
    const r = await run(
      'for p in always unless-stopped on-failure on-failure:2 no; do docker create --restart $p busybox true >/dev/null; echo "$p $?"; done\n' +
        'docker run --restart sometimes busybox true; echo "status $?"\ndocker run --restart always:2 busybox true; echo "status $?"\n' +
        'docker run --restart on-failure:x busybox true; echo "status $?"\ndocker run --rm --restart always busybox true; echo "status $?"',
    );
    expect(r.stdout).toBe('always 0\nunless-stopped 0\non-failure 0\non-failure:2 0\nno 0\n' + 'status 125\n'.repeat(4));
    expect(r.stderr).toBe(
      "docker: Error response from daemon: invalid restart policy: unknown policy 'sometimes'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'.\nSee 'docker run --help'.\n" +
        "docker: Error response from daemon: invalid restart policy: maximum retry count can only be used with 'on-failure'.\nSee 'docker run --help'.\n" +
        "docker: invalid restart policy format: maximum retry count must be an integer.\nSee 'docker run --help'.\n" +
        "docker: Conflicting options: --restart and --rm.\nSee 'docker run --help'.\n",
    );
  });

  it('-l/--label and --label-file, -e and --env-file reach the container config (the flag wins over the file)', async () => {
    const r = await run(
      "printf '# comment\\nA=from-file\\nB=b\\n' > /tmp/env\nprintf 'tier=web\\nowner\\n' > /tmp/labels\n" +
        "docker run --name lab --env-file /tmp/env -e A=flag --label-file /tmp/labels -l team=core busybox sh -c 'echo $A $B'\n" +
        "docker inspect -f '{{json .Config.Labels}}' lab\n" +
        'docker run --env-file /tmp/missing busybox true; echo "status $?"',
    );
    expect(r.stdout).toBe('flag b\n{"owner":"","team":"core","tier":"web"}\nstatus 125\n');
    expect(r.stderr).toBe("docker: open /tmp/missing: no such file or directory.\nSee 'docker run --help'.\n");
  });
});
