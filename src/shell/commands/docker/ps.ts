/**
 * `docker ps` / `docker container ls`: moby's container list (daemon/list.go: its filters, the
 * limit, sizes) printed by docker/cli's container formatter (cli/command/formatter/container.go:
 * the columns, `.Label "key"`, `json`, `-s`'s `0B (virtual 4.26MB)`), both as of v27.5.1.
 */
import type { ExecResult } from 'just-bash';
import { statusText, writableLayerSize, type Container } from '../../../engine/docker/containers.ts';
import type { DockerDaemon } from '../../../engine/docker/daemon.ts';
import { DaemonError } from '../../../engine/docker/registry.ts';
import { humanDuration, humanSizeWithPrecision } from '../../../engine/docker/units.ts';
import { displayablePorts, type LivePorts } from '../../../engine/docker/containers-ports.ts';
import { errorResult, fail, flagBool, flagString, parseDockerFlags, type CommandSpec } from './cli.ts';
import { filterArgs, filterBool, filterMatch, filterMatchLabels, validateFilters, type FilterArgs } from './filters.ts';
import { goJson, goString, type GoType, type GoValue } from './go-template.ts';
import { ellipsis } from './history.ts';
import { renderRows } from './images.ts';

/** moby's acceptedPsFilterTags. */
const PS_FILTERS = ['ancestor', 'before', 'exited', 'id', 'isolation', 'label', 'name', 'status', 'health', 'since', 'volume', 'network', 'is-task', 'publish', 'expose'];
const STATES = ['created', 'restarting', 'running', 'removing', 'paused', 'exited', 'dead'];
const HEALTH = ['starting', 'healthy', 'unhealthy', 'none'];

/** What the daemon knows of a container beyond the store's record. */
export interface PsView {
  isRunning(container: Container): boolean;
  /** The ID of a network by name (inspect's NetworkID), for `network=` by ID prefix. */
  networkId(mode: string): string;
}

const DEFAULT_TABLE = 'table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}';
export const CONTAINER_HEADERS: Record<string, string> = {
  ID: 'CONTAINER ID',
  Image: 'IMAGE',
  Command: 'COMMAND',
  CreatedAt: 'CREATED AT',
  RunningFor: 'CREATED',
  Ports: 'PORTS',
  State: 'STATE',
  Status: 'STATUS',
  Size: 'SIZE',
  Names: 'NAMES',
  Labels: 'LABELS',
  Mounts: 'MOUNTS',
  LocalVolumes: 'LOCAL VOLUMES',
  Networks: 'NETWORKS',
};

const str = (value: string): GoValue => ({ type: goString, value });
/** The row's labels ride along, as JSON, under a key no template can name (`_labels`). */
const labelMethod = { arity: 1, call: (row: unknown, [key]: readonly GoValue[]) => str((JSON.parse((row as { _labels: string })._labels) as Record<string, string>)[String(key!.value)] ?? '') };
/** formatter.ContainerContext: its methods without arguments print as fields; `json` marshals them all. */
export const CONTAINER_CONTEXT: GoType = {
  kind: 'struct',
  name: '*formatter.ContainerContext',
  fields: Object.keys(CONTAINER_HEADERS).map((name) => ({ name, type: goString })),
  methods: { Label: labelMethod },
  marshalJSON: (row) => {
    const record = row as Record<string, string>;
    return goJson(Object.fromEntries(Object.keys(CONTAINER_HEADERS).sort().map((k) => [k, record[k]])), true);
  },
};
/** formatter.SubHeaderContext: the header row; `.Label "a.b-c"` heads its column "b c". */
export const HEADER_CONTEXT: GoType = {
  kind: 'struct',
  name: 'formatter.SubHeaderContext',
  fields: Object.keys(CONTAINER_HEADERS).map((name) => ({ name, type: goString })),
  methods: { Label: { arity: 1, call: (_row, [name]) => str(String(name!.value).split('.').at(-1)!.replace(/[-_]/g, ' ')) } },
};

/** `tableMinWidth`: docker/cli's tabwriter minwidth, 20 before Docker 20.10. */
export function dockerPs(daemon: DockerDaemon, view: PsView, spec: CommandSpec, args: readonly string[], tableMinWidth = 10): ExecResult {
  const parsed = parseDockerFlags(spec, args);
  if ('exitCode' in parsed) return parsed;
  const filters = filterArgs(spec, parsed);
  if ('exitCode' in filters) return filters;
  const lastText = flagString(parsed, 'last') ?? '-1';
  if (!/^[-+]?\d+$/.test(lastText)) return fail(`invalid argument "${lastText}" for "-n, --last" flag: strconv.ParseInt: parsing "${lastText}": invalid syntax\nSee '${spec.path} --help'.\n`, 125);
  let limit = Number(lastText);
  if (flagBool(parsed, 'latest') && limit === -1) limit = 1;
  const quiet = flagBool(parsed, 'quiet');
  let format = flagString(parsed, 'format') ?? '';
  let stderr = '';
  if (format !== '' && quiet) {
    stderr = 'WARNING: Ignoring custom format, because both --format and --quiet are set.\n';
    format = '';
  }
  // As the CLI does: a template that uses .Size (json does) asks the daemon for sizes, unless --size=false.
  const sizeGiven = parsed.flags.has('size');
  const size = sizeGiven ? flagBool(parsed, 'size') : !quiet && (/\.Size\b/.test(format) || format === 'json' || /\bjson\s+\./.test(format));
  let list: Container[];
  try {
    list = listContainers(daemon, view, filters, { all: flagBool(parsed, 'all'), limit });
  } catch (err) {
    return errorResult(err);
  }
  const trunc = !flagBool(parsed, 'no-trunc');
  const now = daemon.now();
  const rows = list.map((c) => containerRow(daemon, view, c, { trunc, size, now }));
  let source = format === '' || format === 'table' ? DEFAULT_TABLE + (size ? '\t{{.Size}}' : '') : format === 'json' ? '{{json .}}' : format;
  if (quiet) source = '{{.ID}}';
  const result = renderRows(source, rows, CONTAINER_HEADERS, CONTAINER_CONTEXT, HEADER_CONTEXT, tableMinWidth);
  return { ...result, stderr: stderr + result.stderr };
}

/** moby's reduceContainers with includeContainerInList: newest first, filtered, at most `limit`. */
export function listContainers(daemon: DockerDaemon, view: PsView, filters: FilterArgs, options: { all: boolean; limit: number }): Container[] {
  validateFilters(filters, PS_FILTERS);
  const exited = (filters.get('exited') ?? []).map((value) => {
    if (!/^[-+]?\d+$/.test(value)) throw new DaemonError(`invalid filter 'exited=${value}': strconv.Atoi: parsing "${value}": invalid syntax`, 'invalid');
    return Number(value);
  });
  let all = options.all;
  for (const value of filters.get('status') ?? []) {
    if (!STATES.includes(value)) throw new DaemonError(`invalid filter 'status=${value}'`, 'invalid');
    all = true;
  }
  const isTask = filterBool(filters, 'is-task');
  for (const value of filters.get('health') ?? []) if (!HEALTH.includes(value)) throw new DaemonError(`Unrecognised filter value for health: ${value}`, 'invalid');
  let before: Container | undefined;
  let since: Container | undefined;
  for (const value of filters.get('before') ?? []) before = daemon.containers.get(value);
  for (const value of filters.get('since') ?? []) since = daemon.containers.get(value);
  const ancestors = filters.has('ancestor') ? new Set((filters.get('ancestor') ?? []).flatMap((name) => imageIdOf(daemon, name))) : undefined;
  const publish = portSet(filters, 'publish');
  const expose = portSet(filters, 'expose');

  const out: Container[] = [];
  for (const c of daemon.containers.list()) {
    if (before) {
      if (c.id === before.id) before = undefined;
      continue;
    }
    if (since && c.id === since.id) break;
    const running = view.isRunning(c);
    if (!running && !all && options.limit <= 0) continue;
    if (!filterMatch(filters, 'name', `/${c.name}`) && !filterMatch(filters, 'name', c.name)) continue;
    if (!filterMatch(filters, 'id', c.id)) continue;
    // No container of the playground is a swarm task.
    if (isTask === true) continue;
    if (!filterMatchLabels(filters, 'label', c.config.Labels)) continue;
    if (options.limit > 0 && out.length === options.limit) break;
    if (exited.length > 0 && !exited.some((code) => code === c.state.exitCode && !running && c.state.startedAt !== 0)) continue;
    if (!filterMatch(filters, 'status', c.state.status)) continue;
    // No healthchecks here: every container's health is "none".
    if (filters.has('health') && !filters.get('health')!.includes('none')) continue;
    if (filters.has('volume') && !filters.get('volume')!.some((v) => (c.mounts ?? []).some((m) => m.destination === v || (m.name ?? m.source) === v))) continue;
    if (ancestors && !ancestors.has(c.imageId)) continue;
    if (filters.has('network')) {
      const mode = networkName(c);
      if (!filters.get('network')!.some((v) => v === mode || view.networkId(c.network?.mode ?? 'bridge').startsWith(v))) continue;
    }
    if (publish.size > 0 || expose.size > 0) {
      const ports = apiPorts(running ? livePortsOf(c) : {});
      if (!ports.some((p) => publish.has(`${p.publicPort}/${p.type}`) || expose.has(`${p.privatePort}/${p.type}`))) continue;
    }
    out.push(c);
  }
  return out;
}

function imageIdOf(daemon: DockerDaemon, name: string): string[] {
  try {
    return [daemon.getImage(name).id];
  } catch {
    // moby logs "Error while looking up for image" and matches nothing for it.
    return [];
  }
}

/** moby's portOp: `80`, `80/udp`, `8000-8080/tcp`; no host part. */
function portSet(filters: FilterArgs, key: string): Set<string> {
  const set = new Set<string>();
  for (const value of filters.get(key) ?? []) {
    if (value.includes(':')) throw new DaemonError(`filter for '${key}' should not contain ':': ${value}`, 'invalid');
    const [range, proto = 'tcp'] = value.split('/') as [string, string?];
    const m = /^(\d+)(?:-(\d+))?$/.exec(range);
    if (!m) throw new DaemonError(`error while looking up for ${key} ${value}: invalid start port '${range}': invalid syntax`, 'invalid');
    const start = Number(m[1]);
    const end = m[2] === undefined ? start : Number(m[2]);
    for (let p = start; p <= end; p++) set.add(`${p}/${proto}`);
  }
  return set;
}

const livePortsOf = (c: Container): LivePorts => c.livePorts ?? Object.fromEntries(Object.keys(c.config.ExposedPorts ?? {}).map((p) => [p, null]));

function apiPorts(live: LivePorts): { privatePort: number; publicPort: number; type: string }[] {
  return Object.entries(live).flatMap(([key, bindings]) => {
    const [port, type = 'tcp'] = key.split('/') as [string, string?];
    if (!bindings || bindings.length === 0) return [{ privatePort: Number(port), publicPort: 0, type }];
    return bindings.map((b) => ({ privatePort: Number(port), publicPort: Number(b.HostPort), type }));
  });
}

/** The key of the container's one network in NetworkSettings.Networks. */
function networkName(c: Container): string {
  const mode = c.network?.mode ?? 'bridge';
  return mode.startsWith('container:') ? 'container' : mode;
}

/** One row of formatter.ContainerContext, every method's text. */
export function containerRow(daemon: DockerDaemon, view: PsView, c: Container, options: { trunc: boolean; size: boolean; now: number }): Record<string, string> {
  const { trunc, now } = options;
  const running = view.isRunning(c);
  // moby quotes arguments with spaces in the list's Command.
  const command = [c.path, ...c.args.map((a) => (a.includes(' ') ? `'${a}'` : a))].join(' ');
  const labels = c.config.Labels ?? {};
  let size = '0B';
  if (options.size) {
    const rw = writableLayerSize(c);
    const imageSize = imageBytes(daemon, c.imageId);
    size = humanSizeWithPrecision(rw, 3) + (rw + imageSize > 0 ? ` (virtual ${humanSizeWithPrecision(rw + imageSize, 3)})` : '');
  }
  const mounts = (c.mounts ?? []).map((m) => (trunc ? ellipsis(m.name ?? m.source, 15) : (m.name ?? m.source)));
  return {
    ID: trunc ? c.id.slice(0, 12) : c.id,
    Image: c.imageName,
    Command: JSON.stringify(trunc ? ellipsis(command, 20) : command),
    CreatedAt: `${new Date(c.created).toISOString().slice(0, 19).replace('T', ' ')} +0000 UTC`,
    RunningFor: `${humanDuration(now - c.created)} ago`,
    Ports: running ? displayablePorts(livePortsOf(c)) : '',
    State: c.state.status,
    Status: statusText(c.state, now, humanDuration),
    Size: size,
    Names: c.name,
    // Go ranges over the map in random order; sorted here so the output is stable.
    Labels: Object.keys(labels).sort().map((k) => `${k}=${labels[k]}`).join(','),
    Mounts: mounts.join(','),
    LocalVolumes: String((c.mounts ?? []).filter((m) => m.type === 'volume').length),
    Networks: networkName(c),
    _labels: JSON.stringify(labels),
  };
}

/** The image's size as the daemon reports it (its layers), 0 for one that is gone. */
export function imageBytes(daemon: DockerDaemon, imageId: string): number {
  try {
    return daemon.getImage(imageId).layerSizes.reduce((a, b) => a + b, 0);
  } catch {
    return 0;
  }
}
