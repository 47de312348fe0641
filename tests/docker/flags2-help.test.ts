import { describe, expect, it } from 'vitest';
import { runDocker } from './support/docker-shell.ts';
import { FORMAT_HELP_AT_24 } from './support/help-text.ts';

/**
 * Docker 27.5's `--help` of the container commands, laid out by cobra's usage template and
 * pflag's FlagUsagesWrapped at 80 columns. Flag names, kinds, defaults and texts are docker/cli
 * v27.5.1's cli/command/container/{list,logs,exec,rm,commit,inspect,prune}.go.
 */

describe('docker container commands --help (Docker 27.5)', () => {
  it('docker ps: -f/--filter, -s/--size, the int default of --last, the aliases', async () => {
    const run = await runDocker('docker ps --help');
    expect(run.stdout).toBe(
      [
        '',
        'Usage:  docker ps [OPTIONS]',
        '',
        'List containers',
        '',
        'Aliases:',
        '  docker container ls, docker container list, docker container ps, docker ps',
        '',
        'Options:',
        '  -a, --all             Show all containers (default shows just running)',
        '  -f, --filter filter   Filter output based on conditions provided',
        ...FORMAT_HELP_AT_24,
        '  -n, --last int        Show n last created containers (includes all',
        '                        states) (default -1)',
        '  -l, --latest          Show the latest created container (includes all',
        '                        states)',
        "      --no-trunc        Don't truncate output",
        '  -q, --quiet           Only display container IDs',
        '  -s, --size            Display total file sizes',
        '',
      ].join('\n'),
    );
  });

  it('docker logs: --since, --until, --details, and --tail\'s quoted string default', async () => {
    const run = await runDocker('docker logs --help | sed -n 9,100p');
    expect(run.stdout).toBe(
      [
        'Options:',
        '      --details        Show extra details provided to logs',
        '  -f, --follow         Follow log output',
        '      --since string   Show logs since timestamp (e.g.',
        '                       "2013-01-02T13:23:37Z") or relative (e.g. "42m"',
        '                       for 42 minutes)',
        '  -n, --tail string    Number of lines to show from the end of the logs',
        '                       (default "all")',
        '  -t, --timestamps     Show timestamps',
        '      --until string   Show logs before a timestamp (e.g.',
        '                       "2013-01-02T13:23:37Z") or relative (e.g. "42m"',
        '                       for 42 minutes)',
        '',
      ].join('\n'),
    );
  });

  it('docker exec: --detach-keys, --env-file and --privileged join the flags', async () => {
    const run = await runDocker('docker exec --help | sed -n 6,100p');
    expect(run.stdout).toBe(
      [
        'Aliases:',
        '  docker container exec, docker exec',
        '',
        'Options:',
        '  -d, --detach               Detached mode: run command in the background',
        '      --detach-keys string   Override the key sequence for detaching a',
        '                             container',
        '  -e, --env list             Set environment variables',
        '      --env-file list        Read in a file of environment variables',
        '  -i, --interactive          Keep STDIN open even if not attached',
        '      --privileged           Give extended privileges to the command',
        '  -t, --tty                  Allocate a pseudo-TTY',
        '  -u, --user string          Username or UID (format:',
        '                             "<name|uid>[:<group|gid>]")',
        '  -w, --workdir string       Working directory inside the container',
        '',
      ].join('\n'),
    );
  });

  it('commit -p defaults to true; rm names its aliases; start hides the experimental --checkpoint flags', async () => {
    const run = await runDocker("docker commit --help | grep -e --pause\ndocker rm --help | sed -n 6,7p\ndocker start --help | sed -n 9,100p");
    expect(run.stdout).toBe(
      [
        '  -p, --pause            Pause container during commit (default true)',
        'Aliases:',
        '  docker container rm, docker container remove, docker rm',
        'Options:',
        '  -a, --attach               Attach STDOUT/STDERR and forward signals',
        '      --detach-keys string   Override the key sequence for detaching a',
        '                             container',
        "  -i, --interactive          Attach container's STDIN",
        '',
      ].join('\n'),
    );
  });

  it('docker container inspect has its own usage (-s, no --type); container prune takes --filter', async () => {
    const run = await runDocker('docker container inspect --help | sed -n 2,4p\ndocker container inspect --help | tail -1\ndocker container inspect --type image x; echo "status $?"\ndocker container prune --help | tail -3');
    expect(run.stdout).toBe(
      [
        'Usage:  docker container inspect [OPTIONS] CONTAINER [CONTAINER...]',
        '',
        'Display detailed information on one or more containers',
        '  -s, --size            Display total file sizes',
        'status 125',
        'Options:',
        '      --filter filter   Provide filter values (e.g. "until=<timestamp>")',
        '  -f, --force           Do not prompt for confirmation',
        '',
      ].join('\n'),
    );
    expect(run.stderr).toBe("unknown flag: --type\nSee 'docker container inspect --help'.\n");
  });
});
