/**
 * `docker volume create|inspect|ls|prune|rm` (docker/cli's cli/command/volume) over the
 * daemon's volumes, output and errors as Docker 27 words them.
 */
import type { InspectTarget } from './inspect.ts';
import { volumeJson, volumesOf, type Volume } from '../../../engine/docker/containers-volumes.ts';
import type { DockerDaemon } from '../../../engine/docker/daemon.ts';
import { DaemonError } from '../../../engine/docker/registry.ts';
import { containersUsingVolume } from '../../container/container-mounts.ts';
import { errorResult, fail, flagBool, flagList, flagString, INSPECT_FORMAT_FLAG, LIST_FORMAT_FLAG, ok, parseDockerFlags, type CommandSpec } from './cli.ts';
import { goAny, goString, goValue, isTemplateError, mapOf, parseTemplate } from './go-template.ts';
import { renderRows } from './images.ts';
import type { DockerCommandEntry } from './index.ts';

const CREATE: CommandSpec = {
  path: 'docker volume create',
  use: 'volume create [OPTIONS] [VOLUME]',
  short: 'Create a volume',
  flags: [
    { long: 'driver', short: 'd', kind: 'string', help: 'Specify volume driver name', default: '"local"' },
    { long: 'label', kind: 'list', value: 'list', help: 'Set metadata for a volume' },
    { long: 'opt', short: 'o', kind: 'list', value: 'map', help: 'Set driver specific options', default: 'map[]' },
    { long: 'name', kind: 'string', help: 'Specify volume name', hidden: true },
  ],
  args: { min: 0, max: 1 },
};
const INSPECT: CommandSpec = {
  path: 'docker volume inspect',
  use: 'volume inspect [OPTIONS] VOLUME [VOLUME...]',
  short: 'Display detailed information on one or more volumes',
  flags: [INSPECT_FORMAT_FLAG],
  args: { min: 1, max: Infinity },
};
const LS: CommandSpec = {
  path: 'docker volume ls',
  use: 'volume ls [OPTIONS]',
  short: 'List volumes',
  aliases: 'docker volume ls, docker volume list',
  flags: [
    { long: 'filter', short: 'f', kind: 'list', value: 'filter', help: "Provide filter values (e.g. 'dangling=true')" },
    LIST_FORMAT_FLAG,
    { long: 'quiet', short: 'q', kind: 'bool', help: 'Only display volume names' },
  ],
  args: { min: 0, max: 0 },
};
const PRUNE: CommandSpec = {
  path: 'docker volume prune',
  use: 'volume prune [OPTIONS]',
  short: 'Remove unused local volumes',
  flags: [
    { long: 'all', short: 'a', kind: 'bool', help: 'Remove all unused volumes, not just anonymous ones' },
    { long: 'filter', kind: 'list', value: 'filter', help: 'Provide filter values (e.g. "label=<label>")' },
    { long: 'force', short: 'f', kind: 'bool', help: 'Do not prompt for confirmation' },
  ],
  args: { min: 0, max: 0 },
};
const RM: CommandSpec = {
  path: 'docker volume rm',
  use: 'volume rm [OPTIONS] VOLUME [VOLUME...]',
  short: 'Remove one or more volumes',
  aliases: 'docker volume rm, docker volume remove',
  flags: [{ long: 'force', short: 'f', kind: 'bool', help: 'Force the removal of one or more volumes' }],
  args: { min: 1, max: Infinity },
};

const keyValues = (values: readonly string[]) => Object.fromEntries(values.map((v) => [v.split('=')[0]!, v.includes('=') ? v.slice(v.indexOf('=') + 1) : '']));

async function create(daemon: DockerDaemon, args: readonly string[]): Promise<ReturnType<typeof ok>> {
  const parsed = parseDockerFlags(CREATE, args);
  if ('exitCode' in parsed) return parsed;
  const name = parsed.positional[0] ?? flagString(parsed, 'name');
  const driver = flagString(parsed, 'driver') ?? 'local';
  if (driver !== 'local') return fail(`Error response from daemon: create ${name ?? ''}: error looking up volume plugin ${driver}: plugin "${driver}" not found\n`);
  try {
    const { volume } = await volumesOf(daemon).create(name, { labels: keyValues(flagList(parsed, 'label')), options: keyValues(flagList(parsed, 'opt')) });
    return ok(`${volume.name}\n`);
  } catch (err) {
    return errorResult(err);
  }
}

function inspect(daemon: DockerDaemon, args: readonly string[]) {
  const parsed = parseDockerFlags(INSPECT, args);
  if ('exitCode' in parsed) return parsed;
  const format = flagString(parsed, 'format') ?? '';
  const found: Record<string, unknown>[] = [];
  const errors: string[] = [];
  for (const name of parsed.positional) {
    const volume = volumesOf(daemon).find(name);
    if (volume) found.push(volumeJson(volume));
    else errors.push(`Error response from daemon: get ${name}: no such volume\n`);
  }
  let stdout: string;
  if (format === '') stdout = `${goIndent(found)}\n`;
  else if (format === 'json') stdout = found.map((v) => `${JSON.stringify(v)}\n`).join('');
  else {
    try {
      const template = parseTemplate(format);
      stdout = found.map((v) => `${template.execute(goValue(goAny, v))}\n`).join('');
    } catch (err) {
      if (!isTemplateError(err)) throw err;
      return fail(`template parsing error: ${err.message}\n`);
    }
  }
  return errors.length > 0 ? fail(errors.join(''), 1, stdout) : ok(stdout);
}

/** The volume lookup `docker inspect` tries after containers and images. */
export function volumeInspectLookup(daemon: DockerDaemon): (name: string) => InspectTarget | undefined {
  return (name) => {
    const volume = volumesOf(daemon).find(name);
    return volume ? { json: volumeJson(volume) as InspectTarget['json'], goType: goAny } : undefined;
  };
}

/** json.MarshalIndent with four spaces, as `docker inspect` prints; `[]` when there is nothing. */
function goIndent(values: unknown[]): string {
  return values.length === 0 ? '[]' : JSON.stringify(values, null, 4).replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
}

function list(daemon: DockerDaemon, args: readonly string[]) {
  const parsed = parseDockerFlags(LS, args);
  if ('exitCode' in parsed) return parsed;
  let volumes = volumesOf(daemon).list();
  for (const filter of flagList(parsed, 'filter')) {
    const [key, value = ''] = filter.split('=') as [string, string?];
    if (key === 'dangling') volumes = volumes.filter((v) => (containersUsingVolume(daemon, v.name).length === 0) === (value === 'true' || value === '1'));
    else if (key === 'name') volumes = volumes.filter((v) => v.name.includes(value));
    else if (key === 'driver') volumes = volumes.filter(() => value === 'local');
    else if (key === 'label') volumes = volumes.filter((v) => matchesLabel(v, value));
    else return fail(`Error response from daemon: invalid filter '${key}'\n`);
  }
  // The daemon lists volumes by name.
  volumes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const rows = volumes.map((v) => ({ Driver: 'local', Name: v.name, Scope: 'local', Mountpoint: `/var/lib/docker/volumes/${v.name}/_data`, Labels: Object.entries(v.labels ?? {}).map(([k, x]) => `${k}=${x}`).join(','), Links: 'N/A', Size: 'N/A' }));
  const format = flagString(parsed, 'format') ?? '';
  let source = format === '' || format === 'table' ? 'table {{.Driver}}\t{{.Name}}' : format === 'json' ? '{{json .}}' : format;
  if (flagBool(parsed, 'quiet')) source = '{{.Name}}';
  return renderRows(source, rows, { Driver: 'DRIVER', Name: 'VOLUME NAME', Scope: 'SCOPE', Mountpoint: 'MOUNTPOINT', Labels: 'LABELS', Links: 'LINKS', Size: 'SIZE' }, mapOf(goString));
}

function matchesLabel(volume: Volume, filter: string): boolean {
  const [key, value] = filter.split('=') as [string, string?];
  const labels = volume.labels ?? {};
  return key in labels && (value === undefined || labels[key] === value);
}

function remove(daemon: DockerDaemon, args: readonly string[]) {
  const parsed = parseDockerFlags(RM, args);
  if ('exitCode' in parsed) return parsed;
  let stdout = '';
  const errors: string[] = [];
  for (const name of parsed.positional) {
    try {
      const volume = volumesOf(daemon).find(name);
      if (!volume) {
        if (flagBool(parsed, 'force')) continue;
        throw new DaemonError(`get ${name}: no such volume`, 'not-found');
      }
      const users = containersUsingVolume(daemon, name);
      if (users.length > 0) throw new DaemonError(`remove ${name}: volume is in use - [${users.map((c) => c.id).join(', ')}]`, 'conflict');
      volumesOf(daemon).delete(name);
      stdout += `${name}\n`;
    } catch (err) {
      errors.push(errorResult(err).stderr);
    }
  }
  return errors.length > 0 ? fail(errors.join(''), 1, stdout) : ok(stdout);
}

function prune(daemon: DockerDaemon, args: readonly string[], stdin: string) {
  const parsed = parseDockerFlags(PRUNE, args);
  if ('exitCode' in parsed) return parsed;
  const all = flagBool(parsed, 'all');
  const warning = all
    ? 'WARNING! This will remove all local volumes not used by at least one container.\nAre you sure you want to continue? [y/N] '
    : 'WARNING! This will remove anonymous local volumes not used by at least one container.\nAre you sure you want to continue? [y/N] ';
  if (!flagBool(parsed, 'force')) {
    const answer = stdin.split('\n')[0]!.trim().toLowerCase();
    if (answer !== 'y' && answer !== 'yes') return ok(warning);
  }
  const removed = volumesOf(daemon)
    .list()
    .filter((v) => (all || v.anonymous) && containersUsingVolume(daemon, v.name).length === 0);
  for (const v of removed) volumesOf(daemon).delete(v.name);
  const prompt = flagBool(parsed, 'force') ? '' : warning;
  const deleted = removed.length > 0 ? `Deleted Volumes:\n${removed.map((v) => `${v.name}\n`).join('')}\n` : '';
  return ok(`${prompt}${deleted}Total reclaimed space: ${reclaimed(removed)}\n`);
}

/** The bytes of the removed volumes' files, as go-units' HumanSize prints them. */
function reclaimed(volumes: readonly Volume[]): string {
  let bytes = 0;
  for (const v of volumes) for (const stat of v.fs.walk('/')) if (stat.type === 'file') bytes += stat.size;
  if (bytes === 0) return '0B';
  const units = ['B', 'kB', 'MB', 'GB'];
  let value = bytes;
  let i = 0;
  while (value >= 1000 && i < units.length - 1) (value /= 1000), i++;
  return `${Number(value.toPrecision(4))}${units[i]}`;
}

export const VOLUME_SHORT = 'Manage volumes';

/** The subcommands of `docker volume`. */
export function volumeCommands(daemon: DockerDaemon, stdinText: (ctx: Parameters<DockerCommandEntry['run']>[1]) => string): DockerCommandEntry[] {
  return [
    { name: 'create', short: CREATE.short, group: 'other', run: (a) => create(daemon, a) },
    { name: 'inspect', short: INSPECT.short, group: 'other', run: (a) => inspect(daemon, a) },
    { name: 'ls', short: LS.short, group: 'other', run: (a) => list(daemon, a) },
    { name: 'prune', short: PRUNE.short, group: 'other', run: (a, ctx) => prune(daemon, a, stdinText(ctx)) },
    { name: 'rm', short: RM.short, group: 'other', run: (a) => remove(daemon, a) },
  ];
}
