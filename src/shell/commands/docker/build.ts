/**
 * `docker build` / `docker image build` / `docker buildx build`: docker/cli's flags over the
 * builder in src/shell/build. The context is a directory of the shell's filesystem; BuildKit
 * unless the shell's environment has DOCKER_BUILDKIT=0 (the legacy builder, as the CLI decides).
 */
import type { CommandContext, ExecResult } from 'just-bash';
import type { DockerDaemon } from '../../../engine/docker/daemon.ts';
import { parseNormalizedNamed } from '../../../engine/docker/reference.ts';
import { decodeUtf8 } from '../../../engine/platform.ts';
import { build } from '../../build/builder.ts';
import { overlayOf } from '../../command-context.ts';
import { fail, flagBool, flagList, flagString, parseArgs, type CommandSpec } from './cli.ts';

export const BUILD: CommandSpec = {
  path: 'docker buildx build',
  use: 'buildx build [OPTIONS] PATH | URL | -',
  short: 'Start a build',
  aliases: 'docker build, docker builder build, docker image build, docker buildx b',
  flags: [
    { long: 'build-arg', kind: 'list', value: 'stringArray', help: 'Set build-time variables' },
    { long: 'file', short: 'f', kind: 'string', help: 'Name of the Dockerfile (default: "PATH/Dockerfile")' },
    { long: 'label', kind: 'list', value: 'stringArray', help: 'Set metadata for an image' },
    { long: 'no-cache', kind: 'bool', help: 'Do not use cache when building the image' },
    { long: 'platform', kind: 'string', value: 'stringArray', help: 'Set target platform for build' },
    { long: 'progress', kind: 'string', help: 'Set type of progress output ("auto", "quiet", "plain", "tty", "rawjson"). Use plain to show container output' },
    { long: 'pull', kind: 'bool', help: 'Always attempt to pull all referenced images' },
    { long: 'quiet', short: 'q', kind: 'bool', help: 'Suppress the build output and print image ID on success' },
    { long: 'tag', short: 't', kind: 'list', value: 'stringArray', help: 'Name and optionally a tag (format: "name:tag")' },
    { long: 'target', kind: 'string', help: 'Set the target build stage to build' },
  ],
  args: { min: 1, max: 1 },
};

/** The legacy builder's command (`DOCKER_BUILDKIT=0`): docker/cli's own `build`. */
const LEGACY_BUILD: CommandSpec = { ...BUILD, path: 'docker build', use: 'build [OPTIONS] PATH | URL | -', short: 'Build an image from a Dockerfile', aliases: 'docker image build, docker build, docker builder build' };

export async function dockerBuild(daemon: DockerDaemon, args: readonly string[], ctx: CommandContext, path?: string): Promise<ExecResult> {
  const buildkitSetting = ctx.env.get('DOCKER_BUILDKIT');
  const legacy = buildkitSetting !== undefined && /^(0|false|f|FALSE|False)$/.test(buildkitSetting);
  const spec = legacy ? LEGACY_BUILD : path ? { ...BUILD, path } : BUILD;
  const parsed = parseArgs(spec, args);
  if ('exitCode' in parsed) return parsed;

  const tags = flagList(parsed, 'tag');
  for (const tag of tags) {
    try {
      parseNormalizedNamed(tag);
    } catch {
      return fail(`invalid argument "${tag}" for "-t, --tag" flag: invalid reference format\nSee '${spec.path} --help'.\n`, 125);
    }
  }
  const platform = flagString(parsed, 'platform');
  if (platform !== undefined && platform !== 'linux/amd64') return fail(`ERROR: failed to solve: no match for platform ${platform} in the playground (only linux/amd64)\n`);
  const progress = flagString(parsed, 'progress') ?? 'auto';
  if (!['auto', 'plain', 'tty', 'quiet', 'rawjson'].includes(progress)) return fail(`ERROR: invalid progress mode ${progress}\n`);

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
    labels: keyValueFlags(flagList(parsed, 'label'), ctx),
    legacy,
    quiet: flagBool(parsed, 'quiet') || progress === 'quiet',
  });
  if (flagBool(parsed, 'quiet') || progress === 'quiet') {
    return { stdout: result.exitCode === 0 ? result.stdout : '', stderr: result.exitCode === 0 ? (legacy ? result.stderr : '') : result.stderr, exitCode: result.exitCode };
  }
  return { stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode };
}

/** `KEY=VALUE` flags; a bare `KEY` takes its value from the environment, as the CLI does. */
function keyValueFlags(values: readonly string[], ctx: CommandContext): Map<string, string> {
  const out = new Map<string, string>();
  for (const value of values) {
    const eq = value.indexOf('=');
    if (eq >= 0) out.set(value.slice(0, eq), value.slice(eq + 1));
    else {
      const fromEnv = ctx.env.get(value);
      if (fromEnv !== undefined) out.set(value, fromEnv);
    }
  }
  return out;
}
