/**
 * `docker build` / `docker image build` / `docker buildx build`: Docker 27.5 hands `docker build`
 * to buildx (BuildKit), whose flags are docker/buildx v0.19's commands/build.go plus its root's
 * persistent `--builder` and `-D, --debug`. With DOCKER_BUILDKIT=0 the CLI keeps its own legacy
 * builder and that command's flags (docker/cli cli/command/image/build.go); under Docker 20.10 or
 * 18.09 (LAYERLAB_DOCKER_VERSION) that builder is the default, DOCKER_BUILDKIT=1 picks BuildKit
 * (printed as 27's buildx prints it). The context is a
 * directory of the shell's filesystem; the builder is src/shell/build.
 */
import type { CommandContext, ExecResult } from 'just-bash';
import type { DockerDaemon } from '../../../engine/docker/daemon.ts';
import { fullString, parseNormalizedNamed, withDefaultTag } from '../../../engine/docker/reference.ts';
import { Sha256 } from '../../../engine/hash/sha256.ts';
import { decodeUtf8, encodeUtf8 } from '../../../engine/platform.ts';
import { build } from '../../build/builder.ts';
import { overlayOf } from '../../command-context.ts';
import { fail, flagBool, flagList, flagString, parseDockerFlags, type CommandSpec, type FlagSpec, type ParsedDockerFlags } from './cli.ts';
import { legacyBuilderOf, releaseOf } from './release-setting.ts';

const BUILDX_FLAGS: FlagSpec[] = [
  { long: 'add-host', kind: 'list', value: 'strings', help: 'Add a custom host-to-IP mapping (format: "host:ip")' },
  { long: 'allow', kind: 'list', value: 'strings', help: 'Allow extra privileged entitlement (e.g., "network.host", "security.insecure")' },
  { long: 'annotation', kind: 'list', value: 'stringArray', help: 'Add annotation to the image' },
  { long: 'attest', kind: 'list', value: 'stringArray', help: 'Attestation parameters (format: "type=sbom,generator=image")' },
  { long: 'build-arg', kind: 'list', value: 'stringArray', help: 'Set build-time variables' },
  { long: 'build-context', kind: 'list', value: 'stringArray', help: 'Additional build contexts (e.g., name=path)' },
  { long: 'builder', kind: 'string', help: 'Override the configured builder instance' },
  { long: 'cache-from', kind: 'list', value: 'stringArray', help: 'External cache sources (e.g., "user/app:cache", "type=local,src=path/to/dir")' },
  { long: 'cache-to', kind: 'list', value: 'stringArray', help: 'Cache export destinations (e.g., "user/app:cache", "type=local,dest=path/to/dir")' },
  { long: 'call', kind: 'string', help: 'Set method for evaluating build ("check", "outline", "targets")', default: '"build"' },
  { long: 'cgroup-parent', kind: 'string', help: 'Set the parent cgroup for the "RUN" instructions during build' },
  // A bool-typed func flag whose String() is "": pflag prints its empty default as "(default )".
  { long: 'check', kind: 'bool', help: 'Shorthand for "--call=check"', default: '' },
  { long: 'debug', short: 'D', kind: 'bool', help: 'Enable debug logging' },
  { long: 'file', short: 'f', kind: 'string', help: 'Name of the Dockerfile (default: "PATH/Dockerfile")' },
  { long: 'iidfile', kind: 'string', help: 'Write the image ID to a file' },
  { long: 'label', kind: 'list', value: 'stringArray', help: 'Set metadata for an image' },
  { long: 'load', kind: 'bool', help: 'Shorthand for "--output=type=docker"' },
  { long: 'metadata-file', kind: 'string', help: 'Write build result metadata to a file' },
  { long: 'network', kind: 'string', help: 'Set the networking mode for the "RUN" instructions during build', default: '"default"' },
  { long: 'no-cache', kind: 'bool', help: 'Do not use cache when building the image' },
  { long: 'no-cache-filter', kind: 'list', value: 'stringArray', help: 'Do not cache specified stages' },
  { long: 'output', short: 'o', kind: 'list', value: 'stringArray', help: 'Output destination (format: "type=local,dest=path")' },
  { long: 'platform', kind: 'list', value: 'stringArray', help: 'Set target platform for build' },
  { long: 'progress', kind: 'string', help: 'Set type of progress output ("auto", "quiet", "plain", "tty", "rawjson"). Use plain to show container output', default: '"auto"' },
  { long: 'provenance', kind: 'string', help: 'Shorthand for "--attest=type=provenance"' },
  { long: 'pull', kind: 'bool', help: 'Always attempt to pull all referenced images' },
  { long: 'push', kind: 'bool', help: 'Shorthand for "--output=type=registry"' },
  { long: 'quiet', short: 'q', kind: 'bool', help: 'Suppress the build output and print image ID on success' },
  { long: 'sbom', kind: 'string', help: 'Shorthand for "--attest=type=sbom"' },
  { long: 'secret', kind: 'list', value: 'stringArray', help: 'Secret to expose to the build (format: "id=mysecret[,src=/local/secret]")' },
  { long: 'shm-size', kind: 'string', value: 'bytes', help: 'Shared memory size for build containers' },
  { long: 'ssh', kind: 'list', value: 'stringArray', help: 'SSH agent socket or keys to expose to the build (format: "default|<id>[=<socket>|<key>[,<key>]]")' },
  { long: 'tag', short: 't', kind: 'list', value: 'stringArray', help: 'Name and optionally a tag (format: "name:tag")' },
  { long: 'target', kind: 'string', help: 'Set the target build stage to build' },
  { long: 'ulimit', kind: 'list', value: 'ulimit', help: 'Ulimit options' },
  // Hidden, kept so old scripts still parse (buildx warns about some and ignores them all).
  ...(['compress', 'rm', 'force-rm', 'squash'] as const).map((long): FlagSpec => ({ long, kind: 'bool', help: '', hidden: true })),
  ...(['isolation', 'memory-swap', 'cpu-period', 'cpu-quota', 'cpuset-cpus', 'cpuset-mems', 'print'] as const).map((long): FlagSpec => ({ long, kind: 'string', help: '', hidden: true })),
  { long: 'security-opt', kind: 'list', help: '', hidden: true },
  { long: 'memory', short: 'm', kind: 'string', help: '', hidden: true },
  { long: 'cpu-shares', short: 'c', kind: 'string', help: '', hidden: true },
];

export const BUILD: CommandSpec = {
  path: 'docker buildx build',
  use: 'buildx build [OPTIONS] PATH | URL | -',
  short: 'Start a build',
  aliases: 'docker build, docker builder build, docker image build, docker buildx b',
  flags: BUILDX_FLAGS,
  args: { min: 1, max: 1 },
};

/** The legacy builder's command (`DOCKER_BUILDKIT=0`): docker/cli's own `build` and its flags. */
const LEGACY_BUILD: CommandSpec = {
  path: 'docker build',
  use: 'build [OPTIONS] PATH | URL | -',
  short: 'Build an image from a Dockerfile',
  aliases: 'docker image build, docker build, docker builder build',
  flags: [
    { long: 'add-host', kind: 'list', value: 'list', help: 'Add a custom host-to-IP mapping ("host:ip")' },
    { long: 'build-arg', kind: 'list', value: 'list', help: 'Set build-time variables' },
    { long: 'cache-from', kind: 'list', value: 'strings', help: 'Images to consider as cache sources' },
    { long: 'cgroup-parent', kind: 'string', help: 'Set the parent cgroup for the "RUN" instructions during build' },
    { long: 'compress', kind: 'bool', help: 'Compress the build context using gzip' },
    { long: 'cpu-period', kind: 'string', value: 'int', help: 'Limit the CPU CFS (Completely Fair Scheduler) period' },
    { long: 'cpu-quota', kind: 'string', value: 'int', help: 'Limit the CPU CFS (Completely Fair Scheduler) quota' },
    { long: 'cpu-shares', short: 'c', kind: 'string', value: 'int', help: 'CPU shares (relative weight)' },
    { long: 'cpuset-cpus', kind: 'string', help: 'CPUs in which to allow execution (0-3, 0,1)' },
    { long: 'cpuset-mems', kind: 'string', help: 'MEMs in which to allow execution (0-3, 0,1)' },
    { long: 'disable-content-trust', kind: 'bool', help: 'Skip image verification', default: 'true' },
    { long: 'file', short: 'f', kind: 'string', help: 'Name of the Dockerfile (Default is "PATH/Dockerfile")' },
    { long: 'force-rm', kind: 'bool', help: 'Always remove intermediate containers' },
    { long: 'iidfile', kind: 'string', help: 'Write the image ID to the file' },
    { long: 'isolation', kind: 'string', help: 'Container isolation technology' },
    { long: 'label', kind: 'list', value: 'list', help: 'Set metadata for an image' },
    { long: 'memory', short: 'm', kind: 'string', value: 'bytes', help: 'Memory limit' },
    { long: 'memory-swap', kind: 'string', value: 'bytes', help: 'Swap limit equal to memory plus swap: -1 to enable unlimited swap' },
    { long: 'network', kind: 'string', help: 'Set the networking mode for the RUN instructions during build', default: '"default"' },
    { long: 'no-cache', kind: 'bool', help: 'Do not use cache when building the image' },
    { long: 'platform', kind: 'string', help: 'Set platform if server is multi-platform capable' },
    { long: 'pull', kind: 'bool', help: 'Always attempt to pull a newer version of the image' },
    { long: 'quiet', short: 'q', kind: 'bool', help: 'Suppress the build output and print image ID on success' },
    { long: 'rm', kind: 'bool', help: 'Remove intermediate containers after a successful build', default: 'true' },
    { long: 'security-opt', kind: 'list', value: 'strings', help: 'Security options' },
    { long: 'shm-size', kind: 'string', value: 'bytes', help: 'Size of "/dev/shm"' },
    // Experimental: hidden while the daemon is not.
    { long: 'squash', kind: 'bool', help: 'Squash newly built layers into a single new layer', hidden: true },
    { long: 'tag', short: 't', kind: 'list', value: 'list', help: 'Name and optionally a tag in the "name:tag" format' },
    { long: 'target', kind: 'string', help: 'Set the target build stage to build.' },
    { long: 'ulimit', kind: 'list', value: 'ulimit', help: 'Ulimit options', default: '[]' },
  ],
  args: { min: 1, max: 1 },
};

export async function dockerBuild(daemon: DockerDaemon, args: readonly string[], ctx: CommandContext, path?: string): Promise<ExecResult> {
  const legacy = legacyBuilderOf(daemon, ctx.env);
  const spec = legacy ? LEGACY_BUILD : path ? { ...BUILD, path } : BUILD;
  const parsed = parseDockerFlags(spec, args);
  if ('exitCode' in parsed) return parsed;

  const tags = flagList(parsed, 'tag');
  for (const tag of tags) {
    try {
      parseNormalizedNamed(tag);
    } catch {
      return fail(`invalid argument "${tag}" for "-t, --tag" flag: invalid reference format\nSee '${spec.path} --help'.\n`, 125);
    }
  }
  const options = legacy ? legacyOptions(parsed) : buildkitOptions(parsed, ctx);
  if ('exitCode' in options) return options;

  const host = overlayOf(ctx);
  const target = parsed.positional[0]!;
  if (target === '-' || /^(https?|git):\/\//.test(target) || target.startsWith('git@')) {
    return fail(`ERROR: layerlab builds from a context directory only; "${target}" is not one\n`);
  }
  const contextDir = ctx.fs.resolvePath(ctx.cwd, target);
  if (!host.exists(contextDir) || host.stat(contextDir).type !== 'directory') {
    return fail(legacy ? `unable to prepare context: path "${target}" not found\n` : `ERROR: unable to prepare context: path "${target}" not found\n`);
  }
  const fileFlag = flagString(parsed, 'file');
  const dockerfilePath = fileFlag === undefined ? `${contextDir.replace(/\/$/, '')}/Dockerfile` : ctx.fs.resolvePath(ctx.cwd, fileFlag);
  const dockerfileName = fileFlag === undefined ? 'Dockerfile' : (fileFlag.split('/').pop() ?? fileFlag);
  if (!host.exists(dockerfilePath) || host.stat(dockerfilePath).type !== 'file') {
    if (legacy) return fail(`unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat ${dockerfilePath}: no such file or directory\n`);
    return fail(
      `#0 building with "default" instance using docker driver\n\n#1 [internal] load build definition from ${dockerfileName}\n#1 transferring dockerfile: 2B done\n#1 DONE 0.0s\n` +
        `ERROR: failed to solve: failed to read dockerfile: open ${dockerfileName}: no such file or directory\n`,
    );
  }
  const ignorePath = `${contextDir.replace(/\/$/, '')}/.dockerignore`;
  const dockerignore = host.exists(ignorePath) ? decodeUtf8(await host.readFile(ignorePath)) : '';

  // Both builders remove an old ID file first, so a failed build leaves no stale one behind.
  const iidfile = flagString(parsed, 'iidfile');
  if (iidfile) await ctx.fs.rm(ctx.fs.resolvePath(ctx.cwd, iidfile), { force: true });

  const quiet = flagBool(parsed, 'quiet') || options.progress === 'quiet';
  const result = await build({
    daemon,
    host,
    contextDir,
    dockerfile: { text: decodeUtf8(await host.readFile(dockerfilePath)), name: dockerfileName },
    dockerignore,
    tags,
    noCache: flagBool(parsed, 'no-cache'),
    ...(flagString(parsed, 'target') !== undefined ? { target: flagString(parsed, 'target')! } : {}),
    buildArgs: keyValueFlags(flagList(parsed, 'build-arg'), ctx),
    labels: keyValueFlags(flagList(parsed, 'label')),
    legacy,
    release: releaseOf(daemon, ctx.env),
    quiet,
    push: options.push,
  });
  if (result.exitCode !== 0 || result.imageId === undefined) {
    return { stdout: quiet ? '' : result.stdout, stderr: result.stderr, exitCode: result.exitCode };
  }
  const imageId = result.imageId;
  let stderr = quiet && !legacy ? '' : result.stderr;
  try {
    // The legacy CLI's -q writes what it printed, newline included, as the ID.
    if (iidfile) await ctx.fs.writeFile(ctx.fs.resolvePath(ctx.cwd, iidfile), legacy && quiet ? `${imageId}\n` : imageId);
    const metadataFile = flagString(parsed, 'metadata-file');
    if (metadataFile) await ctx.fs.writeFile(ctx.fs.resolvePath(ctx.cwd, metadataFile), buildMetadata(imageId, tags));
  } catch (err) {
    stderr += `ERROR: ${err instanceof Error ? err.message : String(err)}\n`;
    return { stdout: result.stdout, stderr, exitCode: 1 };
  }
  return { stdout: result.stdout, stderr, exitCode: 0 };
}

interface BuildOptions {
  progress: string;
  push: boolean;
}

/** The legacy builder's flags: most are daemon resource limits with nothing to limit here; accepted. */
function legacyOptions(parsed: ParsedDockerFlags): BuildOptions | ExecResult {
  const platform = flagString(parsed, 'platform');
  if (platform !== undefined && platform !== '' && platform !== 'linux/amd64' && platform !== 'linux') {
    return fail(`layerlab: the playground's images are linux/amd64 only; there is no base image for ${platform}\n`);
  }
  return { progress: 'plain', push: false };
}

/** BuildKit's options, checked as buildx checks them before it starts a build. */
function buildkitOptions(parsed: ParsedDockerFlags, ctx: CommandContext): BuildOptions | ExecResult {
  const builder = flagString(parsed, 'builder') ?? ctx.env.get('BUILDX_BUILDER') ?? '';
  if (builder !== '' && builder !== 'default') return fail(`ERROR: no builder "${builder}" found\n`);

  const progress = flagString(parsed, 'progress') ?? 'auto';
  if (!['auto', 'plain', 'tty', 'quiet', 'rawjson'].includes(progress)) return fail(`ERROR: invalid progress mode ${progress}\n`);
  if (flagBool(parsed, 'quiet') && progress !== 'auto' && progress !== 'quiet') return fail(`ERROR: progress=${progress} and quiet cannot be used together\n`);

  const call = flagBool(parsed, 'check') ? 'check' : (flagString(parsed, 'call') ?? 'build');
  if (call !== 'build') return fail(`ERROR: layerlab: --call=${call} (a frontend subrequest) is not supported in the playground; build instead\n`);

  const platforms = flagList(parsed, 'platform').flatMap((p) => p.split(',')).filter((p) => p !== '');
  if (platforms.length > 1) {
    return fail('ERROR: Multi-platform build is not supported for the docker driver.\nSwitch to a different driver, or turn on the containerd image store, and try again.\nLearn more at https://docs.docker.com/go/build-multi-platform/\n');
  }
  // Every bundled image is linux/amd64 only: another platform finds no base image to run.
  if (platforms.length === 1 && platforms[0] !== 'linux/amd64' && platforms[0] !== 'linux') {
    return fail(`ERROR: failed to solve: no match for platform ${platforms[0]} in manifest: not found (the playground's images are linux/amd64 only)\n`);
  }

  const network = flagString(parsed, 'network') ?? 'default';
  if (!['default', '', 'host', 'none'].includes(network)) return fail(`ERROR: failed to solve: network mode "${network}" not supported by buildkit\n`);

  for (const secret of flagList(parsed, 'secret')) {
    const fields = new Map(secret.split(',').map((f) => [f.slice(0, f.indexOf('=') < 0 ? f.length : f.indexOf('=')), f.slice(f.indexOf('=') + 1)] as const));
    if (!fields.has('id') && !fields.has('src') && !fields.has('source') && !fields.has('env')) return fail(`ERROR: failed to parse secret: unexpected key '${secret.split('=')[0]}' in '${secret}'\n`);
  }

  // `--load`, `-o type=docker` and `-o type=image` all end in the daemon's image store, as here.
  let push = flagBool(parsed, 'push');
  for (const output of flagList(parsed, 'output')) {
    const attrs = new Map(output.split(',').map((f) => [f.slice(0, f.indexOf('=') < 0 ? f.length : f.indexOf('=')), f.slice(f.indexOf('=') + 1)] as const));
    const type = attrs.get('type') ?? (output === '-' ? 'tar' : 'local');
    if (type === 'registry' || (type === 'image' && attrs.get('push') === 'true')) push = true;
    else if (type !== 'docker' && type !== 'image') return fail(`ERROR: layerlab: the ${type} exporter is not supported in the playground; use --load (type=docker) or --push\n`);
  }
  // With no terminal animation in the playground, auto and tty print plain progress, as a pipe would.
  return { progress, push };
}

/**
 * The `--metadata-file` JSON: the docker driver's exporter response as buildx writes it (Go's
 * json.MarshalIndent, keys sorted, two spaces, no final newline). The classic image store names
 * the image by its config digest, so both digests are the image ID.
 */
function buildMetadata(imageId: string, tags: readonly string[]): string {
  const ref = new Sha256().update(encodeUtf8(`${imageId}\0${tags.join(',')}`)).hex();
  const metadata: Record<string, string> = {
    'buildx.build.ref': `default/default/${BigInt(`0x${ref}`).toString(36).slice(0, 25)}`,
    'containerimage.config.digest': imageId,
    'containerimage.digest': imageId,
  };
  if (tags.length > 0) metadata['image.name'] = tags.map((t) => fullString(withDefaultTag(parseNormalizedNamed(t)))).join(',');
  return JSON.stringify(metadata, null, 2);
}

/**
 * `KEY=VALUE` flags. A bare `KEY` takes its value from the environment when `ctx` is given
 * (build arguments), else is empty (labels, in both CLIs).
 */
function keyValueFlags(values: readonly string[], ctx?: CommandContext): Map<string, string> {
  const out = new Map<string, string>();
  for (const value of values) {
    const eq = value.indexOf('=');
    if (eq >= 0) out.set(value.slice(0, eq), value.slice(eq + 1));
    else if (!ctx) out.set(value, '');
    else {
      const fromEnv = ctx.env.get(value);
      if (fromEnv !== undefined) out.set(value, fromEnv);
    }
  }
  return out;
}
