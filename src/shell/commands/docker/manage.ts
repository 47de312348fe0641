/**
 * `docker tag`, `docker rmi` / `docker image rm` and `docker image prune`: the store's
 * references and deletions, printed as docker/cli prints them (cli/command/image/remove.go,
 * prune.go). `rmi -f` reports images it could not find on stderr but still succeeds.
 */
import type { ExecResult } from 'just-bash';
import type { DockerDaemon } from '../../../engine/docker/daemon.ts';
import { DaemonError } from '../../../engine/docker/registry.ts';
import { humanSize } from '../../../engine/docker/units.ts';
import { errorResult, fail, flagBool, ok, parseDockerFlags, type CommandSpec } from './cli.ts';
import { filterArgs, filterBool, pruneFilter, validateFilters } from './filters.ts';

export const TAG: CommandSpec = {
  path: 'docker tag',
  use: 'tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]',
  short: 'Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE',
  aliases: 'docker image tag, docker tag',
  flags: [],
  args: { min: 2, max: 2 },
};

export const RMI: CommandSpec = {
  path: 'docker rmi',
  use: 'rmi [OPTIONS] IMAGE [IMAGE...]',
  short: 'Remove one or more images',
  aliases: 'docker image rm, docker image remove, docker rmi',
  flags: [
    { long: 'force', short: 'f', kind: 'bool', help: 'Force removal of the image' },
    { long: 'no-prune', kind: 'bool', help: 'Do not delete untagged parents' },
  ],
  args: { min: 1, max: Infinity },
};
export const IMAGE_RM: CommandSpec = { ...RMI, path: 'docker image rm', use: 'image rm [OPTIONS] IMAGE [IMAGE...]' };

export const IMAGE_PRUNE: CommandSpec = {
  path: 'docker image prune',
  use: 'image prune [OPTIONS]',
  short: 'Remove unused images',
  flags: [
    { long: 'all', short: 'a', kind: 'bool', help: 'Remove all unused images, not just dangling ones' },
    { long: 'filter', kind: 'list', value: 'filter', help: 'Provide filter values (e.g. "until=<timestamp>")' },
    { long: 'force', short: 'f', kind: 'bool', help: 'Do not prompt for confirmation' },
  ],
  args: { min: 0, max: 0 },
};

export function dockerTag(daemon: DockerDaemon, spec: CommandSpec, args: readonly string[]): ExecResult {
  const parsed = parseDockerFlags(spec, args);
  if ('exitCode' in parsed) return parsed;
  try {
    daemon.tag(parsed.positional[0]!, parsed.positional[1]!);
    return ok();
  } catch (err) {
    return errorResult(err);
  }
}

export function dockerRmi(daemon: DockerDaemon, spec: CommandSpec, args: readonly string[]): ExecResult {
  const parsed = parseDockerFlags(spec, args);
  if ('exitCode' in parsed) return parsed;
  const force = flagBool(parsed, 'force');
  let stdout = '';
  const errors: string[] = [];
  let fatal = false;
  for (const name of parsed.positional) {
    try {
      for (const record of daemon.remove(name, force, !flagBool(parsed, 'no-prune'))) {
        stdout += record.deleted !== undefined ? `Deleted: ${record.deleted}\n` : `Untagged: ${record.untagged}\n`;
      }
    } catch (err) {
      if (!(err instanceof DaemonError && err.kind === 'not-found')) fatal = true;
      errors.push(errorResult(err).stderr);
    }
  }
  if (errors.length === 0) return ok(stdout);
  // With -f, images that were not there are reported but do not fail the command.
  return fail(errors.join(''), !force || fatal ? 1 : 0, stdout);
}

const DANGLING_WARNING = 'WARNING! This will remove all dangling images.\nAre you sure you want to continue?';
const ALL_WARNING = 'WARNING! This will remove all images without at least one container associated to them.\nAre you sure you want to continue?';

export function dockerImagePrune(daemon: DockerDaemon, spec: CommandSpec, args: readonly string[], stdin: string): ExecResult {
  const parsed = parseDockerFlags(spec, args);
  if ('exitCode' in parsed) return parsed;
  const filters = filterArgs(spec, parsed);
  if ('exitCode' in filters) return filters;
  let all = flagBool(parsed, 'all');
  let prompt = '';
  if (!flagBool(parsed, 'force')) {
    prompt = `${all ? ALL_WARNING : DANGLING_WARNING} [y/N] `;
    const answer = stdin.split('\n')[0]!.trim();
    // Anything but y cancels, silently and successfully (docker/cli's cancelled error).
    if (answer !== 'y' && answer !== 'Y') return ok(prompt);
  }
  let include: (id: string) => boolean;
  try {
    validateFilters(filters, ['dangling', 'label', 'label!', 'until']);
    // --all is the CLI's dangling=false.
    if (filterBool(filters, 'dangling') === false) all = true;
    include = pruneFilter(daemon, filters, (id) => {
      const config = daemon.getImage(id).image.configFile;
      return { created: Date.parse(String(config.created ?? '')) || 0, labels: config.config?.Labels };
    });
  } catch (err) {
    return errorResult(err);
  }
  const { records, reclaimed } = daemon.prune(all, include);
  let out = prompt;
  if (records.length > 0) {
    out += 'Deleted Images:\n';
    for (const record of records) out += record.untagged !== undefined ? `untagged: ${record.untagged}\n` : `deleted: ${record.deleted}\n`;
    out += '\n';
  }
  return ok(`${out}Total reclaimed space: ${humanSize(reclaimed)}\n`);
}
