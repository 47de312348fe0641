import { describe, expect, it } from 'vitest';
import { runDocker } from './support/docker-shell.ts';
import { FORMAT_HELP_AT_24 } from './support/help-text.ts';

/**
 * `docker CMD --help` as Docker 27 prints it with stdin not a terminal (80 columns): docker/cli's
 * usage template (Usage, Short, Aliases, Options) and pflag's FlagUsagesWrapped (flags sorted,
 * help wrapped at column 79 with 5 columns of slop, non-zero defaults shown). The flag texts are
 * docker/cli's (cli/command/image/*.go, cli/flags FormatHelp / InspectFormatHelp).
 */

describe('docker CMD --help', () => {
  it('a command without flags: usage, description and aliases only (docker tag)', async () => {
    const run = await runDocker('docker tag --help; echo "status $?"');
    expect(run.stdout).toBe(
      '\nUsage:  docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]\n\nCreate a tag TARGET_IMAGE that refers to SOURCE_IMAGE\n\nAliases:\n  docker image tag, docker tag\nstatus 0\n',
    );
  });

  it('docker images: sorted flags, the multi-line --format help wrapped as pflag wraps it', async () => {
    const run = await runDocker('docker images --help');
    expect(run.stdout).toBe(
      [
        '',
        'Usage:  docker images [OPTIONS] [REPOSITORY[:TAG]]',
        '',
        'List images',
        '',
        'Aliases:',
        '  docker image ls, docker image list, docker images',
        '',
        'Options:',
        '  -a, --all             Show all images (default hides intermediate images)',
        '      --digests         Show digests',
        '  -f, --filter filter   Filter output based on conditions provided',
        ...FORMAT_HELP_AT_24,
        "      --no-trunc        Don't truncate output",
        '  -q, --quiet           Only show image IDs',
        '',
      ].join('\n'),
    );
  });

  it('docker history: -H shows its default (true); -h is help too; the image subcommand names itself', async () => {
    const run = await runDocker('docker history --help\ndocker image history -h | head -2');
    expect(run.stdout).toBe(
      [
        '',
        'Usage:  docker history [OPTIONS] IMAGE',
        '',
        'Show the history of an image',
        '',
        'Aliases:',
        '  docker image history, docker history',
        '',
        'Options:',
        ...FORMAT_HELP_AT_24,
        '  -H, --human           Print sizes and dates in human readable format',
        '                        (default true)',
        "      --no-trunc        Don't truncate output",
        '  -q, --quiet           Only show image IDs',
        '',
        'Usage:  docker image history [OPTIONS] IMAGE',
        '',
      ].join('\n'),
    );
  });

  it('docker inspect and docker image inspect: the inspect --format help, and no aliases', async () => {
    const run = await runDocker('docker inspect --help\ndocker image inspect --help | sed -n 2,7p');
    expect(run.stdout).toBe(
      [
        '',
        'Usage:  docker inspect [OPTIONS] NAME|ID [NAME|ID...]',
        '',
        'Return low-level information on Docker objects',
        '',
        'Options:',
        '  -f, --format string   Format output using a custom template:',
        "                        'json':             Print in JSON format",
        "                        'TEMPLATE':         Print output using the given",
        '                        Go template.',
        '                        Refer to https://docs.docker.com/go/formatting/',
        '                        for more information about formatting output with',
        '                        templates',
        '  -s, --size            Display total file sizes if the type is container',
        '      --type string     Return JSON for specified type',
        'Usage:  docker image inspect [OPTIONS] IMAGE [IMAGE...]',
        '',
        'Display detailed information on one or more images',
        '',
        'Options:',
        '  -f, --format string   Format output using a custom template:',
        '',
      ].join('\n'),
    );
  });

  it('docker pull: --disable-content-trust with its default, a help line wrapped at a space', async () => {
    const run = await runDocker('docker pull --help | sed -n 9,100p');
    expect(run.stdout).toBe(
      [
        'Options:',
        '  -a, --all-tags                Download all tagged images in the repository',
        '      --disable-content-trust   Skip image verification (default true)',
        '      --platform string         Set platform if server is multi-platform',
        '                                capable',
        '  -q, --quiet                   Suppress verbose output',
        '',
      ].join('\n'),
    );
  });

  it('flags the daemon API (1.47) predates are not listed: save and load have no --platform', async () => {
    const run = await runDocker('docker save --help; docker load --help');
    expect(run.stdout).not.toContain('--platform');
    expect(run.stdout).toContain('  -o, --output string   Write to a file, instead of STDOUT\n');
    expect(run.stdout).toContain('  -i, --input string   Read from tar archive file, instead of STDIN\n  -q, --quiet          Suppress the load output\n');
  });

  it('management commands list their subcommands', async () => {
    const run = await runDocker('docker image --help');
    const lines = run.stdout.split('\n');
    expect(lines.slice(0, 6)).toEqual(['', 'Usage:  docker image COMMAND', '', 'Manage images', '', 'Commands:']);
    for (const sub of ['build', 'history', 'import', 'inspect', 'load', 'ls', 'prune', 'pull', 'push', 'rm', 'save', 'tag']) {
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^  ${sub} +[A-Z]`)));
    }
    expect(lines.at(-2)).toBe("Run 'docker image COMMAND --help' for more information on a command.");
  });
});

describe('docker version --format and docker info --format', () => {
  it('run the template over versionInfo (Client, Server) as docker/cli does; json is {{json .}}', async () => {
    const run = await runDocker(
      "docker version --format '{{.Client.Version}} {{.Server.Version}} {{.Client.APIVersion}} {{.Server.MinAPIVersion}} {{.Server.Os}}/{{.Server.Arch}}'\n" +
        "docker version -f json | jq -c '[.Client.ApiVersion, .Server.Components[0].Name, .Server.Components[0].Details.ApiVersion]'\n" +
        "docker version --format '{{range .Server.Components}}{{.Name}}={{.Version}}{{end}}'",
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('27.5.1 27.5.1 1.47 1.24 linux/amd64\n["1.47","Engine","1.47"]\nEngine=27.5.1\n');
  });

  it('agree with what docker version and docker info print as text', async () => {
    const run = await runDocker(
      'docker pull -q busybox >/dev/null\n' +
        "docker version | grep -m1 ' Version:'; docker version -f '{{.Client.Version}}'\n" +
        "docker info | grep -E '^ (Images|Server Version|Containers):'; docker info --format '{{.Images}} {{.ServerVersion}} {{.Containers}} {{.Driver}}'",
    );
    expect(run.stdout).toBe(' Version:           27.5.1\n27.5.1\n Containers: 0\n Images: 1\n Server Version: 27.5.1\n1 27.5.1 0 overlay2\n');
  });

  it('a template that does not parse exits 64; a missing field is an execution error, status 1', async () => {
    const run = await runDocker("docker version --format '{{.Client.Version'; echo \"status $?\"\ndocker version --format '{{.Nope}}'; echo \"status $?\"\ndocker info -f '{{.Nope}}' 2>/dev/null; echo \"status $?\"");
    expect(run.stderr).toBe(
      'template parsing error: template: :1: unclosed action\n' + 'template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type system.versionInfo\n',
    );
    expect(run.stdout).toBe('status 64\n\nstatus 1\n\nstatus 1\n');
  });
});
