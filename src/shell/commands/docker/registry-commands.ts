/**
 * `docker pull` and `docker push`, printing the daemon's progress as the CLI does when its
 * output is not a terminal: one line per status, no progress bars. The playground has no
 * network, so a failed pull from Docker Hub adds one line saying what can be pulled.
 */
import type { ExecResult } from 'just-bash';
import type { DockerDaemon } from '../../../engine/docker/daemon.ts';
import { DaemonError } from '../../../engine/docker/registry.ts';
import { familiarName, fullName, parseNormalizedNamed } from '../../../engine/docker/reference.ts';
import { errorResult, fail, flagBool, flagString, ok, parseDockerFlags, type CommandSpec } from './cli.ts';

export const PULL: CommandSpec = {
  path: 'docker pull',
  use: 'pull [OPTIONS] NAME[:TAG|@DIGEST]',
  short: 'Download an image from a registry',
  aliases: 'docker image pull, docker pull',
  flags: [
    { long: 'all-tags', short: 'a', kind: 'bool', help: 'Download all tagged images in the repository' },
    { long: 'disable-content-trust', kind: 'bool', help: 'Skip image verification', default: 'true' },
    { long: 'platform', kind: 'string', help: 'Set platform if server is multi-platform capable' },
    { long: 'quiet', short: 'q', kind: 'bool', help: 'Suppress verbose output' },
  ],
  args: { min: 1, max: 1 },
};

export const PUSH: CommandSpec = {
  path: 'docker push',
  use: 'push [OPTIONS] NAME[:TAG]',
  short: 'Upload an image to a registry',
  aliases: 'docker image push, docker push',
  flags: [
    { long: 'all-tags', short: 'a', kind: 'bool', help: 'Push all tags of an image to the repository' },
    { long: 'disable-content-trust', kind: 'bool', help: 'Skip image signing', default: 'true' },
    { long: 'quiet', short: 'q', kind: 'bool', help: 'Suppress verbose output' },
  ],
  args: { min: 1, max: 1 },
};

/** `printsReference`: the last line, the full reference pulled, which Docker prints from 19.03 on. */
export async function dockerPull(daemon: DockerDaemon, spec: CommandSpec, args: readonly string[], printsReference = true): Promise<ExecResult> {
  const parsed = parseDockerFlags(spec, args);
  if ('exitCode' in parsed) return parsed;
  const platform = flagString(parsed, 'platform');
  if (platform !== undefined && platform !== 'linux/amd64' && platform !== 'linux/x86_64') {
    return fail(`Error response from daemon: no matching manifest for ${platform} in the manifest list entries\n`);
  }
  const quiet = flagBool(parsed, 'quiet');
  if (flagBool(parsed, 'all-tags')) return pullAllTags(daemon, parsed.positional[0]!, quiet);
  const lines: string[] = [];
  try {
    const result = await daemon.pull(parsed.positional[0]!, (line) => lines.push(line));
    return ok(quiet ? `${result.reference}\n` : [...lines, ...(printsReference ? [result.reference] : [])].map((l) => `${l}\n`).join(''));
  } catch (err) {
    const failed = errorResult(err, quiet ? '' : lines.map((l) => `${l}\n`).join(''));
    if (err instanceof DaemonError && err.kind !== 'invalid') failed.stderr += `${await noNetworkNote(daemon)}\n`;
    return failed;
  }
}

/**
 * `docker pull -a REPOSITORY`: every tag the registry has (here, the bundled catalog's), each as
 * its own pull, then one status for the repository and its name (distribution's pullRepository).
 */
async function pullAllTags(daemon: DockerDaemon, name: string, quiet: boolean): Promise<ExecResult> {
  let ref;
  try {
    ref = parseNormalizedNamed(name);
  } catch (err) {
    return errorResult(err);
  }
  if (ref.tag !== undefined || ref.digest !== undefined) return fail("tag can't be used with --all-tags/-a\n");
  const repository = familiarName(ref);
  const tags = ref.domain === 'docker.io' ? (await daemon.catalog.tags()).filter((t) => t.slice(0, t.lastIndexOf(':')) === repository) : [];
  // A repository the catalog does not hold fails as a single pull of it would.
  if (tags.length === 0) return dockerPull(daemon, PULL, quiet ? ['-q', `${name}:latest`] : [`${name}:latest`]);
  const lines: string[] = [];
  let updated = false;
  try {
    for (const tag of tags) {
      await daemon.pull(tag, (line) => {
        if (line.startsWith('Status: Downloaded newer image')) updated = true;
        if (!line.startsWith('Status: ')) lines.push(line);
      });
    }
  } catch (err) {
    return errorResult(err, quiet ? '' : lines.map((l) => `${l}\n`).join(''));
  }
  const status = `Status: ${updated ? 'Downloaded newer image' : 'Image is up to date'} for ${repository}`;
  return ok([...(quiet ? [] : [...lines, status]), fullName(ref)].map((l) => `${l}\n`).join(''));
}

/** The one line a failed pull adds: no network, and what the bundled catalog has instead. */
async function noNetworkNote(daemon: DockerDaemon): Promise<string> {
  const byRepo = new Map<string, string[]>();
  for (const name of await daemon.catalog.tags()) {
    const colon = name.lastIndexOf(':');
    byRepo.set(name.slice(0, colon), [...(byRepo.get(name.slice(0, colon)) ?? []), name.slice(colon + 1)]);
  }
  const list = [...byRepo].map(([repo, tags]) => `${repo} (${tags.join(', ')})`).join(', ');
  return `layerlab: this playground has no network; docker pull can fetch the bundled images ${list}, and what you push to localhost:5000`;
}

export async function dockerPush(daemon: DockerDaemon, spec: CommandSpec, args: readonly string[]): Promise<ExecResult> {
  const parsed = parseDockerFlags(spec, args);
  if ('exitCode' in parsed) return parsed;
  if (flagBool(parsed, 'all-tags')) return fail(`layerlab: docker push --all-tags is not supported in the playground; push one tag at a time\n`);
  const lines: string[] = [];
  try {
    await daemon.push(parsed.positional[0]!, (line) => lines.push(line));
    const out = flagBool(parsed, 'quiet') ? [lines.at(-1)!] : lines;
    return ok(out.map((l) => `${l}\n`).join(''));
  } catch (err) {
    const stdout = lines.map((l) => `${l}\n`).join('');
    // Push reports its failures in the progress stream, so they print without the daemon prefix.
    if (!(err instanceof DaemonError)) return errorResult(err, stdout);
    const note = err.kind === 'denied' ? 'layerlab: this playground has no network; push to the in-page registry instead, e.g. docker tag IMAGE localhost:5000/NAME\n' : '';
    return fail(`${err.message}\n${note}`, 1, stdout);
  }
}
