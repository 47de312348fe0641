import { describe, expect, it } from 'vitest';
import { runDocker } from './support/docker-shell.ts';

/**
 * `docker build --help` in Docker 27.5: buildx's command (docker/buildx commands/build.go, with
 * its root's persistent --builder and -D/--debug), laid out by docker/cli's usage template and
 * pflag at 80 columns; with DOCKER_BUILDKIT=0 the CLI's own legacy command
 * (docker/cli cli/command/image/build.go), whose experimental --squash stays hidden.
 */
const BUILDX_HELP = [
  '',
  'Usage:  docker buildx build [OPTIONS] PATH | URL | -',
  '',
  'Start a build',
  '',
  'Aliases:',
  '  docker build, docker builder build, docker image build, docker buildx b',
  '',
  'Options:',
  '      --add-host strings              Add a custom host-to-IP mapping',
  '                                      (format: "host:ip")',
  '      --allow strings                 Allow extra privileged entitlement',
  '                                      (e.g., "network.host",',
  '                                      "security.insecure")',
  '      --annotation stringArray        Add annotation to the image',
  '      --attest stringArray            Attestation parameters (format:',
  '                                      "type=sbom,generator=image")',
  '      --build-arg stringArray         Set build-time variables',
  '      --build-context stringArray     Additional build contexts (e.g.,',
  '                                      name=path)',
  '      --builder string                Override the configured builder instance',
  '      --cache-from stringArray        External cache sources (e.g.,',
  '                                      "user/app:cache",',
  '                                      "type=local,src=path/to/dir")',
  '      --cache-to stringArray          Cache export destinations (e.g.,',
  '                                      "user/app:cache",',
  '                                      "type=local,dest=path/to/dir")',
  '      --call string                   Set method for evaluating build',
  '                                      ("check", "outline", "targets")',
  '                                      (default "build")',
  '      --cgroup-parent string          Set the parent cgroup for the "RUN"',
  '                                      instructions during build',
  '      --check                         Shorthand for "--call=check" (default )',
  '  -D, --debug                         Enable debug logging',
  '  -f, --file string                   Name of the Dockerfile (default:',
  '                                      "PATH/Dockerfile")',
  '      --iidfile string                Write the image ID to a file',
  '      --label stringArray             Set metadata for an image',
  '      --load                          Shorthand for "--output=type=docker"',
  '      --metadata-file string          Write build result metadata to a file',
  '      --network string                Set the networking mode for the',
  '                                      "RUN" instructions during build',
  '                                      (default "default")',
  '      --no-cache                      Do not use cache when building the image',
  '      --no-cache-filter stringArray   Do not cache specified stages',
  '  -o, --output stringArray            Output destination (format:',
  '                                      "type=local,dest=path")',
  '      --platform stringArray          Set target platform for build',
  '      --progress string               Set type of progress output',
  '                                      ("auto", "quiet", "plain", "tty",',
  '                                      "rawjson"). Use plain to show',
  '                                      container output (default "auto")',
  '      --provenance string             Shorthand for "--attest=type=provenance"',
  '      --pull                          Always attempt to pull all',
  '                                      referenced images',
  '      --push                          Shorthand for "--output=type=registry"',
  '  -q, --quiet                         Suppress the build output and print',
  '                                      image ID on success',
  '      --sbom string                   Shorthand for "--attest=type=sbom"',
  '      --secret stringArray            Secret to expose to the build',
  '                                      (format:',
  '                                      "id=mysecret[,src=/local/secret]")',
  '      --shm-size bytes                Shared memory size for build containers',
  '      --ssh stringArray               SSH agent socket or keys to expose',
  '                                      to the build (format:',
  '                                      "default|<id>[=<socket>|<key>[,<key>]]")',
  '  -t, --tag stringArray               Name and optionally a tag (format:',
  '                                      "name:tag")',
  '      --target string                 Set the target build stage to build',
  '      --ulimit ulimit                 Ulimit options',
  '',
].join('\n');

describe('docker build --help (Docker 27.5)', () => {
  it('docker build, docker image build and docker buildx build all print buildx build\'s help', async () => {
    const run = await runDocker('docker build --help > /tmp/a; docker image build --help > /tmp/b; docker buildx build -h > /tmp/c; cat /tmp/a; [ "$(cat /tmp/a)" = "$(cat /tmp/b)" ] && [ "$(cat /tmp/a)" = "$(cat /tmp/c)" ] && echo same');
    expect(run.stdout).toBe(`${BUILDX_HELP}same\n`);
  });

  it('hidden legacy flags still parse (buildx ignores them); an unknown one is a flag error', async () => {
    const run = await runDocker('docker build --rm=false --force-rm --compress --help | head -2\ndocker build --frobnicate .; echo "status $?"');
    expect(run.stdout).toBe('\nUsage:  docker buildx build [OPTIONS] PATH | URL | -\nstatus 125\n');
    expect(run.stderr).toBe("unknown flag: --frobnicate\nSee 'docker buildx build --help'.\n");
  });

  it('DOCKER_BUILDKIT=0: the legacy builder\'s own usage, aliases and flags', async () => {
    const run = await runDocker('DOCKER_BUILDKIT=0 docker build --help');
    expect(run.stdout).toBe(
      [
        '',
        'Usage:  docker build [OPTIONS] PATH | URL | -',
        '',
        'Build an image from a Dockerfile',
        '',
        'Aliases:',
        '  docker image build, docker build, docker builder build',
        '',
        'Options:',
        '      --add-host list           Add a custom host-to-IP mapping ("host:ip")',
        '      --build-arg list          Set build-time variables',
        '      --cache-from strings      Images to consider as cache sources',
        '      --cgroup-parent string    Set the parent cgroup for the "RUN"',
        '                                instructions during build',
        '      --compress                Compress the build context using gzip',
        '      --cpu-period int          Limit the CPU CFS (Completely Fair',
        '                                Scheduler) period',
        '      --cpu-quota int           Limit the CPU CFS (Completely Fair',
        '                                Scheduler) quota',
        '  -c, --cpu-shares int          CPU shares (relative weight)',
        '      --cpuset-cpus string      CPUs in which to allow execution (0-3, 0,1)',
        '      --cpuset-mems string      MEMs in which to allow execution (0-3, 0,1)',
        '      --disable-content-trust   Skip image verification (default true)',
        '  -f, --file string             Name of the Dockerfile (Default is',
        '                                "PATH/Dockerfile")',
        '      --force-rm                Always remove intermediate containers',
        '      --iidfile string          Write the image ID to the file',
        '      --isolation string        Container isolation technology',
        '      --label list              Set metadata for an image',
        '  -m, --memory bytes            Memory limit',
        '      --memory-swap bytes       Swap limit equal to memory plus swap: -1',
        '                                to enable unlimited swap',
        '      --network string          Set the networking mode for the RUN',
        '                                instructions during build (default "default")',
        '      --no-cache                Do not use cache when building the image',
        '      --platform string         Set platform if server is multi-platform',
        '                                capable',
        '      --pull                    Always attempt to pull a newer version of',
        '                                the image',
        '  -q, --quiet                   Suppress the build output and print image',
        '                                ID on success',
        '      --rm                      Remove intermediate containers after a',
        '                                successful build (default true)',
        '      --security-opt strings    Security options',
        '      --shm-size bytes          Size of "/dev/shm"',
        '  -t, --tag list                Name and optionally a tag in the',
        '                                "name:tag" format',
        '      --target string           Set the target build stage to build.',
        '      --ulimit ulimit           Ulimit options (default [])',
        '',
      ].join('\n'),
    );
  });
});
